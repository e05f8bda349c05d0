/*
 * date(1): print the date, or with `-u' in UTC, in the default format or
 * +format (strftime); -r seconds shows that time, -r file (anything not
 * a number, as FreeBSD's) the file's modification time; as root
 * date [[[[cc]yy]mm]dd]HH]MM[.ss] sets the clock; with -j that time is
 * only converted and printed, the clock is left alone.
 */
#include <sys/stat.h>
#include <sys/time.h>
#include <ctype.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int
setdate(const char *s, time_t *tp, int uflag, int jflag)
{
	struct tm tm, *cur;
	struct timeval tv;
	const char *dot;
	size_t n;
	int v[6], nv, i;

	cur = uflag ? gmtime(tp) : localtime(tp);
	tm = *cur;
	tm.tm_sec = 0;
	dot = strchr(s, '.');
	n = dot != NULL ? (size_t)(dot - s) : strlen(s);
	if (n % 2 != 0 || n < 4 || n > 12)
		return (-1);
	for (i = 0; s[i] != '\0'; i++)
		if (!isdigit((unsigned char)s[i]) && s + i != dot)
			return (-1);
	nv = (int)n / 2;
	for (i = 0; i < nv; i++)
		v[i] = (s[2 * i] - '0') * 10 + (s[2 * i + 1] - '0');
	tm.tm_min = v[nv - 1];
	tm.tm_hour = v[nv - 2];
	if (nv >= 3)
		tm.tm_mday = v[nv - 3];
	if (nv >= 4)
		tm.tm_mon = v[nv - 4] - 1;
	if (nv == 5)
		tm.tm_year = v[0] < 69 ? v[0] + 100 : v[0];
	if (nv == 6)
		tm.tm_year = v[0] * 100 + v[1] - 1900;
	if (dot != NULL && strlen(dot + 1) == 2)
		tm.tm_sec = atoi(dot + 1);
	tm.tm_isdst = -1;
	tv.tv_sec = mktime(&tm);
	tv.tv_usec = 0;
	if (tv.tv_sec == -1)
		return (-1);
	*tp = tv.tv_sec;
	/* -j only converts and prints; it never touches the clock. */
	if (!jflag && settimeofday(&tv, NULL) < 0)
		err(1, "settimeofday");
	return (0);
}

int
main(int argc, char **argv)
{
	const char *fmt = "%a %b %e %H:%M:%S %Z %Y";
	char buf[1024];
	struct tm *tm;
	time_t t;
	int ch, jflag = 0, uflag = 0, rflag = 0;
	char *end;

	t = time(NULL);
	while ((ch = getopt(argc, argv, "jr:u")) != -1) {
		switch (ch) {
		case 'j': jflag = 1; break;
		case 'r':
			t = (time_t)strtoll(optarg, &end, 0);
			if (*optarg == '\0' || *end != '\0') {
				struct stat st;

				if (stat(optarg, &st) < 0)
					err(1, "%s", optarg);
				t = st.st_mtime;
			}
			rflag = 1;
			break;
		case 'u':
			uflag = 1;
			setenv("TZ", "UTC", 1);
			break;
		default:
			goto usage;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 0 && argv[0][0] != '+') {
		if (rflag || setdate(argv[0], &t, uflag, jflag) < 0)
			errx(1, "illegal time format");
		if (!jflag)
			t = time(NULL);
		argc--;
		argv++;
	}
	if (argc > 0) {
		if (argv[0][0] != '+' || argc > 1)
			goto usage;
		fmt = argv[0] + 1;
	}
	tm = uflag ? gmtime(&t) : localtime(&t);
	if (tm == NULL)
		errx(1, "time out of range");
	if (uflag && strstr(fmt, "%Z") != NULL) {
		/* newlib's %Z is empty without TZ rules; say UTC. */
		char f2[512], *p;
		size_t k = 0;

		for (p = (char *)fmt; *p != '\0' && k < sizeof(f2) - 4; p++) {
			if (p[0] == '%' && p[1] == 'Z') {
				memcpy(f2 + k, "UTC", 3);
				k += 3;
				p++;
			} else
				f2[k++] = *p;
		}
		f2[k] = '\0';
		strftime(buf, sizeof(buf), f2, tm);
	} else
		strftime(buf, sizeof(buf), fmt, tm);
	printf("%s\n", buf);
	return (0);
usage:
	fprintf(stderr, "usage: date [-ju] [-r seconds | -r file] "
	    "[[[[[cc]yy]mm]dd]HH]MM[.ss]] [+format]\n");
	exit(1);
}
