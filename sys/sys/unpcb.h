/*
 * Unix-domain protocol control blocks (uipc_usrreq.c) and the record
 * exported for them through net.local.{stream,dgram,seqpacket}.pcblist.
 *
 * Ownership: every unpcb field and the pcb lists are protected by
 * unp_token, which every Unix-domain request takes first; the socket
 * buffers a request touches are then taken by their ssb_token.  A pcb
 * lives as long as its socket's protocol is attached (so_pcb).
 */
#ifndef _SYS_UNPCB_H_
#define _SYS_UNPCB_H_

#include <sys/types.h>
#include <sys/un.h>
#include <sys/socketvar.h>

#define XUNPCB_VERSION	1

/* Exported record (user ABI): fixed-width, one layout on both ports. */
struct xunpcb {
	uint32_t	xu_len;		/* sizeof(struct xunpcb) */
	uint32_t	xu_version;	/* XUNPCB_VERSION */
	uint64_t	xu_unpp;	/* pcb id */
	uint64_t	unp_vnode;	/* bound vnode id, 0 if none */
	uint64_t	unp_conn;	/* peer pcb id, 0 if none */
	uint64_t	xu_firstref;	/* first dgram pcb connected to us */
	uint64_t	xu_nextref;	/* next on our peer's ref list */
	uint64_t	unp_gencnt;
	uint64_t	unp_ino;	/* fake inode number */
	struct sockaddr_un xu_addr;	/* our bound address */
	struct sockaddr_un xu_caddr;	/* the peer's bound address */
	struct xsocket	xu_socket;
};

/* List header and trailer of the pcblist exports. */
struct xunpgen {
	uint32_t	xug_len;
	uint32_t	xug_count;	/* records that follow */
	uint64_t	xug_gen;	/* generation of the list */
	uint64_t	xug_sogen;	/* generation of the socket set */
};

#ifdef _KERNEL

struct unpcb {
	LIST_ENTRY(unpcb) unp_link;	/* pcbs of its type */
	struct socket	*unp_socket;	/* back pointer */
	struct vnode	*unp_vnode;	/* bound to this file */
	ino_t		unp_ino;	/* fake inode for fstat */
	struct unpcb	*unp_conn;	/* connected peer */
	LIST_HEAD(, unpcb) unp_refs;	/* dgram pcbs connected to us */
	LIST_ENTRY(unpcb) unp_reflink;	/* on our peer's unp_refs */
	struct sockaddr_un *unp_addr;	/* bound address (kmalloc'd) */
	u_long		unp_cc;		/* rcv sb_cc the sender knows of */
	u_long		unp_mbcnt;	/* rcv sb_mbcnt likewise */
	uint64_t	unp_gencnt;	/* generation when created */
	uint64_t	unp_id;		/* opaque stable id */
	int		unp_flags;	/* UNP_* */
	struct xucred	unp_peercred;	/* for LOCAL_PEERCRED */
};

#define UNP_HAVEPC	0x0001		/* unp_peercred is valid */
#define UNP_HAVEPCCACHED 0x0002		/* listener's creds cached */
#define UNP_WANTCRED	0x0004		/* LOCAL_CREDS set */
#define UNP_CONNWAIT	0x0008

#define sotounpcb(so)	((struct unpcb *)((so)->so_pcb))

#endif /* _KERNEL */

#endif /* !_SYS_UNPCB_H_ */
