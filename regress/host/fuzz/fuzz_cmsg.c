/*
 * fuzz_cmsg.c: fuzz target for control messages as sendmsg(2) and
 * recvmsg(2) carry them (sys/kern/uipc_syscalls.c: sockargs_control()
 * copies msg_control into one mbuf and checks its length,
 * copyout_control() gives received ones back) and as the Unix domain
 * parses them (sys/kern/uipc_usrreq.c: unp_internalize on send,
 * unp_externalize and the record handling of soreceive on the way
 * back, unp_dispose and the garbage collector for what is never
 * received).  The descriptor table is real (kern_descrip.c), so
 * SCM_RIGHTS passes the process's own descriptors, and numbers it does
 * not have fail with EBADF.
 *
 * The input's first byte picks the socket type and how the message is
 * received; the rest is msg_control, its length msg_controllen.  The
 * promises checked: sockargs_control's length rule (under
 * sizeof(struct cmsghdr) or over MCLBYTES is EINVAL), what recvmsg
 * returns is well formed and fits the buffer, every descriptor it hands
 * over is open (and is then closed), and after the input nothing is
 * left: no descriptor, file, socket, mbuf or allocation.  Compiled with
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
#include <sys/filedesc.h>
#include <machine/atomic.h>

#include "ipc_shim.h"
#include "sock_shim.h"
#include "fuzz_sock.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The op byte. */
#define OP_TYPE		0x03	/* dgram, stream, seqpacket, dgram */
#define OP_SMALLCTL	0x04	/* a control buffer for one descriptor */
#define OP_TWICE	0x08	/* send the message twice */
#define OP_PEEK		0x10	/* MSG_PEEK first */
#define OP_PEEKCTL	0x20	/* ... with a control buffer */
#define OP_CREDS	0x40	/* LOCAL_CREDS on the receiver */
#define OP_NORECV	0x80	/* never receive: close with it queued */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct filedesc *fdp;
	int fd;

	shim_sock_init();
	shim_fd_init();
	/*
	 * Grow the descriptor table now to its limit: an input's rights
	 * can install hundreds of descriptors, and the table, once grown,
	 * stays grown, which the leak check would count against the
	 * input that first needed the room.
	 */
	fdp = curproc->p_fd;
	if (fdalloc(curproc, fdp->fd_lim - 1, &fd) == 0)
		fdunreserve(fdp, fd);
	return (0);
}

static int
recv1(int s, int flags, size_t ctlroom)
{
	char buf[16];
	union {
		struct cmsghdr	hdr;
		char		b[512];
	} ctl;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
	    .msg_control = ctlroom > 0 ? ctl.b : NULL,
	    .msg_controllen = (socklen_t)ctlroom };
	struct cmsghdr *cm;
	int error, i, n, fd;
	socklen_t off;

	error = sys_recvmsg(&fz_sm, &(struct recvmsg_args){ .s = s,
	    .msg = &msg, .flags = flags | MSG_DONTWAIT });
	if (error != 0)
		return (error);
	if (msg.msg_controllen > ctlroom)
		panic("fuzz_cmsg: %u bytes of control in a %zu-byte buffer",
		    msg.msg_controllen, ctlroom);
	/* What comes back must be well formed: walk it as a program does. */
	for (off = 0; off + sizeof(*cm) <= msg.msg_controllen;
	    off += (socklen_t)_CMSG_ALIGN(cm->cmsg_len)) {
		cm = (struct cmsghdr *)(ctl.b + off);
		if (cm->cmsg_len < CMSG_LEN(0) ||
		    off + cm->cmsg_len > msg.msg_controllen)
			panic("fuzz_cmsg: a received cmsg of length %u at %u "
			    "of %u", cm->cmsg_len, off, msg.msg_controllen);
		if (cm->cmsg_level != SOL_SOCKET ||
		    cm->cmsg_type != SCM_RIGHTS)
			continue;
		/*
		 * A peek leaves the rights queued: it must not hand out
		 * their in-flight form (file pointers), nor descriptors.
		 */
		if (flags & MSG_PEEK)
			panic("fuzz_cmsg: MSG_PEEK returned an SCM_RIGHTS "
			    "message of length %u", cm->cmsg_len);
		/* Descriptors received are ours now: open, then closed. */
		n = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		for (i = 0; i < n; i++) {
			memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int),
			    sizeof(fd));
			if (sys_close(&fz_sm, &(struct close_args){ .fd = fd })
			    != 0)
				panic("fuzz_cmsg: received descriptor %d is "
				    "not open", fd);
		}
	}
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int types[] = { SOCK_DGRAM, SOCK_STREAM, SOCK_SEQPACKET,
	    SOCK_DGRAM };
	long live0 = shim_allocs_live;
	struct iovec iov;
	struct msghdr msg;
	int sv[2], op, error, i;

	if (size < 1 || size > 65536)
		return (0);
	op = data[0];
	data++;
	size--;

	error = sys_socketpair(&fz_sm, &(struct socketpair_args){
	    .domain = AF_LOCAL, .type = types[op & OP_TYPE], .rsv = sv });
	if (error != 0)
		panic("fuzz_cmsg: socketpair: %d", error);
	if (op & OP_CREDS)
		(void)sys_setsockopt(&fz_sm, &(struct setsockopt_args){
		    .s = sv[1], .level = 0, .name = LOCAL_CREDS,
		    .val = &(int){ 1 }, .valsize = sizeof(int) });

	iov.iov_base = (void *)(uintptr_t)"cmsg";
	iov.iov_len = 4;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = (void *)(uintptr_t)data;
	msg.msg_controllen = (socklen_t)size;
	for (i = 0; i < ((op & OP_TWICE) ? 2 : 1); i++) {
		error = sys_sendmsg(&fz_sm, &(struct sendmsg_args){
		    .s = sv[0], .msg = &msg,
		    .flags = MSG_DONTWAIT | MSG_NOSIGNAL });
		if (size > 0 && (size < sizeof(struct cmsghdr) ||
		    size > MCLBYTES) && error != EINVAL)
			panic("fuzz_cmsg: %zu bytes of control: error %d, "
			    "not EINVAL", size, error);
	}
	if (!(op & OP_NORECV)) {
		if (op & OP_PEEK)
			(void)recv1(sv[1], MSG_PEEK, (op & OP_PEEKCTL) ? 512 :
			    0);
		for (i = 0; i < 2; i++)
			(void)recv1(sv[1], 0, (op & OP_SMALLCTL) ?
			    CMSG_SPACE(sizeof(int)) : 512);
	}
	fz_close(sv[0]);
	fz_close(sv[1]);
	(void)shim_sigcount(SIGPIPE);
	fz_check_clean("fuzz_cmsg", live0);
	return (0);
}
