/*
 * Kernel basic types.  The kernel is built freestanding: the fixed-width
 * integer types come from the compiler's <stdint.h>, everything else is
 * Petrel's own.  ABI types (off_t, uid_t, ino_t ...) are the same width on
 * amd64 and aarch64 so that records crossing the user/kernel boundary have
 * one layout on both architectures.
 */
#ifndef _SYS_TYPES_H_
#define _SYS_TYPES_H_

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>
#include <machine/types.h>	/* register_t, vm_offset_t, vm_paddr_t */

typedef unsigned char	u_char;
typedef unsigned short	u_short;
typedef unsigned int	u_int;
typedef unsigned long	u_long;
typedef uint8_t		u_int8_t;
typedef uint16_t	u_int16_t;
typedef uint32_t	u_int32_t;
typedef uint64_t	u_int64_t;

typedef long		ssize_t;
typedef int64_t		off_t;
typedef int32_t		pid_t;
typedef int32_t		lwpid_t;
typedef uint32_t	uid_t;
typedef uint32_t	gid_t;
typedef uint32_t	mode_t;
typedef uint32_t	nlink_t;
typedef uint64_t	dev_t;
typedef uint64_t	ino_t;
typedef int64_t		time_t;
typedef int64_t		blkcnt_t;
typedef int32_t		blksize_t;
typedef int32_t		key_t;
typedef int64_t		suseconds_t;
typedef int32_t		clockid_t;
typedef uint32_t	socklen_t;
typedef uint8_t		sa_family_t;
typedef int64_t		sbintime_t;
typedef char *		caddr_t;
typedef uint64_t	ksize_t;	/* sizes in exported records */
typedef uint64_t	kvaddr_t;	/* opaque kernel ids in exported records */

#define __dead2		__attribute__((__noreturn__))
#define __packed	__attribute__((__packed__))
#define __aligned(x)	__attribute__((__aligned__(x)))
#define __unused	__attribute__((__unused__))
#define __used		__attribute__((__used__))
#define __section(x)	__attribute__((__section__(x)))
#define __printflike(a, b) __attribute__((__format__(__printf__, a, b)))
#define __predict_true(x)  __builtin_expect(!!(x), 1)
#define __predict_false(x) __builtin_expect(!!(x), 0)
#define __cachealign	__aligned(64)

#endif /* !_SYS_TYPES_H_ */
