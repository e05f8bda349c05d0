/*
 * libc stdio: snprintf formats (exact bytes), sscanf, a file written with
 * fopen/fprintf and read back with fgets/getline, fseek/ftell, ungetc,
 * and fopen of a missing file failing with ENOENT.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

int
main(void)
{
	char buf[128], *line = NULL;
	size_t cap = 0;
	int a, b, r;
	FILE *fp;
	char path[] = "/tmp/t_stdio.XXXXXX";
	int fd;

	snprintf(buf, sizeof(buf), "%d|%5d|%-5d|%05d", 42, 42, 42, -42);
	is_str(buf, "42|   42|42   |-0042", "snprintf %d widths");
	snprintf(buf, sizeof(buf), "%x %X %o %#x", 255, 255, 8, 255);
	is_str(buf, "ff FF 10 0xff", "snprintf hex/octal");
	snprintf(buf, sizeof(buf), "%lld %llu", -9223372036854775807LL - 1,
	    18446744073709551615ULL);
	is_str(buf, "-9223372036854775808 18446744073709551615",
	    "snprintf long long");
	snprintf(buf, sizeof(buf), "%.3f %e %g", 3.14159, 12345.678, 0.0001);
	is_str(buf, "3.142 1.234568e+04 0.0001", "snprintf floating point");
	snprintf(buf, sizeof(buf), "[%s] [%.2s] [%5s] [%c]", "str", "str",
	    "ab", 'z');
	is_str(buf, "[str] [st] [   ab] [z]", "snprintf strings");
	r = snprintf(buf, 4, "abcdef");
	is_int(r, 6, "snprintf returns the untruncated length");
	is_str(buf, "abc", "snprintf truncates");
	r = sscanf("12 34", "%d %d", &a, &b);
	ok(r == 2 && a == 12 && b == 34, "sscanf two ints");

	fd = mkstemp(path);
	ok(fd >= 0, "mkstemp");
	ok(strncmp(path, "/tmp/t_stdio.", 13) == 0 &&
	    strcmp(path + 13, "XXXXXX") != 0, "mkstemp fills the template");
	fp = fdopen(fd, "w+");
	ok(fp != NULL, "fdopen");
	fprintf(fp, "line one\nline two\n");
	is_int(ftell(fp), 18, "ftell after writing");
	rewind(fp);
	ok(fgets(buf, sizeof(buf), fp) != NULL, "fgets");
	is_str(buf, "line one\n", "fgets keeps the newline");
	is_int(getline(&line, &cap, fp), 9, "getline length");
	is_str(line, "line two\n", "getline text");
	is_int(getline(&line, &cap, fp), -1, "getline at EOF");
	ok(feof(fp), "feof");
	fseek(fp, 5, SEEK_SET);
	is_int(fgetc(fp), 'o', "fseek then fgetc");
	ungetc('X', fp);
	is_int(fgetc(fp), 'X', "ungetc");
	fclose(fp);
	is_int(unlink(path), 0, "unlink the temporary file");
	errno = 0;
	fp = fopen("/nonexistent/file", "r");
	ok(fp == NULL && errno == ENOENT, "fopen missing file: ENOENT");
	free(line);
	return (done());
}
