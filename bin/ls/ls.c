/*
 * ls(1): list directory contents.  Flags: -a (all), -A (all but . and
 * ..), -d (directories as files), -F (type marks), -i (inode numbers),
 * -l (long), -n (numeric ids), -R (recursive), -r (reverse), -t (by
 * time), -1 (one per line; the default, as output is not columnated).
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct entry {
	char		*name;		/* as shown */
	char		*path;		/* for stat and recursion */
	struct stat	st;
};

static int aflag, Aflag, dflag, Fflag, iflag, lflag, nflag, Rflag, rflag,
    tflag;
static int rval;

static int
cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int r;

	if (tflag) {
		if (x->st.st_mtim.tv_sec != y->st.st_mtim.tv_sec)
			r = x->st.st_mtim.tv_sec > y->st.st_mtim.tv_sec ? -1 : 1;
		else
			r = strcmp(x->name, y->name);
	} else
		r = strcmp(x->name, y->name);
	return (rflag ? -r : r);
}

static void
modestr(mode_t m, char *s)
{
	static const char types[] = "?pc?d?b?-?l?s?w?";

	s[0] = types[(m & S_IFMT) >> 12];
	s[1] = m & S_IRUSR ? 'r' : '-';
	s[2] = m & S_IWUSR ? 'w' : '-';
	s[3] = m & S_ISUID ? (m & S_IXUSR ? 's' : 'S') : m & S_IXUSR ? 'x' : '-';
	s[4] = m & S_IRGRP ? 'r' : '-';
	s[5] = m & S_IWGRP ? 'w' : '-';
	s[6] = m & S_ISGID ? (m & S_IXGRP ? 's' : 'S') : m & S_IXGRP ? 'x' : '-';
	s[7] = m & S_IROTH ? 'r' : '-';
	s[8] = m & S_IWOTH ? 'w' : '-';
	s[9] = m & S_ISVTX ? (m & S_IXOTH ? 't' : 'T') : m & S_IXOTH ? 'x' : '-';
	s[10] = '\0';
}

static void
print_entry(struct entry *e)
{
	char mode[12], tbuf[32], lnk[PATH_MAX];
	struct passwd *pw;
	struct group *gr;
	struct tm *tm;
	time_t t, now;
	ssize_t n;

	if (iflag)
		printf("%llu ", (unsigned long long)e->st.st_ino);
	if (lflag) {
		modestr(e->st.st_mode, mode);
		printf("%s %2u ", mode, (unsigned int)e->st.st_nlink);
		if (!nflag && (pw = getpwuid(e->st.st_uid)) != NULL)
			printf("%-8s ", pw->pw_name);
		else
			printf("%-8u ", (unsigned int)e->st.st_uid);
		if (!nflag && (gr = getgrgid(e->st.st_gid)) != NULL)
			printf("%-8s ", gr->gr_name);
		else
			printf("%-8u ", (unsigned int)e->st.st_gid);
		if (S_ISCHR(e->st.st_mode) || S_ISBLK(e->st.st_mode))
			printf("%3u, %3u ", (unsigned int)(e->st.st_rdev >> 8) &
			    0xff, (unsigned int)e->st.st_rdev & 0xff);
		else
			printf("%8lld ", (long long)e->st.st_size);
		t = e->st.st_mtim.tv_sec;
		now = time(NULL);
		tm = localtime(&t);
		if (tm != NULL && t + 182 * 86400 > now && t < now + 86400)
			strftime(tbuf, sizeof(tbuf), "%b %e %H:%M", tm);
		else if (tm != NULL)
			strftime(tbuf, sizeof(tbuf), "%b %e  %Y", tm);
		else
			strcpy(tbuf, "?");
		printf("%s ", tbuf);
	}
	fputs(e->name, stdout);
	if (Fflag) {
		if (S_ISDIR(e->st.st_mode))
			putchar('/');
		else if (S_ISLNK(e->st.st_mode))
			putchar('@');
		else if (S_ISFIFO(e->st.st_mode))
			putchar('|');
		else if (S_ISSOCK(e->st.st_mode))
			putchar('=');
		else if (e->st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH))
			putchar('*');
	}
	if (lflag && S_ISLNK(e->st.st_mode) &&
	    (n = readlink(e->path, lnk, sizeof(lnk) - 1)) >= 0) {
		lnk[n] = '\0';
		printf(" -> %s", lnk);
	}
	putchar('\n');
}

