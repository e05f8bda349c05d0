# aarch64 port: cross prefix, flags, linker script, image and sources.
# Included by sys/conf/Makefile.kern.

CROSS=		aarch64-linux-gnu-
# -mgeneral-regs-only (in CFLAGS) keeps the compiler off FP/SIMD
# registers, which belong to user threads and are switched eagerly.
# No -mstrict-align: all C runs with the MMU on (normal memory allows
# unaligned accesses; MMIO goes through aligned volatile pointers).
# -mno-omit-leaf-frame-pointer: every function gets a frame record, so
# panic backtraces do not skip leaf functions.
# -mno-outline-atomics: the kernel has no libgcc for the __aarch64_*
# helpers Debian's compiler would otherwise call.
MD_CFLAGS=	-march=armv8-a -mno-outline-atomics -mno-omit-leaf-frame-pointer
LDSCRIPT=	arch/aarch64/conf/ldscript.aarch64
KERNEL_IMAGE=	Image

SRCS+=	arch/aarch64/aarch64/locore.S \
	arch/aarch64/aarch64/exception.S \
	arch/aarch64/aarch64/machdep.c \
	arch/aarch64/aarch64/fdt.c \
	arch/aarch64/aarch64/gic.c \
	arch/aarch64/aarch64/gic_its.c \
	arch/aarch64/aarch64/pci_cfgreg.c \
	arch/aarch64/aarch64/pl011.c \
	arch/aarch64/aarch64/pl031.c \
	arch/aarch64/aarch64/pmap.c \
	arch/aarch64/aarch64/sysctl_machdep.c \
	arch/aarch64/aarch64/support.S \
	arch/aarch64/aarch64/trap.c \
	dev/virtual/virtio/virtio_mmio.c

# QEMU -kernel and boot loaders take the raw binary with the Linux arm64
# Image header at its start (see locore.S).
Image: kernel
	@echo "  OBJCOPY Image"
	@${OBJCOPY} -O binary kernel ${.TARGET}
