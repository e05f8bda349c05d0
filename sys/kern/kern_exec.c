/*
 * execve.  kern_execve() copies the arguments and environment into the
 * kernel (the old address space is about to go), looks the file up,
 * follows #! lines (up to EXEC_MAXINTERP levels, the interpreter gets
 * `interp [arg] path argv[1..]'), builds a new address space with the
 * ELF activator, lays out the user stack (argc, argv, envp, auxv with
 * AT_PHDR AT_PHENT AT_PHNUM AT_PAGESZ AT_ENTRY AT_RANDOM ..., then the
 * strings) and only then commits: switches address spaces, applies
 * set-user-id bits, closes close-on-exec descriptors, resets caught
 * signals and points the thread's registers at the entry.  Any failure
 * before the commit leaves the caller as it was.
 *
 * start_init() makes process 1 and execs init in its thread.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/caps.h>
#include <sys/filedesc.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/vnode.h>
#include <sys/namei.h>
#include <sys/uio.h>
#include <sys/stat.h>
#include <sys/elf64.h>
#include <sys/imgact.h>
#include <sys/ktimer.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/bootinfo.h>
#include <sys/sysmsg.h>
#include <sys/sysproto.h>
#include <sys/shm.h>
#include <sys/event.h>
#include <vm/vm_map.h>
#include <vm/vm_kern.h>
#include <vm/vm_object.h>
#include <machine/vmparam.h>
#include <machine/cpufunc.h>

MALLOC_DECLARE(M_PROC);

#define EXEC_MAXINTERP	4
#define EXEC_MAXARGS	(ARG_MAX / sizeof(char *))

/* Append a string to the argument buffer. */
static int
args_add(struct image_params *imgp, const char *s, bool user)
{
	size_t done, room = ARG_MAX - imgp->strlen;
	int error;

	if (room == 0)
		return (E2BIG);
	if (user) {
		error = copyinstr(s, imgp->strings + imgp->strlen, room, &done);
		if (error == ENAMETOOLONG)
			return (E2BIG);
		if (error != 0)
			return (error);
	} else {
		done = strlen(s) + 1;
		if (done > room)
			return (E2BIG);
		memcpy(imgp->strings + imgp->strlen, s, done);
	}
	imgp->strlen += done;
	return (0);
}

static int
args_copyin(struct image_params *imgp, char *const *argv, char *const *envv,
    bool kernel)
{
	const char *s;
	int i, error, n;

	for (n = 0; n < 2; n++) {
		char *const *vec = n == 0 ? argv : envv;

		if (vec == NULL)
			continue;
		for (i = 0; ; i++) {
			if (i >= (int)EXEC_MAXARGS)
				return (E2BIG);
			if (kernel)
				s = vec[i];
			else {
				error = copyin(&vec[i], &s, sizeof(s));
				if (error != 0)
					return (error);
			}
			if (s == NULL)
				break;
			error = args_add(imgp, s, !kernel);
			if (error != 0)
				return (error);
			if (n == 0)
				imgp->argc++;
			else
				imgp->envc++;
		}
	}
	return (0);
}

/*
 * A #! script: rewrite argv as `interp [arg] path argv[1..]' and return
 * the interpreter to run.  ENOEXEC if the line is malformed.
 */
