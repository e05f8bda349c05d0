/*
 * mv(1): move (rename) files; -f never asks, -i asks before replacing,
 * -n never replaces, -v names each move.  Across file systems it copies
 * with `cp -pR' and removes the source with `rm -rf'.
 */
#include <sys/stat.h>
#include <sys/wait.h>
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int iflag, nflag, vflag;

static int
run(const char *path, char *const argv[])
{
	pid_t pid;
	int st;

	if ((pid = fork()) < 0) {
		warn("fork");
		return (1);
	}
	if (pid == 0) {
		execv(path, argv);
		warn("%s", path);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return (1);
	return (!WIFEXITED(st) || WEXITSTATUS(st) != 0);
}

static int
domove(const char *src, const char *dst)
{
	struct stat st;

	/* A missing source is `mv: src: No such file...' (issue #7's rule). */
	if (lstat(src, &st) < 0) {
		warn("%s", src);
		return (1);
	}
	if (lstat(dst, &st) == 0) {
		if (nflag)
			return (0);
		if (iflag) {
			int c, first;

			fprintf(stderr, "overwrite %s? (y/n [n]) ", dst);
			first = c = getchar();
			while (c != '\n' && c != EOF)
				c = getchar();
			if (first != 'y' && first != 'Y') {
				fprintf(stderr, "not overwritten\n");
				return (0);
			}
		}
	}
	if (rename(src, dst) == 0) {
		if (vflag)
			printf("%s -> %s\n", src, dst);
		return (0);
	}
	if (errno != EXDEV) {
		warn("rename %s to %s", src, dst);
		return (1);
	}
	{
		char *cp[] = { "cp", "-pR", (char *)src, (char *)dst, NULL };
		char *rm[] = { "rm", "-rf", (char *)src, NULL };

		if (run("/bin/cp", cp) != 0 || run("/bin/rm", rm) != 0)
			return (1);
	}
	if (vflag)
		printf("%s -> %s\n", src, dst);
	return (0);
}

int
main(int argc, char **argv)
{
	struct stat st;
	char path[PATH_MAX];
	const char *b;
	int ch, i, rval = 0;
	size_t l;

	while ((ch = getopt(argc, argv, "fhinv")) != -1) {
		switch (ch) {
		case 'f': iflag = nflag = 0; break;
		case 'h': break;
		case 'i': iflag = 1; nflag = 0; break;
		case 'n': nflag = 1; iflag = 0; break;
		case 'v': vflag = 1; break;
		default:
			goto usage;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2)
		goto usage;
	if (stat(argv[argc - 1], &st) < 0 || !S_ISDIR(st.st_mode)) {
		if (argc > 2) {
			errno = ENOTDIR;
			err(1, "%s", argv[argc - 1]);
		}
		return (domove(argv[0], argv[1]));
	}
	for (i = 0; i < argc - 1; i++) {
		l = strlen(argv[i]);
		while (l > 1 && argv[i][l - 1] == '/')
			argv[i][--l] = '\0';
		b = strrchr(argv[i], '/');
		b = b != NULL ? b + 1 : argv[i];
		snprintf(path, sizeof(path), "%s/%s", argv[argc - 1], b);
		rval |= domove(argv[i], path);
	}
	return (rval);
usage:
	fprintf(stderr, "%s\n%s\n",
	    "usage: mv [-f | -i | -n] [-hv] source target",
	    "       mv [-f | -i | -n] [-v] source ... directory");
	exit(2);
}
