/*
 * setjmp.h: newlib's jmp_buf, setjmp and longjmp, plus the POSIX
 * sigjmp_buf, sigsetjmp and siglongjmp that newlib declares only for
 * Cygwin and RTEMS.  Installed over newlib's setjmp.h by lib/libc.
 *
 * A sigjmp_buf is a jmp_buf followed by one word that says whether the
 * mask was saved and two words holding the 128-signal sigset_t
 * (arch/<arch>/sigsetjmp.S stores them; gen/sigjmp.c restores them).
 * _setjmp/_longjmp are the mask-less forms, as on FreeBSD.
 */
#ifndef _SETJMP_H_
#define	_SETJMP_H_

#include "_ansi.h"
#include <sys/cdefs.h>
#include <machine/setjmp.h>

_BEGIN_STD_C

void	longjmp(jmp_buf, int) __dead2;
int	setjmp(jmp_buf) __returns_twice;

#if __POSIX_VISIBLE || __BSD_VISIBLE
/* jmp_buf, the savemask word, the saved sigset_t (16 bytes). */
typedef	_JBTYPE sigjmp_buf[_JBLEN + 1 + 16 / sizeof(_JBTYPE)];

int	sigsetjmp(sigjmp_buf, int) __returns_twice;
void	siglongjmp(sigjmp_buf, int) __dead2;
#endif

#if __XSI_VISIBLE || __BSD_VISIBLE
int	_setjmp(jmp_buf) __returns_twice;
void	_longjmp(jmp_buf, int) __dead2;
#endif

_END_STD_C

#endif /* !_SETJMP_H_ */
