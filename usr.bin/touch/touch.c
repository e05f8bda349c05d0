/*
 * touch(1): set file access and modification times to now (or -r file's,
 * or -t [[CC]YY]MMDDhhmm[.SS]), creating files unless -c; -a/-m set only
 * one of the times.
 */
#include <sys/stat.h>
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int
parse_t(const char *s, struct timespec *ts)
{
	struct tm tm;
	time_t now = time(NULL);
	const char *dot = strchr(s, '.');
	size_t n = dot != NULL ? (size_t)(dot - s) : strlen(s), i;
	int v[6], nv;

	tm = *localtime(&now);
	tm.tm_sec = 0;
	if (n != 8 && n != 10 && n != 12)
		return (-1);
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return (-1);
	nv = (int)n / 2;
	for (i = 0; i < (size_t)nv; i++)
		v[i] = (s[2 * i] - '0') * 10 + (s[2 * i + 1] - '0');
	i = 0;
	if (nv == 6) {
		tm.tm_year = v[0] * 100 + v[1] - 1900;
		i = 2;
	} else if (nv == 5) {
		tm.tm_year = v[0] < 69 ? v[0] + 100 : v[0];
		i = 1;
	}
	tm.tm_mon = v[i] - 1;
	tm.tm_mday = v[i + 1];
	tm.tm_hour = v[i + 2];
	tm.tm_min = v[i + 3];
	if (dot != NULL) {
		if (strlen(dot + 1) != 2 || !isdigit((unsigned char)dot[1]) ||
		    !isdigit((unsigned char)dot[2]))
			return (-1);
		tm.tm_sec = atoi(dot + 1);
	}
	/* Out of range (month 13, 25 o'clock, Feb 30): an error, not a
	 * date mktime would move on to. */
	if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 60)
		return (-1);
	v[0] = tm.tm_mday;
	tm.tm_isdst = -1;
	ts[0].tv_sec = ts[1].tv_sec = mktime(&tm);
	if (tm.tm_mday != v[0])
		return (-1);
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	return (ts[0].tv_sec == -1 ? -1 : 0);
}

int
main(int argc, char **argv)
{
	struct timespec ts[2];
	struct stat st;
	int ch, aflag = 0, mflag = 0, cflag = 0, rval = 0, fd;

	ts[0].tv_sec = ts[1].tv_sec = 0;
	ts[0].tv_nsec = ts[1].tv_nsec = UTIME_NOW;
	while ((ch = getopt(argc, argv, "acfmr:t:")) != -1) {
		switch (ch) {
		case 'a': aflag = 1; break;
		case 'c': cflag = 1; break;
		case 'f': break;
		case 'm': mflag = 1; break;
		case 'r':
			if (stat(optarg, &st) < 0)
				err(1, "%s", optarg);
			ts[0] = st.st_atim;
			ts[1] = st.st_mtim;
			break;
		case 't':
			if (parse_t(optarg, ts) < 0)
				errx(1, "out of range or illegal time "
				    "specification: [[CC]YY]MMDDhhmm[.SS]");
			break;
		default:
			goto usage;
		}
	}
	argv += optind;
	if (*argv == NULL)
		goto usage;
	if (aflag && !mflag)
		ts[1].tv_nsec = UTIME_OMIT;
	if (mflag && !aflag)
		ts[0].tv_nsec = UTIME_OMIT;
	for (; *argv != NULL; argv++) {
		if (stat(*argv, &st) < 0) {
			if (cflag)
				continue;
			if ((fd = open(*argv, O_WRONLY | O_CREAT, 0666)) < 0) {
				warn("%s", *argv);
				rval = 1;
				continue;
			}
			close(fd);
		}
		if (utimensat(AT_FDCWD, *argv, ts, 0) < 0) {
			warn("%s", *argv);
			rval = 1;
		}
	}
	return (rval);
usage:
	fprintf(stderr, "usage: touch [-acfm] [-r file] "
	    "[-t [[CC]YY]MMDDhhmm[.SS]] file ...\n");
	exit(1);
}