static int
exec_shell_imgact(struct image_params *imgp, char *interp, size_t ilen)
{
	char line[256], *p, *arg = NULL, *nbuf, *old;
	size_t n, oldlen, skip;
	int error;

	n = MIN(imgp->hdrlen, sizeof(line) - 1);
	memcpy(line, imgp->hdr, n);
	line[n] = '\0';
	p = strchr(line, '\n');
	if (p == NULL)
		return (ENOEXEC);
	*p = '\0';
	p = line + 2;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0')
		return (ENOEXEC);
	strlcpy(interp, p, ilen);
	for (p = interp; *p != '\0' && *p != ' ' && *p != '\t'; p++)
		;
	if (*p != '\0') {
		*p++ = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '\0') {
			arg = p;
			/* one argument, trailing blanks trimmed */
			n = strlen(arg);
			while (n > 0 && (arg[n - 1] == ' ' || arg[n - 1] == '\t'))
				arg[--n] = '\0';
		}
	}
	/* Rebuild the buffer: interp, arg, path, then argv[1..] and env. */
	old = imgp->strings;
	oldlen = imgp->strlen;
	skip = imgp->argc > 0 ? strlen(old) + 1 : 0;	/* drop argv[0] */
	nbuf = (char *)kmem_alloc(ARG_MAX, 0);
	if (nbuf == 0)
		return (ENOMEM);
	imgp->strings = nbuf;
	imgp->strlen = 0;
	error = args_add(imgp, interp, false);
	if (error == 0 && arg != NULL)
		error = args_add(imgp, arg, false);
	if (error == 0)
		error = args_add(imgp, imgp->path, false);
	if (error == 0 && imgp->strlen + oldlen - skip > ARG_MAX)
		error = E2BIG;
	if (error != 0) {
		kmem_free((vm_offset_t)nbuf, ARG_MAX);
		imgp->strings = old;
		imgp->strlen = oldlen;
		return (error);
	}
	memcpy(nbuf + imgp->strlen, old + skip, oldlen - skip);
	imgp->strlen += oldlen - skip;
	imgp->argc += (arg != NULL ? 2 : 1) + (imgp->argc > 0 ? 0 : 1);
	kmem_free((vm_offset_t)old, ARG_MAX);
	return (0);
}

static void
exec_random(uint8_t *buf, size_t n)
{
	static uint64_t state;
	uint64_t x;
	size_t i;

	/*
	 * Not a cryptographic generator: a xorshift stream stirred with
	 * the cycle counter.  Enough for stack-protector canaries in a
	 * hobby system; say so rather than pretend otherwise.
	 */
	x = state ^ cpu_cycles() ^ 0x9e3779b97f4a7c15ULL;
	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		buf[i] = (uint8_t)(x >> 24);
	}
	state = x;
}

/*
 * Lay out the new stack below USRSTACK and copy it into vm.  Returns
 * the initial stack pointer in *spp.
 */
static int
exec_copyout_stack(struct image_params *imgp, struct proc *p,
    uintptr_t *spp)
{
	struct vmspace *vm = imgp->vm;
	uintptr_t top = vm->vm_stacktop, strbase, rnd, sp, uaddr;
	uint64_t *vec;
	size_t nvec, size, naux;
	char *buf, *s;
	int i, error;
	struct ucred *cr = p->p_ucred;

	strbase = (top - imgp->strlen) & ~(uintptr_t)15;
	rnd = strbase - 16;
	naux = 12;
	nvec = 1 + imgp->argc + 1 + imgp->envc + 1 + naux * 2;
	sp = (rnd - nvec * sizeof(uint64_t)) & ~(uintptr_t)15;
	size = top - sp;
	if (size > vm->vm_ssize / 2)
		return (E2BIG);
	buf = (char *)kmem_alloc(size, M_ZERO);
	if (buf == NULL)
		return (ENOMEM);
	memcpy(buf + (strbase - sp), imgp->strings, imgp->strlen);
	exec_random((uint8_t *)(buf + (rnd - sp)), 16);
	vec = (uint64_t *)(void *)buf;
	i = 0;
	vec[i++] = imgp->argc;
	s = imgp->strings;
	uaddr = strbase;
	for (int a = 0; a < imgp->argc + imgp->envc; a++) {
		vec[i++] = uaddr;
		uaddr += strlen(s) + 1;
		s += strlen(s) + 1;
		if (a == imgp->argc - 1)
			vec[i++] = 0;		/* argv terminator */
	}
	if (imgp->argc == 0)
		vec[i++] = 0;
	vec[i++] = 0;			/* envp terminator */
#define AUX(t, v)	do { vec[i++] = (t); vec[i++] = (uint64_t)(v); } while (0)
	AUX(AT_PHDR, imgp->phdr);
	AUX(AT_PHENT, sizeof(Elf64_Phdr));
	AUX(AT_PHNUM, imgp->phnum);
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_ENTRY, imgp->entry);
	AUX(AT_UID, cr->cr_ruid);
	AUX(AT_EUID, cr->cr_uid);
	AUX(AT_GID, cr->cr_rgid);
	AUX(AT_EGID, cr->cr_gid);
	AUX(AT_RANDOM, rnd);
	AUX(AT_NCPUS, ncpus);
	AUX(AT_NULL, 0);
#undef AUX
	error = vm_map_copyout(vm, sp, buf, size);
	kmem_free((vm_offset_t)buf, size);
	*spp = sp;
	return (error);
}

