/*
 * The kernel's everyday services: console output (kprintf and friends),
 * panic and assertions, the string and memory routines of subr_string.c,
 * and user-memory access (copyin & co., provided by each port through
 * <sys/cpu.h>).  Almost every kernel source file includes this header.
 */
#ifndef _SYS_SYSTM_H_
#define _SYS_SYSTM_H_

#include <sys/types.h>
#include <sys/param.h>
#include <sys/cpu.h>

/* Console output: subr_prf.c */
int	kprintf(const char *fmt, ...) __printflike(1, 2);
int	kvprintf(const char *fmt, va_list ap);
int	ksnprintf(char *buf, size_t size, const char *fmt, ...)
	    __printflike(3, 4);
int	kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int	kvcprintf(const char *fmt, void (*func)(int, void *), void *arg,
	    va_list ap);
void	kprintf_lock(void);		/* keep a multi-call line together */
void	kprintf_unlock(void);

/* Stopping: kern_shutdown.c */
void	panic(const char *fmt, ...) __dead2 __printflike(1, 2);
void	kern_reboot(int howto, int status) __dead2;
extern const char *panicstr;		/* non-NULL once panicking */

#ifdef INVARIANTS_OFF
#define KASSERT(exp, msg)	do { } while (0)
#else
/* KASSERT(cond, ("fmt", args)): the message is a parenthesised list. */
#define KASSERT(exp, msg) do {						\
	if (__predict_false(!(exp)))					\
		panic msg;						\
} while (0)
#endif
#define CTASSERT(x)	_Static_assert((x), #x)

/* Memory and string routines: subr_string.c */
void	*memcpy(void *dst, const void *src, size_t len);
void	*memmove(void *dst, const void *src, size_t len);
void	*memset(void *dst, int c, size_t len);
int	memcmp(const void *a, const void *b, size_t len);
void	*memchr(const void *s, int c, size_t len);
void	bzero(void *dst, size_t len);
void	bcopy(const void *src, void *dst, size_t len);
int	bcmp(const void *a, const void *b, size_t len);
size_t	strlen(const char *s);
size_t	strnlen(const char *s, size_t max);
int	strcmp(const char *a, const char *b);
int	strncmp(const char *a, const char *b, size_t len);
char	*strchr(const char *s, int c);
char	*strrchr(const char *s, int c);
char	*strstr(const char *s, const char *find);
size_t	strlcpy(char *dst, const char *src, size_t size);
size_t	strlcat(char *dst, const char *src, size_t size);
char	*strsep(char **sp, const char *delim);
long	strtol(const char *s, char **endp, int base);
unsigned long strtoul(const char *s, char **endp, int base);
long long strtoq(const char *s, char **endp, int base);
unsigned long long strtouq(const char *s, char **endp, int base);
int	ffsl(long mask);
int	flsl(long mask);

/* Kernel command line (init_main.c): "key" or "key=value" words. */
const char *kgetenv(const char *key);	/* value, "" for a bare key, or NULL */
bool	kgetenv_bool(const char *key);
long	kgetenv_long(const char *key, long dflt);

/* Clock (kern_clock.c) */
extern volatile uint64_t ticks;		/* BSP hardclock count */
extern int hz;

/* The build identification printed in the banner (init_main.c). */
extern const char version[];
extern const char ostype[];
extern const char osrelease[];

#endif /* !_SYS_SYSTM_H_ */
