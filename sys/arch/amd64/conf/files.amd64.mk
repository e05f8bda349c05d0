# amd64 port: toolchain, flags, link script and the machine-dependent
# sources (relative to sys/).  Included by sys/conf/Makefile.kern.

CROSS=
# -mcmodel=kernel: the image lives in the top 2 GiB, so 32-bit sign-
# extended addresses reach every symbol.  -mno-red-zone: interrupts push
# onto the kernel stack below %rsp.  -mgeneral-regs-only (Makefile.kern)
# keeps the compiler off the FPU, whose state belongs to user threads.
MD_CFLAGS=	-mcmodel=kernel -mno-red-zone -fno-asynchronous-unwind-tables \
		-fcf-protection=none
LDSCRIPT=	arch/amd64/conf/ldscript.amd64
KERNEL_IMAGE=	kernel

SRCS+=	arch/amd64/amd64/exception.S \
	arch/amd64/amd64/locore.S \
	arch/amd64/amd64/mpboot.S \
	arch/amd64/amd64/support.S \
	arch/amd64/amd64/acpi.c \
	arch/amd64/amd64/apic.c \
	arch/amd64/amd64/boot.c \
	arch/amd64/amd64/machdep.c \
	arch/amd64/amd64/mp_machdep.c \
	arch/amd64/amd64/pci_cfgreg.c \
	arch/amd64/amd64/pmap.c \
	arch/amd64/amd64/sysctl_machdep.c \
	arch/amd64/amd64/trap.c \
	arch/amd64/amd64/uart.c \
	arch/amd64/amd64/vm_machdep.c

# Make the default target explicit: the rule below would otherwise be the
# first target bmake sees.
.MAIN: all

# Structure offsets for the assembly files, from genassym.c: each
# ASSYM(NAME, value) becomes `#define NAME value' in assym.h.
ASSYM_USERS=	${SRCS:M*.S:T:R:S/$/.o/}
${ASSYM_USERS}: ${O}/include/assym.h
${O}/include/assym.h: ${S}/arch/amd64/amd64/genassym.c ${O}/include/machine \
    ${O}/include/sys/syscall.h ${S}/sys/globaldata.h ${S}/sys/thread.h \
    ${S}/arch/amd64/include/frame.h ${S}/arch/amd64/include/pcb.h \
    ${S}/arch/amd64/include/globaldata.h ${S}/arch/amd64/include/segments.h
	@echo "  GEN   assym.h"
	@${CC} ${CFLAGS} -S -o genassym.s ${S}/arch/amd64/amd64/genassym.c
	@sed -n 's/.*@ASSYM@ \([A-Za-z_0-9]*\) [$$]\{0,1\}\(-\{0,1\}[0-9][0-9]*\).*/#define \1 \2/p' \
	    genassym.s > ${.TARGET}.tmp && mv ${.TARGET}.tmp ${.TARGET}
