/*
 * popen(3) and pclose(3): a pipe to or from `/bin/sh -c command'.
 *
 * Each open stream is remembered (stream, child pid) on a list so that
 * pclose can wait for the right child and so that a later popen's child
 * closes the pipes of the earlier ones (POSIX: "streams from previous
 * popen() calls that remain open in the parent process are closed in the
 * new child").  Types are FreeBSD's: "r" or "w", optionally followed by
 * "e" (close-on-exec on the parent's end); anything else is EINVAL.  The
 * bidirectional "r+" of FreeBSD (a socketpair) is not provided.
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <paths.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct pid {
	struct pid	*next;
	FILE		*fp;		/* the parent's end */
	pid_t		 pid;		/* the shell */
};
static struct pid *pidlist;		/* single-threaded: no lock */

FILE *
popen(const char *command, const char *type)
{
	struct pid *cur, *p;
	int pdes[2], reading, cloexec;
	pid_t pid;

	if (type == NULL || (type[0] != 'r' && type[0] != 'w') ||
	    (type[1] != '\0' && (type[1] != 'e' || type[2] != '\0'))) {
		errno = EINVAL;
		return (NULL);
	}
	reading = type[0] == 'r';
	cloexec = type[1] == 'e';
	if (command == NULL) {
		errno = EINVAL;
		return (NULL);
	}
	if ((cur = malloc(sizeof(*cur))) == NULL)
		return (NULL);
	if (pipe(pdes) < 0) {
		free(cur);
		return (NULL);
	}

	switch (pid = fork()) {
	case -1:
		close(pdes[0]);
		close(pdes[1]);
		free(cur);
		return (NULL);
	case 0:
		/* The earlier popen streams belong to the parent only. */
		for (p = pidlist; p != NULL; p = p->next)
			close(fileno(p->fp));
		if (reading) {
			close(pdes[0]);
			if (pdes[1] != STDOUT_FILENO) {
				dup2(pdes[1], STDOUT_FILENO);
				close(pdes[1]);
			}
		} else {
			close(pdes[1]);
			if (pdes[0] != STDIN_FILENO) {
				dup2(pdes[0], STDIN_FILENO);
				close(pdes[0]);
			}
		}
		execl(_PATH_BSHELL, "sh", "-c", command, (char *)NULL);
		_exit(127);
	}

	if (reading) {
		cur->fp = fdopen(pdes[0], "r");
		close(pdes[1]);
	} else {
		cur->fp = fdopen(pdes[1], "w");
		close(pdes[0]);
	}
	if (cur->fp == NULL) {
		/* Out of memory in stdio: do not leave the child behind. */
		close(reading ? pdes[0] : pdes[1]);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		free(cur);
		errno = ENOMEM;
		return (NULL);
	}
	if (cloexec)
		fcntl(fileno(cur->fp), F_SETFD, FD_CLOEXEC);
	cur->pid = pid;
	cur->next = pidlist;
	pidlist = cur;
	return (cur->fp);
}

/*
 * Close the stream and return the shell's wait status; -1 with ECHILD
 * for a stream popen did not open (or one already closed).
 */
int
pclose(FILE *iop)
{
	struct pid *cur, *last;
	int pstat;
	pid_t pid;

	for (last = NULL, cur = pidlist; cur != NULL;
	    last = cur, cur = cur->next)
		if (cur->fp == iop)
			break;
	if (cur == NULL) {
		errno = ECHILD;
		return (-1);
	}
	if (last == NULL)
		pidlist = cur->next;
	else
		last->next = cur->next;
	fclose(iop);

	do {
		pid = waitpid(cur->pid, &pstat, 0);
	} while (pid < 0 && errno == EINTR);
	free(cur);
	return (pid < 0 ? -1 : pstat);
}
