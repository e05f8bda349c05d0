/*
 * Arguments to reboot(2) and kern_reboot(): what to do when the system
 * stops.  FreeBSD's values.
 */
#ifndef _SYS_REBOOT_H_
#define _SYS_REBOOT_H_

#define RB_AUTOBOOT	0x000	/* reboot */
#define RB_ASKNAME	0x001
#define RB_SINGLE	0x002
#define RB_NOSYNC	0x004	/* do not sync file systems */
#define RB_HALT		0x008	/* halt (Petrel: power off with status) */
#define RB_INITNAME	0x010
#define RB_DFLTROOT	0x020
#define RB_KDB		0x040
#define RB_RDONLY	0x080
#define RB_DUMP		0x100
#define RB_POWEROFF	0x4000	/* power off */

/*
 * Petrel: with RB_HALT or RB_POWEROFF, bits 24-31 of reboot(2)'s
 * argument carry the exit status handed to the host (kern_reboot's
 * status); init uses it to report the regress suite's result.
 */
#define RB_STATUS(n)	(((n) & 0xff) << 24)
#define RB_GETSTATUS(howto)	(((unsigned int)(howto) >> 24) & 0xff)

#ifndef _KERNEL
int	reboot(int);
#endif

#endif /* !_SYS_REBOOT_H_ */
