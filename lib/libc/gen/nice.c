/*
 * nice(3): add incr to the process's nice value over getpriority(2) and
 * setpriority(2).  Returns the new nice value; -1 with errno for a
 * failure (EPERM when an unprivileged caller asks to lower it).  Since -1
 * is also a valid nice value, callers tell them apart by clearing errno
 * first, as POSIX says.  The kernel clamps to PRIO_MIN..PRIO_MAX.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <errno.h>
#include <unistd.h>

int
nice(int incr)
{
	int prio;

	errno = 0;
	prio = getpriority(PRIO_PROCESS, 0);
	if (prio == -1 && errno != 0)
		return (-1);
	if (setpriority(PRIO_PROCESS, 0, prio + incr) == -1) {
		/* setpriority says EACCES; nice(3)'s error is EPERM. */
		if (errno == EACCES)
			errno = EPERM;
		return (-1);
	}
	return (getpriority(PRIO_PROCESS, 0));
}
