/*
 * The ELF64 image activator: static executables (ET_EXEC, and ET_DYN
 * linked without an interpreter, loaded at ELF_DYN_BASE) for the
 * machine we run on.  Each PT_LOAD becomes an anonymous private mapping,
 * filled from the file and then given the segment's protection; the
 * highest segment's end becomes the initial break.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/elf64.h>
#include <sys/imgact.h>
#include <sys/mman.h>
#include <sys/malloc.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <machine/vmparam.h>

#if defined(__x86_64__)
#define ELF_TARG_MACH	EM_X86_64
#elif defined(__aarch64__)
#define ELF_TARG_MACH	EM_AARCH64
#endif
#define ELF_DYN_BASE	0x01000000UL
#define ELF_MAXPHNUM	64

static int
elf_prot(uint32_t flags)
{
	int prot = 0;

	if (flags & PF_R)
		prot |= VM_PROT_READ;
	if (flags & PF_W)
		prot |= VM_PROT_WRITE;
	if (flags & PF_X)
		prot |= VM_PROT_EXECUTE;
	return (prot);
}

static int
elf_load_segment(struct image_params *imgp, const Elf64_Phdr *ph,
    uintptr_t base)
{
	struct vmspace *vm = imgp->vm;
	vm_map_t map = &vm->vm_map;
	vm_offset_t start, end, s;
	vm_object_t obj;
	uint64_t lo, hi;
	int error;

	/* Every sum with the load base checked for wrapping, too. */
	if (ph->p_filesz > ph->p_memsz ||
	    __builtin_add_overflow(base, ph->p_vaddr, &lo) ||
	    __builtin_add_overflow(lo, ph->p_memsz, &hi) ||
	    hi > VM_MAX_USER_ADDRESS || lo < VM_MIN_USER_ADDRESS ||
	    (ph->p_offset & PAGE_MASK) != (ph->p_vaddr & PAGE_MASK))
		return (ENOEXEC);
	start = trunc_page(base + ph->p_vaddr);
	end = round_page(base + ph->p_vaddr + ph->p_memsz);
	if (start == end)
		return (0);
	/* A page shared with the previous segment is already mapped. */
	lwkt_gettoken(&map->map_token);
	s = start;
	if (vm_map_lookup_entry(map, s) != NULL)
		s += PAGE_SIZE;
	error = 0;
	if (s < end) {
		obj = vm_object_allocate(OBJT_ANON, atop(end - s));
		if (obj == NULL)
			error = ENOMEM;
		else
			error = vm_map_insert(map, obj, 0, s, end, VM_PROT_ALL,
			    VM_PROT_ALL, 0);
		if (error != 0 && obj != NULL)
			vm_object_deallocate(obj);
	}
	lwkt_reltoken(&map->map_token);
	if (error != 0)
		return (error == EFBIG ? ENOEXEC : error);
	if (ph->p_filesz > 0) {
		error = vm_map_fill_from_vnode(vm, base + ph->p_vaddr, imgp->vp,
		    ph->p_offset, ph->p_filesz, imgp->cred);
		if (error != 0)
			return (error);
	}
	if (end > imgp->data_end)
		imgp->data_end = end;
	return (0);
}

int
exec_elf_imgact(struct image_params *imgp)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)(const void *)imgp->hdr;
	const Elf64_Phdr *phdr, *ph;
	Elf64_Phdr *copy;
	uintptr_t base = 0;
	vm_map_t map;
	vm_offset_t s, e;
	int i, error;

	if (imgp->hdrlen < sizeof(*eh) || eh->e_ident[0] != 0x7f ||
	    eh->e_ident[1] != 'E' || eh->e_ident[2] != 'L' ||
	    eh->e_ident[3] != 'F')
		return (ENOEXEC);
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_machine != ELF_TARG_MACH ||
	    (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) ||
	    eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > ELF_MAXPHNUM ||
	    /* Aligned, and inside the header page without wrapping. */
	    (eh->e_phoff & (_Alignof(Elf64_Phdr) - 1)) != 0 ||
	    eh->e_phoff > imgp->hdrlen ||
	    eh->e_phnum * sizeof(Elf64_Phdr) > imgp->hdrlen - eh->e_phoff)
		return (ENOEXEC);
	phdr = (const Elf64_Phdr *)(const void *)(imgp->hdr + eh->e_phoff);
	for (i = 0; i < eh->e_phnum; i++)
		if (phdr[i].p_type == PT_INTERP)
			return (ENOEXEC);	/* no dynamic linker */
	if (eh->e_type == ET_DYN)
		base = ELF_DYN_BASE;
	/* Work from a copy: the header buffer is only a page. */
	copy = kmalloc(eh->e_phnum * sizeof(*copy), M_TEMP, M_WAITOK);
	memcpy(copy, phdr, eh->e_phnum * sizeof(*copy));
	imgp->entry = base + eh->e_entry;
	imgp->phnum = eh->e_phnum;
	imgp->phdr = 0;
	error = 0;
	for (i = 0; i < imgp->phnum && error == 0; i++) {
		ph = &copy[i];
		if (ph->p_type == PT_LOAD)
			error = elf_load_segment(imgp, ph, base);
		else if (ph->p_type == PT_PHDR)
			imgp->phdr = base + ph->p_vaddr;
	}
	/* Without PT_PHDR, find the headers inside a loaded segment. */
	for (i = 0; i < imgp->phnum && imgp->phdr == 0 && error == 0; i++) {
		ph = &copy[i];
		if (ph->p_type == PT_LOAD && eh->e_phoff >= ph->p_offset &&
		    eh->e_phoff < ph->p_offset + ph->p_filesz)
			imgp->phdr = base + ph->p_vaddr + eh->e_phoff -
			    ph->p_offset;
	}
	/* Now give each segment its own protection. */
	map = &imgp->vm->vm_map;
	for (i = 0; i < imgp->phnum && error == 0; i++) {
		ph = &copy[i];
		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		s = trunc_page(base + ph->p_vaddr);
		e = round_page(base + ph->p_vaddr + ph->p_memsz);
		lwkt_gettoken(&map->map_token);
		error = vm_map_protect(map, s, e, elf_prot(ph->p_flags),
		    imgp->vm->vm_pmap);
		lwkt_reltoken(&map->map_token);
	}
	/*
	 * A page two segments share (text end, data start) gets both
	 * protections, or one of them would fault on its own page.
	 */
	for (i = 0; i < imgp->phnum && error == 0; i++) {
		const Elf64_Phdr *q;
		int j;

		ph = &copy[i];
		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		e = round_page(base + ph->p_vaddr + ph->p_memsz);
		for (j = 0; j < imgp->phnum; j++) {
			q = &copy[j];
			if (j == i || q->p_type != PT_LOAD || q->p_memsz == 0)
				continue;
			s = trunc_page(base + q->p_vaddr);
			if (s == e - PAGE_SIZE && s > trunc_page(base +
			    ph->p_vaddr) - 1) {
				lwkt_gettoken(&map->map_token);
				error = vm_map_protect(map, s, e,
				    elf_prot(ph->p_flags) |
				    elf_prot(q->p_flags), imgp->vm->vm_pmap);
				lwkt_reltoken(&map->map_token);
			}
		}
	}
	kfree(copy, M_TEMP);
	if (error == 0 && (imgp->entry < VM_MIN_USER_ADDRESS ||
	    imgp->entry >= VM_MAX_USER_ADDRESS))
		error = ENOEXEC;
	return (error);
}
