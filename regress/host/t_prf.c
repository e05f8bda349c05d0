/*
 * t_prf.c: the kernel's formatting engine (sys/kern/subr_prf.c) against
 * the host C library.  ksnprintf() must format the conversions the kernel
 * uses (d i u o x X s c %, flags, width, precision, length modifiers)
 * exactly as C's snprintf does, truncate like it, and return the length
 * it would have produced.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"

int	ksnprintf(char *buf, size_t size, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#define SAME(fmt, ...) do {						\
	char kb[256], hb[256];						\
	int kr, hr;							\
									\
	kr = ksnprintf(kb, sizeof(kb), fmt, __VA_ARGS__);		\
	hr = snprintf(hb, sizeof(hb), fmt, __VA_ARGS__);		\
	if (kr != hr || strcmp(kb, hb) != 0)				\
		tap_diag("kernel \"%s\" (%d), libc \"%s\" (%d)",	\
		    kb, kr, hb, hr);					\
	tap_ok(kr == hr && strcmp(kb, hb) == 0,				\
	    "ksnprintf(\"%s\") = \"%s\"", fmt, hb);			\
} while (0)

int
main(void)
{
	char buf[8];
	int r;

	SAME("%d", 0);
	SAME("%d", -42);
	SAME("%i", INT_MAX);
	SAME("%d", INT_MIN);
	SAME("%u", UINT_MAX);
	SAME("%x", 0xdeadbeefU);
	SAME("%X", 0xdeadbeefU);
	SAME("%o", 0755);
	SAME("%#x", 0x1f);
	SAME("%#o", 8);
	SAME("%5d|", 42);
	SAME("%-5d|", 42);
	SAME("%05d", -42);
	SAME("%+d", 7);
	SAME("% d", 7);
	SAME("%.3d", 7);
	SAME("%*d", 6, 7);
	SAME("%-*d|", 6, 7);
	SAME("%ld", -1234567890123L);
	SAME("%lu", ULONG_MAX);
	SAME("%lld", LLONG_MIN);
	SAME("%llx", 0x0123456789abcdefULL);
	SAME("%jd", (intmax_t)-5);
	SAME("%zu", (size_t)4096);
	SAME("%hhd", (signed char)-3);
	SAME("%hd", (short)-300);
	SAME("%s", "petrel");
	SAME("%10s|", "right");
	SAME("%-10s|", "left");
	SAME("%.3s", "truncate");
	SAME("%c%c", 'o', 'k');
	SAME("100%% %s", "sure");
	SAME("%016lx", 0xffffffff80100000UL);

	r = ksnprintf(buf, sizeof(buf), "%s", "hello, world");
	tap_is_int(r, 12, "truncated ksnprintf returns the full length");
	tap_is_str(buf, "hello, ", "truncated output is NUL-terminated");
	r = ksnprintf(buf, 0, "%d", 12345);
	tap_is_int(r, 5, "ksnprintf with size 0 only counts");
	return (tap_done());
}
