/*
 * fuzz_cmsg.c: fuzz target for control message parsing in the Unix
 * domain (sys/kern/uipc_usrreq.c: unp_internalize on send,
 * unp_externalize and the record handling of soreceive on the way back),
 * reached as sendmsg/recvmsg reach it.  The input's first byte picks the
 * socket type and how the message is received (peeked first or not,
 * with or without a control buffer); the rest is msg_control, copied
 * into one mbuf as sockargs_control() does (sizeof(struct cmsghdr) ..
 * MCLBYTES bytes).  The process has no descriptors, so SCM_RIGHTS can
 * only fail (EBADF) - the point is that it fails cleanly.  Compiled with
 * the kernel's headers.
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
	return (0);
}

static int
recv1(struct socket *so, int flags, bool wantctl)
{
	char buf[16];
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct uio uio = { .uio_iov = &iov, .uio_iovcnt = 1,
	    .uio_resid = sizeof(buf), .uio_segflg = UIO_SYSSPACE,
	    .uio_rw = UIO_READ, .uio_td = curthread };
	struct mbuf *control = NULL, *m;
	struct cmsghdr *cm;
	int error, off;

	flags |= MSG_DONTWAIT;
	error = soreceive(so, NULL, &uio, NULL, wantctl ? &control : NULL,
	    &flags);
	/* What comes back must be well formed: walk it as recvmsg does. */
	for (m = control; m != NULL; m = m->m_next) {
		if (m->m_type != MT_CONTROL)
			panic("fuzz_cmsg: a control chain of type %d",
			    m->m_type);
		for (off = 0; off + (int)sizeof(*cm) <= m->m_len;
		    off += (int)_CMSG_ALIGN(cm->cmsg_len)) {
			cm = (struct cmsghdr *)(mtod(m, char *) + off);
			if (cm->cmsg_len < CMSG_LEN(0) ||
			    off + (int)cm->cmsg_len > m->m_len)
				panic("fuzz_cmsg: a received cmsg of length "
				    "%u at %d of %d", cm->cmsg_len, off,
				    m->m_len);
		}
	}
	m_freem(control);
	return (error);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int types[] = { SOCK_DGRAM, SOCK_STREAM, SOCK_SEQPACKET,
	    SOCK_DGRAM };
	struct socket *p[2];
	struct mbuf *control;
	struct iovec iov;
	struct uio uio;
	long live0 = shim_allocs_live;
	size_t len;
	int op, error;

	if (size < 1)
		return (0);
	op = data[0];
	data++;
	size--;
	if (size < sizeof(struct cmsghdr) || size > MCLBYTES)
		return (0);		/* sockargs_control: EINVAL */
	len = size;

	p[0] = fz_socket(types[op & 3]);
	p[1] = fz_socket(types[op & 3]);
	if (soconnect2(p[0], p[1], shim_proc.p_ucred) != 0)
		panic("fuzz_cmsg: soconnect2");
	if (op & 0x40)
		(void)sosetopt(p[1], &(struct sockopt){ .sopt_dir = SOPT_SET,
		    .sopt_level = 0, .sopt_name = LOCAL_CREDS,
		    .sopt_val = &(int){ 1 }, .sopt_valsize = sizeof(int) });

	control = (len > MLEN) ? m_getcl(M_WAITOK, MT_CONTROL, 0) :
	    m_get(M_WAITOK, MT_CONTROL);
	memcpy(mtod(control, void *), data, len);
	control->m_len = (int)len;

	iov.iov_base = (void *)(uintptr_t)"cmsg";
	iov.iov_len = 4;
	memset(&uio, 0, sizeof(uio));
	uio.uio_iov = &iov;
	uio.uio_iovcnt = 1;
	uio.uio_resid = 4;
	uio.uio_segflg = UIO_SYSSPACE;
	uio.uio_rw = UIO_WRITE;
	uio.uio_td = curthread;
	error = sosend(p[0], NULL, &uio, NULL, control, MSG_DONTWAIT |
	    MSG_NOSIGNAL, curthread);
	if (error == 0) {
		if (op & 0x10)
			(void)recv1(p[1], MSG_PEEK, (op & 0x20) != 0);
		(void)recv1(p[1], 0, (op & 0x20) != 0 || !(op & 0x80));
	}
	soclose(p[0], 0);
	soclose(p[1], 0);
	(void)shim_sigcount(SIGPIPE);
	fz_check_clean("fuzz_cmsg", live0);
	return (0);
}
