/*
 * pwd(1): print the current directory.  -L uses $PWD when it names the
 * current directory; -P (the default) the physical path.
 */
#include <sys/stat.h>
#include <err.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	char buf[PATH_MAX], *pwd;
	struct stat a, b;
	int ch, lflag = 0;

	while ((ch = getopt(argc, argv, "LP")) != -1) {
		switch (ch) {
		case 'L': lflag = 1; break;
		case 'P': lflag = 0; break;
		default:
			fprintf(stderr, "usage: pwd [-L | -P]\n");
			exit(1);
		}
	}
	if (optind != argc) {
		fprintf(stderr, "usage: pwd [-L | -P]\n");
		exit(1);
	}
	if (lflag && (pwd = getenv("PWD")) != NULL && pwd[0] == '/' &&
	    stat(pwd, &a) == 0 && stat(".", &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
		printf("%s\n", pwd);
		return (0);
	}
	if (getcwd(buf, sizeof(buf)) == NULL)
		err(1, ".");
	printf("%s\n", buf);
	return (0);
}
