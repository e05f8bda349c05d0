/*
 * sysrec.c, the list reader sockstat, netstat and ipcs share, against
 * lists the test makes up: sysrec.c is compiled in here with
 * sysctlbyname() replaced by a script of answers, so each way a list
 * can come back torn (the generations differ, or a count disagrees with
 * the records, as a list cut short would) is met on purpose.  The reader
 * must read again until header, trailer and records agree, give up after
 * SYSREC_TRIES saying the list is not consistent, and refuse framing it
 * does not understand (EPROTO).
 */
#define sysctlbyname	t_sysctlbyname

#include <sys/types.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	t_sysctlbyname(const char *, void *, size_t *, const void *, size_t);

#include "sysrec.c"
#include "tap.h"

/* A record of the made-up lists. */
struct trec {
	uint32_t	len;
	uint32_t	version;
	uint64_t	value;
};

/* A header laid out as kern.mqueue.queues': a 64-bit count. */
struct thdr64 {
	uint32_t	len;
	uint32_t	version;
	uint64_t	count;
	uint64_t	gen;
	uint64_t	spare;
};

#define MAXANS	8
static struct {
	char	*buf;
	size_t	len;
} ans[MAXANS];
static int nans, cur, reads;
static size_t size_answer;		/* not 0: what sizing says */

/*
 * The next scripted answer; the last one repeats.  A sizing call (no
 * buffer) says the length and leaves the script where it is; a read
 * takes the answer and moves on.
 */
int
t_sysctlbyname(const char *name, void *oldp, size_t *oldlenp,
    const void *newp, size_t newlen)
{
	int i = cur < nans ? cur : nans - 1;

	(void)name;
	(void)newp;
	(void)newlen;
	if (nans == 0) {
		errno = ENOENT;
		return (-1);
	}
	if (oldp == NULL) {
		*oldlenp = size_answer != 0 ? size_answer : ans[i].len;
		return (0);
	}
	reads++;
	if (*oldlenp < ans[i].len) {
		errno = ENOMEM;
		return (-1);
	}
	memcpy(oldp, ans[i].buf, ans[i].len);
	*oldlenp = ans[i].len;
	cur++;
	return (0);
}

static void
script_reset(void)
{
	int i;

	for (i = 0; i < nans; i++)
		free(ans[i].buf);
	nans = cur = reads = 0;
	size_answer = 0;
}

/*
 * Add an answer: n records, header (hcount, hgen), trailer (tcount,
 * tgen), in the sysrec_gen layout, or with wide the 64-bit-count one.
 * A record's length is bad_len when it is not 0.
 */
static void
script_add(int wide, int n, uint64_t hcount, uint64_t hgen, uint64_t tcount,
    uint64_t tgen, uint32_t bad_len)
{
	size_t hs = wide ? sizeof(struct thdr64) : sizeof(struct sysrec_gen);
	struct sysrec_gen g;
	struct thdr64 g64;
	struct trec r;
	char *p;
	int i;

	ans[nans].len = 2 * hs + n * sizeof(r);
	p = ans[nans].buf = calloc(1, ans[nans].len);
	for (i = 0; i < 2; i++) {
		memset(&g, 0, sizeof(g));
		memset(&g64, 0, sizeof(g64));
		g.sg_len = g64.len = (uint32_t)hs;
		g.sg_count = (uint32_t)(i == 0 ? hcount : tcount);
		g64.count = i == 0 ? hcount : tcount;
		g.sg_gen = g64.gen = i == 0 ? hgen : tgen;
		if (wide)
			memcpy(p + (i == 0 ? 0 : hs + n * sizeof(r)), &g64,
			    hs);
		else
			memcpy(p + (i == 0 ? 0 : hs + n * sizeof(r)), &g, hs);
	}
	for (i = 0; i < n; i++) {
		r.len = bad_len != 0 && i == n - 1 ? bad_len : sizeof(r);
		r.version = 1;
		r.value = 100 + i;
		memcpy(p + hs + i * sizeof(r), &r, sizeof(r));
	}
	nans++;
}

