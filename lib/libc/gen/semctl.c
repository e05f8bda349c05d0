/*
 * semctl(3): the variadic C interface over the __semctl(2) system call.
 * POSIX leaves union semun for the caller to declare, so the fourth
 * argument arrives here as a union of the caller's making with the same
 * three members; the kernel is handed a pointer to our copy of it, and
 * only for the commands that use it.
 */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <stdarg.h>
#include <stddef.h>

union semun {
	int		val;
	struct semid_ds	*buf;
	unsigned short	*array;
};

int
semctl(int semid, int semnum, int cmd, ...)
{
	union semun arg;
	va_list ap;

	switch (cmd) {
	case IPC_STAT:
	case IPC_SET:
	case GETALL:
	case SETALL:
	case SETVAL:
		va_start(ap, cmd);
		arg = va_arg(ap, union semun);
		va_end(ap);
		return (__semctl(semid, semnum, cmd, &arg));
	default:
		return (__semctl(semid, semnum, cmd, NULL));
	}
}
