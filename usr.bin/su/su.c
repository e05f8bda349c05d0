/*
 * su(1): run a shell or a command as another user.
 *
 * `su [-] [-l] [-m] [login [-c command]]'.  Petrel has no passwords
 * yet (every account in /etc/passwd is locked with `*'), so su works
 * for the super-user only: it is how root, and the regress suite, run
 * something as an unprivileged user.  Anyone else is refused with
 * "Sorry", as a locked account would refuse them on any BSD.
 *
 * The target's groups come from /etc/group (setgroups), then setgid,
 * then setuid, in that order so the privilege to change groups is not
 * dropped first.  -l (or -) starts a login shell in the user's home
 * with a clean environment; -m keeps the caller's environment.
 */
#include <sys/types.h>
#include <err.h>
#include <errno.h>
#include <grp.h>
#include <paths.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define	NGRPS	16

extern char **environ;
/* lib/libc/gen/pwd.c has it; newlib's <unistd.h> does not declare it. */
int	getgrouplist(const char *, gid_t, gid_t *, int *);
static char *emptyenv[1];

static void
usage(void)
{
	fprintf(stderr, "usage: su [-] [-lm] [login [-c command]]\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	struct passwd *pw;
	gid_t groups[NGRPS];
	const char *user = "root", *shell, *cmd = NULL, *p;
	char *sharg0, *nargv[5];
	int lflag = 0, mflag = 0, ngroups = NGRPS, n = 0;

	/*
	 * Options come before the login name; what follows it is the
	 * shell's (-c command), so scan by hand rather than let getopt
	 * go looking for options among the command's words.
	 */
	for (argv++, argc--; argc > 0 && argv[0][0] == '-'; argv++, argc--) {
		if (strcmp(argv[0], "-") == 0 || strcmp(argv[0], "-l") == 0)
			lflag = 1;
		else if (strcmp(argv[0], "-m") == 0)
			mflag = 1;
		else if (strcmp(argv[0], "-lm") == 0 ||
		    strcmp(argv[0], "-ml") == 0)
			lflag = mflag = 1;
		else if (strcmp(argv[0], "--") == 0) {
			argv++;
			argc--;
			break;
		} else if (strcmp(argv[0], "-c") == 0)
			break;
		else
			usage();
	}
	if (argc > 0 && strcmp(argv[0], "-c") != 0) {
		user = argv[0];
		argc--;
		argv++;
	}
	if (argc > 0) {
		if (argc != 2 || strcmp(argv[0], "-c") != 0)
			usage();
		cmd = argv[1];
	}

	if ((pw = getpwnam(user)) == NULL)
		errx(1, "unknown login: %s", user);
	if (getuid() != 0) {
		fprintf(stderr, "su: Sorry\n");
		exit(1);
	}
	if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &ngroups) < 0)
		ngroups = NGRPS;
	if (setgroups(ngroups, groups) < 0)
		err(1, "setgroups");
	if (setgid(pw->pw_gid) < 0)
		err(1, "setgid");
	if (setuid(pw->pw_uid) < 0)
		err(1, "setuid");

	shell = pw->pw_shell[0] != '\0' ? pw->pw_shell : _PATH_BSHELL;
	if (mflag && getenv("SHELL") != NULL)
		shell = getenv("SHELL");
	if (lflag) {
		const char *term = getenv("TERM");

		if (!mflag) {
			char *path = getenv("PATH");

			path = path != NULL ? strdup(path) : NULL;
			environ = emptyenv;
			setenv("PATH", path != NULL ? path :
			    "/bin:/sbin:/usr/bin:/usr/sbin", 1);
			if (term != NULL)
				setenv("TERM", term, 1);
		}
		if (chdir(pw->pw_dir) < 0)
			warn("no home directory %s", pw->pw_dir);
	}
	if (!mflag) {
		setenv("HOME", pw->pw_dir, 1);
		setenv("SHELL", shell, 1);
		setenv("USER", pw->pw_name, 1);
		setenv("LOGNAME", pw->pw_name, 1);
	}

	p = strrchr(shell, '/');
	p = p != NULL ? p + 1 : shell;
	if (asprintf(&sharg0, "%s%s", lflag ? "-" : "", p) < 0)
		err(1, NULL);
	nargv[n++] = sharg0;
	if (cmd != NULL) {
		nargv[n++] = "-c";
		nargv[n++] = (char *)cmd;
	}
	nargv[n] = NULL;
	execv(shell, nargv);
	err(1, "%s", shell);
}
