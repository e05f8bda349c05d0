/*
 * Credentials.  A struct ucred is shared (reference counted) and never
 * changed once shared: to change a process's credentials, copy with
 * crcopy()/cratom() and install the copy.  cr_prison is NULL outside a
 * jail.
 */
#ifndef _SYS_UCRED_H_
#define _SYS_UCRED_H_

#include <sys/types.h>
#include <sys/param.h>
#include <sys/caps.h>

struct prison;

struct ucred {
	volatile int	cr_ref;		/* references */
	uid_t		cr_uid;		/* effective user id */
	uid_t		cr_ruid;	/* real user id */
	uid_t		cr_svuid;	/* saved set-user-id */
	int		cr_ngroups;	/* cr_groups[0] is the effective gid */
	gid_t		cr_groups[NGROUPS];
	gid_t		cr_rgid;	/* real group id */
	gid_t		cr_svgid;	/* saved set-group-id */
	struct prison	*cr_prison;	/* jail, or NULL */
	syscaps_t	cr_caps;	/* restricted capabilities */
};
#define cr_gid		cr_groups[0]

#define NOCRED		((struct ucred *)0)
#define FSCRED		((struct ucred *)-1)

struct ucred *crget(void);		/* new, zero ids, one reference */
struct ucred *crhold(struct ucred *cr);
void	crfree(struct ucred *cr);
struct ucred *crdup(struct ucred *cr);	/* private copy */
struct ucred *crcopy(struct ucred *cr);	/* cr if unshared, else a copy;
					   consumes the caller's reference */
bool	groupmember(gid_t gid, struct ucred *cred);
extern struct ucred *proc0_cred;

/*
 * Prisons (jails).  A jail limits its processes to a root directory and a
 * set of PRISON_CAP_* capabilities; kern_jail.c owns them.
 */
struct prison {
	int		pr_id;
	volatile int	pr_ref;
	int		pr_caps;	/* PRISON_CAP_* allowed */
	char		pr_host[MAXHOSTNAMELEN];
	char		pr_path[MAXPATHLEN];
	struct prison	*pr_parent;
};

bool	jailed(const struct ucred *cred);
bool	prison_cap(const struct ucred *cred, int prisoncap);
					/* true when allowed */

#endif /* !_SYS_UCRED_H_ */
