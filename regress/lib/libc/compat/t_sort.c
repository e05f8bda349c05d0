/*
 * heapsort and mergesort: exact order on small and larger arrays, ints
 * and records (mergesort keeps equal keys in their input order; heapsort
 * gets the keys right), already sorted and reversed input, 0 and 1
 * elements, and the errors: EINVAL for size 0 (both) and for mergesort's
 * element smaller than sizeof(void *) / 2.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

struct rec {
	int	key;
	char	tag;
};

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x < y ? -1 : x > y);
}

static int
cmp_key(const void *a, const void *b)
{
	return (cmp_int(&((const struct rec *)a)->key,
	    &((const struct rec *)b)->key));
}

static const char *
ints(const int *v, int n)
{
	static char buf[256];
	int i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		len += snprintf(buf + len, sizeof(buf) - len, "%s%d",
		    i ? " " : "", v[i]);
	return (buf);
}

static const char *
tags(const struct rec *v, int n)
{
	static char buf[64];
	int i;

	for (i = 0; i < n; i++)
		buf[i] = v[i].tag;
	buf[n] = '\0';
	return (buf);
}

int
main(void)
{
	int a[] = { 5, -3, 9, 0, 7, 7, -3, 12, 1, 4 };
	int b[] = { 5, -3, 9, 0, 7, 7, -3, 12, 1, 4 };
	struct rec r[] = { {3, 'a'}, {1, 'b'}, {3, 'c'}, {2, 'd'}, {1, 'e'},
	    {3, 'f'}, {2, 'g'}, {1, 'h'} };
	struct rec r2[8];
	int big[1000], big2[1000], i, bad, one = 42;
	char c[3] = { 'c', 'a', 'b' };

	is_int(heapsort(a, 10, sizeof(int), cmp_int), 0, "heapsort: 0");
	is_str(ints(a, 10), "-3 -3 0 1 4 5 7 7 9 12", "heapsort: exact order");
	is_int(mergesort(b, 10, sizeof(int), cmp_int), 0, "mergesort: 0");
	is_str(ints(b, 10), "-3 -3 0 1 4 5 7 7 9 12", "mergesort: exact order");

	memcpy(r2, r, sizeof(r));
	mergesort(r, 8, sizeof(r[0]), cmp_key);
	is_str(tags(r, 8), "behdgacf", "mergesort is stable (equal keys kept in order)");
	heapsort(r2, 8, sizeof(r2[0]), cmp_key);
	ok(r2[0].key == 1 && r2[2].key == 1 && r2[3].key == 2 &&
	    r2[4].key == 2 && r2[5].key == 3 && r2[7].key == 3,
	    "heapsort on records: keys in order");

	/* 1000 elements: reversed, then a pseudo-random mix. */
	for (i = 0; i < 1000; i++)
		big[i] = big2[i] = 1000 - i;
	heapsort(big, 1000, sizeof(int), cmp_int);
	mergesort(big2, 1000, sizeof(int), cmp_int);
	for (bad = 0, i = 0; i < 1000; i++)
		bad += big[i] != i + 1 || big2[i] != i + 1;
	is_int(bad, 0, "1000 reversed: both sorts give 1..1000");
	for (i = 0; i < 1000; i++)
		big[i] = big2[i] = (int)((i * 7919L) % 1000);
	heapsort(big, 1000, sizeof(int), cmp_int);
	mergesort(big2, 1000, sizeof(int), cmp_int);
	for (bad = 0, i = 0; i < 1000; i++)
		bad += big[i] != i || big2[i] != i;
	is_int(bad, 0, "1000 permuted: both sorts give 0..999");
	heapsort(big, 1000, sizeof(int), cmp_int);
	mergesort(big2, 1000, sizeof(int), cmp_int);
	for (bad = 0, i = 0; i < 1000; i++)
		bad += big[i] != i || big2[i] != i;
	is_int(bad, 0, "already sorted: unchanged");

	is_int(heapsort(&one, 1, sizeof(int), cmp_int), 0, "heapsort 1 element");
	is_int(mergesort(&one, 0, sizeof(int), cmp_int), 0, "mergesort 0 elements");
	is_int(one, 42, "single element untouched");

	errno = 0;
	ok(heapsort(a, 10, 0, cmp_int) == -1 && errno == EINVAL,
	    "heapsort size 0: EINVAL");
	errno = 0;
	ok(mergesort(a, 10, 0, cmp_int) == -1 && errno == EINVAL,
	    "mergesort size 0: EINVAL");
	errno = 0;
	ok(mergesort(c, 3, 1, cmp_int) == -1 && errno == EINVAL,
	    "mergesort size 1 (< sizeof(void *) / 2): EINVAL");
	return (done());
}
