/*
 * libc gen: getopt, getopt_long, basename/dirname, fnmatch, realpath,
 * getpwnam/getpwuid/getgrnam from /etc, sysctlbyname of kern.ostype,
 * uname, regcomp/regexec.
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <sys/utsname.h>
#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

int
main(void)
{
	char *av[] = { "prog", "-a", "-b", "val", "file", NULL };
	char *lav[] = { "prog", "--name=x", "--flag", "rest", NULL };
	struct option lopts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "flag", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 } };
	char path[PATH_MAX], p1[] = "/usr/lib/libc.a", p2[] = "/usr/lib/libc.a";
	char ostype[64];
	size_t len;
	int c, aflag = 0, fflag = 0;
	const char *barg = NULL, *name = NULL;
	struct passwd *pw;
	struct group *gr;
	struct utsname u;
	regex_t re;
	regmatch_t m[2];

	while ((c = getopt(5, av, "ab:")) != -1) {
		if (c == 'a')
			aflag = 1;
		else if (c == 'b')
			barg = optarg;
	}
	ok(aflag && barg != NULL && strcmp(barg, "val") == 0 && optind == 4,
	    "getopt");
	optind = 1;
	while ((c = getopt_long(4, lav, "", lopts, NULL)) != -1) {
		if (c == 'n')
			name = optarg;
		else if (c == 'f')
			fflag = 1;
	}
	ok(name != NULL && strcmp(name, "x") == 0 && fflag && optind == 3,
	    "getopt_long");
	is_str(basename(p1), "libc.a", "basename");
	is_str(dirname(p2), "/usr/lib", "dirname");
	is_int(fnmatch("*.c", "main.c", 0), 0, "fnmatch star");
	is_int(fnmatch("[a-c]?", "bz", 0), 0, "fnmatch bracket");
	is_int(fnmatch("*.c", ".hidden.c", FNM_PERIOD), FNM_NOMATCH,
	    "fnmatch FNM_PERIOD");
	ok(realpath("/usr/../usr/./lib", path) != NULL &&
	    strcmp(path, "/usr/lib") == 0, "realpath");
	errno = 0;
	ok(realpath("/nonexistent/x", path) == NULL && errno == ENOENT,
	    "realpath missing: ENOENT");
	pw = getpwnam("root");
	ok(pw != NULL && pw->pw_uid == 0 && strcmp(pw->pw_dir, "/root") == 0,
	    "getpwnam root");
	pw = getpwuid(1001);
	ok(pw != NULL && strcmp(pw->pw_name, "user") == 0, "getpwuid 1001");
	ok(getpwnam("nosuchuser") == NULL, "getpwnam unknown");
	gr = getgrnam("wheel");
	ok(gr != NULL && gr->gr_gid == 0 && gr->gr_mem[0] != NULL &&
	    strcmp(gr->gr_mem[0], "root") == 0, "getgrnam wheel");
	len = sizeof(ostype);
	ok(sysctlbyname("kern.ostype", ostype, &len, NULL, 0) == 0 &&
	    strcmp(ostype, "Petrel") == 0, "sysctlbyname kern.ostype");
	errno = 0;
	len = sizeof(ostype);
	ok(sysctlbyname("no.such.node", ostype, &len, NULL, 0) == -1 &&
	    errno == ENOENT, "sysctlbyname unknown: ENOENT");
	ok(uname(&u) == 0 && strcmp(u.sysname, "Petrel") == 0, "uname");
	ok(regcomp(&re, "^a\\(b*\\)c$", 0) == 0, "regcomp basic");
	ok(regexec(&re, "abbbc", 2, m, 0) == 0 && m[1].rm_so == 1 &&
	    m[1].rm_eo == 4, "regexec subexpression");
	ok(regexec(&re, "abd", 0, NULL, 0) == REG_NOMATCH, "regexec no match");
	regfree(&re);
	ok(regcomp(&re, "x(y|z)+$", REG_EXTENDED) == 0 &&
	    regexec(&re, "wxyzy", 0, NULL, 0) == 0, "regcomp extended");
	regfree(&re);
	return (done());
}
