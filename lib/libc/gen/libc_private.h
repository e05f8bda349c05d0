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

/* gen/lock.c: free in fork's child the locks other threads held. */
void	__libc_locks_child(void);

#endif /* !_LIBC_PRIVATE_H_ */
