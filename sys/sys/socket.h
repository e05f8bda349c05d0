/*
 * The socket interface: address families, socket types, options, message
 * flags, struct sockaddr and struct msghdr with its control-message
 * macros.  User ABI throughout (installed for lib/libc); the values are
 * FreeBSD's, so programs and tools written for FreeBSD build unchanged.
 * Layouts are the same on amd64 and aarch64 (LP64 both).
 */
#ifndef _SYS_SOCKET_H_
#define _SYS_SOCKET_H_

#ifdef _KERNEL
#include <sys/types.h>
#else
#include <sys/types.h>
#include <stdint.h>
#ifndef _SOCKLEN_T_DECLARED
#define _SOCKLEN_T_DECLARED
typedef uint32_t	socklen_t;
#endif
#ifndef _SA_FAMILY_T_DECLARED
#define _SA_FAMILY_T_DECLARED
typedef uint8_t		sa_family_t;
#endif
#endif

#include <sys/uio.h>		/* struct iovec */

/* Types */
#define SOCK_STREAM	1		/* stream */
#define SOCK_DGRAM	2		/* datagram */
#define SOCK_RAW	3		/* raw protocol interface */
#define SOCK_RDM	4
#define SOCK_SEQPACKET	5		/* sequenced packet stream */
#define SOCK_TYPE_MASK	0x000fffff
/* Flags or'ed into the type of socket(2), socketpair(2), accept4(2). */
#define SOCK_CLOEXEC	0x10000000
#define SOCK_NONBLOCK	0x20000000

/* Option flags, per socket (SOL_SOCKET level) */
#define SO_DEBUG	0x00000001
#define SO_ACCEPTCONN	0x00000002	/* listen() was called */
#define SO_REUSEADDR	0x00000004
#define SO_KEEPALIVE	0x00000008
#define SO_DONTROUTE	0x00000010
#define SO_BROADCAST	0x00000020
#define SO_USELOOPBACK	0x00000040
#define SO_LINGER	0x00000080
#define SO_OOBINLINE	0x00000100
#define SO_REUSEPORT	0x00000200
#define SO_TIMESTAMP	0x00000400
#define SO_NOSIGPIPE	0x00000800
#define SO_ACCEPTFILTER	0x00001000	/* an accept filter is set */

/* Other options, not kept as flags */
#define SO_SNDBUF	0x1001
#define SO_RCVBUF	0x1002
#define SO_SNDLOWAT	0x1003
#define SO_RCVLOWAT	0x1004
#define SO_SNDTIMEO	0x1005
#define SO_RCVTIMEO	0x1006
#define SO_ERROR	0x1007
#define SO_TYPE		0x1008
#define SO_PROTOCOL	0x1016
#define SO_PROTOTYPE	SO_PROTOCOL

#define SOL_SOCKET	0xffff		/* options for the socket level */

struct linger {
	int	l_onoff;
	int	l_linger;		/* seconds */
};

struct accept_filter_arg {
	char	af_name[16];
	char	af_arg[256 - 16];
};

/* Address families */
#define AF_UNSPEC	0
#define AF_LOCAL	1
#define AF_UNIX		AF_LOCAL
#define AF_INET		2
#define AF_ROUTE	17
#define AF_LINK		18
#define AF_INET6	28
#define AF_MAX		42

#define PF_UNSPEC	AF_UNSPEC
#define PF_LOCAL	AF_LOCAL
#define PF_UNIX		PF_LOCAL
#define PF_INET		AF_INET
#define PF_ROUTE	AF_ROUTE
#define PF_LINK		AF_LINK
#define PF_INET6	AF_INET6
#define PF_MAX		AF_MAX

/*
 * A socket address.  sa_len counts the whole structure; the kernel
 * checks it against the length the caller passed and never reads past
 * either.
 */
struct sockaddr {
	uint8_t		sa_len;
	sa_family_t	sa_family;
	char		sa_data[14];
};
#define SOCK_MAXADDRLEN	255

struct sockaddr_storage {
	uint8_t		ss_len;
	sa_family_t	ss_family;
	char		__ss_pad1[6];
	int64_t		__ss_align;
	char		__ss_pad2[112];
};

/* Most connections a listen() backlog may ask for (kern.ipc.somaxconn). */
#define SOMAXCONN	128

struct msghdr {
	void		*msg_name;	/* optional address */
	socklen_t	msg_namelen;
	struct iovec	*msg_iov;	/* scatter/gather array */
	int		msg_iovlen;
	void		*msg_control;	/* ancillary data */
	socklen_t	msg_controllen;
	int		msg_flags;	/* flags on the received message */
};

#define MSG_OOB		0x00000001	/* process out-of-band data */
#define MSG_PEEK	0x00000002	/* peek at incoming message */
#define MSG_DONTROUTE	0x00000004
#define MSG_EOR		0x00000008	/* data completes record */
#define MSG_TRUNC	0x00000010	/* data discarded before delivery */
#define MSG_CTRUNC	0x00000020	/* control data lost */
#define MSG_WAITALL	0x00000040	/* wait for the full request */
#define MSG_DONTWAIT	0x00000080	/* this call only: non-blocking */
#define MSG_EOF		0x00000100
#define MSG_NOSIGNAL	0x00020000	/* no SIGPIPE on EPIPE */
#define MSG_CMSG_CLOEXEC 0x00040000	/* close-on-exec received fds */

