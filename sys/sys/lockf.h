/*
 * Advisory file locks (kern_lockf.c): flock(2) and POSIX byte-range
 * locks through fcntl(2).  The descriptor code tells it when a process
 * closes a descriptor (its POSIX locks on the file go) and when an open
 * file's last reference goes (its flock lock goes).
 */
#ifndef _SYS_LOCKF_H_
#define _SYS_LOCKF_H_

#ifdef _KERNEL
#ifndef LOCK_SH
#define LOCK_SH		0x01		/* flock(2): shared */
#define LOCK_EX		0x02		/* exclusive */
#define LOCK_NB		0x04		/* do not wait */
#define LOCK_UN		0x08		/* unlock */
#endif

struct file;
struct flock;
struct proc;

int	lf_fcntl(struct proc *p, struct file *fp, int cmd, struct flock *fl);
void	lf_closefd(struct proc *p, struct file *fp);
void	lf_closefile(struct file *fp);
#endif /* _KERNEL */

#endif /* !_SYS_LOCKF_H_ */
