/*
 * sigsetjmp/siglongjmp: with savemask 1 the mask at sigsetjmp comes back
 * (a signal blocked afterwards is unblocked again, one unblocked
 * afterwards blocked again); with savemask 0 the mask is left as it was
 * at siglongjmp.  Out of a signal handler (where the kernel has added
 * the signal to the mask) with savemask 1 the signal is deliverable
 * again.  siglongjmp(env, 0) returns 1; _setjmp/_longjmp work; locals
 * declared volatile keep their values.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

static sigjmp_buf env;
static volatile sig_atomic_t handled;

static void
on_usr1(int sig)
{
	handled++;
	siglongjmp(env, 7);
}

static int
blocked(int sig)
{
	sigset_t cur;

	sigprocmask(SIG_BLOCK, NULL, &cur);
	return (sigismember(&cur, sig));
}

static void
block(int sig, int how)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(how, &s, NULL);
}

int
main(void)
{
	volatile int pass;
	struct sigaction sa;
	jmp_buf jb;
	sigset_t none;
	int r;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	/* savemask 1: a later block is undone. */
	pass = 0;
	r = sigsetjmp(env, 1);
	if (r == 0) {
		pass = 1;
		block(SIGUSR2, SIG_BLOCK);
		siglongjmp(env, 5);
	}
	is_int(r, 5, "sigsetjmp returns siglongjmp's value");
	is_int(pass, 1, "volatile local kept");
	is_int(blocked(SIGUSR2), 0, "savemask 1: SIGUSR2 unblocked again");

	/* savemask 1: a later unblock is undone. */
	block(SIGHUP, SIG_BLOCK);
	if ((r = sigsetjmp(env, 1)) == 0) {
		block(SIGHUP, SIG_UNBLOCK);
		siglongjmp(env, 1);
	}
	is_int(blocked(SIGHUP), 1, "savemask 1: SIGHUP blocked again");
	block(SIGHUP, SIG_UNBLOCK);

	/* savemask 0: the mask stays as siglongjmp found it. */
	if ((r = sigsetjmp(env, 0)) == 0) {
		block(SIGUSR2, SIG_BLOCK);
		siglongjmp(env, 1);
	}
	is_int(blocked(SIGUSR2), 1, "savemask 0: SIGUSR2 still blocked");
	block(SIGUSR2, SIG_UNBLOCK);

	/* Value 0 is delivered as 1. */
	if ((r = sigsetjmp(env, 0)) == 0)
		siglongjmp(env, 0);
	is_int(r, 1, "siglongjmp(env, 0) makes sigsetjmp return 1");

	/* Out of a handler: savemask 1 restores the pre-handler mask. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	handled = 0;
	if ((r = sigsetjmp(env, 1)) == 0) {
		kill(getpid(), SIGUSR1);
		ok(0, "handler did not jump");
	}
	is_int(r, 7, "jumped out of the handler");
	is_int(blocked(SIGUSR1), 0, "savemask 1: SIGUSR1 unblocked after");
	if ((r = sigsetjmp(env, 1)) == 0)
		kill(getpid(), SIGUSR1);
	is_int(handled, 2, "SIGUSR1 delivered a second time");

	/* Out of a handler with savemask 0: SIGUSR1 stays blocked. */
	if ((r = sigsetjmp(env, 0)) == 0)
		kill(getpid(), SIGUSR1);
	is_int(handled, 3, "third delivery");
	is_int(blocked(SIGUSR1), 1,
	    "savemask 0: the handler's mask (SIGUSR1 blocked) remains");
	sigprocmask(SIG_SETMASK, &none, NULL);

	/* _setjmp/_longjmp. */
	pass = 0;
	if ((r = _setjmp(jb)) == 0) {
		pass = 2;
		_longjmp(jb, 9);
	}
	ok(r == 9 && pass == 2, "_setjmp/_longjmp");
	return (done());
}
