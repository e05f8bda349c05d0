/*
 * The kernel's memory primitives for aarch64: user-memory access with
 * fault recovery (copyin_asm & co., called from machdep.c's copyin()
 * after it has checked the range against the user half) and the bulk
 * memcpy/memmove/memset/bzero that override subr_string.c's portable C.
 *
 * Why assembly: under QEMU TCG every guest instruction costs about the
 * same, so bytes per instruction is what decides bulk transfer speed
 * (pipes, sockets, page zeroing).  The loops here move 64 bytes per
 * iteration with load/store pairs; the C versions move 8.
 *
 * User memory is touched only with the unprivileged LDTR/STTR forms
 * (exception.S says why).  They have no pair form, so a 16-byte step is
 * two LDTRs or two STTRs plus one kernel-side LDP or STP.  Fault
 * semantics: a copy that runs into an unmapped or forbidden page returns
 * EFAULT with every byte before that page copied and none after it.  To
 * keep that exact, the user-side pointer is first brought to 16-byte
 * alignment with single bytes, so no wider access ever straddles a page
 * boundary, and each pair is stored before the next one is loaded.  The
 * kernel side may stay misaligned: SCTLR_EL1.A is clear and kernel
 * memory is Normal, so unaligned LDP/STP are allowed there.
 */

#define EFAULT		14
#define ENAMETOOLONG	63

	.text

/*
 * copyin_asm(uaddr x0, kaddr x1, len x2, onfaultp x3): 0 or EFAULT.
 * Clobbers x4-x6.
 */
	.globl	copyin_asm
	.type	copyin_asm, %function
copyin_asm:
	adr	x4, copy_fault
	str	x4, [x3]
	cmp	x2, #16
	b.lo	.Lin_small
	/* Head: single bytes until the user pointer is 16-aligned. */
	neg	x4, x0
	ands	x4, x4, #15
	b.eq	.Lin_aligned
	sub	x2, x2, x4
1:	ldtrb	w5, [x0]
	strb	w5, [x1], #1
	add	x0, x0, #1
	subs	x4, x4, #1
	b.ne	1b
.Lin_aligned:
	subs	x2, x2, #64
	b.lo	.Lin_16
