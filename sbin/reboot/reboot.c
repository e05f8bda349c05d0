/*
 * reboot, halt, poweroff (one program, three names): sync the file
 * systems and stop the machine through reboot(2).
 *
 *	reboot [-nq]		restart
 *	halt [-npq]		stop (-p: power off)
 *	poweroff [-nq]		power off
 *
 * -n skips the sync; -q is accepted for FreeBSD's sake (there is no
 * slower, signal-init path to skip).
 */
#include <sys/types.h>
#include <sys/reboot.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
usage(const char *name)
{
	fprintf(stderr, "usage: %s [-n%sq]\n", name,
	    strcmp(name, "halt") == 0 ? "p" : "");
	exit(1);
}

int
main(int argc, char **argv)
{
	const char *name;
	int ch, howto, nosync = 0;

	name = getprogname();
	if (strcmp(name, "halt") == 0)
		howto = RB_HALT;
	else if (strcmp(name, "poweroff") == 0)
		howto = RB_POWEROFF;
	else
		howto = RB_AUTOBOOT;
	while ((ch = getopt(argc, argv, "npq")) != -1) {
		switch (ch) {
		case 'n':
			nosync = 1;
			break;
		case 'p':
			if (howto != RB_HALT)
				usage(name);
			howto = RB_POWEROFF;
			break;
		case 'q':
			break;
		default:
			usage(name);
		}
	}
	if (optind != argc)
		usage(name);
	if (geteuid() != 0)
		errx(1, "Operation not permitted");
	if (nosync)
		howto |= RB_NOSYNC;
	else
		sync();
	reboot(howto);
	err(1, "reboot");
}
