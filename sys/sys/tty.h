/*
 * Terminals (tty.c): the line discipline between a character device
 * (the console UART through tty_cons.c, or a pseudo-terminal) and the
 * processes reading and writing it.  The driver feeds received
 * characters to tty_input() (from interrupt context: spinlocks only) and
 * prints through t_oproc.  Signals for ^C/^\\/^Z are posted from a
 * kernel thread, because posting takes proc_token, which an interrupt
 * handler may not.
 *
 * Everything is under t_spin except t_rlock/t_wlock (one reader, one
 * writer at a time; sleepable).
 */
#ifndef _SYS_TTY_H_
#define _SYS_TTY_H_

#include <sys/types.h>
#include <sys/termios.h>
#include <sys/ttycom.h>

#ifdef _KERNEL
#include <sys/spinlock.h>
#include <sys/select.h>
#include <sys/vnode.h>

#define TTY_INQSIZE	4096		/* cooked input waiting for read */
#define TTY_LINESIZE	1024		/* the line being edited (MAX_CANON) */
#define TTY_MAXLINES	256		/* complete lines queued */

struct session;
struct tty;

struct tty {
	struct spinlock	t_spin;
	struct vlock	t_rlock;	/* readers, one at a time */
	struct vlock	t_wlock;	/* writers, one at a time */
	struct termios	t_termios;
	struct winsize	t_winsize;
	void		(*t_oproc)(struct tty *tp, int c);  /* put a char */
	void		*t_sc;		/* the driver's */
	/* Input ready for read(2): a ring, and in canonical mode the
	   lengths of the complete lines in it (0 = an EOF mark). */
	char		t_inq[TTY_INQSIZE];
	size_t		t_inhead, t_incount;
	uint16_t	t_lines[TTY_MAXLINES];
	int		t_linehead, t_nlines;
	/* Canonical mode: the line being edited. */
	char		t_line[TTY_LINESIZE];
	size_t		t_linelen;
	size_t		t_rocol;	/* column where the line began */
	size_t		t_column;	/* output column (for erase) */
	int		t_state;	/* TS_* */
	int		t_pendsig;	/* signals for t_sigpgrp (bits) */
	pid_t		t_sigpgrp;	/* t_pgrp when they were raised */
	pid_t		t_pgrp;		/* foreground process group, 0: none */
	struct session	*t_session;	/* controlling session, or NULL */
	int		t_opencount;
	struct selinfo	t_rsel;		/* readable */
	struct selinfo	t_wsel;		/* writable */
	const char	*t_name;
	dev_t		t_dev;		/* its device's st_rdev, or NODEV */
	struct tty	*t_signext;	/* on the signal thread's list */
};

#define TS_ISOPEN	0x0001
#define TS_LNEXT	0x0002		/* the next char is literal */
#define TS_GONE		0x0004		/* the device went away (pty) */
#define TS_SIGQ		0x0008		/* on the signal list */

void	tty_destroy(struct tty *tp);
void	tty_init(struct tty *tp, const char *name,
	    void (*oproc)(struct tty *, int), void *sc);
void	tty_input(struct tty *tp, int c);	/* interrupt context OK */
int	tty_open(struct tty *tp, int fflag);
int	tty_close(struct tty *tp, int fflag);
int	tty_read(struct tty *tp, struct uio *uio, int ioflag);
int	tty_write(struct tty *tp, struct uio *uio, int ioflag);
int	tty_ioctl(struct tty *tp, u_long cmd, caddr_t data, int fflag);
int	tty_poll(struct tty *tp, int events);
int	tty_kqfilter(struct tty *tp, struct knote *kn);
void	tty_hangup(struct tty *tp);	/* the device went away */

extern struct tty *constty;		/* the console's tty */
#endif /* _KERNEL */

#endif /* !_SYS_TTY_H_ */