2:	ldtr	x5, [x0]
	ldtr	x6, [x0, #8]
	stp	x5, x6, [x1]
	ldtr	x5, [x0, #16]
	ldtr	x6, [x0, #24]
	stp	x5, x6, [x1, #16]
	ldtr	x5, [x0, #32]
	ldtr	x6, [x0, #40]
	stp	x5, x6, [x1, #32]
	ldtr	x5, [x0, #48]
	ldtr	x6, [x0, #56]
	stp	x5, x6, [x1, #48]
	add	x0, x0, #64
	add	x1, x1, #64
	subs	x2, x2, #64
	b.hs	2b
.Lin_16:
	adds	x2, x2, #48		/* back to len - 16 */
	b.lo	3f
4:	ldtr	x5, [x0]
	ldtr	x6, [x0, #8]
	stp	x5, x6, [x1], #16
	add	x0, x0, #16
	subs	x2, x2, #16
	b.hs	4b
3:	add	x2, x2, #16		/* 0..15 left, user pointer 16-aligned */
	tbz	x2, #3, .Lin_small
	ldtr	x5, [x0]
	str	x5, [x1], #8
	add	x0, x0, #8
	sub	x2, x2, #8
.Lin_small:
	/* Fewer than 16 bytes at any alignment: bytes, so a fault is exact. */
	cbz	x2, 6f
5:	ldtrb	w5, [x0]
	strb	w5, [x1], #1
	add	x0, x0, #1
	subs	x2, x2, #1
	b.ne	5b
6:	str	xzr, [x3]
	mov	x0, #0
	ret
	.size	copyin_asm, . - copyin_asm

/*
 * copyout_asm(kaddr x0, uaddr x1, len x2, onfaultp x3): 0 or EFAULT.
 * The mirror image of copyin_asm: the user side is the destination.
 */
	.globl	copyout_asm
	.type	copyout_asm, %function
copyout_asm:
	adr	x4, copy_fault
	str	x4, [x3]
	cmp	x2, #16
	b.lo	.Lout_small
	neg	x4, x1
	ands	x4, x4, #15
	b.eq	.Lout_aligned
	sub	x2, x2, x4
1:	ldrb	w5, [x0], #1
	sttrb	w5, [x1]
	add	x1, x1, #1
	subs	x4, x4, #1
	b.ne	1b
.Lout_aligned:
	subs	x2, x2, #64
	b.lo	.Lout_16
2:	ldp	x5, x6, [x0]
	sttr	x5, [x1]
	sttr	x6, [x1, #8]
	ldp	x5, x6, [x0, #16]
	sttr	x5, [x1, #16]
	sttr	x6, [x1, #24]
	ldp	x5, x6, [x0, #32]
	sttr	x5, [x1, #32]
	sttr	x6, [x1, #40]
	ldp	x5, x6, [x0, #48]
	sttr	x5, [x1, #48]
	sttr	x6, [x1, #56]
	add	x0, x0, #64
	add	x1, x1, #64
	subs	x2, x2, #64
	b.hs	2b
.Lout_16:
	adds	x2, x2, #48
	b.lo	3f
4:	ldp	x5, x6, [x0], #16
	sttr	x5, [x1]
	sttr	x6, [x1, #8]
	add	x1, x1, #16
	subs	x2, x2, #16
	b.hs	4b
3:	add	x2, x2, #16
	tbz	x2, #3, .Lout_small
	ldr	x5, [x0], #8
	sttr	x5, [x1]
	add	x1, x1, #8
	sub	x2, x2, #8
.Lout_small:
	cbz	x2, 6f
5:	ldrb	w5, [x0], #1
	sttrb	w5, [x1]
	add	x1, x1, #1
	subs	x2, x2, #1
	b.ne	5b
6:	str	xzr, [x3]
	mov	x0, #0
	ret
	.size	copyout_asm, . - copyout_asm

/*
 * copyinstr_asm(uaddr, kaddr, len, onfaultp, donep): copy up to len
 * bytes including the NUL; ENAMETOOLONG if there is none.  Byte by
 * byte: strings are short and each byte must be looked at anyway.
 */
	.globl	copyinstr_asm
	.type	copyinstr_asm, %function
copyinstr_asm:
	adr	x5, copy_fault
	str	x5, [x3]
	mov	x5, #0
1:	cmp	x5, x2
	b.hs	2f
	ldtrb	w6, [x0]
	strb	w6, [x1, x5]
	add	x0, x0, #1
	add	x5, x5, #1
	cbnz	w6, 1b
	str	xzr, [x3]
	cbz	x4, 3f
	str	x5, [x4]
3:	mov	x0, #0
	ret
2:	str	xzr, [x3]
	cbz	x4, 4f
	str	x5, [x4]
4:	mov	x0, #ENAMETOOLONG
	ret
	.size	copyinstr_asm, . - copyinstr_asm

/* fubyte_asm(uaddr, onfaultp) / subyte_asm(uaddr, byte, onfaultp) */
	.globl	fubyte_asm
	.type	fubyte_asm, %function
fubyte_asm:
	mov	x3, x1
	adr	x4, fu_fault
	str	x4, [x3]
	ldtrb	w0, [x0]
	str	xzr, [x3]
	ret
	.size	fubyte_asm, . - fubyte_asm

	.globl	subyte_asm
	.type	subyte_asm, %function
subyte_asm:
	mov	x3, x2
	adr	x4, fu_fault
	str	x4, [x3]
	sttrb	w1, [x0]
	str	xzr, [x3]
	mov	x0, #0
	ret
	.size	subyte_asm, . - subyte_asm

/* The fault landing pads: trap() resumes here with x3 still onfaultp. */
fu_fault:
	str	xzr, [x3]
	mov	x0, #-1
	ret

copy_fault:
	str	xzr, [x3]
	mov	x0, #EFAULT
	ret

/*
 * memcpy(dst x0, src x1, len x2): dst.  Forward, 64 bytes an iteration,
 * then 16, then the 8/4/2/1 pieces named by len's low bits.  All four
 * loads of a block come before its stores, which memmove relies on.
 * Clobbers x3-x11.
 */
	.globl	memcpy
	.type	memcpy, %function
memcpy:
	mov	x3, x0
.Lcpy_fwd:
	subs	x2, x2, #64
	b.lo	.Lcpy_16
1:	ldp	x4, x5, [x1]
	ldp	x6, x7, [x1, #16]
	ldp	x8, x9, [x1, #32]
	ldp	x10, x11, [x1, #48]
	add	x1, x1, #64
	stp	x4, x5, [x3]
	stp	x6, x7, [x3, #16]
	stp	x8, x9, [x3, #32]
	stp	x10, x11, [x3, #48]
	add	x3, x3, #64
	subs	x2, x2, #64
	b.hs	1b
.Lcpy_16:
	adds	x2, x2, #48
	b.lo	3f
2:	ldp	x4, x5, [x1], #16
	stp	x4, x5, [x3], #16
	subs	x2, x2, #16
	b.hs	2b
3:	tbz	x2, #3, 4f		/* x2 = len - 16 here: same low bits */
	ldr	x4, [x1], #8
	str	x4, [x3], #8
4:	tbz	x2, #2, 5f
	ldr	w4, [x1], #4
	str	w4, [x3], #4
5:	tbz	x2, #1, 6f
	ldrh	w4, [x1], #2
	strh	w4, [x3], #2
6:	tbz	x2, #0, 7f
	ldrb	w4, [x1]
	strb	w4, [x3]
7:	ret
	.size	memcpy, . - memcpy

/*
 * memmove(dst x0, src x1, len x2): dst.  When dst is not inside
 * (src, src + len) a forward copy is safe (each block is loaded before
 * it is stored, and stores stay below the next block's source).
 * Otherwise copy backwards from the end, 16 bytes at a time, then bytes.
 */
	.globl	memmove
	.type	memmove, %function
memmove:
	sub	x4, x0, x1
	cmp	x4, x2
	b.hs	memcpy			/* dst - src >= len, unsigned */
	add	x1, x1, x2		/* ends */
	add	x3, x0, x2
	subs	x2, x2, #16
	b.lo	2f
1:	ldp	x4, x5, [x1, #-16]!
	stp	x4, x5, [x3, #-16]!
	subs	x2, x2, #16
	b.hs	1b
2:	adds	x2, x2, #16
	b.eq	4f
3:	ldrb	w4, [x1, #-1]!
	strb	w4, [x3, #-1]!
	subs	x2, x2, #1
	b.ne	3b
4:	ret
	.size	memmove, . - memmove

/*
 * memset(dst x0, c w1, len x2): dst.  The byte is spread over a
 * doubleword and stored 64 bytes an iteration, then in pieces.
 */
	.globl	memset
	.type	memset, %function
memset:
	and	x1, x1, #0xff
	orr	x1, x1, x1, lsl #8
	orr	x1, x1, x1, lsl #16
	orr	x1, x1, x1, lsl #32
.Lset:
	mov	x3, x0
	subs	x2, x2, #64
	b.lo	.Lset_16
1:	stp	x1, x1, [x3]
	stp	x1, x1, [x3, #16]
	stp	x1, x1, [x3, #32]
	stp	x1, x1, [x3, #48]
	add	x3, x3, #64
	subs	x2, x2, #64
	b.hs	1b
.Lset_16:
	adds	x2, x2, #48
	b.lo	3f
2:	stp	x1, x1, [x3], #16
	subs	x2, x2, #16
	b.hs	2b
3:	tbz	x2, #3, 4f
	str	x1, [x3], #8
4:	tbz	x2, #2, 5f
	str	w1, [x3], #4
5:	tbz	x2, #1, 6f
	strh	w1, [x3], #2
6:	tbz	x2, #0, 7f
	strb	w1, [x3]
7:	ret
	.size	memset, . - memset

/* bzero(dst x0, len x1) */
	.globl	bzero
	.type	bzero, %function
bzero:
	mov	x2, x1
	mov	x1, #0
	b	.Lset
	.size	bzero, . - bzero
