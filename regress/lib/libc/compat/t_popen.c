/*
 * popen/pclose and system: reading a command's output back byte for
 * byte, writing to a command's input, pclose's wait status (exit 3 ->
 * WEXITSTATUS 3, a signal -> WTERMSIG), "re"'s close-on-exec, a later
 * child not inheriting an earlier popen stream, the EINVAL types and
 * ECHILD for a stream popen did not open; system's status, 127 for a
 * command the shell cannot find, and system(NULL).
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

#define	OUTF	"/tmp/t_popen.out"

static size_t
read_all(FILE *fp, char *buf, size_t size)
{
	size_t n = 0, r;

	while (n < size - 1 && (r = fread(buf + n, 1, size - 1 - n, fp)) > 0)
		n += r;
	buf[n] = '\0';
	return (n);
}

int
main(void)
{
	char buf[256];
	FILE *fp, *fp2, *f;
	int st, fd;

	/* "r": exact bytes, then the status. */
	fp = popen("printf 'one\\ntwo\\n'; echo three", "r");
	ok(fp != NULL, "popen r");
	is_int(read_all(fp, buf, sizeof(buf)), 14, "popen r: byte count");
	is_str(buf, "one\ntwo\nthree\n", "popen r: exact output");
	st = pclose(fp);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "pclose: exit 0");

	fp = popen("echo x; exit 3", "r");
	read_all(fp, buf, sizeof(buf));
	is_str(buf, "x\n", "popen r with exit 3: output");
	st = pclose(fp);
	ok(WIFEXITED(st), "pclose: exited");
	is_int(WEXITSTATUS(st), 3, "pclose: exit 3 -> 3");

	fp = popen("kill -9 $$", "r");
	read_all(fp, buf, sizeof(buf));
	st = pclose(fp);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	    "pclose: killed by SIGKILL");

	/* "w": what we write is the command's stdin. */
	unlink(OUTF);
	fp = popen("cat > " OUTF, "w");
	ok(fp != NULL, "popen w");
	fputs("hello\nworld\n", fp);
	st = pclose(fp);
	is_int(st, 0, "pclose w: status 0");
	f = fopen(OUTF, "r");
	ok(f != NULL, "popen w: output file");
	if (f != NULL) {
		read_all(f, buf, sizeof(buf));
		fclose(f);
		is_str(buf, "hello\nworld\n", "popen w: exact bytes written");
	}
	unlink(OUTF);

	/* wc sees EOF only if no other child holds the first pipe open. */
	fp = popen("cat > " OUTF, "w");
	fp2 = popen("echo second", "r");
	read_all(fp2, buf, sizeof(buf));
	is_str(buf, "second\n", "second popen while the first is open");
	fputs("abc", fp);
	is_int(pclose(fp), 0, "first pclose (no leak into the second child)");
	is_int(pclose(fp2), 0, "second pclose");
	f = fopen(OUTF, "r");
	if (f != NULL) {
		read_all(f, buf, sizeof(buf));
		fclose(f);
	}
	is_str(f != NULL ? buf : NULL, "abc", "first child got exactly abc");
	unlink(OUTF);

	/* "re": the parent's end is close-on-exec. */
	fp = popen("echo e", "re");
	ok(fp != NULL, "popen re");
	is_int(fcntl(fileno(fp), F_GETFD) & FD_CLOEXEC, FD_CLOEXEC,
	    "popen re: FD_CLOEXEC");
	read_all(fp, buf, sizeof(buf));
	is_str(buf, "e\n", "popen re: output");
	pclose(fp);
	fp = popen("echo n", "r");
	is_int(fcntl(fileno(fp), F_GETFD) & FD_CLOEXEC, 0,
	    "popen r: not close-on-exec");
	pclose(fp);

	/* Bad types and streams. */
	errno = 0;
	ok(popen("true", "x") == NULL && errno == EINVAL, "popen x: EINVAL");
	errno = 0;
	ok(popen("true", "rw") == NULL && errno == EINVAL, "popen rw: EINVAL");
	errno = 0;
	ok(popen("true", "") == NULL && errno == EINVAL, "popen \"\": EINVAL");
	f = fopen("/dev/null", "r");
	errno = 0;
	is_int(pclose(f), -1, "pclose of a non-popen stream: -1");
	is_int(errno, ECHILD, "pclose of a non-popen stream: ECHILD");
	fclose(f);

	/* system(3). */
	st = system("exit 3");
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 3, "system: exit 3 -> 3");
	st = system("true");
	is_int(st, 0, "system true: 0");
	st = system("/nonexistent/cmd 2>/dev/null");
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 127,
	    "system: command not found -> 127");
	is_int(system(NULL), 1, "system(NULL): a shell exists");
	fd = open(OUTF, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	close(fd);
	st = system("echo sys > " OUTF);
	f = fopen(OUTF, "r");
	if (f != NULL) {
		read_all(f, buf, sizeof(buf));
		fclose(f);
	}
	is_str(f != NULL ? buf : NULL, "sys\n", "system: the command ran");
	unlink(OUTF);
	return (done());
}
