/*
 * siglongjmp and _longjmp: the C halves of sigsetjmp/_setjmp (which are
 * assembly, arch/<arch>/sigsetjmp.S, because they must not return before
 * setjmp runs in their caller's frame).  siglongjmp puts back the mask
 * sigsetjmp saved, if it saved one, and then longjmps.  A value of 0 is
 * delivered as 1, as POSIX requires (newlib's amd64 longjmp passes it
 * through unchanged).
 */
#include <setjmp.h>
#include <signal.h>
#include <string.h>

#define	SJ_SAVEMASK	_JBLEN			/* word index of savemask */
#define	SJ_MASK		(_JBLEN + 1)		/* word index of the mask */

_Static_assert(sizeof(sigset_t) == 16, "include/setjmp.h keeps 16 bytes");

void
siglongjmp(sigjmp_buf env, int val)
{
	sigset_t mask;

	if (env[SJ_SAVEMASK] != 0) {
		memcpy(&mask, &env[SJ_MASK], sizeof(mask));
		sigprocmask(SIG_SETMASK, &mask, NULL);
	}
	longjmp(env, val != 0 ? val : 1);
}

void
_longjmp(jmp_buf env, int val)
{
	longjmp(env, val != 0 ? val : 1);
}
