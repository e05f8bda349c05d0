/*
 * ioctl command encoding (user ABI, FreeBSD's): the low 16 bits are the
 * group and number, bits 16-28 the parameter length, the top 3 bits the
 * direction.  The kernel copies IOCPARM_LEN bytes in (IOC_IN) before and
 * out (IOC_OUT) after the call.
 */
#ifndef _SYS_IOCCOM_H_
#define _SYS_IOCCOM_H_

#define IOCPARM_SHIFT	13
#define IOCPARM_MASK	((1 << IOCPARM_SHIFT) - 1)
#define IOCPARM_LEN(x)	(((x) >> 16) & IOCPARM_MASK)
#define IOCBASECMD(x)	((x) & ~(IOCPARM_MASK << 16))
#define IOCGROUP(x)	(((x) >> 8) & 0xff)
#define IOCPARM_MAX	(1 << IOCPARM_SHIFT)

#define IOC_VOID	0x20000000UL	/* no parameters */
#define IOC_OUT		0x40000000UL	/* copy out */
#define IOC_IN		0x80000000UL	/* copy in */
#define IOC_INOUT	(IOC_IN | IOC_OUT)
#define IOC_DIRMASK	(IOC_VOID | IOC_OUT | IOC_IN)

#define _IOC(inout, group, num, len) ((unsigned long)			\
	((inout) | (((len) & IOCPARM_MASK) << 16) | ((group) << 8) | (num)))
#define _IO(g, n)	_IOC(IOC_VOID, (g), (n), 0)
#define _IOWINT(g, n)	_IOC(IOC_VOID, (g), (n), sizeof(int))
#define _IOR(g, n, t)	_IOC(IOC_OUT, (g), (n), sizeof(t))
#define _IOW(g, n, t)	_IOC(IOC_IN, (g), (n), sizeof(t))
#define _IOWR(g, n, t)	_IOC(IOC_INOUT, (g), (n), sizeof(t))

#ifndef _KERNEL
int	ioctl(int fd, unsigned long request, ...);
#endif

#endif /* !_SYS_IOCCOM_H_ */
