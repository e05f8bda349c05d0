/*
 * ARM PL031 real-time clock: read once at boot for the wall clock.  Its
 * data register counts seconds since the Epoch (QEMU's virt board starts
 * it at the host's time), which is just what bootinfo.bi_rtc_sec wants;
 * the kernel keeps time from the generic timer after that, so nothing
 * here is ever written or interrupted.
 */
#include <sys/systm.h>
#include <machine/machdep.h>

#define RTC_DR		0x00		/* data: seconds since the Epoch */
#define RTC_CR		0x0c		/* control: bit 0 starts the count */
#define  CR_START	0x01
#define RTC_PERIPHID0	0xfe0		/* 0x31 for a PL031 */

/* Seconds since the Epoch, or 0 when the device is not there or stopped. */
uint64_t
pl031_read(vm_offset_t va)
{
	volatile uint32_t *r = (volatile uint32_t *)va;

	if (va == 0 || (r[RTC_PERIPHID0 / 4] & 0xff) != 0x31 ||
	    (r[RTC_CR / 4] & CR_START) == 0)
		return (0);
	return (r[RTC_DR / 4]);
}
