/*
 * Thread cancellation: pthread_cancel, pthread_setcancelstate,
 * pthread_setcanceltype, pthread_testcancel, the cleanup stack behind the
 * pthread_cleanup_push/pop macros, and the handler of the signal
 * libpthread keeps for itself (SIGTHR, hidden from the program by
 * lib/libc's gen/signal.c as FreeBSD's libthr hides SIGCANCEL).
 *
 * The request is one bit, LIBC_CANCEL_PENDING, in the first word of the
 * target's struct __pthread, next to its DISABLE and ASYNC bits; then
 * pthread_cancel sends SIGTHR to the target's lwp, only to get it out of
 * a system call it is blocked in.  The cancellation points are lib/libc's
 * CSYSCALL stubs and libpthread's own waits, which all go through one of
 * two windows in lib/libc's arch/<arch>/cancel.S: the word is read, then
 * the system-call instruction runs.
 *
 * The race between the check and the kernel: a request that comes after
 * the word was read but before the call blocks must still end it.  As in
 * musl, the handler looks at the interrupted program counter.  Inside a
 * window (the system-call instruction included, where the kernel leaves
 * a call it restarts under SA_RESTART), the call has had no effect, and
 * the handler moves the thread to the window's cancel label.  Just past
 * the window, the call has returned: if it returned EINTR the stub sees
 * the request afterwards; if it did something (read data, accepted a
 * connection), that result is the caller's and the request waits for the
 * next cancellation point, as POSIX asks.  A simpler per-thread "in a
 * system call" flag cannot tell those two cases apart, which is why the
 * program counter is used.  Anywhere else (ordinary code, or a signal
 * handler of the program's that interrupted a blocked call), the request
 * is left pending and the signal sent again with itself blocked in the
 * interrupted context, so that it comes back when that context's mask
 * is restored (an interrupted handler's sigreturn) and finds the
 * restarted call in the window.
 *
 * The handler is installed with SA_RESTART so that a thread with
 * cancellation disabled does not see EINTR from read and the like.
 */
#include <sys/types.h>
#include <sys/lwp.h>
#include <sys/syscall.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "thr_private.h"

#define	SIGCANCEL	SIGTHR

#define	CANCEL_EXITING	0x100	/* in pthread_exit: never act again */

/*
 * Where the kernel's signal frame (its <machine/sigframe.h>, which is not
 * installed) keeps the interrupted program counter and the mask that
 * sigreturn restores; the magic word is checked before they are used.
 * The mask word holds signals 1-64, bit n-1 for signal n.
 */
#define	UC_MASK_OFF	0
#if defined(__x86_64__)
#define	UC_MAGIC_OFF	24
#define	UC_MAGIC	0x50657472656c5543UL	/* "PetrelUC" */
#define	UC_PC_OFF	(32 + 19 * 8)		/* uc_tf.tf_rip */
#elif defined(__aarch64__)
#define	UC_MAGIC_OFF	(16 + 280)		/* uc_mcontext.mc_magic */
#define	UC_MAGIC	0x3436414c45525450UL	/* "PTRELA64" */
#define	UC_PC_OFF	(16 + 256)		/* uc_mcontext.mc_pc */
#else
#error "libpthread: no signal frame layout for this architecture"
#endif

/* The thread acts on a request: pthread_exit(PTHREAD_CANCELED). */
static void __attribute__((__noreturn__))
thr_cancel_act(void)
{
	pthread_exit(PTHREAD_CANCELED);
}

static int
thr_should_act(int f)
{
	return ((f & (LIBC_CANCEL_PENDING | LIBC_CANCEL_DISABLE |
	    CANCEL_EXITING)) == LIBC_CANCEL_PENDING);
}

