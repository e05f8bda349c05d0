/*
 * What the Ethernet drivers (em, vtnet) share: struct nic, which holds
 * the ifnet the stack sees, the driver's service thread, DMA memory
 * helpers and the driver-level ARP probe behind the hw.nic sysctls.
 *
 * Interrupts: a driver's interrupt handler only silences its device
 * (reads/acknowledges the cause, masks further interrupts) and calls
 * nic_intr_schedule(); the work - receive ring, transmit completions,
 * link changes - runs in the interface's service thread, in
 * nic_service, which may allocate mbufs and call the stack.  The thread
 * also runs once a second without an interrupt, so that a lost
 * interrupt delays a ring but cannot stall it.
 *
 * The stack (sys/net) may be absent from a kernel: ether_ifattach and
 * friends are weak references, and without them received frames are
 * counted and dropped after the ARP probe has looked at them.
 */
#ifndef _DEV_NETIF_IF_NICVAR_H_
#define _DEV_NETIF_IF_NICVAR_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/spinlock.h>
struct socket;
struct ucred;
#include <net/if.h>
#include <net/if_var.h>
#include <net/ethernet.h>

struct mbuf;
struct thread;

/* Physically contiguous, zeroed, cacheable memory a device can DMA to. */
struct nic_dma {
	void		*nd_va;
	vm_paddr_t	nd_pa;
	size_t		nd_size;
	int		nd_order;
};

struct nic {
	struct ifnet	nic_if;
	uint8_t		nic_lladdr[ETHER_ADDR_LEN];
	void		*nic_sc;		/* the driver's softc */
	void		(*nic_service)(struct nic *);
	void		(*nic_stop)(struct nic *);	/* or NULL */
	TAILQ_ENTRY(nic) nic_link;

	struct spinlock	nic_intr_spin;
	volatile int	nic_intr_pending;
	struct thread	*nic_td;
	uint64_t	nic_nservice;		/* service passes */
	uint64_t	nic_nintr;		/* interrupts taken */

	/* Driver-level ARP probe of the QEMU user-net gateway. */
	struct spinlock	nic_probe_spin;
	int		nic_probe_busy;
	int		nic_probe_done;
	uint8_t		nic_probe_tpa[4];	/* IPv4 address asked for */
	uint8_t		nic_probe_sha[ETHER_ADDR_LEN];
	uint64_t	nic_rxdrop_nostack;	/* frames with no stack */

	/* Receive errors by kind (each also counted in if_ierrors). */
	uint64_t	nic_rx_runt;		/* shorter than a header */
	uint64_t	nic_rx_toolong;		/* longer than a frame/buffer */
	uint64_t	nic_rx_overrun;		/* device claimed > buffer */
	uint64_t	nic_rx_trunc;		/* continuation missing */
	uint64_t	nic_rx_errbits;		/* device flagged an error */

	/* Checksum offload at work (IFCAP_TXCSUM, IFCAP_RXCSUM). */
	uint64_t	nic_tx_csum;		/* frames the device summed */
	uint64_t	nic_rx_csum;		/* frames it verified */
	uint64_t	nic_rx_badcsum;		/* frames it found bad */
};

#define NIC_IFP(n)	(&(n)->nic_if)

/*
 * Result of a hw.nic.arpprobe request: write the interface name, read
 * this back.  Counters are the ifnet's before and after the exchange.
 */
struct nic_arpprobe {
	char		ap_ifname[16];
	int		ap_error;		/* 0, ETIMEDOUT, ... */
	int		ap_tries;		/* requests sent */
	uint8_t		ap_lladdr[6];		/* our MAC */
	uint8_t		ap_gwaddr[6];		/* the gateway's, from the reply */
	uint32_t	ap_usec;		/* first request to reply */
	int		ap_link;		/* LINK_STATE_* */
	uint64_t	ap_opackets[2], ap_ipackets[2];
	uint64_t	ap_obytes[2], ap_ibytes[2];
};

int	nic_dma_alloc(struct nic_dma *d, size_t size);
void	nic_dma_free(struct nic_dma *d);

/* After the driver filled nic_if's methods, flags, mtu and caps. */
int	nic_attach(struct nic *n, const char *dname, int unit,
	    const uint8_t lladdr[ETHER_ADDR_LEN]);
void	nic_intr_schedule(struct nic *n);	/* from the interrupt handler */
void	nic_kick(struct nic *n);		/* a service pass, not counted */
/* A received frame (M_PKTHDR chain, rcvif set): count, probe, pass up. */
void	nic_input(struct nic *n, struct mbuf *m);
void	nic_link_change(struct nic *n, int state);
/* Common if_ioctl part: SIOCSIFMTU within [68, maxmtu], SIOCSIFFLAGS. */
int	nic_ioctl(struct nic *n, u_long cmd, caddr_t data, u_int maxmtu,
	    void (*init)(void *), void (*stop)(struct nic *));

#endif /* !_DEV_NETIF_IF_NICVAR_H_ */
