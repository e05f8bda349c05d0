/*
 * fuzz_sock.h: what the socket fuzz targets (fuzz_sockaddr.c,
 * fuzz_cmsg.c) share: the socket system calls of uipc_syscalls.c called
 * as the syscall layer calls them (a struct sysmsg, the generated
 * argument structures, user memory being this process's), with the
 * real descriptor table of kern_descrip.c; and the check after each
 * input that every descriptor, socket, mbuf, name and allocation is
 * gone.
 */
#ifndef _REGRESS_HOST_FUZZ_SOCK_H_
#define _REGRESS_HOST_FUZZ_SOCK_H_

#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>

#include "fd_shim.h"

static struct sysmsg fz_sm;

static int
fz_socket(int type)
{
	struct socket_args a = { .domain = AF_LOCAL, .type = type };
	int error;

	fz_sm.sysmsg_result = 0;
	error = sys_socket(&fz_sm, &a);
	if (error != 0)
		panic("socket(AF_LOCAL, %#x): %d", type, error);
	return ((int)fz_sm.sysmsg_result);
}

/* A socket of type bound to path (and listening if backlog >= 0). */
static __unused int
fz_bound(int type, const char *path, int backlog)
{
	struct sockaddr_un sun;
	int s = fz_socket(type), error;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_LOCAL;
	strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
	error = sys_bind(&fz_sm, &(struct bind_args){ .s = s,
	    .name = (struct sockaddr *)&sun,
	    .namelen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
	    strlen(path)) });
	if (error == 0 && backlog >= 0)
		error = sys_listen(&fz_sm, &(struct listen_args){ .s = s,
		    .backlog = backlog });
	if (error != 0)
		panic("bind/listen %s: %d", path, error);
	return (s);
}

static void
fz_close(int fd)
{
	int error = sys_close(&fz_sm, &(struct close_args){ .fd = fd });

	if (error != 0)
		panic("close(%d): %d", fd, error);
}

/*
 * Nothing may outlive an input: descriptors (the target closes those it
 * made and those it was handed in SCM_RIGHTS messages, so one left over
 * is one the kernel installed without telling the process), files,
 * sockets, mbufs, names, memory.
 */
static void
fz_check_clean(const char *who, long live0)
{
	struct mbstat st;

	if (shim_fd_count() != 0)
		panic("%s: %d descriptors left open", who, shim_fd_count());
	shim_vfs_reset();
	m_reclaim();
	m_mbstat_sum(&st);
	if (nfiles != 0)
		panic("%s: %d files left open", who, nfiles);
	if (numopensockets != 0)
		panic("%s: %d sockets left", who, numopensockets);
	if (st.m_mbufs != 0 || st.m_clusters != 0)
		panic("%s: %ld mbufs and %ld clusters leaked", who,
		    (long)st.m_mbufs, (long)st.m_clusters);
	if (shim_vnodes_live != 0)
		panic("%s: %ld vnodes leaked", who, shim_vnodes_live);
	if (shim_allocs_live != live0)
		panic("%s: %ld allocations leaked", who,
		    shim_allocs_live - live0);
}

#endif /* _REGRESS_HOST_FUZZ_SOCK_H_ */