/*
 * The main thread's stack is one fixed entry below USRSTACK, reserved
 * here and filled on touch, so RLIMIT_STACK takes effect at exec: the
 * entry is the soft limit rounded up to a page, at least EXEC_MINSSIZ
 * (room for the arguments and libc's start-up) and at most EXEC_MAXSSIZ
 * (also the default hard limit).  A touch below it is SIGSEGV.  A limit
 * changed later applies from the next exec, as the stack never grows.
 */
#define EXEC_MINSSIZ	(64UL * 1024)
#define EXEC_MAXSSIZ	(512UL * 1024 * 1024)

static int
exec_map_stack(struct vmspace *vm, struct proc *p)
{
	vm_object_t obj;
	vm_offset_t bottom;
	rlim_t lim = p->p_limit->pl_rlimit[RLIMIT_STACK].rlim_cur;
	size_t ssize;
	int error;

	if (lim == RLIM_INFINITY || (uint64_t)lim > EXEC_MAXSSIZ)
		ssize = EXEC_MAXSSIZ;
	else
		ssize = MAX(round_page((size_t)lim), EXEC_MINSSIZ);
	bottom = USRSTACK - ssize;
	obj = vm_object_allocate(OBJT_ANON, atop(ssize));
	if (obj == NULL)
		return (ENOMEM);
	lwkt_gettoken(&vm->vm_map.map_token);
	error = vm_map_insert(&vm->vm_map, obj, 0, bottom, USRSTACK,
	    VM_PROT_READ | VM_PROT_WRITE, VM_PROT_ALL, MAP_ENTRY_STACK);
	lwkt_reltoken(&vm->vm_map.map_token);
	if (error != 0)
		vm_object_deallocate(obj);
	vm->vm_stacktop = USRSTACK;
	vm->vm_ssize = ssize;
	return (error);
}

static void
exec_set_args(struct proc *p, struct image_params *imgp)
{
	size_t len = 0;
	char *s = imgp->strings;
	int i;

	for (i = 0; i < imgp->argc; i++) {
		len += strlen(s) + 1;
		s += strlen(s) + 1;
	}
	len = MIN(len, 4096);
	if (p->p_args != NULL)
		kfree(p->p_args, M_PROC);
	p->p_args = kmalloc(len + 1, M_PROC, M_WAITOK);
	memcpy(p->p_args, imgp->strings, len);
	p->p_args[len] = '\0';
	p->p_argslen = len;
}

