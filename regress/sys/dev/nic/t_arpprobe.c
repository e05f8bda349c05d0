/*
 * t_arpprobe: the Ethernet drivers below any TCP/IP.  Every NIC the PCI
 * bus lists must have attached (hw.pci.devices names it), the interfaces
 * must be as many as the harness gave the machine (hw.nic.expect, from
 * nic.expect= on the command line), and on each one hw.nic.arpprobe
 * must get QEMU's user-net gateway (10.0.2.2, MAC 52:55:0a:00:02:02) to
 * answer an ARP request: a frame out through the transmit ring and one
 * back through the receive ring and the interrupt path, with the
 * interface counters moving accordingly; hw.nic.stats must then show
 * no errors and interrupts taken (not only the service thread's
 * once-a-second poll).  Then the probe's bad inputs:
 * unknown and malformed names, a read-only call, a bad buffer, a caller
 * without privilege.
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

/* Must match struct nic_arpprobe in sys/dev/netif/if_nicvar.h. */
struct nic_arpprobe {
	char		ap_ifname[16];
	int		ap_error;
	int		ap_tries;
	uint8_t		ap_lladdr[6];
	uint8_t		ap_gwaddr[6];
	uint32_t	ap_usec;
	int		ap_link;
	uint64_t	ap_opackets[2], ap_ipackets[2];
	uint64_t	ap_obytes[2], ap_ibytes[2];
};

#define LINK_STATE_UP	2

static const uint8_t gwmac[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };

static int
probe(const char *ifname, struct nic_arpprobe *ap, size_t *lenp)
{
	size_t len = sizeof(*ap);
	int r;

	memset(ap, 0, sizeof(*ap));
	r = sysctlbyname("hw.nic.arpprobe", ap, &len, ifname, strlen(ifname));
	if (lenp != NULL)
		*lenp = len;
	return (r == 0 ? 0 : errno);
}

static int
probe_errno(const void *new, size_t newlen, void *old, size_t oldlen)
{
	size_t len = oldlen;

	if (sysctlbyname("hw.nic.arpprobe", old, &len, new, newlen) == 0)
		return (0);
	return (errno);
}

/* Counter `key' of interface `ifname' in hw.nic.stats, or -1. */
static long long
nic_stat(const char *ifname, const char *key)
{
	static char stats[8192];
	char pfx[32], k[40], *l, *v;
	size_t len = sizeof(stats);

	if (sysctlbyname("hw.nic.stats", stats, &len, NULL, 0) != 0)
		return (-1);
	snprintf(pfx, sizeof(pfx), "%s: ", ifname);
	for (l = stats; l != NULL && *l != '\0'; l = strchr(l, '\n')) {
		if (*l == '\n')
			l++;
		if (strncmp(l, pfx, strlen(pfx)) != 0)
			continue;
		snprintf(k, sizeof(k), " %s ", key);
		v = strstr(l, k);
		if (v == NULL || (strchr(l, '\n') != NULL &&
		    v > strchr(l, '\n')))
			return (-1);
		return (strtoll(v + strlen(k), NULL, 10));
	}
	return (-1);
}

/* Count the NIC functions in hw.pci.devices and the unclaimed ones. */
static void
pci_nics(const char *devs, int *nics, int *unclaimed)
{
	const char *l = devs, *nl;
	char line[256];
	size_t n;

	*nics = *unclaimed = 0;
	while (*l != '\0') {
		nl = strchr(l, '\n');
		n = nl != NULL ? (size_t)(nl - l) : strlen(l);
		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, l, n);
		line[n] = '\0';
		if ((strstr(line, "vendor=0x8086 device=0x100e") != NULL) ||
		    (strstr(line, "vendor=0x1af4 device=0x1000") != NULL) ||
		    (strstr(line, "vendor=0x1af4 device=0x1041") != NULL)) {
			(*nics)++;
			if (strncmp(line, "none", 4) == 0)
				(*unclaimed)++;
		}
		l += n;
		if (*l == '\n')
			l++;
	}
}

