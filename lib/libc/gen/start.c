/*
 * Program start-up: crt0 (arch/<arch>/crt0.S) hands __libc_start the
 * initial stack pointer.  Below it the kernel left argc, argv[], NULL,
 * envp[], NULL and the auxiliary vector (SysV ABI).  We set environ and
 * the program name, run newlib's constructor arrays, call main and pass
 * its value to exit() so atexit handlers and stdio flushing run.
 */
#include <sys/types.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libc_private.h"

extern int main(int, char **, char **);
extern void __libc_init_array(void);
extern void __libc_fini_array(void);

char		**environ;
const char	*__progname = "";
unsigned long	*__auxv;		/* AT_* pairs, 0-terminated */

/*
 * newlib's __libc_init_array calls _init() and __libc_fini_array
 * _fini() (HAVE_INIT_FINI); Petrel has no crti/crtn, so the init and fini
 * sections are empty and these are the whole of them.
 */
void
_init(void)
{
}

void
_fini(void)
{
}

/* -fstack-protector code, should a program be built with it. */
uintptr_t __stack_chk_guard = 0x595e9fbd94fda766UL;

void
__stack_chk_fail(void)
{
	static const char msg[] = "stack overflow detected; terminated\n";

	write(STDERR_FILENO, msg, sizeof(msg) - 1);
	abort();
}

void
__libc_start(long *sp)
{
	int argc;
	char **argv, **envp, **p;
	const char *s;

	argc = (int)sp[0];
	argv = (char **)(sp + 1);
	envp = argv + argc + 1;
	environ = envp;
	for (p = envp; *p != NULL; p++)
		;
	__auxv = (unsigned long *)(p + 1);
	if (argc > 0 && argv[0] != NULL) {
		s = strrchr(argv[0], '/');
		__progname = s != NULL ? s + 1 : argv[0];
	}
	__libc_init();
	atexit(__libc_fini_array);
	__libc_init_array();
	exit(main(argc, argv, envp));
}

/* Work every program needs before main: the main thread's TLS. */
void
__libc_init(void)
{
	__libc_init_tls();
}

const char *
getprogname(void)
{
	return (__progname);
}

void
setprogname(const char *name)
{
	const char *s;

	s = strrchr(name, '/');
	__progname = s != NULL ? s + 1 : name;
}
