/*
 * netio.h: descriptor helpers for the guest programs of the host-side
 * network tests (tools/hostnet/hnserve.c, tools/pair/pairpeer.c), kept
 * static like sha256.h so each program stays one compiler call.
 */
#ifndef _TOOLS_NETIO_H_
#define _TOOLS_NETIO_H_

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

/* Write all n bytes (a stream socket may take them in pieces). */
static int
write_all(int fd, const void *buf, size_t n)
{
	const uint8_t *p = buf;
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		p += w;
		n -= (size_t)w;
	}
	return (0);
}

#endif /* _TOOLS_NETIO_H_ */
