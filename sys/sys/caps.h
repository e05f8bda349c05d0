/*
 * Privilege checks by capability, DragonFly style.  Code asks
 * caps_priv_check(cred, SYSCAP_X) (0 or EPERM) instead of testing for
 * uid 0: a credential is privileged for X when its effective uid is 0,
 * X is not in its restriction mask (cr_caps_restrict, inherited across
 * fork and exec, only ever grown), and, for a jailed credential, the
 * prison allows X.  Group capabilities (SYSCAP_NOVFS ...) restrict every
 * capability of the group.
 */
#ifndef _SYS_CAPS_H_
#define _SYS_CAPS_H_

#include <sys/types.h>

struct ucred;
struct thread;

/* Groups (bit 0 of a group number restricts the whole group). */
#define SYSCAP_ANY		0
#define SYSCAP_RESTRICTEDROOT	1	/* root in general */
#define SYSCAP_SENSITIVEROOT	2	/* dangerous root powers */
#define SYSCAP_NOEXEC		3	/* setuid exec */
#define SYSCAP_NOCRED		4	/* changing credentials */
#define SYSCAP_NOJAIL		5	/* creating/attaching jails */
#define SYSCAP_NONET		6	/* privileged network operations */
#define SYSCAP_NOVFS		7	/* privileged file operations */
#define SYSCAP_NOMOUNT		8	/* mounting */
#define SYSCAP_NOPROC		9	/* other users' processes */
#define SYSCAP_NOSYSCTL		10	/* writing sysctls */
#define SYSCAP_NOIPC		11	/* other users' IPC objects */
#define SYSCAP_NOTIME		12	/* setting the clock */
#define SYSCAP_NOREBOOT		13
#define SYSCAP_NOLIMITS		14	/* raising resource limits */

/* Individual capabilities: group * 16 + n. */
#define SYSCAP_NOCRED_SETUID	(SYSCAP_NOCRED * 16 + 1)
#define SYSCAP_NOCRED_SETGID	(SYSCAP_NOCRED * 16 + 2)
#define SYSCAP_NOCRED_SETGROUPS	(SYSCAP_NOCRED * 16 + 3)
#define SYSCAP_NOCRED_SETLOGIN	(SYSCAP_NOCRED * 16 + 4)
#define SYSCAP_NONET_RAW	(SYSCAP_NONET * 16 + 1)
#define SYSCAP_NONET_RESPORT	(SYSCAP_NONET * 16 + 2)
#define SYSCAP_NONET_IFCONFIG	(SYSCAP_NONET * 16 + 3)
#define SYSCAP_NOVFS_CHMOD	(SYSCAP_NOVFS * 16 + 1)
#define SYSCAP_NOVFS_CHOWN	(SYSCAP_NOVFS * 16 + 2)
#define SYSCAP_NOVFS_CHROOT	(SYSCAP_NOVFS * 16 + 3)
#define SYSCAP_NOVFS_MKNOD	(SYSCAP_NOVFS * 16 + 4)
#define SYSCAP_NOVFS_WRITE	(SYSCAP_NOVFS * 16 + 5)	/* ignore modes */
#define SYSCAP_NOVFS_LOOKUP	(SYSCAP_NOVFS * 16 + 6)
#define SYSCAP_NOVFS_SETATTR	(SYSCAP_NOVFS * 16 + 7)
#define SYSCAP_NOVFS_RETAINSUGID (SYSCAP_NOVFS * 16 + 8) /* keep set-id bits */
#define SYSCAP_NOPROC_SIGNAL	(SYSCAP_NOPROC * 16 + 1)
#define SYSCAP_NOPROC_NICE	(SYSCAP_NOPROC * 16 + 2)
#define SYSCAP_NOSYSCTL_WR	(SYSCAP_NOSYSCTL * 16 + 1)
#define SYSCAP_NOIPC_SYSVIPC	(SYSCAP_NOIPC * 16 + 1)
#define SYSCAP_NOIPC_MQUEUE	(SYSCAP_NOIPC * 16 + 2)
#define SYSCAP_MAX		256

/* A bitmap of restricted capabilities. */
typedef struct syscaps {
	uint64_t	caps[SYSCAP_MAX / 64];
} syscaps_t;

/* Prison capabilities: what root inside a jail may do. */
#define PRISON_CAP_SYS_SET_HOSTNAME	0x0001
#define PRISON_CAP_SYS_SYSVIPC		0x0002	/* SysV IPC in the jail */
#define PRISON_CAP_NET_RAW_SOCKETS	0x0004
#define PRISON_CAP_VFS_CHFLAGS		0x0008
#define PRISON_CAP_VFS_MOUNT		0x0010
#define PRISON_CAP_NET_UNIXIPROUTE	0x0020

int	caps_priv_check(struct ucred *cred, int cap);	/* 0 or EPERM */
int	caps_priv_check_td(struct thread *td, int cap);
int	caps_priv_check_self(int cap);
void	caps_restrict(struct ucred *cred, int cap);	/* cred private */
bool	caps_restricted(const struct ucred *cred, int cap);

#endif /* !_SYS_CAPS_H_ */
