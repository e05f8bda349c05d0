/*
 * fuzz_sock.h: what the socket fuzz targets (fuzz_sockaddr.c,
 * fuzz_cmsg.c) share: making sockets as socket(2) does, and checking
 * after each input that every socket, mbuf, name and allocation is gone.
 */
#ifndef _REGRESS_HOST_FUZZ_SOCK_H_
#define _REGRESS_HOST_FUZZ_SOCK_H_

static struct socket *
fz_socket(int type)
{
	struct socket *so = NULL;
	int error;

	error = socreate(AF_LOCAL, &so, type, 0, curthread);
	if (error != 0)
		panic("socreate(AF_LOCAL, %d): %d", type, error);
	atomic_clear_int(&so->so_state, SS_NOFDREF);
	return (so);
}

/* Nothing may outlive an input: sockets, mbufs, names, memory. */
static void
fz_check_clean(const char *who, long live0)
{
	struct mbstat st;

	shim_vfs_reset();
	m_reclaim();
	m_mbstat_sum(&st);
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
