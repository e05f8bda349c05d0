/*
 * uniq(1): collapse adjacent repeated lines.  -c prefix counts, -d only
 * repeated lines, -u only unique lines, -i ignore case, -f n skip
 * fields, -s n skip characters.
 */
#include <ctype.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cflag, dflag, uflag, iflag, nfields, nchars;

static const char *
skip(const char *s)
{
	int i;

	for (i = 0; i < nfields; i++) {
		while (isblank((unsigned char)*s))
			s++;
		while (*s != '\0' && !isblank((unsigned char)*s))
			s++;
	}
	for (i = 0; i < nchars && *s != '\0'; i++)
		s++;
	return (s);
}

static void
show(FILE *out, const char *line, long long count)
{
	if ((dflag && count < 2) || (uflag && count > 1))
		return;
	if (cflag)
		fprintf(out, "%4lld %s", count, line);
	else
		fputs(line, out);
}

int
main(int argc, char **argv)
{
	char *prev = NULL, *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long long count = 0;
	FILE *in = stdin, *out = stdout;
	int ch, same;

	while ((ch = getopt(argc, argv, "cdf:is:u")) != -1) {
		switch (ch) {
		case 'c': cflag = 1; break;
		case 'd': dflag = 1; break;
		case 'f': nfields = atoi(optarg); break;
		case 'i': iflag = 1; break;
		case 's': nchars = atoi(optarg); break;
		case 'u': uflag = 1; break;
		default:
			fprintf(stderr, "usage: uniq [-c | -d | -u] [-i] "
			    "[-f fields] [-s chars] [input [output]]\n");
			exit(1);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 0 && strcmp(argv[0], "-") != 0 &&
	    (in = fopen(argv[0], "r")) == NULL)
		err(1, "%s", argv[0]);
	if (argc > 1 && (out = fopen(argv[1], "w")) == NULL)
		err(1, "%s", argv[1]);
	while ((n = getline(&line, &cap, in)) > 0) {
		if (line[n - 1] != '\n') {
			line = realloc(line, n + 2);
			line[n] = '\n';
			line[n + 1] = '\0';
		}
		if (prev != NULL) {
			same = iflag ? strcasecmp(skip(prev), skip(line)) == 0 :
			    strcmp(skip(prev), skip(line)) == 0;
			if (same) {
				count++;
				continue;
			}
			show(out, prev, count);
			free(prev);
		}
		prev = strdup(line);
		count = 1;
	}
	if (prev != NULL)
		show(out, prev, count);
	fflush(out);
	return (0);
}