static void
thr_cancel_handler(int sig, siginfo_t *si, void *ctx)
{
	struct __pthread *t = _thr_get_tp();
	char *uc = ctx;
	uintptr_t pc, *pcp;
	int e, f;

	(void)sig;
	(void)si;
	f = __atomic_load_n(&t->cancelflags, __ATOMIC_ACQUIRE);
	if (!thr_should_act(f))
		return;		/* disabled: the request waits */
	if (f & LIBC_CANCEL_ASYNC)
		thr_cancel_act();	/* SIGCANCEL stays blocked: fine */
	if (*(uint64_t *)(uc + UC_MAGIC_OFF) != UC_MAGIC)
		return;
	pcp = (uintptr_t *)(uc + UC_PC_OFF);
	pc = *pcp;
	if (pc >= (uintptr_t)__cp_begin && pc < (uintptr_t)__cp_end)
		*pcp = (uintptr_t)__cp_cancel;
	else if (pc >= (uintptr_t)__cp_begin_c && pc < (uintptr_t)__cp_end_c)
		*pcp = (uintptr_t)__cp_cancel_c;
	else {
		*(uint64_t *)(uc + UC_MASK_OFF) |= 1ULL << (SIGCANCEL - 1);
		e = errno;
		(void)lwp_kill(-1, t->tid, SIGCANCEL);
		errno = e;
	}
}

/* From _thr_init: the handler, and libc's checks turned on. */
void
_thr_cancel_init(void)
{
	struct sigaction sa;

	__libc_cancel_hook = thr_cancel_act;
	__libc_sigcancel = SIGCANCEL;
	__atomic_store_n(&__libc_cancel_on, 1, __ATOMIC_RELEASE);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = thr_cancel_handler;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	(void)__sys_sigaction(SIGCANCEL, &sa, NULL);
	_thr_cancel_unblock();
}

/*
 * A thread whose handler re-sent SIGCANCEL to itself may have it blocked;
 * a thread it creates, or a child it forks, starts with its mask, so
 * they unblock it first.
 */
void
_thr_cancel_unblock(void)
{
	sigset_t set;
	int e = errno;

	sigemptyset(&set);
	sigaddset(&set, SIGCANCEL);
	(void)__sys_sigprocmask(SIG_UNBLOCK, &set, NULL);
	errno = e;
}

/* Act on a pending request if cancellation is enabled (never returns then). */
void
_thr_testcancel(struct __pthread *t)
{
	if (thr_should_act(__atomic_load_n(&t->cancelflags,
	    __ATOMIC_ACQUIRE)))
		thr_cancel_act();
}

int
_thr_umtx_sleep_cp(volatile int *p, int v, int us)
{
	long r;

	r = __libc_syscall_cp((long)p, v, us, 0, 0, SYS_umtx_sleep);
	if (r == LIBC_CP_CANCELED)
		return (ECANCELED);
	if (r >= 0)
		return (0);
	if (r == -EINTR && thr_should_act(__atomic_load_n(
	    &_thr_get_tp()->cancelflags, __ATOMIC_ACQUIRE)))
		return (ECANCELED);
	return ((int)-r);
}

int
pthread_cancel(pthread_t t)
{
	struct __pthread *self = _thr_self();
	int e, f, tid = 0;

	_thr_lock(&_thr_list_lock);
	if (!_thr_find(t) || t->exited || (tid = t->tid) == 0) {
		_thr_unlock(&_thr_list_lock);
		return (ESRCH);
	}
	f = __atomic_fetch_or(&t->cancelflags, LIBC_CANCEL_PENDING,
	    __ATOMIC_SEQ_CST);
	_thr_unlock(&_thr_list_lock);
	if (f & LIBC_CANCEL_PENDING)
		return (0);		/* asked already */
	if (t == self) {
		if (f & LIBC_CANCEL_ASYNC)
			_thr_testcancel(self);
		return (0);		/* deferred: the next point acts */
	}
	/* To wake it from a blocking call; it may just have ended: ESRCH. */
	e = errno;
	(void)lwp_kill(-1, tid, SIGCANCEL);
	errno = e;
	return (0);
}

