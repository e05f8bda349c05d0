/*
 * fuzz_sockaddr.c: fuzz target for socket addresses as the system calls
 * take them: bind(2), connect(2) and sendto(2) of sys/kern/
 * uipc_syscalls.c, whose getsockaddr() copies the address in and checks
 * its length, then the Unix domain's parsing (sys/kern/uipc_usrreq.c:
 * unp_bind, unp_connect, the implied connect of sendto).  The input's
 * first byte picks the call, the socket type and non-blocking mode; the
 * rest is the address, its length the length passed to the call.  A
 * stream listener "/l" and a datagram socket "/d" are bound first, so
 * connects can succeed.  getsockaddr's promise is checked: a length
 * over SOCK_MAXADDRLEN is ENAMETOOLONG, one shorter than the header
 * EINVAL.  Every descriptor is closed after the input and nothing may be
 * left over.  Compiled with the kernel's headers.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/un.h>
#include <sys/uio.h>
#include <sys/proc.h>
#include <sys/thread.h>
#include <sys/globaldata.h>
#include <machine/atomic.h>

#include "ipc_shim.h"
#include "sock_shim.h"
#include "fuzz_sock.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	shim_sock_init();
	shim_fd_init();
	return (0);
}

static int
call(int op, int s, const void *addr, socklen_t len)
{
	switch (op & 3) {
	case 0:
		return (sys_bind(&fz_sm, &(struct bind_args){ .s = s,
		    .name = addr, .namelen = len }));
	case 1:
		return (sys_connect(&fz_sm, &(struct connect_args){ .s = s,
		    .name = addr, .namelen = len }));
	case 2:
		return (sys_sendto(&fz_sm, &(struct sendto_args){ .s = s,
		    .buf = "fuzz", .len = 4,
		    .flags = MSG_DONTWAIT | MSG_NOSIGNAL, .to = addr,
		    .tolen = len }));
	default:
		/* bind, then connect to the same bytes */
		return (sys_bind(&fz_sm, &(struct bind_args){ .s = s,
		    .name = addr, .namelen = len }));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int types[] = { SOCK_STREAM, SOCK_DGRAM,
	    SOCK_SEQPACKET, SOCK_STREAM };
	long live0 = shim_allocs_live;
	socklen_t len;
	int op, l, d, s, error;

	if (size < 1 || size > 65536)
		return (0);
	op = data[0];
	data++;
	len = (socklen_t)(size - 1);

	l = fz_bound(SOCK_STREAM, "/l", 4);
	d = fz_bound(SOCK_DGRAM, "/d", -1);
	s = fz_socket(types[(op >> 2) & 3] | ((op & 0x10) ? SOCK_NONBLOCK :
	    0));
	error = call(op, s, data, len);
	if (len > SOCK_MAXADDRLEN && error != ENAMETOOLONG)
		panic("fuzz_sockaddr: a %u-byte address: error %d, not "
		    "ENAMETOOLONG", len, error);
	if (len < offsetof(struct sockaddr, sa_data) && error != EINVAL)
		panic("fuzz_sockaddr: a %u-byte address: error %d, not "
		    "EINVAL", len, error);
	if ((op & 3) == 3 && error == 0)
		(void)sys_connect(&fz_sm, &(struct connect_args){ .s = s,
		    .name = (const void *)data, .namelen = len });
	fz_close(s);
	fz_close(d);
	fz_close(l);
	(void)shim_sigcount(SIGPIPE);
	fz_check_clean("fuzz_sockaddr", live0);
	return (0);
}
