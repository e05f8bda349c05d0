/*
 * kern_shim.c: the few kernel globals and services that machine-
 * independent kernel files expect from the rest of the kernel, provided
 * for host unit tests.  Compiled with the kernel's headers (like the
 * kernel files under test), linked into host programs beside them.
 * Console output is captured in a buffer a test can read back.
 */
#include <sys/systm.h>
#include <sys/globaldata.h>

#include "kern_shim.h"

struct globaldata cpu_globaldata[SMP_MAXCPU];
const char *panicstr;

char	shim_cons_buf[SHIM_CONS_SIZE];
size_t	shim_cons_len;

void
cons_putc(int c)
{
	if (shim_cons_len < SHIM_CONS_SIZE - 1) {
		shim_cons_buf[shim_cons_len++] = (char)c;
		shim_cons_buf[shim_cons_len] = '\0';
	}
}