int
pthread_setcancelstate(int state, int *oldstate)
{
	struct __pthread *t;
	int f;

	if (state != PTHREAD_CANCEL_ENABLE && state != PTHREAD_CANCEL_DISABLE)
		return (EINVAL);
	t = _thr_self();
	if (state == PTHREAD_CANCEL_DISABLE)
		f = __atomic_fetch_or(&t->cancelflags, LIBC_CANCEL_DISABLE,
		    __ATOMIC_SEQ_CST);
	else if (t->cancelflags & CANCEL_EXITING)
		f = t->cancelflags;	/* exiting: stays disabled */
	else
		f = __atomic_fetch_and(&t->cancelflags, ~LIBC_CANCEL_DISABLE,
		    __ATOMIC_SEQ_CST);
	if (oldstate != NULL)
		*oldstate = (f & LIBC_CANCEL_DISABLE) ?
		    PTHREAD_CANCEL_DISABLE : PTHREAD_CANCEL_ENABLE;
	/* Asynchronous: a request waiting for this acts now. */
	if (state == PTHREAD_CANCEL_ENABLE && (f & LIBC_CANCEL_ASYNC))
		_thr_testcancel(t);
	return (0);
}

int
pthread_setcanceltype(int type, int *oldtype)
{
	struct __pthread *t;
	int f;

	if (type != PTHREAD_CANCEL_DEFERRED &&
	    type != PTHREAD_CANCEL_ASYNCHRONOUS)
		return (EINVAL);
	t = _thr_self();
	if (type == PTHREAD_CANCEL_ASYNCHRONOUS)
		f = __atomic_fetch_or(&t->cancelflags, LIBC_CANCEL_ASYNC,
		    __ATOMIC_SEQ_CST);
	else
		f = __atomic_fetch_and(&t->cancelflags, ~LIBC_CANCEL_ASYNC,
		    __ATOMIC_SEQ_CST);
	if (oldtype != NULL)
		*oldtype = (f & LIBC_CANCEL_ASYNC) ?
		    PTHREAD_CANCEL_ASYNCHRONOUS : PTHREAD_CANCEL_DEFERRED;
	if (type == PTHREAD_CANCEL_ASYNCHRONOUS)
		_thr_testcancel(t);
	return (0);
}

void
pthread_testcancel(void)
{
	_thr_testcancel(_thr_self());
}

/*
 * The cleanup stack: pthread_cleanup_push's record lives in the caller's
 * frame (the macro's block), linked from the thread.  The link is stored
 * last, so an asynchronous cancellation never sees half a record.
 */
void
__pthread_cleanup_push_imp(void (*routine)(void *), void *arg,
    struct _pthread_cleanup_info *ci)
{
	struct __pthread *t = _thr_self();

	ci->__routine = routine;
	ci->__arg = arg;
	ci->__prev = t->cleanup;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	t->cleanup = ci;
}

void
__pthread_cleanup_pop_imp(int execute)
{
	struct __pthread *t = _thr_self();
	struct _pthread_cleanup_info *ci;

	if ((ci = t->cleanup) == NULL)
		return;
	t->cleanup = ci->__prev;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	if (execute)
		ci->__routine(ci->__arg);
}

/*
 * pthread_exit's first step: cancellation off for good (a cleanup
 * handler's read or close must not start a second exit), then the
 * cleanup handlers, last pushed first.
 */
void
_thr_cancel_exit(struct __pthread *t)
{
	struct _pthread_cleanup_info *ci;

	__atomic_fetch_or(&t->cancelflags, LIBC_CANCEL_DISABLE |
	    CANCEL_EXITING, __ATOMIC_SEQ_CST);
	while ((ci = t->cleanup) != NULL) {
		t->cleanup = ci->__prev;
		ci->__routine(ci->__arg);
	}
}