/*
 * Ancillary data: a sequence of cmsghdr, each followed by its data and
 * padded to the alignment of a long.
 */
struct cmsghdr {
	socklen_t	cmsg_len;	/* bytes, including this header */
	int		cmsg_level;	/* originating protocol */
	int		cmsg_type;	/* protocol-specific type */
	/* followed by	u_char cmsg_data[]; */
};

#define _CMSG_ALIGNBYTES	(sizeof(long) - 1)
#define _CMSG_ALIGN(n)	(((uintptr_t)(n) + _CMSG_ALIGNBYTES) & \
			 ~(uintptr_t)_CMSG_ALIGNBYTES)

#define CMSG_DATA(cmsg)	((unsigned char *)(cmsg) + \
			 _CMSG_ALIGN(sizeof(struct cmsghdr)))
#define CMSG_FIRSTHDR(mhdr)						\
	((mhdr)->msg_controllen >= sizeof(struct cmsghdr) ?		\
	 (struct cmsghdr *)(mhdr)->msg_control : (struct cmsghdr *)0)
#define CMSG_NXTHDR(mhdr, cmsg)						\
	((char *)(cmsg) == (char *)0 ? CMSG_FIRSTHDR(mhdr) :		\
	 ((char *)(cmsg) + _CMSG_ALIGN(((struct cmsghdr *)(cmsg))->cmsg_len) + \
	  _CMSG_ALIGN(sizeof(struct cmsghdr)) >				\
	  (char *)(mhdr)->msg_control + (mhdr)->msg_controllen) ?	\
	 (struct cmsghdr *)0 :						\
	 (struct cmsghdr *)((char *)(cmsg) +				\
	  _CMSG_ALIGN(((struct cmsghdr *)(cmsg))->cmsg_len)))
#define CMSG_SPACE(l)	(_CMSG_ALIGN(sizeof(struct cmsghdr)) + _CMSG_ALIGN(l))
#define CMSG_LEN(l)	(_CMSG_ALIGN(sizeof(struct cmsghdr)) + (l))

#define SCM_RIGHTS	0x01		/* access rights (array of int) */
#define SCM_TIMESTAMP	0x02		/* timestamp (struct timeval) */
#define SCM_CREDS	0x03		/* process credentials (cmsgcred) */

/* The credentials SCM_CREDS carries, filled in by the kernel. */
#define CMGROUP_MAX	16
struct cmsgcred {
	int32_t		cmcred_pid;	/* sender's pid */
	uint32_t	cmcred_uid;	/* real uid */
	uint32_t	cmcred_euid;	/* effective uid */
	uint32_t	cmcred_gid;	/* real gid */
	int16_t		cmcred_ngroups;	/* groups in cmcred_groups */
	int16_t		cmcred_pad;
	uint32_t	cmcred_groups[CMGROUP_MAX];
};

/* shutdown(2) */
#define SHUT_RD		0
#define SHUT_WR		1
#define SHUT_RDWR	2

/*
 * sendfile(2): data sent before and after the file's, each an iovec
 * array.  FreeBSD's layout and flag values.
 */
struct sf_hdtr {
	struct iovec	*headers;	/* before the file data */
	int		hdr_cnt;
	struct iovec	*trailers;	/* after it */
	int		trl_cnt;
};
#define SF_NODISKIO	0x00000001	/* do not wait for disk (tmpfs: no-op) */

#ifndef _KERNEL
#include <sys/cdefs.h>
__BEGIN_DECLS
int	accept(int, struct sockaddr *, socklen_t *);
int	accept4(int, struct sockaddr *, socklen_t *, int);
int	bind(int, const struct sockaddr *, socklen_t);
int	connect(int, const struct sockaddr *, socklen_t);
int	getpeername(int, struct sockaddr *, socklen_t *);
int	getsockname(int, struct sockaddr *, socklen_t *);
int	getsockopt(int, int, int, void *, socklen_t *);
int	listen(int, int);
ssize_t	recv(int, void *, size_t, int);
ssize_t	recvfrom(int, void *, size_t, int, struct sockaddr *, socklen_t *);
ssize_t	recvmsg(int, struct msghdr *, int);
ssize_t	send(int, const void *, size_t, int);
ssize_t	sendto(int, const void *, size_t, int, const struct sockaddr *,
	    socklen_t);
ssize_t	sendmsg(int, const struct msghdr *, int);
int	sendfile(int, int, off_t, size_t, struct sf_hdtr *, off_t *, int);
int	setsockopt(int, int, int, const void *, socklen_t);
int	shutdown(int, int);
int	socket(int, int, int);
int	socketpair(int, int, int, int *);
__END_DECLS
#endif /* !_KERNEL */

#endif /* !_SYS_SOCKET_H_ */
