/*
 * libc string functions: exact results of strlen, strcmp, strncmp,
 * strchr/strrchr, strstr, strlcpy/strlcat (truncation and return
 * values), memmove overlap, strtok_r, strsep, strerror (FreeBSD's
 * messages for FreeBSD's numbers).
 */
#include <errno.h>
#include <string.h>

#include "tap.h"

int
main(void)
{
	char buf[16], *p, *last, s[32];
	size_t n;

	is_int(strlen(""), 0, "strlen empty");
	is_int(strlen("petrel"), 6, "strlen");
	ok(strcmp("abc", "abd") < 0, "strcmp less");
	ok(strcmp("abc", "abc") == 0, "strcmp equal");
	is_int(strncmp("abcdef", "abcxyz", 3), 0, "strncmp prefix");
	is_str(strchr("hello", 'l'), "llo", "strchr");
	is_str(strrchr("hello", 'l'), "lo", "strrchr");
	ok(strchr("hello", 'z') == NULL, "strchr missing");
	is_str(strstr("find the needle here", "needle"), "needle here",
	    "strstr");
	n = strlcpy(buf, "0123456789abcdefXYZ", sizeof(buf));
	is_int(n, 19, "strlcpy returns source length");
	is_str(buf, "0123456789abcde", "strlcpy truncates with NUL");
	strlcpy(buf, "abc", sizeof(buf));
	n = strlcat(buf, "defghijklmnopqrstu", sizeof(buf));
	is_int(n, 21, "strlcat returns total length");
	is_str(buf, "abcdefghijklmno", "strlcat truncates");
	strcpy(s, "0123456789");
	memmove(s + 2, s, 5);
	is_str(s, "0101234789", "memmove overlapping");
	strcpy(s, "a,b,,c");
	p = strtok_r(s, ",", &last);
	is_str(p, "a", "strtok_r 1");
	p = strtok_r(NULL, ",", &last);
	is_str(p, "b", "strtok_r 2");
	p = strtok_r(NULL, ",", &last);
	is_str(p, "c", "strtok_r skips empty fields");
	strcpy(s, "x::y");
	p = s;
	is_str(strsep(&p, ":"), "x", "strsep 1");
	is_str(strsep(&p, ":"), "", "strsep keeps empty field");
	is_str(strsep(&p, ":"), "y", "strsep 3");
	is_str(strerror(ENOENT), "No such file or directory", "strerror ENOENT");
	is_str(strerror(EAGAIN), "Resource temporarily unavailable",
	    "strerror EAGAIN (35)");
	is_int(EAGAIN, 35, "EAGAIN is FreeBSD's 35");
	is_int(ENOTSOCK, 38, "ENOTSOCK is FreeBSD's 38");
	is_int(ECONNREFUSED, 61, "ECONNREFUSED is FreeBSD's 61");
	return (done());
}
