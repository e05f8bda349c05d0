/*
 * getpeereid(3): the effective uid and gid of the process at the other
 * end of a connected local (AF_UNIX) socket, from the credentials the
 * kernel recorded at connect time (getsockopt SOL_LOCAL LOCAL_PEERCRED,
 * sys/kern/uipc_usrreq.c).  Errors are getsockopt's: EBADF, ENOTSOCK,
 * ENOTCONN for an unconnected socket, EINVAL for a non-local one.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <errno.h>
#include <unistd.h>

int
getpeereid(int s, uid_t *euid, gid_t *egid)
{
	struct xucred xuc;
	socklen_t len;

	len = sizeof(xuc);
	if (getsockopt(s, SOL_LOCAL, LOCAL_PEERCRED, &xuc, &len) == -1)
		return (-1);
	if (xuc.cr_version != XUCRED_VERSION || xuc.cr_ngroups < 1) {
		errno = EINVAL;
		return (-1);
	}
	*euid = xuc.cr_uid;
	*egid = xuc.cr_groups[0];
	return (0);
}
