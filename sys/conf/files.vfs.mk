# Machine-independent sources of the files layer: descriptors, VFS,
# tmpfs/devfs/fifofs, ttys, pipes, poll/select/kqueue, sysctl.  Relative
# to sys/; included by sys/conf/Makefile.kern.
SRCS+=	kern/kern_descrip.c
SRCS+=	kern/kern_event.c
SRCS+=	kern/kern_lockf.c
SRCS+=	kern/kern_sysctl.c
SRCS+=	kern/sys_generic.c
SRCS+=	kern/sys_pipe.c
SRCS+=	kern/tty.c
SRCS+=	kern/tty_cons.c
SRCS+=	kern/tty_pty.c
SRCS+=	kern/vfs_initrd.c
SRCS+=	kern/vfs_lookup.c
SRCS+=	kern/vfs_mount.c
SRCS+=	kern/vfs_subr.c
SRCS+=	kern/vfs_syscalls.c
SRCS+=	kern/vfs_vnops.c

SRCS+=	fs/devfs/devfs_mem.c
SRCS+=	fs/devfs/devfs_vnops.c
SRCS+=	fs/fifofs/fifo_vnops.c
SRCS+=	fs/tmpfs/tmpfs_vfsops.c
SRCS+=	fs/tmpfs/tmpfs_vnops.c
