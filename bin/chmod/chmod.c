/*
 * chmod(1): change file modes, octal or symbolic ([ugoa]*[+-=][rwxXst]*,
 * comma-separated); -R recurses, -v names each file, -f is quiet.
 * A mode such as `-w' or `-x' is a mode, not an option.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int Rflag, vflag, fflag;
static int rval;
static const char *modestr;

/* Apply a symbolic or octal mode to `old'; -1 if the mode is bad. */
static long
newmode(const char *s, mode_t old, int isdir)
{
	mode_t who, perm, m = old & 07777, mask;
	char *end;
	long v;
	int op;

	if (*s >= '0' && *s <= '7') {
		v = strtol(s, &end, 8);
		if (*end != '\0' || v < 0 || v > 07777)
			return (-1);
		return (v);
	}
	mask = umask(0);
	umask(mask);
	for (;;) {
		who = 0;
		for (; *s != '\0' && strchr("ugoa", *s) != NULL; s++) {
			switch (*s) {
			case 'u': who |= S_ISUID | S_IRWXU; break;
			case 'g': who |= S_ISGID | S_IRWXG; break;
			case 'o': who |= S_IRWXO; break;
			case 'a': who |= S_ISUID | S_ISGID | S_ISVTX | 0777;
				break;
			}
		}
		if (*s != '+' && *s != '-' && *s != '=')
			return (-1);
		while (*s == '+' || *s == '-' || *s == '=') {
			op = *s++;
			perm = 0;
			for (; *s != '\0' && strchr("rwxXstugo", *s) != NULL;
			    s++) {
				switch (*s) {
				case 'r': perm |= 0444; break;
				case 'w': perm |= 0222; break;
				case 'x': perm |= 0111; break;
				case 'X':
					if (isdir || (old & 0111))
						perm |= 0111;
					break;
				case 's': perm |= S_ISUID | S_ISGID; break;
				case 't': perm |= S_ISVTX; break;
				case 'u': perm |= (old & 0700) |
				    (old & 0700) >> 3 | (old & 0700) >> 6;
					break;
				case 'g': perm |= (old & 070) << 3 |
				    (old & 070) | (old & 070) >> 3;
					break;
				case 'o': perm |= (old & 07) << 6 |
				    (old & 07) << 3 | (old & 07);
					break;
				}
			}
			if (who == 0)
				perm &= ~mask | S_ISUID | S_ISGID | S_ISVTX;
			else
				perm &= who;
			if (who == 0 && (op == '=' ))
				who = 07777;
			switch (op) {
			case '+': m |= perm; break;
			case '-': m &= ~perm; break;
			case '=':
				m &= ~(who != 0 ? who & ~S_ISVTX : 07777);
				if (who == (S_ISUID | S_ISGID | S_ISVTX | 0777) ||
				    who == 07777)
					m &= ~S_ISVTX;
				m |= perm;
				break;
			}
		}
		if (*s == '\0')
			return (m);
		if (*s++ != ',')
			return (-1);
	}
}

static void
change(const char *path)
{
	struct stat st;
	struct dirent *d;
	DIR *dp;
	char *sub;
	long m;

	if (stat(path, &st) < 0) {
		if (!fflag)
			warn("%s", path);
		rval = 1;
		return;
	}
	m = newmode(modestr, st.st_mode, S_ISDIR(st.st_mode));
	if (m < 0)
		errx(1, "invalid file mode: %s", modestr);
	if (chmod(path, (mode_t)m) < 0) {
		if (!fflag)
			warn("%s", path);
		rval = 1;
	} else if (vflag)
		printf("%s\n", path);
	if (Rflag && S_ISDIR(st.st_mode) && (dp = opendir(path)) != NULL) {
		while ((d = readdir(dp)) != NULL) {
			if (strcmp(d->d_name, ".") == 0 ||
			    strcmp(d->d_name, "..") == 0)
				continue;
			if (asprintf(&sub, "%s/%s", path, d->d_name) < 0)
				err(1, NULL);
			change(sub);
			free(sub);
		}
		closedir(dp);
	}
}

int
main(int argc, char **argv)
{
	int ch, i, nopt;

	/*
	 * `chmod -w file', `chmod -x,o+r file': an argument that starts
	 * with `-' and a mode letter is the mode, not options (FreeBSD
	 * sorts this out in its getopt loop), so options end before it.
	 */
	nopt = argc;
	for (i = 1; i < argc; i++) {
		if (argv[i][0] != '-' || argv[i][1] == '\0' ||
		    strcmp(argv[i], "--") == 0)
			break;
		if (strchr("rwxXstugo", argv[i][1]) != NULL) {
			nopt = i;
			break;
		}
	}
	/*
	 * (getopt is not asked about an empty list: newlib's reads past
	 * it, and its optind is 0 until the first call.)
	 */
	while (nopt > 1 && (ch = getopt(nopt, argv, "fRv")) != -1) {
		switch (ch) {
		case 'f': fflag = 1; break;
		case 'R': Rflag = 1; break;
		case 'v': vflag = 1; break;
		default:
			goto usage;
		}
	}
	if (optind == 0)
		optind = 1;
	argc -= optind;
	argv += optind;
	if (argc < 2)
		goto usage;
	modestr = argv[0];
	if (newmode(modestr, 0, 0) < 0)
		errx(1, "invalid file mode: %s", modestr);
	for (argv++; *argv != NULL; argv++)
		change(*argv);
	return (rval);
usage:
	fprintf(stderr, "usage: chmod [-fRv] mode file ...\n");
	exit(1);
}