static int
read_narrow(struct sysrec_list *sl)
{
	return (sysrec_read("t.list", sizeof(struct trec), sl));
}

static int
read_wide(struct sysrec_list *sl)
{
	static const struct sysrec_fmt fmt = {
		.sf_hdrsize = sizeof(struct thdr64),
		.sf_genoff = offsetof(struct thdr64, gen),
		.sf_countoff = offsetof(struct thdr64, count),
		.sf_countsize = sizeof(uint64_t),
		.sf_recsize = sizeof(struct trec),
	};

	return (sysrec_read_fmt("t.list", &fmt, sl));
}

/* One scenario: the reader's result, reads, count and verdict. */
static void
expect(const char *what, int wide, int rc, int tries, size_t count,
    int consistent)
{
	struct sysrec_list sl;
	char name[160];
	int got;

	got = wide ? read_wide(&sl) : read_narrow(&sl);
	snprintf(name, sizeof(name), "%s: returns %d", what, rc);
	is_int(got, rc, name);
	if (rc == 0) {
		snprintf(name, sizeof(name), "%s: %d reading%s", what, tries,
		    tries == 1 ? "" : "s");
		is_int(sl.sl_tries, tries, name);
		snprintf(name, sizeof(name), "%s: %zu records", what, count);
		is_int((long long)sl.sl_count, (long long)count, name);
		snprintf(name, sizeof(name), "%s: %s", what, consistent ?
		    "consistent" : "not consistent");
		is_int(sl.sl_consistent, consistent, name);
		if (count > 0) {
			snprintf(name, sizeof(name), "%s: the records of the "
			    "last reading", what);
			is_int((long long)((struct trec *)sysrec_rec(&sl,
			    count - 1))->value, (long long)(100 + count - 1),
			    name);
		}
		sysrec_free(&sl);
	} else {
		snprintf(name, sizeof(name), "%s: EPROTO", what);
		is_int(errno, EPROTO, name);
	}
	script_reset();
}

int
main(void)
{
	script_add(0, 3, 3, 7, 3, 7, 0);
	expect("whole list", 0, 0, 1, 3, 1);

	script_add(0, 2, 2, 7, 2, 8, 0);
	script_add(0, 3, 3, 8, 3, 8, 0);
	expect("generations differ, then agree", 0, 0, 2, 3, 1);

	/* Same generation, but the trailer counts a record more than
	   came: a list cut short.  Read again. */
	script_add(0, 2, 2, 7, 3, 7, 0);
	script_add(0, 3, 3, 7, 3, 7, 0);
	expect("trailer counts more than came, then whole", 0, 0, 2, 3, 1);

	script_add(0, 2, 3, 7, 2, 7, 0);
	script_add(0, 3, 3, 7, 3, 7, 0);
	expect("header counts more than came, then whole", 0, 0, 2, 3, 1);

	script_add(0, 4, 4, 7, 3, 7, 0);
	expect("trailer always short of the records", 0, 0, SYSREC_TRIES,
	    4, 0);

	script_add(1, 2, 2, 9, 5, 9, 0);
	script_add(1, 2, 2, 9, 2, 9, 0);
	expect("64-bit counts: mismatch, then whole", 1, 0, 2, 2, 1);

	script_add(1, 0, 0, 4, 0, 4, 0);
	expect("64-bit counts: an empty list", 1, 0, 1, 0, 1);

	script_add(0, 3, 3, 7, 3, 7, 40);
	expect("a record of the wrong length", 0, -1, 0, 0, 0);

	/* Grown past what sizing said and the first buffer (8 KiB):
	   ENOMEM, and the reader doubles the buffer. */
	script_add(0, 600, 600, 7, 600, 7, 0);
	size_answer = 100;
	expect("a list larger than the first buffer", 0, 0, 1, 600, 1);
	return (done());
}