static void list_dir(const char *, int);

static void
list_entries(struct entry *v, size_t n)
{
	size_t i;

	qsort(v, n, sizeof(*v), cmp);
	for (i = 0; i < n; i++)
		print_entry(&v[i]);
}

static void
list_dir(const char *path, int header)
{
	struct entry *v = NULL;
	struct dirent *d;
	size_t n = 0, cap = 0, i;
	long long blocks = 0;
	DIR *dp;

	if ((dp = opendir(path)) == NULL) {
		warn("%s", path);
		rval = 1;
		return;
	}
	while ((d = readdir(dp)) != NULL) {
		if (d->d_name[0] == '.' && !aflag && !Aflag)
			continue;
		if (Aflag && !aflag && (strcmp(d->d_name, ".") == 0 ||
		    strcmp(d->d_name, "..") == 0))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			v = realloc(v, cap * sizeof(*v));
			if (v == NULL)
				err(1, NULL);
		}
		v[n].name = strdup(d->d_name);
		if (asprintf(&v[n].path, "%s/%s", path, d->d_name) < 0)
			err(1, NULL);
		if (lstat(v[n].path, &v[n].st) < 0) {
			warn("%s", v[n].path);
			rval = 1;
			free(v[n].name);
			free(v[n].path);
			continue;
		}
		blocks += v[n].st.st_blocks;
		n++;
	}
	closedir(dp);
	if (header)
		printf("%s:\n", path);
	if (lflag)
		printf("total %lld\n", blocks / 2);
	list_entries(v, n);
	if (Rflag) {
		for (i = 0; i < n; i++) {
			if (S_ISDIR(v[i].st.st_mode) &&
			    strcmp(v[i].name, ".") != 0 &&
			    strcmp(v[i].name, "..") != 0) {
				putchar('\n');
				list_dir(v[i].path, 1);
			}
		}
	}
	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].path);
	}
	free(v);
}

int
main(int argc, char **argv)
{
	struct entry *files, *dirs;
	size_t nf = 0, nd = 0, i;
	int ch;
	struct stat st;

	while ((ch = getopt(argc, argv, "1AadFilnRrt")) != -1) {
		switch (ch) {
		case '1': break;
		case 'A': Aflag = 1; break;
		case 'a': aflag = 1; break;
		case 'd': dflag = 1; break;
		case 'F': Fflag = 1; break;
		case 'i': iflag = 1; break;
		case 'l': lflag = 1; break;
		case 'n': nflag = lflag = 1; break;
		case 'R': Rflag = 1; break;
		case 'r': rflag = 1; break;
		case 't': tflag = 1; break;
		default:
			fprintf(stderr,
			    "usage: ls [-1AadFilnRrt] [file ...]\n");
			exit(1);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		static char *dot[] = { ".", NULL };

		argv = dot;
		argc = 1;
	}
	files = calloc(argc, sizeof(*files));
	dirs = calloc(argc, sizeof(*dirs));
	if (files == NULL || dirs == NULL)
		err(1, NULL);
	for (i = 0; i < (size_t)argc; i++) {
		if ((lflag || dflag ? lstat(argv[i], &st) :
		    stat(argv[i], &st)) < 0 && lstat(argv[i], &st) < 0) {
			warn("%s", argv[i]);
			rval = 1;
			continue;
		}
		if (S_ISDIR(st.st_mode) && !dflag) {
			dirs[nd].name = argv[i];
			dirs[nd].path = argv[i];
			dirs[nd++].st = st;
		} else {
			files[nf].name = argv[i];
			files[nf].path = argv[i];
			files[nf++].st = st;
		}
	}
	list_entries(files, nf);
	qsort(dirs, nd, sizeof(*dirs), cmp);
	for (i = 0; i < nd; i++) {
		if (nf > 0 || i > 0)
			putchar('\n');
		list_dir(dirs[i].path, nf + nd > 1);
	}
	fflush(stdout);
	return (rval);
}
