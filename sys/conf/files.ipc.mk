# Machine-independent IPC and network sources, relative to sys/: mbufs,
# sockets, protocol domains, Unix-domain sockets, SysV IPC, pipes and
# message queues (see docs/sys/kern/ipc/).
SRCS+=	kern/uipc_mbuf.c
SRCS+=	kern/uipc_mbuf2.c
SRCS+=	kern/uipc_mbuf_bench.c
SRCS+=	kern/uipc_sockbuf.c
SRCS+=	kern/uipc_domain.c
SRCS+=	kern/uipc_socket.c
SRCS+=	kern/uipc_socket2.c
SRCS+=	kern/uipc_msg.c
SRCS+=	kern/uipc_accf.c
SRCS+=	kern/uipc_usrreq.c
SRCS+=	kern/uipc_syscalls.c
SRCS+=	kern/sys_socket.c
SRCS+=	kern/sys_mqueue.c
SRCS+=	kern/sysv_ipc.c
SRCS+=	kern/sysv_msg.c
SRCS+=	kern/sysv_sem.c
SRCS+=	kern/sysv_shm.c
