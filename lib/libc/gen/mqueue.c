/*
 * POSIX message queue calls that are not system calls of their own:
 * mq_send and mq_receive are the timed calls with no deadline,
 * mq_getattr is mq_setattr with nothing to set, and mq_close is close(2)
 * because a queue descriptor is a file descriptor.
 */
#include <mqueue.h>
#include <unistd.h>

int
mq_close(mqd_t mqd)
{
	return (close(mqd));
}

int
mq_getattr(mqd_t mqd, struct mq_attr *attr)
{
	return (mq_setattr(mqd, NULL, attr));
}

int
mq_send(mqd_t mqd, const char *msg, size_t len, unsigned prio)
{
	return (mq_timedsend(mqd, msg, len, prio, NULL));
}

ssize_t
mq_receive(mqd_t mqd, char *msg, size_t len, unsigned *prio)
{
	return (mq_timedreceive(mqd, msg, len, prio, NULL));
}
