/*
 * uname(1): print system information.  -s name (the default), -n node,
 * -r release, -v version, -m machine, -p processor, -a all of them.
 */
#include <sys/utsname.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct utsname u;
	int ch, s = 0, n = 0, r = 0, v = 0, m = 0, p = 0, sp = 0;

	while ((ch = getopt(argc, argv, "amnprsv")) != -1) {
		switch (ch) {
		case 'a': s = n = r = v = m = 1; break;
		case 'm': m = 1; break;
		case 'n': n = 1; break;
		case 'p': p = 1; break;
		case 'r': r = 1; break;
		case 's': s = 1; break;
		case 'v': v = 1; break;
		default:
			fprintf(stderr, "usage: uname [-amnprsv]\n");
			exit(1);
		}
	}
	if (optind != argc) {
		fprintf(stderr, "usage: uname [-amnprsv]\n");
		exit(1);
	}
	if (!(s || n || r || v || m || p))
		s = 1;
	if (uname(&u) < 0)
		err(1, "uname");
#define OUT(f, x) do { if (f) { printf("%s%s", sp++ ? " " : "", x); } } while (0)
	OUT(s, u.sysname);
	OUT(n, u.nodename);
	OUT(r, u.release);
	OUT(v, u.version);
	OUT(m, u.machine);
#if defined(__x86_64__)
	OUT(p, "amd64");
#else
	OUT(p, "aarch64");
#endif
	printf("\n");
	return (0);
}
