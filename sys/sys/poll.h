/*
 * poll(2) (user ABI, FreeBSD's values).  Each file type's fo_poll
 * answers with these bits; selrecord/selwakeup (<sys/select.h>) are the
 * wakeup hook.
 */
#ifndef _SYS_POLL_H_
#define _SYS_POLL_H_

struct pollfd {
	int	fd;
	short	events;		/* asked for */
	short	revents;	/* found */
};

typedef unsigned int	nfds_t;

#define POLLIN		0x0001
#define POLLPRI		0x0002
#define POLLOUT		0x0004
#define POLLRDNORM	0x0040
#define POLLWRNORM	POLLOUT
#define POLLRDBAND	0x0080
#define POLLWRBAND	0x0100
#define POLLERR		0x0008	/* revents only */
#define POLLHUP		0x0010
#define POLLNVAL	0x0020
#define POLLSTANDARD	(POLLIN | POLLPRI | POLLOUT | POLLRDNORM | \
			 POLLRDBAND | POLLWRBAND | POLLERR | POLLHUP | POLLNVAL)
#define INFTIM		(-1)

#ifndef _KERNEL
int	poll(struct pollfd *fds, nfds_t nfds, int timeout);
#endif

#endif /* !_SYS_POLL_H_ */
