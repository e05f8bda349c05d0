/*
 * dmesg(8): print the kernel message buffer (the kern.msgbuf sysctl);
 * -a keeps NUL bytes out and prints everything.
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	char *buf;
	size_t len, i;
	int ch;

	while ((ch = getopt(argc, argv, "a")) != -1) {
		switch (ch) {
		case 'a': break;
		default:
			fprintf(stderr, "usage: dmesg [-a]\n");
			exit(1);
		}
	}
	if (sysctlbyname("kern.msgbuf", NULL, &len, NULL, 0) < 0)
		err(1, "sysctl kern.msgbuf");
	len += 1024;
	if ((buf = malloc(len + 1)) == NULL)
		err(1, NULL);
	if (sysctlbyname("kern.msgbuf", buf, &len, NULL, 0) < 0)
		err(1, "sysctl kern.msgbuf");
	for (i = 0; i < len; i++)
		if (buf[i] != '\0')
			putchar(buf[i]);
	if (len > 0 && buf[len - 1] != '\n' && buf[len - 1] != '\0')
		putchar('\n');
	return (0);
}
