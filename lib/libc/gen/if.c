/*
 * Interface names and indices (RFC 3493): if_nametoindex,
 * if_indextoname, if_nameindex, if_freenameindex, over the kernel's
 * net.link.iflist records (<net/if.h> struct xifnet).
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <net/if.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The interface records, malloc'd; *np gets their number. */
static struct xifnet *
if_fetch(size_t *np)
{
	struct xifnet *buf = NULL, *nbuf;
	size_t len = 8 * sizeof(*buf);
	int tries;

	for (tries = 0; tries < 6; tries++) {
		nbuf = realloc(buf, len);
		if (nbuf == NULL)
			break;
		buf = nbuf;
		if (sysctlbyname("net.link.iflist", buf, &len, NULL, 0) == 0) {
			*np = len / sizeof(*buf);
			return (buf);
		}
		if (errno != ENOMEM)
			break;
		len *= 2;
	}
	free(buf);
	return (NULL);
}

unsigned int
if_nametoindex(const char *name)
{
	struct xifnet *x;
	size_t n, i;
	unsigned int idx = 0;

	if ((x = if_fetch(&n)) == NULL)
		return (0);
	for (i = 0; i < n; i++)
		if (strncmp(x[i].xif_name, name, IFNAMSIZ) == 0) {
			idx = x[i].xif_index;
			break;
		}
	free(x);
	if (idx == 0)
		errno = ENXIO;
	return (idx);
}

char *
if_indextoname(unsigned int index, char *name)
{
	struct xifnet *x;
	size_t n, i;
	char *ret = NULL;

	if ((x = if_fetch(&n)) == NULL)
		return (NULL);
	for (i = 0; i < n; i++)
		if (x[i].xif_index == index) {
			strlcpy(name, x[i].xif_name, IFNAMSIZ);
			ret = name;
			break;
		}
	free(x);
	if (ret == NULL)
		errno = ENXIO;
	return (ret);
}

struct if_nameindex *
if_nameindex(void)
{
	struct if_nameindex *ni;
	struct xifnet *x;
	size_t n, i;
	char *names;

	if ((x = if_fetch(&n)) == NULL)
		return (NULL);
	/* One block: the array, its terminator, then the names. */
	ni = malloc((n + 1) * sizeof(*ni) + n * IFNAMSIZ);
	if (ni == NULL) {
		free(x);
		return (NULL);
	}
	names = (char *)(ni + n + 1);
	for (i = 0; i < n; i++) {
		ni[i].if_index = x[i].xif_index;
		ni[i].if_name = names + i * IFNAMSIZ;
		strlcpy(ni[i].if_name, x[i].xif_name, IFNAMSIZ);
	}
	ni[n].if_index = 0;
	ni[n].if_name = NULL;
	free(x);
	return (ni);
}

void
if_freenameindex(struct if_nameindex *ni)
{
	free(ni);
}
