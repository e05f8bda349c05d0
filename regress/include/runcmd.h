/*
 * run_cmd(): run a program with its standard output and standard error
 * captured, optionally as another user, and return its exit status (or
 * -1).  For the regress tests of the userland tools, which check the
 * tools' output byte by byte.
 */
#ifndef _REGRESS_RUNCMD_H_
#define _REGRESS_RUNCMD_H_

#include <sys/types.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct cmdout {
	char	*out;			/* standard output, NUL-terminated */
	size_t	 len;
	char	*err;			/* standard error */
	int	 status;		/* exit status, or 128+signal */
};

static int
run_read_all(int fd, char **bufp, size_t *lenp)
{
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	ssize_t n;

	if (buf == NULL)
		return (-1);
	for (;;) {
		if (len + 1024 > cap) {
			cap *= 2;
			if ((buf = realloc(buf, cap)) == NULL)
				return (-1);
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return (0);
}

/*
 * argv[0] is the path.  uid < 0: run as we are; else setuid(uid) in the
 * child first.  Standard error goes to a file under /tmp so the two
 * streams cannot block each other.
 */
static int
run_cmd(char *const argv[], int uid, struct cmdout *co)
{
	char errpath[64];
	int pfd[2], efd, st;
	size_t elen;
	pid_t pid;

	memset(co, 0, sizeof(*co));
	snprintf(errpath, sizeof(errpath), "/tmp/runcmd.%d.err", (int)getpid());
	if (pipe(pfd) < 0)
		return (-1);
	if ((efd = open(errpath, O_RDWR | O_CREAT | O_TRUNC, 0600)) < 0)
		return (-1);
	if ((pid = fork()) < 0)
		return (-1);
	if (pid == 0) {
		dup2(pfd[1], 1);
		dup2(efd, 2);
		close(pfd[0]);
		close(pfd[1]);
		close(efd);
		if (uid >= 0 && (setgid(uid) < 0 || setuid(uid) < 0))
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	close(pfd[1]);
	run_read_all(pfd[0], &co->out, &co->len);
	close(pfd[0]);
	if (waitpid(pid, &st, 0) < 0)
		return (-1);
	co->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	lseek(efd, 0, SEEK_SET);
	run_read_all(efd, &co->err, &elen);
	close(efd);
	unlink(errpath);
	return (co->status);
}

static void
cmdout_free(struct cmdout *co)
{
	free(co->out);
	free(co->err);
	memset(co, 0, sizeof(*co));
}

#endif /* !_REGRESS_RUNCMD_H_ */
