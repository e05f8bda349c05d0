/*
 * t_string.c: the kernel's string and memory routines
 * (sys/kern/subr_string.c).  They define the C names (memcpy, strlen...),
 * so the Makefile renames the kernel object's symbols with a kern_ prefix
 * before linking; each is compared with the host C library or with the
 * BSD definition (strlcpy, strlcat).
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

void	*kern_memcpy(void *, const void *, size_t);
void	*kern_memmove(void *, const void *, size_t);
void	*kern_memset(void *, int, size_t);
int	 kern_memcmp(const void *, const void *, size_t);
size_t	 kern_strlen(const char *);
int	 kern_strcmp(const char *, const char *);
int	 kern_strncmp(const char *, const char *, size_t);
char	*kern_strchr(const char *, int);
char	*kern_strrchr(const char *, int);
size_t	 kern_strlcpy(char *, const char *, size_t);
size_t	 kern_strlcat(char *, const char *, size_t);
long	 kern_strtol(const char *, char **, int);
unsigned long kern_strtoul(const char *, char **, int);

static int
sign(int x)
{
	return (x > 0) - (x < 0);
}

int
main(void)
{
	char a[64], b[64], *end;
	const char *s = "the quick brown fox";
	size_t i;
	int ok;

	memset(a, 'x', sizeof(a));
	kern_memcpy(a, s, strlen(s) + 1);
	tap_is_str(a, s, "memcpy");

	strcpy(a, "0123456789");
	kern_memmove(a + 2, a, 8);
	tap_ok(memcmp(a, "0101234567", 10) == 0, "memmove forward overlap");
	strcpy(a, "0123456789");
	kern_memmove(a, a + 2, 8);
	tap_ok(memcmp(a, "2345678989", 10) == 0, "memmove backward overlap");

	ok = 1;
	for (i = 0; i < 40; i++) {
		memset(a, 1, sizeof(a));
		kern_memset(a + 1, 0xab, i);
		ok &= a[0] == 1 && a[i + 1] == 1 &&
		    (i == 0 || ((unsigned char)a[i] == 0xab));
	}
	tap_ok(ok, "memset of every length up to 40 stays in bounds");

	tap_is_int(sign(kern_memcmp("abc", "abd", 3)), -1, "memcmp less");
	tap_is_int(sign(kern_memcmp("\xff", "\x01", 1)), 1,
	    "memcmp compares unsigned bytes");
	tap_is_int(kern_strlen(s), strlen(s), "strlen");
	tap_is_int(kern_strlen(""), 0, "strlen of the empty string");
	tap_is_int(sign(kern_strcmp("abc", "abc")), 0, "strcmp equal");
	tap_is_int(sign(kern_strcmp("ab", "abc")), -1, "strcmp prefix");
	tap_is_int(sign(kern_strncmp("abcX", "abcY", 3)), 0, "strncmp n");
	tap_ok(kern_strchr(s, 'q') == s + 4, "strchr");
	tap_ok(kern_strchr(s, '\0') == s + strlen(s), "strchr of NUL");
	tap_ok(kern_strrchr(s, 'o') == strrchr(s, 'o'), "strrchr");

	tap_is_int(kern_strlcpy(b, s, 8), strlen(s), "strlcpy returns strlen(src)");
	tap_is_str(b, "the qui", "strlcpy truncates and terminates");
	strcpy(b, "abc");
	tap_is_int(kern_strlcat(b, "defgh", 6), 8, "strlcat returns the total");
	tap_is_str(b, "abcde", "strlcat truncates and terminates");

	tap_is_int(kern_strtol("  -1234xyz", &end, 10), -1234, "strtol");
	tap_is_str(end, "xyz", "strtol end pointer");
	tap_is_int(kern_strtol("0x7f", NULL, 0), 0x7f, "strtol base 0 hex");
	tap_is_int(kern_strtol("017", NULL, 0), 15, "strtol base 0 octal");
	tap_is_int(kern_strtoul("ffffffff", NULL, 16), 0xffffffffUL,
	    "strtoul hex");
	return (tap_done());
}
