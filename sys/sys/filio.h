/*
 * Generic file ioctls (user ABI, FreeBSD's numbers), answered by the
 * descriptor layer (FIOCLEX, FIONCLEX, FIONBIO, FIOASYNC) or by the
 * object (FIONREAD, FIONWRITE, FIONSPACE).
 */
#ifndef _SYS_FILIO_H_
#define _SYS_FILIO_H_

#include <sys/ioccom.h>

#define FIOCLEX		_IO('f', 1)		/* close on exec */
#define FIONCLEX	_IO('f', 2)		/* no close on exec */
#define FIONREAD	_IOR('f', 127, int)	/* bytes to read */
#define FIONBIO		_IOW('f', 126, int)	/* non-blocking */
#define FIOASYNC	_IOW('f', 125, int)	/* SIGIO */
#define FIOSETOWN	_IOW('f', 124, int)
#define FIOGETOWN	_IOR('f', 123, int)
#define FIODTYPE	_IOR('f', 122, int)
#define FIONWRITE	_IOR('f', 119, int)	/* bytes queued to write */
#define FIONSPACE	_IOR('f', 118, int)	/* room to write */

#endif /* !_SYS_FILIO_H_ */
