/*
 * Unix-domain (AF_LOCAL) socket addresses and options.  User ABI: the
 * layout and values are FreeBSD's.
 */
#ifndef _SYS_UN_H_
#define _SYS_UN_H_

#include <sys/types.h>
#ifndef _KERNEL
#include <stdint.h>
#endif

#ifndef _SA_FAMILY_T_DECLARED
#define _SA_FAMILY_T_DECLARED
#ifndef _KERNEL
typedef uint8_t		sa_family_t;
#endif
#endif

struct sockaddr_un {
	uint8_t		sun_len;	/* sockaddr length, path included */
	sa_family_t	sun_family;	/* AF_UNIX */
	char		sun_path[104];	/* path name (NUL optional) */
};

/* The length of a sockaddr_un with a NUL-terminated path. */
#define SUN_LEN(su) \
	(sizeof(*(su)) - sizeof((su)->sun_path) + __builtin_strlen((su)->sun_path))

/* Socket options, level SOL_LOCAL (0). */
#define SOL_LOCAL	0
#define LOCAL_PEERCRED	0x001		/* get the peer's credentials */
#define LOCAL_CREDS	0x002		/* pass SCM_CREDS with each message */

/* What LOCAL_PEERCRED returns. */
#define XUCRED_VERSION	0
#define XU_NGROUPS	16
struct xucred {
	uint32_t	cr_version;	/* XUCRED_VERSION */
	uint32_t	cr_uid;		/* effective user id */
	int16_t		cr_ngroups;	/* groups in cr_groups */
	int16_t		cr_pad;
	uint32_t	cr_groups[XU_NGROUPS];
	int32_t		cr_pid;		/* the peer's process id */
};

#endif /* !_SYS_UN_H_ */
