/*
 * getopt as BSD and POSIX define it: it stops at the first operand
 * (no permuting), a lone "-" is an operand, "--" ends the options and
 * is skipped; getopt_long permutes as FreeBSD's does and also leaves a
 * lone "-" as an operand.  Unknown options and missing arguments give
 * '?' (':' with a leading colon; optopt names the option missing its
 * argument).  getopt_long_only takes long options after a single
 * "-" too, falling back to the short ones when no long name matches.
 */
#include <getopt.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

static struct option lonly[] = {
	{ "verbose",	no_argument,		NULL, 'v' },
	{ "version",	no_argument,		NULL, 'V' },
	{ "level",	required_argument,	NULL, 'l' },
	{ "all",	no_argument,		NULL, 'A' },
	{ NULL,		0,			NULL, 0 }
};
static char lonlyarg[32];

/* getopt_long_only over argv with lonly: the options as a string. */
static const char *
run_only(char **argv, const char *opts)
{
	static char got[32];
	int argc, c, n;

	for (argc = 0; argv[argc] != NULL; argc++)
		;
	optind = 0;
	opterr = 0;
	n = 0;
	lonlyarg[0] = '\0';
	while ((c = getopt_long_only(argc, argv, opts, lonly, NULL)) != -1 &&
	    n < 30) {
		got[n++] = (char)c;
		if (c == 'l' && optarg != NULL)
			strlcpy(lonlyarg, optarg, sizeof(lonlyarg));
	}
	got[n] = '\0';
	return (got);
}

/* The options getopt returns for argv (NULL-terminated), as a string. */
static const char *
run(char **argv, const char *opts)
{
	static char got[64];
	int argc, c, n;

	for (argc = 0; argv[argc] != NULL; argc++)
		;
	/*
	 * newlib's getopt restarts only when optind is 0 (setting it back
	 * to 1, BSD's way without optreset, keeps its position inside the
	 * previous argv element).
	 */
	optind = 0;
	opterr = 0;
	n = 0;
	while ((c = getopt(argc, argv, opts)) != -1 && n < 60)
		got[n++] = (char)c;
	got[n] = '\0';
	return (got);
}

int
main(void)
{
	char *a1[] = { "p", "-a", "file", "-b", NULL };
	char *a2[] = { "p", "-a", "-", "-b", NULL };
	char *a3[] = { "p", "-a", "--", "-b", NULL };
	char *a4[] = { "p", "-ab", "-x", NULL };
	char *a5[] = { "p", "-c", NULL };
	char *a6[] = { "p", "-cval", "-c", "v2", "x", NULL };
	char *l1[] = { "p", "file", "--flag", "-", "-a", NULL };
	struct option lo[] = { { "flag", no_argument, NULL, 'f' },
	    { NULL, 0, NULL, 0 } };
	int c, n;
	char got[16];

	is_str(run(a1, "ab"), "a", "getopt stops at the first operand");
	is_int(optind, 2, "getopt: optind at the operand");
	is_str(a1[3], "-b", "getopt: argv not permuted");
	is_str(run(a2, "ab"), "a", "getopt: a lone - is an operand");
	is_int(optind, 2, "getopt: optind at -");
	is_str(run(a3, "ab"), "a", "getopt: -- ends the options");
	is_int(optind, 3, "getopt: -- skipped");
	is_str(run(a4, "ab"), "ab?", "getopt: grouped flags, unknown -x");
	is_str(run(a5, "c:"), "?", "getopt: missing argument is ?");
	is_str(run(a5, ":c:"), ":", "getopt: missing argument is : after :");
	is_int(optopt, 'c', "getopt: optopt of missing argument");
	is_str(run(a6, "c:"), "cc", "getopt: -cval and -c val");
	is_int(optind, 4, "getopt: optind after -c v2");

	optind = 0;
	n = 0;
	while ((c = getopt_long(5, l1, "a", lo, NULL)) != -1 && n < 15)
		got[n++] = (char)c;
	got[n] = '\0';
	is_str(got, "fa", "getopt_long permutes past operands");
	is_int(optind, 3, "getopt_long: operands moved to the end");
	ok(optind == 3 && strcmp(l1[3], "file") == 0 &&
	    strcmp(l1[4], "-") == 0, "getopt_long: file and - are operands");

	{
		char *o1[] = { "p", "-verbose", "--all", NULL };
		char *o2[] = { "p", "-verb", "-al", NULL };
		char *o3[] = { "p", "-level=3", NULL };
		char *o4[] = { "p", "-level", "7", "x", NULL };
		char *o5[] = { "p", "-ab", NULL };
		char *o6[] = { "p", "-ver", NULL };
		char *o7[] = { "p", "-nosuch", NULL };
		char *o8[] = { "p", "-x", "-level", NULL };
		char *o9[] = { "p", "-a", NULL };
		char *o10[] = { "p", "--ver", "-a", NULL };

		is_str(run_only(o1, "ab"), "vA",
		    "getopt_long_only: -verbose and --all are long");
		is_str(run_only(o2, "ab"), "vA",
		    "getopt_long_only: unambiguous prefixes");
		is_str(run_only(o3, "ab"), "l",
		    "getopt_long_only: -level=3");
		is_str(lonlyarg, "3", "... its argument");
		is_str(run_only(o4, "ab"), "l",
		    "getopt_long_only: -level 7");
		is_str(lonlyarg, "7", "... its argument");
		is_int(optind, 3, "... optind at the operand");
		is_str(run_only(o5, "ab"), "ab",
		    "getopt_long_only: no long match: short options");
		is_str(run_only(o6, "ab"), "?",
		    "getopt_long_only: an ambiguous prefix is ?");
		is_str(run_only(o7, "ab"), "?",
		    "getopt_long_only: an unknown name is ?");
		is_str(run_only(o8, "x"), "x?",
		    "getopt_long_only: missing argument is ?");
		is_str(run_only(o9, "ab"), "a",
		    "getopt_long_only: -a is the short option, not --all");
		is_str(run_only(o10, "ab"), "?a",
		    "an ambiguous --ver is passed over whole");
	}
	return (done());
}
