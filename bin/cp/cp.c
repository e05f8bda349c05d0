/*
 * cp(1): copy files.  -R/-r copies directory trees, -f removes a target
 * that cannot be opened, -i asks before overwriting, -p keeps modes and
 * times, -v names each copy.  `cp src ... dir' copies into dir; with -R
 * a source directory named with a trailing `/' has its contents copied.
 * A source and target that are the same file are refused.
 */
#include <sys/stat.h>
#include <sys/time.h>
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int fflag, iflag, pflag, Rflag, vflag;
static int rval;

static int
copy_file(const char *src, const char *dst, const struct stat *sst)
{
	struct stat dst_st;
	char buf[16384];
	ssize_t n, w, off;
	int in, out;

	/*
	 * Opening the target with O_TRUNC would empty the source when both
	 * names are the same file (`cp f f', `cp f ./f', a hard link).
	 */
	if (stat(dst, &dst_st) == 0 && dst_st.st_dev == sst->st_dev &&
	    dst_st.st_ino == sst->st_ino) {
		warnx("%s and %s are identical (not copied).", src, dst);
		return (1);
	}

	if (iflag && access(dst, F_OK) == 0) {
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
	if ((in = open(src, O_RDONLY)) < 0) {
		warn("%s", src);
		return (1);
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, sst->st_mode & 0777);
	if (out < 0 && fflag && unlink(dst) == 0)
		out = open(dst, O_WRONLY | O_CREAT | O_TRUNC,
		    sst->st_mode & 0777);
	if (out < 0) {
		warn("%s", dst);
		close(in);
		return (1);
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n; off += w) {
			if ((w = write(out, buf + off, n - off)) < 0) {
				warn("%s", dst);
				close(in);
				close(out);
				return (1);
			}
		}
	}
	if (n < 0) {
		warn("%s", src);
		close(in);
		close(out);
		return (1);
	}
	close(in);
	if (pflag) {
		struct timeval tv[2];

		tv[0].tv_sec = sst->st_atim.tv_sec;
		tv[0].tv_usec = sst->st_atim.tv_nsec / 1000;
		tv[1].tv_sec = sst->st_mtim.tv_sec;
		tv[1].tv_usec = sst->st_mtim.tv_nsec / 1000;
		fchmod(out, sst->st_mode & 07777);
		futimes(out, tv);
	}
	if (close(out) < 0) {
		warn("%s", dst);
		return (1);
	}
	if (vflag)
		printf("%s -> %s\n", src, dst);
	return (0);
}

static int
copy(const char *src, const char *dst)
{
	struct stat sst, dst_st;
	struct dirent *d;
	DIR *dp;
	char *s2, *d2, lnk[PATH_MAX];
	ssize_t n;
	int r = 0;

	if ((Rflag ? lstat(src, &sst) : stat(src, &sst)) < 0) {
		warn("%s", src);
		return (1);
	}
	if (S_ISLNK(sst.st_mode)) {
		if ((n = readlink(src, lnk, sizeof(lnk) - 1)) < 0) {
			warn("%s", src);
			return (1);
		}
		lnk[n] = '\0';
		unlink(dst);
		if (symlink(lnk, dst) < 0) {
			warn("%s", dst);
			return (1);
		}
		return (0);
	}
	if (!S_ISDIR(sst.st_mode))
		return (copy_file(src, dst, &sst));
	if (!Rflag) {
		warnx("%s is a directory (not copied).", src);
		return (1);
	}
	if (stat(dst, &dst_st) < 0) {
		if (mkdir(dst, (sst.st_mode & 0777) | 0700) < 0) {
			warn("%s", dst);
			return (1);
		}
	} else if (!S_ISDIR(dst_st.st_mode)) {
		warnx("%s: Not a directory", dst);
		return (1);
	}
	if ((dp = opendir(src)) == NULL) {
		warn("%s", src);
		return (1);
	}
	while ((d = readdir(dp)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (asprintf(&s2, "%s/%s", src, d->d_name) < 0 ||
		    asprintf(&d2, "%s/%s", dst, d->d_name) < 0)
			err(1, NULL);
		r |= copy(s2, d2);
		free(s2);
		free(d2);
	}
	closedir(dp);
	if (pflag || !(sst.st_mode & 0200))
		chmod(dst, sst.st_mode & 07777);
	return (r);
}

int
main(int argc, char **argv)
{
	struct stat st;
	char path[PATH_MAX];
	const char *b;
	int ch, i, todir;
	size_t l;

	while ((ch = getopt(argc, argv, "fHiLPpRrv")) != -1) {
		switch (ch) {
		case 'f': fflag = 1; iflag = 0; break;
		case 'i': iflag = 1; fflag = 0; break;
		case 'p': pflag = 1; break;
		case 'R':
		case 'r': Rflag = 1; break;
		case 'v': vflag = 1; break;
		case 'H': case 'L': case 'P': break;
		default:
			goto usage;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2)
		goto usage;
	todir = stat(argv[argc - 1], &st) == 0 && S_ISDIR(st.st_mode);
	if (argc > 2 && !todir) {
		errno = ENOTDIR;
		err(1, "%s", argv[argc - 1]);
	}
	for (i = 0; i < argc - 1; i++) {
		if (todir) {
			/*
			 * `cp -R dir target' copies dir itself into target;
			 * as in FreeBSD, a source ending in `/' copies the
			 * directory's contents into target instead.
			 */
			l = strlen(argv[i]);
			if (Rflag && l > 1 && argv[i][l - 1] == '/' &&
			    stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
				rval |= copy(argv[i], argv[argc - 1]);
				continue;
			}
			while (l > 1 && argv[i][l - 1] == '/')
				argv[i][--l] = '\0';
			b = strrchr(argv[i], '/');
			b = b != NULL ? b + 1 : argv[i];
			snprintf(path, sizeof(path), "%s/%s", argv[argc - 1],
			    b);
			rval |= copy(argv[i], path);
		} else
			rval |= copy(argv[i], argv[argc - 1]);
	}
	return (rval);
usage:
	fprintf(stderr, "%s\n%s\n",
	    "usage: cp [-R [-H | -L | -P]] [-f | -i] [-pv] source_file target_file",
	    "       cp [-R [-H | -L | -P]] [-f | -i] [-pv] source_file ... target_directory");
	exit(1);
}
