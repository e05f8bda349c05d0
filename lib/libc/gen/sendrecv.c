/*
 * The socket calls libc builds on others: send(2) and recv(2) are
 * sendto(2) and recvfrom(2) without an address, as in FreeBSD's libc.
 * Everything else (socket, bind, accept4, sendmsg ...) is a system-call
 * stub generated from syscalls.master.
 */
#include <sys/types.h>
#include <sys/socket.h>

ssize_t
send(int s, const void *buf, size_t len, int flags)
{
	return (sendto(s, buf, len, flags, NULL, 0));
}

ssize_t
recv(int s, void *buf, size_t len, int flags)
{
	return (recvfrom(s, buf, len, flags, NULL, NULL));
}
