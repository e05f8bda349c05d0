/*
 * Declarations shared inside lib/libc, and with lib/libpthread for the
 * thread hooks at the end (never installed).
 */
#ifndef _LIBC_PRIVATE_H_
#define _LIBC_PRIVATE_H_

#include <sys/types.h>

extern const char *__progname;
extern unsigned long *__auxv;

void	__libc_init(void);
long	__cerror(int);

/* The raw system calls lib/libc wraps in C (PSYSCALL stubs). */
struct sigaction;
int	__sys_sigaction(int, const struct sigaction *, struct sigaction *);
long	__sys_pathconf(const char *, int);
long	__sys_fpathconf(int, int);
int	__sys_getlogin(char *, unsigned int);
int	__sys_sigwait(const void *, int *);
int	__sys_vfork(void);
int	__sys___sysctl(const int *, unsigned int, void *, size_t *,
	    const void *, size_t);
int	__sysctl(const int *, unsigned int, void *, size_t *, const void *,
	    size_t);
int	__getcwd(char *, size_t);

/* Filled in by libpthread when it starts its first thread (thread.c). */
struct _reent;
extern struct _reent	*(*__libc_reent_hook)(void);
extern void	(*__libc_malloc_lock_hook)(void);
extern void	(*__libc_malloc_unlock_hook)(void);
extern void	(*__libc_fork_prepare_hook)(void);
extern void	(*__libc_fork_parent_hook)(void);
extern void	(*__libc_fork_child_hook)(void);
/*
 * gen/tls.c: the thread control block at the thread pointer, and each
 * thread's copy of the executable's thread-local storage around it.
 */
struct tcb {
	struct tcb	*tcb_self;	/* amd64's %fs:0 reads it */
	void		*tcb_thread;	/* libpthread's struct __pthread */
};
extern struct tcb *__libc_main_tcb;
void	__libc_init_tls(void);
size_t	__libc_tls_size(void);
struct tcb *__libc_tls_place(void *, size_t);
void	__libc_set_tp(struct tcb *);

/*
 * Thread cancellation (docs/lib/threads.md).  The system calls that are
 * cancellation points are generated as CSYSCALL stubs (arch/<arch>/SYS.h)
 * that go through __sys_cp (arch/<arch>/cancel.S).  Once libpthread sets
 * __libc_cancel_on, __sys_cp reads the calling thread's cancellation
 * word, the first int of libpthread's struct __pthread (the TCB's second
 * word), between __cp_begin and __cp_end, the system-call instruction
 * being the window's last: a request found there, or one whose signal
 * ended the call with EINTR, goes to __cp_cancel, which calls
 * __libc_cancel_hook (pthread_exit(PTHREAD_CANCELED); it never returns).
 * libpthread's handler for __libc_sigcancel moves a thread interrupted
 * inside a window to the window's cancel label, so a request that
 * arrives after the check but before the kernel was entered is not lost.
 * __libc_syscall_cp is the same for C callers in libpthread (umtx sleeps):
 * it returns the result, -errno, or LIBC_CP_CANCELED.
 */
#define	LIBC_CANCEL_PENDING	0x1	/* pthread_cancel asked */
#define	LIBC_CANCEL_DISABLE	0x2	/* PTHREAD_CANCEL_DISABLE, or exiting */
#define	LIBC_CANCEL_ASYNC	0x4	/* PTHREAD_CANCEL_ASYNCHRONOUS */
#define	LIBC_CP_CANCELED	(-4096L)
extern int	__libc_cancel_on;
extern int	__libc_sigcancel;	/* the hidden signal, or 0 */
extern void	(*__libc_cancel_hook)(void);
void	__libc_cp_cancel(void) __attribute__((__noreturn__));
long	__libc_syscall_cp(long, long, long, long, long, long);
extern char	__cp_begin[], __cp_end[], __cp_cancel[];
extern char	__cp_begin_c[], __cp_end_c[], __cp_cancel_c[];

/* gen/lock.c: free in fork's child the locks other threads held. */
void	__libc_locks_child(void);

#endif /* !_LIBC_PRIVATE_H_ */
