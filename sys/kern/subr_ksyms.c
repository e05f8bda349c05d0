/*
 * Kernel symbol lookup for panic backtraces.  tools/mkksyms.py turns the
 * first link's `nm -n` output into the .ksyms section: a count, a table
 * of {address, name offset} sorted by address, and a string table.  A
 * binary search finds the last symbol at or below an address.
 */
#include <sys/systm.h>

struct ksym_entry {
	uint64_t	addr;
	uint64_t	name;		/* offset into ksyms_strtab */
};

extern const uint64_t ksyms_count;
extern const struct ksym_entry ksyms_table[];
extern const char ksyms_strtab[];
extern const char ksyms_end[];

/* Text is never more than this far past the last symbol we know. */
#define KSYM_MAXOFF	(1024 * 1024)

const char *
ksym_lookup(uintptr_t addr, uintptr_t *offp)
{
	uint64_t lo, hi, mid, n;
	const char *name;

	n = ksyms_count;
	if (n == 0 || addr < ksyms_table[0].addr)
		return (NULL);
	lo = 0;
	hi = n;			/* answer in [lo, hi) */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (ksyms_table[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (addr - ksyms_table[lo].addr > KSYM_MAXOFF)
		return (NULL);
	name = &ksyms_strtab[ksyms_table[lo].name];
	if (name >= ksyms_end)
		return (NULL);
	if (offp != NULL)
		*offp = addr - ksyms_table[lo].addr;
	return (name);
}
