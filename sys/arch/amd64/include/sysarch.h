/*
 * sysarch(2) operations on amd64 (FreeBSD's numbers): the thread's FS
 * and GS bases, which user-space TLS uses.  sysarch(op, parms) where
 * parms points at a uint64_t the call reads (SET) or writes (GET).
 */
#ifndef _MACHINE_SYSARCH_H_
#define _MACHINE_SYSARCH_H_

#define AMD64_GET_FSBASE	128
#define AMD64_SET_FSBASE	129

#endif /* !_MACHINE_SYSARCH_H_ */
