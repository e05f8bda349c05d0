/*
 * t_ksyms.c: tools/mkksyms.py and sys/kern/subr_ksyms.c together.  The
 * Makefile runs mkksyms.py on ksyms_test.nm (an `nm -n` listing with the
 * cases the script must handle) and on --empty, assembles the tables and
 * links each with the kernel's ksym_lookup(); this checks the table's
 * layout and fixed size, which symbols it keeps, and the lookups a panic
 * backtrace makes.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"

#define KSYMS_SIZE	(768 * 1024)	/* tools/mkksyms.py */

struct ksym_entry {
	uint64_t	addr;
	uint64_t	name;
};

extern const uint64_t ksyms_count;
extern const struct ksym_entry ksyms_table[];
extern const char ksyms_strtab[];
extern const char ksyms_end[];

const char *ksym_lookup(uintptr_t addr, uintptr_t *offp);

static void
lookup(uintptr_t addr, const char *want, uintptr_t wantoff)
{
	const char *name;
	uintptr_t off = 12345;

	name = ksym_lookup(addr, &off);
	if (want == NULL) {
		tap_ok(name == NULL, "lookup %#jx finds nothing",
		    (uintmax_t)addr);
		return;
	}
	tap_ok(name != NULL && strcmp(name, want) == 0 && off == wantoff,
	    "lookup %#jx = %s+%#jx (got %s+%#jx)", (uintmax_t)addr, want,
	    (uintmax_t)wantoff, name ? name : "NULL", (uintmax_t)off);
}

int
main(void)
{
	tap_is_int((const char *)ksyms_end - (const char *)&ksyms_count,
	    KSYMS_SIZE, "the .ksyms table has the fixed size");
#ifdef KSYMS_EMPTY
	tap_is_int(ksyms_count, 0, "the --empty table has no symbols");
	lookup(0xffffffff80100000UL, NULL, 0);
	lookup(0, NULL, 0);
#else
	uint64_t i;
	int sorted;

	/* _start locore_helper kmain weak_func last_func: text only, no
	 * ksyms_* and no $ mapping symbols. */
	tap_is_int(ksyms_count, 5, "text symbols kept, others dropped");
	sorted = 1;
	for (i = 1; i < ksyms_count; i++)
		if (ksyms_table[i - 1].addr > ksyms_table[i].addr)
			sorted = 0;
	tap_ok(sorted, "the table is sorted by address");
	tap_is_str(&ksyms_strtab[ksyms_table[0].name], "_start",
	    "first name is _start");
	lookup(0xffffffff80100000UL, "_start", 0);
	lookup(0xffffffff8010000fUL, "_start", 0xf);
	lookup(0xffffffff80100010UL, "locore_helper", 0);
	lookup(0xffffffff80100041UL, "kmain", 1);
	lookup(0xffffffff80100090UL, "weak_func", 0x10);
	/* ksyms_lookalike was dropped, so weak_func covers its address. */
	lookup(0xffffffff80100100UL, "weak_func", 0x80);
	lookup(0xffffffff80100204UL, "last_func", 4);
	lookup(0xffffffff800fffffUL, NULL, 0);
	lookup(0xffffffff80100200UL + 2 * 1024 * 1024, NULL, 0);
	tap_ok(ksym_lookup(0xffffffff80100040UL, NULL) != NULL,
	    "lookup without an offset pointer");
#endif
	return (tap_done());
}
