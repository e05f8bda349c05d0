/*
 * The process record exported by sysctl kern.proc.* for ps(1) and
 * friends.  Petrel's own layout, not FreeBSD's struct kinfo_proc: every
 * field is fixed-width so amd64 and aarch64 share one layout, and the
 * record opens with its length and version so a newer kernel can grow
 * it without breaking an older ps.  Times are microseconds; kernel
 * addresses never appear.
 */
#ifndef _SYS_USER_H_
#define _SYS_USER_H_

#include <sys/types.h>

#define	KI_VERSION	1
#define	KI_COMMLEN	24
#define	KI_WMESGLEN	16
#define	KI_TTYLEN	16

struct kinfo_proc {
	uint32_t	kp_len;		/* sizeof(struct kinfo_proc) */
	uint32_t	kp_version;	/* KI_VERSION */
	int32_t		kp_pid;
	int32_t		kp_ppid;
	int32_t		kp_pgid;
	int32_t		kp_sid;
	int32_t		kp_tpgid;	/* tty's foreground group, or -1 */
	uint32_t	kp_uid;		/* effective */
	uint32_t	kp_ruid;
	uint32_t	kp_svuid;
	uint32_t	kp_gid;		/* effective */
	uint32_t	kp_rgid;
	uint32_t	kp_svgid;
	int32_t		kp_stat;	/* SIDL SACTIVE SSTOP SZOMB */
	int32_t		kp_nice;
	int32_t		kp_cpu;		/* CPU the thread last ran on */
	uint32_t	kp_flags;	/* P_* */
	uint32_t	kp_tdflags;	/* thread state: KI_TD_* */
	uint32_t	kp_nthreads;
	uint32_t	kp_pad0;
	uint64_t	kp_start_us;	/* uptime at creation */
	uint64_t	kp_utime_us;
	uint64_t	kp_stime_us;
	uint64_t	kp_vsize;	/* bytes mapped */
	uint64_t	kp_nfiles;	/* open descriptors */
	char		kp_comm[KI_COMMLEN];
	char		kp_wmesg[KI_WMESGLEN];	/* why it sleeps, or "" */
	char		kp_tty[KI_TTYLEN];	/* controlling tty, or "" */
};

/* kp_tdflags */
#define	KI_TD_RUNNING	0x0001		/* on a CPU or runnable */
#define	KI_TD_SLEEPING	0x0002		/* in tsleep */
#define	KI_TD_SYSTEM	0x0004		/* kernel process */

/*
 * kern.proc.all          every process, zombies included
 * kern.proc.pid.<pid>    one process (ESRCH if there is none)
 * kern.proc.args.<pid>   its argument strings, each NUL-terminated
 */
#define	KERN_PROC_ALL	0
#define	KERN_PROC_PID	1
#define	KERN_PROC_ARGS	7

#endif /* !_SYS_USER_H_ */