int
kern_execve(const char *path, char *const *argv, char *const *envv,
    bool kernel_args)
{
	struct thread *td = curthread;
	struct proc *p = td->td_proc;
	struct image_params img, *imgp = &img;
	struct vmspace *oldvm;
	struct ucred *cr;
	struct vattr va;
	char *interp = NULL, *pathbuf = NULL;
	const char *name;
	uintptr_t sp;
	size_t resid;
	int error, depth;

	memset(imgp, 0, sizeof(*imgp));
	imgp->strings = (char *)kmem_alloc(ARG_MAX, 0);
	imgp->hdr = kmalloc(PAGE_SIZE, M_TEMP, M_WAITOK);
	pathbuf = kmalloc(MAXPATHLEN, M_TEMP, M_WAITOK);
	interp = kmalloc(MAXPATHLEN, M_TEMP, M_WAITOK);
	if (imgp->strings == NULL) {
		error = ENOMEM;
		goto done;
	}
	if (kernel_args)
		error = strlcpy(pathbuf, path, MAXPATHLEN) >= MAXPATHLEN ?
		    ENAMETOOLONG : 0;
	else
		error = copyinstr(path, pathbuf, MAXPATHLEN, &resid);
	if (error != 0)
		goto done;
	imgp->path = pathbuf;
	error = args_copyin(imgp, argv, envv, kernel_args);
	if (error != 0)
		goto done;
	imgp->cred = p->p_ucred;

	for (depth = 0; ; depth++) {
		error = namei_lookup(imgp->path, FOLLOW, &imgp->vp);
		if (error != 0)
			goto done;
		if (imgp->vp->v_type != VREG) {
			error = EACCES;
			goto done;
		}
		if (imgp->vp->v_mount != NULL &&
		    (imgp->vp->v_mount->mnt_flag & MNT_NOEXEC) != 0) {
			error = EACCES;		/* mounted noexec */
			goto done;
		}
		error = VOP_ACCESS(imgp->vp, VEXEC, imgp->cred);
		if (error == 0)
			error = VOP_GETATTR(imgp->vp, &va);
		if (error == 0 && (va.va_mode & 0111) == 0)
			error = EACCES;	/* root too needs some x bit */
		if (error != 0)
			goto done;
		error = vn_rdwr(UIO_READ, imgp->vp, imgp->hdr, PAGE_SIZE, 0,
		    UIO_SYSSPACE, 0, imgp->cred, &resid);
		if (error != 0)
			goto done;
		imgp->hdrlen = PAGE_SIZE - resid;
		if (imgp->hdrlen >= 2 && imgp->hdr[0] == '#' &&
		    imgp->hdr[1] == '!') {
			if (depth >= EXEC_MAXINTERP) {
				error = ELOOP;
				goto done;
			}
			error = exec_shell_imgact(imgp, interp, MAXPATHLEN);
			if (error != 0)
				goto done;
			vrele(imgp->vp);
			imgp->vp = NULL;
			strlcpy(pathbuf, interp, MAXPATHLEN);
			imgp->path = pathbuf;
			continue;
		}
		break;
	}

	imgp->vm = vmspace_alloc();
	if (imgp->vm == NULL) {
		error = ENOMEM;
		goto done;
	}
	error = exec_elf_imgact(imgp);
	if (error == 0)
		error = exec_map_stack(imgp->vm, p);
	if (error == 0)
		error = exec_copyout_stack(imgp, p, &sp);
	if (error != 0)
		goto done;

	/*
	 * The other threads of the process end here (or this one does, if
	 * another is already ending the process or exec'ing).
	 */
	lwkt_gettoken(&p->p_token);
	if ((p->p_flags & P_WEXIT) != 0 ||
	    (curthread->td_lwp->lwp_flags & LWP_WEXIT) != 0) {
		lwkt_reltoken(&p->p_token);
		error = EINTR;
		goto done;
	}
	if (p->p_nthreads > 1)
		lwp_killothers(p);
	lwkt_reltoken(&p->p_token);

	/* ---- Commit: nothing below may fail. ---- */
	imgp->vm->vm_taddr = imgp->entry;
	imgp->vm->vm_daddr = imgp->vm->vm_break = imgp->data_end;
	imgp->vm->vm_maxbreak = MAX(imgp->data_end + 1024UL * 1024 * 1024,
	    VM_MIN_USER_ADDRESS + 0x100000000ULL);
	oldvm = p->p_vmspace;
	p->p_vmspace = imgp->vm;
	pmap_activate(imgp->vm->vm_pmap);
	imgp->vm = NULL;
	if (oldvm != NULL)
		vmspace_free(oldvm);
	shmexit(p);		/* SysV shared memory went with oldvm */

	if ((va.va_mode & (S_ISUID | S_ISGID)) != 0 &&
	    !caps_restricted(p->p_ucred, SYSCAP_NOEXEC) &&
	    (imgp->vp->v_mount == NULL ||
	    (imgp->vp->v_mount->mnt_flag & MNT_NOSUID) == 0)) {
		cr = crcopy(p->p_ucred);
		if (va.va_mode & S_ISUID)
			cr->cr_uid = va.va_uid;
		if (va.va_mode & S_ISGID)
			cr->cr_gid = va.va_gid;
		p->p_ucred = cr;
		p->p_flags |= P_SUGID;
	}
	/* The saved ids follow the effective ones across exec (POSIX). */
	if (p->p_ucred->cr_svuid != p->p_ucred->cr_uid ||
	    p->p_ucred->cr_svgid != p->p_ucred->cr_gid) {
		cr = crcopy(p->p_ucred);
		cr->cr_svuid = cr->cr_uid;
		cr->cr_svgid = cr->cr_gid;
		p->p_ucred = cr;
	}
	if (p->p_fd != NULL)
		fdcloseexec(p);
	execsigs(p);
	ktimer_exit(p);		/* POSIX: exec deletes the timers */
	name = strrchr(imgp->path, '/');
	name = name != NULL ? name + 1 : imgp->path;
	strlcpy(p->p_comm, name, sizeof(p->p_comm));
	strlcpy(td->td_comm, name, sizeof(td->td_comm));
	exec_set_args(p, imgp);
	if (p->p_textvp != NULL)
		vrele(p->p_textvp);
	p->p_textvp = imgp->vp;
	imgp->vp = NULL;
	lwkt_gettoken(&proc_token);
	p->p_flags |= P_EXEC;
	if ((p->p_flags & P_PPWAIT) != 0) {
		p->p_flags &= ~P_PPWAIT;
		wakeup(&p->p_flags);
	}
	lwkt_reltoken(&proc_token);
	knote_proc_exec(p);	/* EVFILT_PROC NOTE_EXEC watchers */
	cpu_exec_setregs(td, imgp->entry, sp, 0);
	error = EJUSTRETURN;
done:
	if (imgp->vm != NULL)
		vmspace_free(imgp->vm);
	if (imgp->vp != NULL)
		vrele(imgp->vp);
	if (imgp->strings != NULL)
		kmem_free((vm_offset_t)imgp->strings, ARG_MAX);
	kfree(imgp->hdr, M_TEMP);
	kfree(pathbuf, M_TEMP);
	kfree(interp, M_TEMP);
	return (error);
}

