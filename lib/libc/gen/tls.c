/*
 * Static thread-local storage: the executable's PT_TLS segment (the
 * __thread and _Thread_local variables) and the thread control block
 * the thread pointer names.
 *
 * Petrel programs are static, so the linker has already turned every
 * thread-local access into a fixed offset from the thread pointer, and
 * all that is left at run time is to lay each thread's copy of the
 * segment where those offsets expect it:
 *
 *  amd64 (TLS "variant II"): the block ends at the TCB, and starts
 *  round(p_memsz, p_align) bytes below it; the ABI has %fs:0 hold the
 *  TCB's own address.
 *
 *  aarch64 ("variant I"): TPIDR_EL0 names a 16-byte TCB and the block
 *  starts round(16, p_align) bytes above it.
 *
 * The TCB is two words on both: itself (amd64's %fs:0; on aarch64 the
 * slot a dynamic linker would use for the DTV, which a static program
 * never reads), then the thread's libpthread structure.  Every thread
 * gets a TCB here, the main one at start-up (so a program without
 * libpthread may use __thread too) and the others in pthread_create,
 * from memory it hands to __libc_tls_place.
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/elf64.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "libc_private.h"

#if defined(__x86_64__)
#define	AMD64_SET_FSBASE	129	/* sys/arch/amd64/include/sysarch.h */
int	sysarch(int, void *);
#endif

static const char *tls_image;	/* the initialised part (.tdata) */
static size_t	tls_filesz;	/* its size */
static size_t	tls_memsz;	/* with the zeroed part (.tbss) */
static size_t	tls_align = sizeof(void *) * 2;

struct tcb	*__libc_main_tcb;

/* The main thread's TCB and block, when small; else they are mmap'd. */
static char	tls_main_area[256] __attribute__((aligned(64)));

static size_t
roundup_to(size_t n, size_t a)
{
	return ((n + a - 1) & ~(a - 1));
}

/* Find PT_TLS through the auxiliary vector's program headers. */
static void
tls_find(void)
{
	const Elf64_Phdr *ph = NULL;
	unsigned long *av;
	size_t i, phnum = 0;

	if (__auxv == NULL)
		return;
	for (av = __auxv; av[0] != AT_NULL; av += 2) {
		if (av[0] == AT_PHDR)
			ph = (const Elf64_Phdr *)av[1];
		else if (av[0] == AT_PHNUM)
			phnum = av[1];
	}
	if (ph == NULL)
		return;
	for (i = 0; i < phnum; i++) {
		if (ph[i].p_type != PT_TLS)
			continue;
		tls_image = (const char *)ph[i].p_vaddr;
		tls_filesz = ph[i].p_filesz;
		tls_memsz = ph[i].p_memsz;
		/* A power of two, as the ELF specification requires. */
		if (ph[i].p_align > tls_align &&
		    (ph[i].p_align & (ph[i].p_align - 1)) == 0)
			tls_align = ph[i].p_align;
		break;
	}
}

/*
 * The bytes a thread's TCB and block need, wherever the memory handed
 * to __libc_tls_place starts (the slack is for aligning the TCB).
 */
size_t
__libc_tls_size(void)
{
#if defined(__x86_64__)
	return (roundup_to(tls_memsz, tls_align) + sizeof(struct tcb) +
	    tls_align - 1);
#else
	return (roundup_to(sizeof(struct tcb), tls_align) + tls_memsz +
	    tls_align - 1);
#endif
}

/*
 * Lay out a TCB and a fresh copy of the block in mem (len bytes, at
 * least __libc_tls_size()); the TCB's address, or NULL if len is short.
 */
struct tcb *
__libc_tls_place(void *mem, size_t len)
{
	uintptr_t base = (uintptr_t)mem;
	struct tcb *tcb;
	char *blk;

	if (len < __libc_tls_size())
		return (NULL);
#if defined(__x86_64__)
	tcb = (struct tcb *)roundup_to(base + roundup_to(tls_memsz,
	    tls_align), tls_align);
	blk = (char *)tcb - roundup_to(tls_memsz, tls_align);
#else
	tcb = (struct tcb *)roundup_to(base, tls_align);
	blk = (char *)tcb + roundup_to(sizeof(struct tcb), tls_align);
#endif
	memcpy(blk, tls_image, tls_filesz);
	memset(blk + tls_filesz, 0, tls_memsz - tls_filesz);
	tcb->tcb_self = tcb;
	tcb->tcb_thread = NULL;
	return (tcb);
}

/* Point this thread's thread pointer at tcb. */
void
__libc_set_tp(struct tcb *tcb)
{
#if defined(__x86_64__)
	unsigned long base = (unsigned long)tcb;

	/* Cannot fail for a user address; errno is not touched then. */
	sysarch(AMD64_SET_FSBASE, &base);
#elif defined(__aarch64__)
	__asm __volatile("msr tpidr_el0, %0" : : "r" (tcb));
#else
#error "libc: no thread pointer for this architecture"
#endif
}

/*
 * The main thread's TCB and block, before anything (a constructor, or
 * newlib's start-up) can touch a thread-local variable.  With no memory
 * for a large block the program cannot run as linked.
 */
void
__libc_init_tls(void)
{
	static const char msg[] = "cannot allocate thread-local storage\n";
	size_t len;
	void *mem;

	tls_find();
	len = __libc_tls_size();
	if (len <= sizeof(tls_main_area))
		mem = tls_main_area;
	else {
		mem = mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANON, -1, 0);
		if (mem == MAP_FAILED) {
			write(2, msg, sizeof(msg) - 1);
			_exit(127);
		}
	}
	__libc_main_tcb = __libc_tls_place(mem, len);
	__libc_set_tp(__libc_main_tcb);
}
