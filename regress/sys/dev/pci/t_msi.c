/*
 * t_msi: message-signalled interrupts are used wherever they can be.
 * hw.pci.msi names the machine's MSI controller: "lapic" on amd64
 * (always), on aarch64 "gicv2m" with a GICv2 (QEMU virt gic-version=2
 * has the v2m frame) and "its" with a GICv3 (its Interrupt Translation
 * Service, sys/arch/aarch64/aarch64/gic_its.c).
 * Then every attached virtio or e1000 function in hw.pci.devices must
 * use MSI-X if it offers it (msicap=), else MSI, else INTx, and INTx
 * only when there is no controller.  pci.nomsi=1 forces INTx, so the
 * test expects that when the command line says it.
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <sys/utsname.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

/* The value of `key=' in line, up to the next blank, into out. */
static int
field(const char *line, const char *key, char *out, size_t outlen)
{
	const char *p = strstr(line, key);
	size_t n;

	if (p == NULL)
		return (-1);
	p += strlen(key);
	n = strcspn(p, " \t\n");
	if (n >= outlen)
		return (-1);
	memcpy(out, p, n);
	out[n] = '\0';
	return (0);
}

static int
is_checked(const char *line)
{
	return (strstr(line, "vendor=0x1af4 ") != NULL ||
	    strstr(line, "vendor=0x8086 device=0x100e") != NULL);
}

int
main(void)
{
	static char devs[16384];
	char ctl[32], line[256], cap[32], intr[32], name[64], want[8];
	struct utsname u;
	const char *l, *nl, *ba;
	size_t len, n;
	int gic = 0, checked = 0, nomsi;

	if (uname(&u) != 0) {
		ok(0, "uname");
		return (done());
	}
	/* init passes the kernel command line down as BOOTARGS. */
	ba = getenv("BOOTARGS");
	nomsi = ba != NULL && strstr(ba, "pci.nomsi=1") != NULL;

	len = sizeof(ctl);
	if (!ok(sysctlbyname("hw.pci.msi", ctl, &len, NULL, 0) == 0,
	    "hw.pci.msi readable"))
		return (done());
	if (strcmp(u.machine, "arm64") == 0 ||
	    strcmp(u.machine, "aarch64") == 0) {
		len = sizeof(gic);
		ok(sysctlbyname("machdep.gic_version", &gic, &len, NULL,
		    0) == 0 && (gic == 2 || gic == 3),
		    "machdep.gic_version is 2 or 3");
		is_str(ctl, gic == 2 ? "gicv2m" : "its",
		    "hw.pci.msi: gicv2m with GICv2, its with GICv3");
	} else
		is_str(ctl, "lapic", "hw.pci.msi: amd64 always has MSI");

	len = sizeof(devs) - 1;
	if (!ok(sysctlbyname("hw.pci.devices", devs, &len, NULL, 0) == 0,
	    "hw.pci.devices readable"))
		return (done());
	devs[len] = '\0';
	for (l = devs; *l != '\0'; l = nl != NULL ? nl + 1 : l + n) {
		nl = strchr(l, '\n');
		n = nl != NULL ? (size_t)(nl - l) : strlen(l);
		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, l, n);
		line[n] = '\0';
		if (!is_checked(line) || strncmp(line, "none", 4) == 0)
			continue;
		checked++;
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(line, "@"),
		    line);
		if (field(line, "msicap=", cap, sizeof(cap)) != 0 ||
		    field(line, "intr=", intr, sizeof(intr)) != 0) {
			ok(0, "hw.pci.devices line has msicap= and intr=");
			printf("# %s\n", line);
			continue;
		}
		if (strcmp(ctl, "none") == 0 || nomsi ||
		    strcmp(cap, "none") == 0)
			strlcpy(want, "intx", sizeof(want));
		else if (strstr(cap, "msix") != NULL)
			strlcpy(want, "msix", sizeof(want));
		else
			strlcpy(want, "msi", sizeof(want));
		snprintf(line, sizeof(line), "%s (msicap=%s, controller %s) "
		    "interrupts by %s", name, cap, ctl, want);
		is_str(intr, want, line);
	}
	printf("# %d virtio/e1000 functions checked\n", checked);
	return (done());
}
