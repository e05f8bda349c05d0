/*
 * wordexp(3): shell word expansion of a string into a list of words, as
 * sh would expand a command's arguments.  Replaces newlib's header (whose
 * implementation needs bash); lib/libc/gen/wordexp.c implements it over
 * /bin/sh.  The values are newlib's, so the ABI is unchanged.
 */
#ifndef _WORDEXP_H_
#define _WORDEXP_H_

#include <sys/cdefs.h>
#include <sys/types.h>

typedef struct _wordexp_t {
	size_t	we_wordc;	/* number of words */
	char	**we_wordv;	/* the words, we_offs NULLs first, NULL last */
	size_t	we_offs;	/* slots left NULL at the start (WRDE_DOOFFS) */
} wordexp_t;

/* Flags. */
#define WRDE_DOOFFS	0x0001	/* leave we_offs NULL slots first */
#define WRDE_APPEND	0x0002	/* add to the words of an earlier call */
#define WRDE_NOCMD	0x0004	/* command substitution is an error */
#define WRDE_REUSE	0x0008	/* free the earlier call's words first */
#define WRDE_SHOWERR	0x0010	/* leave the shell's stderr alone */
#define WRDE_UNDEF	0x0020	/* an unset variable is an error */

/* Errors. */
enum {
	WRDE_SUCCESS,
	WRDE_NOSPACE,	/* out of memory */
	WRDE_BADCHAR,	/* unquoted | & ; < > ( ) { } or newline */
	WRDE_BADVAL,	/* an unset variable with WRDE_UNDEF */
	WRDE_CMDSUB,	/* command substitution with WRDE_NOCMD */
	WRDE_SYNTAX,	/* a shell syntax error, e.g. an open quote */
	WRDE_NOSYS	/* not used by Petrel */
};

__BEGIN_DECLS
int	wordexp(const char * __restrict, wordexp_t * __restrict, int);
void	wordfree(wordexp_t *);
__END_DECLS

#endif /* !_WORDEXP_H_ */
