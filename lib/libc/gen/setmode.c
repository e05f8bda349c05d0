/*
 * setmode(3) and getmode(3): chmod(1)'s mode operand.  setmode parses
 * the string once, into an array of operations, and returns it (malloc'd;
 * the caller frees it); getmode applies them to a mode.  Either an octal
 * number (at most 07777: it replaces the permission bits) or a list of
 * clauses separated by commas, each [ugoa]* followed by one or more
 * operators [+-=] with permissions [rwxXst]* or one of [ugo] (a copy of
 * that class's current bits).  When no who is given the bits in the
 * umask (read at setmode time) are left alone, as chmod(1) says.  A bad
 * string is NULL with EINVAL.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define	WHO_U	(S_ISUID | S_IRWXU)
#define	WHO_G	(S_ISGID | S_IRWXG)
#define	WHO_O	(S_ISVTX | S_IRWXO)
#define	ALLBITS	(S_ISUID | S_ISGID | S_ISVTX | S_IRWXU | S_IRWXG | S_IRWXO)

struct modeop {
	char	op;		/* '+', '-', '=', or 0 at the end */
	char	copy;		/* 'u', 'g', 'o' to copy a class, else 0 */
	char	xdir;		/* X: x only for directories or if some x */
	mode_t	who;		/* the bits this clause may touch */
	mode_t	bits;		/* permission bits named (before who mask) */
	mode_t	keep;		/* no who given: the umask, never changed */
};

void *
setmode(const char *p)
{
	struct modeop *ops, *op;
	mode_t who, mask;
	unsigned long oct;
	char *ep;
	size_t n;

	if (p == NULL || *p == '\0') {
		errno = EINVAL;
		return (NULL);
	}
	/* At most one operation per character, plus the end marker. */
	n = strlen(p) + 1;
	if ((ops = calloc(n, sizeof(*ops))) == NULL)
		return (NULL);

	if (*p >= '0' && *p <= '7') {
		oct = strtoul(p, &ep, 8);
		if (*ep != '\0' || oct > ALLBITS)
			goto bad;
		ops[0].op = '=';
		ops[0].who = ALLBITS;
		ops[0].bits = (mode_t)oct;
		return (ops);
	}

	mask = umask(0);
	(void)umask(mask);
	op = ops;
	for (;;) {
		for (who = 0;; p++) {
			if (*p == 'u')
				who |= WHO_U;
			else if (*p == 'g')
				who |= WHO_G;
			else if (*p == 'o')
				who |= WHO_O;
			else if (*p == 'a')
				who |= ALLBITS;
			else
				break;
		}
		if (*p != '+' && *p != '-' && *p != '=')
			goto bad;
		while (*p == '+' || *p == '-' || *p == '=') {
			op->op = *p++;
			op->who = who != 0 ? who : ALLBITS;
			op->keep = who != 0 ? 0 : mask;
			if (*p == 'u' || *p == 'g' || *p == 'o') {
				op->copy = *p++;
			} else {
				for (;; p++) {
					if (*p == 'r')
						op->bits |= S_IRUSR | S_IRGRP | S_IROTH;
					else if (*p == 'w')
						op->bits |= S_IWUSR | S_IWGRP | S_IWOTH;
					else if (*p == 'x')
						op->bits |= S_IXUSR | S_IXGRP | S_IXOTH;
					else if (*p == 'X')
						op->xdir = 1;
					else if (*p == 's')
						op->bits |= S_ISUID | S_ISGID;
					else if (*p == 't')
						op->bits |= S_ISVTX;
					else
						break;
				}
			}
			op++;
		}
		if (*p == '\0')
			break;
		if (*p++ != ',')
			goto bad;
	}
	op->op = 0;
	return (ops);
bad:
	free(ops);
	errno = EINVAL;
	return (NULL);
}

mode_t
getmode(const void *bbox, mode_t omode)
{
	const struct modeop *op;
	mode_t m, bits, c;

	m = omode;
	for (op = bbox; op->op != 0; op++) {
		if (op->copy != 0) {
			c = op->copy == 'u' ? (m & S_IRWXU) >> 6 :
			    op->copy == 'g' ? (m & S_IRWXG) >> 3 : m & S_IRWXO;
			bits = c << 6 | c << 3 | c;
		} else {
			bits = op->bits;
			if (op->xdir && (S_ISDIR(m) ||
			    (m & (S_IXUSR | S_IXGRP | S_IXOTH))))
				bits |= S_IXUSR | S_IXGRP | S_IXOTH;
		}
		bits &= ~op->keep;
		switch (op->op) {
		case '+':
			m |= bits & op->who;
			break;
		case '-':
			m &= ~(bits & op->who);
			break;
		case '=':
			m = (m & ~op->who) | (bits & op->who);
			break;
		}
	}
	return (m);
}
