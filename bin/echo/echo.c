/*
 * echo(1): write the arguments separated by blanks; -n: no newline.
 * (BSD echo: no escape sequences except a trailing \c.)
 */
#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
	int nflag = 0, i = 1;
	size_t len;

	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		nflag = 1;
		i = 2;
	}
	for (; i < argc; i++) {
		len = strlen(argv[i]);
		if (i == argc - 1 && len >= 2 &&
		    strcmp(argv[i] + len - 2, "\\c") == 0) {
			fwrite(argv[i], 1, len - 2, stdout);
			nflag = 1;
			break;
		}
		fputs(argv[i], stdout);
		if (i < argc - 1)
			putchar(' ');
	}
	if (!nflag)
		putchar('\n');
	return (fflush(stdout) != 0);
}
