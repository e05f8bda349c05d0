/*
 * chown(8) and chgrp(1): change the owner and group of files.
 *
 * `chown [-fhRv] owner[:group] file ...', `chown :group file ...' and
 * `chgrp [-fhRv] group file ...'.  Names are looked up in /etc/passwd
 * and /etc/group; a name that is all digits is taken as a number.  -R
 * walks directories (not following symbolic links below the top), -h
 * changes a symbolic link itself, -f keeps quiet about failures, -v
 * names each file changed.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int	fflag, hflag, Rflag, vflag, ischgrp, rval;
static uid_t	uid = (uid_t)-1;
static gid_t	gid = (gid_t)-1;

static void
usage(void)
{
	if (ischgrp)
		fprintf(stderr, "usage: chgrp [-fhRv] group file ...\n");
	else
		fprintf(stderr, "usage: chown [-fhRv] owner[:group] file ...\n"
		    "       chown [-fhRv] :group file ...\n");
	exit(1);
}

static int
isnumber(const char *s)
{
	if (*s == '\0')
		return (0);
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return (0);
	return (1);
}

static uid_t
a_uid(const char *s)
{
	struct passwd *pw;
	const char *errstr;
	uid_t u;

	if ((pw = getpwnam(s)) != NULL)
		return (pw->pw_uid);
	if (!isnumber(s))
		errx(1, "%s: illegal user name", s);
	u = strtonum(s, 0, UINT32_MAX - 1, &errstr);
	if (errstr != NULL)
		errx(1, "%s: illegal user name", s);
	return (u);
}

static gid_t
a_gid(const char *s)
{
	struct group *gr;
	const char *errstr;
	gid_t g;

	if ((gr = getgrnam(s)) != NULL)
		return (gr->gr_gid);
	if (!isnumber(s))
		errx(1, "%s: illegal group name", s);
	g = strtonum(s, 0, UINT32_MAX - 1, &errstr);
	if (errstr != NULL)
		errx(1, "%s: illegal group name", s);
	return (g);
}

static void
change(const char *path, int top)
{
	struct stat sb;
	int r, nofollow = hflag || !top;

	r = nofollow ? lstat(path, &sb) : stat(path, &sb);
	if (r < 0) {
		if (!fflag)
			warn("%s", path);
		rval = 1;
		return;
	}
	r = nofollow ? lchown(path, uid, gid) : chown(path, uid, gid);
	if (r < 0) {
		if (!fflag)
			warn("%s", path);
		rval = 1;
	} else if (vflag)
		printf("%s\n", path);

	if (Rflag && S_ISDIR(sb.st_mode)) {
		DIR *d;
		struct dirent *de;
		char sub[PATH_MAX];

		if ((d = opendir(path)) == NULL) {
			if (!fflag)
				warn("%s", path);
			rval = 1;
			return;
		}
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", path,
			    de->d_name) >= sizeof(sub)) {
				warnx("%s/%s: %s", path, de->d_name,
				    strerror(ENAMETOOLONG));
				rval = 1;
				continue;
			}
			change(sub, 0);
		}
		closedir(d);
	}
}

int
main(int argc, char **argv)
{
	const char *p;
	char *spec, *colon;
	int ch;

	p = strrchr(argv[0], '/');
	ischgrp = strcmp(p != NULL ? p + 1 : argv[0], "chgrp") == 0;

	while ((ch = getopt(argc, argv, "fhRv")) != -1) {
		switch (ch) {
		case 'f': fflag = 1; break;
		case 'h': hflag = 1; break;
		case 'R': Rflag = 1; break;
		case 'v': vflag = 1; break;
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2)
		usage();

	spec = argv[0];
	if (ischgrp)
		gid = a_gid(spec);
	else {
		if ((colon = strchr(spec, ':')) == NULL)
			colon = strchr(spec, '.');
		if (colon != NULL) {
			*colon++ = '\0';
			if (*colon != '\0')
				gid = a_gid(colon);
		}
		if (*spec != '\0')
			uid = a_uid(spec);
	}
	for (argv++; *argv != NULL; argv++)
		change(*argv, 1);
	return (rval);
}
