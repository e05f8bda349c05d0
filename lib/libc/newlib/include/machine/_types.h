/*
 * Petrel's machine/_types.h for newlib.  newlib.sh copies this over
 * newlib's own before configuring, so newlib is compiled with, and
 * installs, the widths of the Petrel kernel ABI (sys/sys/types.h):
 * 64-bit dev_t, ino_t, off_t, time_t; 32-bit uid_t, gid_t, mode_t,
 * nlink_t, pid_t.  The same on amd64 and aarch64.
 */
#ifndef _MACHINE__TYPES_H
#define _MACHINE__TYPES_H

#include <machine/_default_types.h>

#define __machine_blkcnt_t_defined
typedef __int64_t	__blkcnt_t;
#define __machine_blksize_t_defined
typedef __int32_t	__blksize_t;
#define __machine_off_t_defined
typedef __int64_t	_off_t;
#define __machine_dev_t_defined
typedef __uint64_t	__dev_t;
#define __machine_uid_t_defined
typedef __uint32_t	__uid_t;
#define __machine_gid_t_defined
typedef __uint32_t	__gid_t;
#define __machine_ino_t_defined
typedef __uint64_t	__ino_t;
#define __machine_mode_t_defined
typedef __uint32_t	__mode_t;
#define __machine_key_t_defined
typedef __int32_t	__key_t;
#define __machine_fpos_t_defined
typedef __int64_t	_fpos_t;
#define __machine_clockid_t_defined
#define _CLOCKID_T_	__int32_t	/* newlib typedefs __clockid_t from it */
#define __machine_nlink_t_defined	/* honoured by newlib/types.patch */
typedef __uint32_t	__nlink_t;
#define __machine_ssize_t_defined
typedef long signed int	_ssize_t;

#endif /* _MACHINE__TYPES_H */
