/*
 * POSIX message queues.  A message queue descriptor is a file
 * descriptor (DTYPE_MQUEUE in the kernel), so mqd_t is an int, mq_close
 * is close(2), and the descriptor works with poll, select and kqueue.
 * The kernel's <sys/mqueue.h> has struct mq_attr and the sysctl records.
 */
#ifndef _MQUEUE_H_
#define _MQUEUE_H_

#include <sys/types.h>
#include <sys/mqueue.h>
#include <signal.h>
#include <time.h>

typedef int	mqd_t;

#ifdef __cplusplus
extern "C" {
#endif
mqd_t	mq_open(const char *, int, ...);
int	mq_close(mqd_t);
int	mq_unlink(const char *);
int	mq_getattr(mqd_t, struct mq_attr *);
int	mq_setattr(mqd_t, const struct mq_attr *__restrict,
	    struct mq_attr *__restrict);
int	mq_send(mqd_t, const char *, size_t, unsigned);
int	mq_timedsend(mqd_t, const char *, size_t, unsigned,
	    const struct timespec *__restrict);
ssize_t	mq_receive(mqd_t, char *, size_t, unsigned *);
ssize_t	mq_timedreceive(mqd_t, char *__restrict, size_t,
	    unsigned *__restrict, const struct timespec *__restrict);
int	mq_notify(mqd_t, const struct sigevent *);
#ifdef __cplusplus
}
#endif

#endif /* !_MQUEUE_H_ */
