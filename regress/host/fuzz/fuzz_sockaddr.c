/*
 * fuzz_sockaddr.c: fuzz target for socket address parsing in the Unix
 * domain (sys/kern/uipc_usrreq.c: unp_bind, unp_connect, the implied
 * connect of sendto) reached through the socket layer as the system
 * calls reach it.  The input's first byte picks the call and the socket
 * type; the rest is the address exactly as getsockaddr() hands it on:
 * a buffer of the length the user gave (2..255 bytes) whose sa_len is
 * that length.  A stream listener "/l" and a datagram socket "/d" are
 * bound first, so connects can succeed.  Every socket is closed after
 * the input and nothing may be left over.  Compiled with the kernel's
 * headers.
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

MALLOC_DECLARE(M_SONAME);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	shim_sock_init();
	return (0);
}

static struct sockaddr *
sa_make(const char *path)
{
	size_t len = offsetof(struct sockaddr_un, sun_path) + strlen(path);
	struct sockaddr_un *sun = kmalloc(len, M_SONAME, M_WAITOK | M_ZERO);

	sun->sun_len = (uint8_t)len;
	sun->sun_family = AF_LOCAL;
	memcpy(sun->sun_path, path, strlen(path));
	return ((struct sockaddr *)sun);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int types[] = { SOCK_STREAM, SOCK_DGRAM,
	    SOCK_SEQPACKET, SOCK_STREAM };
	struct socket *l, *d, *so;
	struct sockaddr *sa, *fixed;
	struct iovec iov;
	struct uio uio;
	long live0 = shim_allocs_live;
	size_t len;
	int op;

	if (size < 1)
		return (0);
	op = data[0];
	data++;
	size--;
	len = MIN(size, SOCK_MAXADDRLEN);
	if (len < offsetof(struct sockaddr, sa_data))
		return (0);		/* getsockaddr: EINVAL */

	l = fz_socket(SOCK_STREAM);
	fixed = sa_make("/l");
	if (sobind(l, fixed, curthread) != 0 || solisten(l, 4, curthread))
		panic("fuzz_sockaddr: cannot set up the listener");
	kfree(fixed, M_SONAME);
	d = fz_socket(SOCK_DGRAM);
	fixed = sa_make("/d");
	if (sobind(d, fixed, curthread) != 0)
		panic("fuzz_sockaddr: cannot bind /d");
	kfree(fixed, M_SONAME);

	sa = kmalloc(len, M_SONAME, M_WAITOK);
	memcpy(sa, data, len);
	sa->sa_len = (uint8_t)len;
	so = fz_socket(types[(op >> 2) & 3]);
	switch (op & 3) {
	case 0:
		(void)sobind(so, sa, curthread);
		break;
	case 1:
		(void)soconnect(so, sa, curthread, true);
		break;
	case 2:
		/* sendto: the implied connect of a datagram send */
		iov.iov_base = (void *)(uintptr_t)"fuzz";
		iov.iov_len = 4;
		memset(&uio, 0, sizeof(uio));
		uio.uio_iov = &iov;
		uio.uio_iovcnt = 1;
		uio.uio_resid = 4;
		uio.uio_segflg = UIO_SYSSPACE;
		uio.uio_rw = UIO_WRITE;
		uio.uio_td = curthread;
		(void)sosend(so, sa, &uio, NULL, NULL, MSG_DONTWAIT |
		    MSG_NOSIGNAL, curthread);
		break;
	case 3:
		/* bind, then connect to the same bytes */
		if (sobind(so, sa, curthread) == 0)
			(void)soconnect(so, sa, curthread, true);
		break;
	}
	kfree(sa, M_SONAME);
	soclose(so, 0);
	soclose(d, 0);
	soclose(l, 0);
	(void)shim_sigcount(SIGPIPE);
	fz_check_clean("fuzz_sockaddr", live0);
	return (0);
}