int
main(void)
{
	static char devs[16384];
	char list[256], name[64], *p, *save;
	struct nic_arpprobe ap;
	size_t len;
	int expect = -1, nics, unclaimed, nif = 0, err, st;
	pid_t pid;

	len = sizeof(devs);
	ok(sysctlbyname("hw.pci.devices", devs, &len, NULL, 0) == 0 &&
	    len > 0 && devs[len - 1] == '\0', "hw.pci.devices reads");
	ok(strstr(devs, "@pci0:0:0:0:\tclass=0x06") != NULL,
	    "hw.pci.devices lists the host bridge at 0:0:0");
	pci_nics(devs, &nics, &unclaimed);
	is_int(unclaimed, 0, "every NIC function on PCI has a driver");

	len = sizeof(expect);
	ok(sysctlbyname("hw.nic.expect", &expect, &len, NULL, 0) == 0,
	    "hw.nic.expect reads");
	len = sizeof(list);
	ok(sysctlbyname("hw.nic.list", list, &len, NULL, 0) == 0,
	    "hw.nic.list reads");
	for (p = strtok_r(list, " ", &save); p != NULL;
	    p = strtok_r(NULL, " ", &save)) {
		nif++;
		err = probe(p, &ap, &len);
		snprintf(name, sizeof(name), "%s: arpprobe succeeds", p);
		if (!is_int(err, 0, name) || !is_int(ap.ap_error, 0, name)) {
			printf("# %s: %d tries, %u us\n", p, ap.ap_tries,
			    ap.ap_usec);
			continue;
		}
		snprintf(name, sizeof(name), "%s: whole result", p);
		is_int(len, sizeof(ap), name);
		snprintf(name, sizeof(name), "%s: gateway MAC 52:55:0a:00:02:02",
		    p);
		ok(memcmp(ap.ap_gwaddr, gwmac, 6) == 0, name);
		snprintf(name, sizeof(name), "%s: QEMU MAC 52:54:00:*", p);
		ok(ap.ap_lladdr[0] == 0x52 && ap.ap_lladdr[1] == 0x54 &&
		    ap.ap_lladdr[2] == 0x00, name);
		snprintf(name, sizeof(name), "%s: link up", p);
		is_int(ap.ap_link, LINK_STATE_UP, name);
		snprintf(name, sizeof(name), "%s: a frame out per request", p);
		ok(ap.ap_opackets[1] - ap.ap_opackets[0] >=
		    (uint64_t)ap.ap_tries && ap.ap_obytes[1] - ap.ap_obytes[0] >=
		    60ULL * ap.ap_tries, name);
		snprintf(name, sizeof(name), "%s: the reply counted in", p);
		ok(ap.ap_ipackets[1] > ap.ap_ipackets[0] &&
		    ap.ap_ibytes[1] - ap.ap_ibytes[0] >= 42, name);
		snprintf(name, sizeof(name), "%s: hw.nic.stats: no receive "
		    "errors", p);
		is_int(nic_stat(p, "ierrors"), 0, name);
		snprintf(name, sizeof(name), "%s: hw.nic.stats: no transmit "
		    "errors", p);
		is_int(nic_stat(p, "oerrors"), 0, name);
		snprintf(name, sizeof(name), "%s: hw.nic.stats: interrupts "
		    "taken", p);
		ok(nic_stat(p, "intr") > 0, name);
		printf("# %s: %02x:%02x:%02x:%02x:%02x:%02x, reply after %d "
		    "request(s), %u us\n", p, ap.ap_lladdr[0], ap.ap_lladdr[1],
		    ap.ap_lladdr[2], ap.ap_lladdr[3], ap.ap_lladdr[4],
		    ap.ap_lladdr[5], ap.ap_tries, ap.ap_usec);
	}
	if (expect >= 0)
		is_int(nif, expect, "as many interfaces as nic.expect says");
	else
		ok(nif >= nics, "at least one interface per PCI NIC");

	/* Bad inputs. */
	is_int(probe("nope0", &ap, NULL), ENXIO, "unknown interface: ENXIO");
	is_int(probe_errno("", 0, &ap, sizeof(ap)), EINVAL,
	    "empty name: EINVAL");
	is_int(probe_errno("abcdefghijklmnopq", 17, &ap, sizeof(ap)), EINVAL,
	    "name longer than IFNAMSIZ: EINVAL");
	is_int(probe_errno(NULL, 0, &ap, sizeof(ap)), EINVAL,
	    "read without a name: EINVAL");
	is_int(probe_errno((void *)8, 4, &ap, sizeof(ap)), EFAULT,
	    "name at a bad address: EFAULT");
	pid = fork();
	if (pid == 0) {
		if (setuid(65534) != 0)
			_exit(2);
		_exit(probe_errno("nope0", 5, &ap, sizeof(ap)) == EPERM ? 0 :
		    1);
	}
	ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0, "unprivileged caller: EPERM");
	return (done());
}
