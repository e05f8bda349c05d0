/*
 * glob.h: FreeBSD's glob(3) interface (size_t counts, the GLOB_* flag
 * and error values), installed over newlib's older header by lib/libc;
 * gen/glob.c implements it.
 */
#ifndef _GLOB_H_
#define	_GLOB_H_

#include <sys/cdefs.h>
#include <sys/types.h>

struct stat;
typedef struct {
	size_t	gl_pathc;	/* count of total paths so far */
	size_t	gl_matchc;	/* count of paths matching pattern */
	size_t	gl_offs;	/* reserved at beginning of gl_pathv */
	int	gl_flags;	/* copy of flags parameter to glob */
	char	**gl_pathv;	/* list of paths matching pattern */
				/* copy of errfunc parameter to glob */
	int	(*gl_errfunc)(const char *, int);

	/* With GLOB_ALTDIRFUNC: replacements for closedir(3), readdir(3),
	   opendir(3), lstat(2) and stat(2). */
	void	(*gl_closedir)(void *);
	struct dirent *(*gl_readdir)(void *);
	void	*(*gl_opendir)(const char *);
	int	(*gl_lstat)(const char *, struct stat *);
	int	(*gl_stat)(const char *, struct stat *);
} glob_t;

/* POSIX flags. */
#define	GLOB_APPEND	0x0001	/* append to output from previous call */
#define	GLOB_DOOFFS	0x0002	/* use gl_offs */
#define	GLOB_ERR	0x0004	/* return on error */
#define	GLOB_MARK	0x0008	/* append / to matching directories */
#define	GLOB_NOCHECK	0x0010	/* return pattern itself if nothing matches */
#define	GLOB_NOSORT	0x0020	/* don't sort */
#define	GLOB_NOESCAPE	0x2000	/* disable backslash escaping */

/* Error values returned by glob(3). */
#define	GLOB_NOSPACE	(-1)	/* malloc call failed */
#define	GLOB_ABORTED	(-2)	/* unignored error */
#define	GLOB_NOMATCH	(-3)	/* no match and GLOB_NOCHECK was not set */
#define	GLOB_NOSYS	(-4)	/* obsolete: source compatibility only */

#if __BSD_VISIBLE
#define	GLOB_ALTDIRFUNC	0x0040	/* use alternately specified directory funcs */
#define	GLOB_BRACE	0x0080	/* expand braces like csh */
#define	GLOB_MAGCHAR	0x0100	/* set in gl_flags: the pattern had magic */
#define	GLOB_NOMAGIC	0x0200	/* GLOB_NOCHECK without magic chars (csh) */
#define	GLOB_QUOTE	0x0400	/* quote special chars with \ */
#define	GLOB_TILDE	0x0800	/* expand tilde names from the passwd file */
#define	GLOB_LIMIT	0x1000	/* limit number of returned paths */

#define	GLOB_MAXPATH	GLOB_LIMIT	/* backwards compatibility */
#define	GLOB_ABEND	GLOB_ABORTED	/* backwards compatibility */
#endif

__BEGIN_DECLS
int	glob(const char * __restrict, int,
	    int (*)(const char *, int), glob_t * __restrict);
void	globfree(glob_t *);
__END_DECLS

#endif /* !_GLOB_H_ */