int
sys_execve(struct sysmsg *sysmsg, const struct execve_args *uap)
{
	return (kern_execve(uap->fname, uap->argv, uap->envv, false));
}

/* ---- process 1 ------------------------------------------------------- */

static char init_path[MAXPATHLEN];

static void
init_thread(void *arg)
{
	struct thread *td = curthread;
	char bootargs[BI_CMDLINE + 16];
	char *argv[2], *envv[5];
	int error;

	ksnprintf(bootargs, sizeof(bootargs), "BOOTARGS=%s",
	    bootinfo.bi_cmdline);
	argv[0] = init_path;
	argv[1] = NULL;
	envv[0] = "PATH=/bin:/sbin:/usr/bin:/usr/sbin";
	envv[1] = "HOME=/";
	envv[2] = "TERM=vt100";
	envv[3] = bootargs;
	envv[4] = NULL;
	error = kern_execve(init_path, argv, envv, true);
	if (error != EJUSTRETURN) {
		kprintf("init: cannot exec %s: error %d\n", init_path, error);
		kern_reboot(RB_HALT, 1);
	}
	userret(td);
	cpu_user_enter(td);
}

int
start_init(const char *path)
{
	struct proc *p;
	struct thread *td;

	strlcpy(init_path, path, sizeof(init_path));
	p = kmalloc(sizeof(*p), M_PROC, M_WAITOK | M_ZERO);
	lwkt_token_init(&p->p_token, "proc");
	LIST_INIT(&p->p_children);
	TAILQ_INIT(&p->p_sigq);
	callout_init(&p->p_itcallout);
	p->p_ucred = crhold(proc0_cred);
	sigacts_init(p);
	p->p_limit = plimit_hold(proc0.p_limit);
	p->p_umask = 022;
	p->p_exitsig = SIGCHLD;
	p->p_vmspace = vmspace_alloc();
	if (p->p_vmspace == NULL)
		return (ENOMEM);
	p->p_fd = fdinit();
	td = lwkt_alloc_thread(0);
	if (td == NULL)
		return (ENOMEM);
	strlcpy(p->p_comm, "init", sizeof(p->p_comm));
	strlcpy(td->td_comm, "init", sizeof(td->td_comm));
	LIST_INIT(&p->p_lwps);
	lwp_link(p, &p->p_lwp0);
	p->p_lwp0.lwp_thread = td;
	p->p_lwp0.lwp_sigstk.ss_flags = SS_DISABLE;
	td->td_proc = p;
	td->td_lwp = &p->p_lwp0;
	TD_FLAGS_SET(td, TDF_USERMODE);
	td->td_pri = TDPRI_USER_NORM;
	microuptime(&p->p_start);

	lwkt_gettoken(&proc_token);
	p->p_pid = 1;
	p->p_lwp0.lwp_tid = 1;
	p->p_pptr = &proc0;
	LIST_INSERT_HEAD(&proc0.p_children, p, p_sibling);
	p->p_pgrp = NULL;
	enterpgrp(p, 1, true);
	proc_link(p);
	p->p_stat = SACTIVE;
	initproc = p;
	lwkt_reltoken(&proc_token);

	cpu_thread_init(td, init_thread, NULL);
	lwkt_schedule(td);
	return (0);
}
