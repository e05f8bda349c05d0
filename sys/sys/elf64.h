/*
 * The parts of the ELF64 format the kernel's exec needs: file and
 * program headers and the auxiliary vector tags (values as in the ELF
 * specification and FreeBSD's <sys/elf_common.h>).
 */
#ifndef _SYS_ELF64_H_
#define _SYS_ELF64_H_

#include <sys/types.h>

#define EI_NIDENT	16
#define EI_CLASS	4
#define EI_DATA		5
#define EI_VERSION	6
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define EV_CURRENT	1
#define ET_EXEC		2
#define ET_DYN		3
#define EM_X86_64	62
#define EM_AARCH64	183
#define PT_NULL		0
#define PT_LOAD		1
#define PT_INTERP	3
#define PT_PHDR		6
#define PT_TLS		7
#define PT_GNU_STACK	0x6474e551
#define PF_X		0x1
#define PF_W		0x2
#define PF_R		0x4

typedef struct {
	unsigned char	e_ident[EI_NIDENT];
	uint16_t	e_type;
	uint16_t	e_machine;
	uint32_t	e_version;
	uint64_t	e_entry;
	uint64_t	e_phoff;
	uint64_t	e_shoff;
	uint32_t	e_flags;
	uint16_t	e_ehsize;
	uint16_t	e_phentsize;
	uint16_t	e_phnum;
	uint16_t	e_shentsize;
	uint16_t	e_shnum;
	uint16_t	e_shstrndx;
} Elf64_Ehdr;

typedef struct {
	uint32_t	p_type;
	uint32_t	p_flags;
	uint64_t	p_offset;
	uint64_t	p_vaddr;
	uint64_t	p_paddr;
	uint64_t	p_filesz;
	uint64_t	p_memsz;
	uint64_t	p_align;
} Elf64_Phdr;

typedef struct {
	int64_t		a_type;
	union {
		int64_t	a_val;
		void	*a_ptr;
	} a_un;
} Elf64_Auxinfo;

/* Auxiliary vector tags (FreeBSD's numbering). */
#define AT_NULL		0
#define AT_IGNORE	1
#define AT_EXECFD	2
#define AT_PHDR		3
#define AT_PHENT	4
#define AT_PHNUM	5
#define AT_PAGESZ	6
#define AT_BASE		7
#define AT_FLAGS	8
#define AT_ENTRY	9
#define AT_NOTELF	10
#define AT_UID		11
#define AT_EUID		12
#define AT_GID		13
#define AT_EGID		14
#define AT_EXECPATH	15
#define AT_CANARY	16
#define AT_OSRELDATE	18
#define AT_NCPUS	19
#define AT_PAGESIZES	20
#define AT_STACKPROT	23
#define AT_RANDOM	25	/* 16 random bytes; Linux's tag and value
				   (FreeBSD's AT_HWCAP, which Petrel does
				   not use) */

#endif /* !_SYS_ELF64_H_ */
