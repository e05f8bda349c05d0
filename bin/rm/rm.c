/*
 * rm(1): remove files; -r/-R removes directory trees, -f ignores missing
 * files and never asks, -i asks, -d removes empty directories, -v names
 * each file removed.  `.', `..' and `/' are never removed.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int dflag, fflag, iflag, rflag, vflag;
static int rval;

static int
ask(const char *what, const char *path)
{
	int c, first;

	fprintf(stderr, "remove %s%s? ", what, path);
	first = c = getchar();
	while (c != '\n' && c != EOF)
		c = getchar();
	return (first == 'y' || first == 'Y');
}

static void
rm_path(const char *path)
{
	struct stat st;
	struct dirent *d;
	DIR *dp;
	char *sub;

	if (lstat(path, &st) < 0) {
		if (!fflag || errno != ENOENT) {
			warn("%s", path);
			rval = 1;
		}
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		if (!rflag && !dflag) {
			warnx("%s: is a directory", path);
			rval = 1;
			return;
		}
		if (rflag) {
			if (iflag && !ask("directory ", path))
				return;
			if ((dp = opendir(path)) == NULL) {
				warn("%s", path);
				rval = 1;
				return;
			}
			while ((d = readdir(dp)) != NULL) {
				if (strcmp(d->d_name, ".") == 0 ||
				    strcmp(d->d_name, "..") == 0)
					continue;
				if (asprintf(&sub, "%s/%s", path,
				    d->d_name) < 0)
					err(1, NULL);
				rm_path(sub);
				free(sub);
			}
			closedir(dp);
		}
		if (rmdir(path) < 0) {
			warn("%s", path);
			rval = 1;
		} else if (vflag)
			printf("%s\n", path);
		return;
	}
	if (iflag && !ask("", path))
		return;
	if (unlink(path) < 0) {
		warn("%s", path);
		rval = 1;
	} else if (vflag)
		printf("%s\n", path);
}

int
main(int argc, char **argv)
{
	int ch, i, j, dotwarned = 0, slashwarned = 0;
	const char *b;
	char *p;

	while ((ch = getopt(argc, argv, "dfiPRrv")) != -1) {
		switch (ch) {
		case 'd': dflag = 1; break;
		case 'f': fflag = 1; iflag = 0; break;
		case 'i': iflag = 1; fflag = 0; break;
		case 'P': break;
		case 'R':
		case 'r': rflag = 1; break;
		case 'v': vflag = 1; break;
		default:
			fprintf(stderr, "usage: rm [-f | -i] [-dPRrv] file ...\n");
			exit(1);
		}
	}
	argv += optind;
	if (*argv == NULL) {
		if (fflag)
			return (0);
		fprintf(stderr, "usage: rm [-f | -i] [-dPRrv] file ...\n");
		exit(1);
	}
	/*
	 * As FreeBSD: trailing slashes are dropped; operands whose last
	 * component is `.' or `..' (`rm -rf /.', `rm -r ..') are refused,
	 * then the root itself (`rm -rf /', `///'); each complaint is made
	 * once and the other operands are still removed.
	 */
	for (i = 0; argv[i] != NULL; i++) {
		p = argv[i] + strlen(argv[i]);
		while (--p > argv[i] && *p == '/')
			*p = '\0';
		b = strrchr(argv[i], '/');
		b = b != NULL ? b + 1 : argv[i];
		if (strcmp(b, ".") == 0 || strcmp(b, "..") == 0) {
			if (!dotwarned++)
				warnx("\".\" and \"..\" may not be removed");
			rval = 1;
			argv[i] = NULL;
		}
	}
	for (j = 0; j < i; j++) {
		if (argv[j] != NULL && strcmp(argv[j], "/") == 0) {
			if (!slashwarned++)
				warnx("\"/\" may not be removed");
			rval = 1;
			argv[j] = NULL;
		}
	}
	for (j = 0; j < i; j++)
		if (argv[j] != NULL)
			rm_path(argv[j]);
	return (rval);
}
