/*
 * heapsort(3) and mergesort(3), FreeBSD's companions to qsort (which
 * newlib supplies).  heapsort sorts in place in O(n log n) with no extra
 * memory and is not stable; mergesort is stable and needs n * size bytes
 * of scratch (ENOMEM when malloc cannot give them).  Both return 0, or -1
 * with errno: EINVAL for a zero element size, and for mergesort an
 * element smaller than sizeof(void *) / 2, as FreeBSD requires.
 */
#include <sys/types.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef int (*cmp_t)(const void *, const void *);

static void
swap_bytes(char *a, char *b, size_t size)
{
	char t;

	while (size-- > 0) {
		t = *a;
		*a++ = *b;
		*b++ = t;
	}
}

/* Let the element at root sink until the heap of n elements is whole. */
static void
sift_down(char *base, size_t root, size_t n, size_t size, cmp_t cmp)
{
	size_t child;

	while ((child = 2 * root + 1) < n) {
		if (child + 1 < n &&
		    cmp(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (cmp(base + root * size, base + child * size) >= 0)
			return;
		swap_bytes(base + root * size, base + child * size, size);
		root = child;
	}
}

int
heapsort(void *vbase, size_t nmemb, size_t size, cmp_t cmp)
{
	char *base = vbase;
	size_t i;

	if (size == 0) {
		errno = EINVAL;
		return (-1);
	}
	if (nmemb <= 1)
		return (0);
	/* Build a max-heap, then move the maximum to the end each time. */
	for (i = nmemb / 2; i-- > 0;)
		sift_down(base, i, nmemb, size, cmp);
	for (i = nmemb - 1; i > 0; i--) {
		swap_bytes(base, base + i * size, size);
		sift_down(base, 0, i, size, cmp);
	}
	return (0);
}

/*
 * Bottom-up merge of runs of width 1, 2, 4, ... between base and tmp.
 * Ties take the left run's element first, which is what keeps it stable.
 */
int
mergesort(void *vbase, size_t nmemb, size_t size, cmp_t cmp)
{
	char *src, *dst, *t, *tmp;
	size_t width, lo, mid, hi, i, j, k;

	if (size < sizeof(void *) / 2) {
		errno = EINVAL;
		return (-1);
	}
	if (nmemb <= 1)
		return (0);
	if (nmemb > SIZE_MAX / size) {
		errno = ENOMEM;
		return (-1);
	}
	if ((tmp = malloc(nmemb * size)) == NULL)
		return (-1);

	src = vbase;
	dst = tmp;
	for (width = 1; width < nmemb; width *= 2) {
		for (lo = 0; lo < nmemb; lo += 2 * width) {
			mid = lo + width < nmemb ? lo + width : nmemb;
			hi = lo + 2 * width < nmemb ? lo + 2 * width : nmemb;
			i = lo;
			j = mid;
			k = lo;
			while (i < mid && j < hi) {
				if (cmp(src + j * size, src + i * size) < 0)
					memcpy(dst + k++ * size, src + j++ * size,
					    size);
				else
					memcpy(dst + k++ * size, src + i++ * size,
					    size);
			}
			if (i < mid)
				memcpy(dst + k * size, src + i * size,
				    (mid - i) * size);
			else if (j < hi)
				memcpy(dst + k * size, src + j * size,
				    (hi - j) * size);
		}
		t = src;
		src = dst;
		dst = t;
	}
	if (src != vbase)
		memcpy(vbase, src, nmemb * size);
	free(tmp);
	return (0);
}
