/*
 * Executable image activation: the state kern_execve() builds while it
 * loads a program, and the image activators (ELF in imgact_elf.c; #!
 * scripts in kern_exec.c).
 */
#ifndef _SYS_IMGACT_H_
#define _SYS_IMGACT_H_

#include <sys/types.h>

struct vnode;
struct vmspace;
struct ucred;

struct image_params {
	struct vnode	*vp;		/* the file being run (referenced) */
	struct ucred	*cred;		/* to read it with */
	const char	*path;		/* name it was run as */
	char		*hdr;		/* its first page (kernel buffer) */
	size_t		hdrlen;		/* bytes valid in hdr */
	struct vmspace	*vm;		/* the new address space */
	uintptr_t	entry;		/* program entry point */
	uintptr_t	phdr;		/* user address of the program headers */
	int		phnum;
	uintptr_t	data_end;	/* end of the highest segment */
	/* Arguments, copied in before the old address space goes away. */
	char		*strings;	/* argv then envp, NUL separated */
	size_t		strlen;		/* bytes used in strings */
	int		argc;
	int		envc;
	char		*interp;	/* #! interpreter, if any */
};

int	exec_elf_imgact(struct image_params *imgp);	/* ENOEXEC: not ELF */

#endif /* !_SYS_IMGACT_H_ */
