/*
 * All the ioctl groups a program may want (user ABI): the encoding, the
 * generic file ioctls and the terminal ones.
 */
#ifndef _SYS_IOCTL_H_
#define _SYS_IOCTL_H_

#include <sys/ioccom.h>
#include <sys/filio.h>
#include <sys/ttycom.h>

#endif /* !_SYS_IOCTL_H_ */
