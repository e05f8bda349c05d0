/*
 * getloadavg(3): the 1, 5 and 15 minute load averages from the sysctl
 * vm.loadavg (a struct loadavg: three fixed-point values and their
 * scale), as FreeBSD reads them.  Fills at most 3 entries and returns
 * how many; -1 when nelem is negative or the kernel has no vm.loadavg
 * (Petrel's kernel does not keep load averages yet, so today this
 * always returns -1).
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <errno.h>
#include <stdlib.h>

struct loadavg_abi {
	uint32_t	ldavg[3];	/* fixpt_t */
	long		fscale;
};

int
getloadavg(double loadavg[], int nelem)
{
	struct loadavg_abi la;
	size_t len;
	int i;

	if (nelem < 0) {
		errno = EINVAL;
		return (-1);
	}
	len = sizeof(la);
	if (sysctlbyname("vm.loadavg", &la, &len, NULL, 0) == -1 ||
	    len != sizeof(la) || la.fscale <= 0)
		return (-1);
	if (nelem > 3)
		nelem = 3;
	for (i = 0; i < nelem; i++)
		loadavg[i] = (double)la.ldavg[i] / la.fscale;
	return (nelem);
}
