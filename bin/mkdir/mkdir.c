/*
 * mkdir(1): make directories; -p makes missing parents (and is quiet
 * about directories that exist), -m sets the mode of the last.
 */
#include <sys/stat.h>
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
mkpath(char *path, mode_t mode)
{
	struct stat st;
	char *p;

	for (p = path + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		{
			char c = *p;

			*p = '\0';
			if (mkdir(path, *(p) == '\0' && c == '\0' ? mode :
			    0777) < 0) {
				if (errno != EEXIST || stat(path, &st) < 0 ||
				    !S_ISDIR(st.st_mode)) {
					if (errno == EEXIST)
						errno = ENOTDIR;
					warn("%s", path);
					*p = c;
					return (-1);
				}
			}
			*p = c;
			if (c == '\0')
				return (0);
		}
	}
}

int
main(int argc, char **argv)
{
	int ch, pflag = 0, vflag = 0, rval = 0;
	mode_t mode = 0777;
	char *end;
	long m;

	while ((ch = getopt(argc, argv, "m:pv")) != -1) {
		switch (ch) {
		case 'm':
			m = strtol(optarg, &end, 8);
			if (*optarg == '\0' || *end != '\0' || m < 0 ||
			    m > 07777)
				errx(1, "invalid file mode: %s", optarg);
			mode = (mode_t)m;
			break;
		case 'p': pflag = 1; break;
		case 'v': vflag = 1; break;
		default:
			fprintf(stderr, "usage: mkdir [-pv] [-m mode] "
			    "directory_name ...\n");
			exit(1);
		}
	}
	argv += optind;
	if (*argv == NULL) {
		fprintf(stderr,
		    "usage: mkdir [-pv] [-m mode] directory_name ...\n");
		exit(1);
	}
	for (; *argv != NULL; argv++) {
		if (pflag) {
			if (mkpath(*argv, mode) < 0)
				rval = 1;
			else if (vflag)
				printf("%s\n", *argv);
			continue;
		}
		if (mkdir(*argv, mode) < 0) {
			warn("%s", *argv);
			rval = 1;
		} else {
			if (mode != 0777)
				chmod(*argv, mode);
			if (vflag)
				printf("%s\n", *argv);
		}
	}
	return (rval);
}
