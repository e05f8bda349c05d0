/*
 * Intel 8254x (82540EM and relatives) registers and legacy descriptor
 * formats used by if_em.c.  Offsets into BAR 0.
 */
#ifndef _DEV_NETIF_EM_IF_EMREG_H_
#define _DEV_NETIF_EM_IF_EMREG_H_

#include <sys/types.h>

#define E1000_CTRL		0x0000
#define  E1000_CTRL_ASDE	0x00000020	/* auto speed detect */
#define  E1000_CTRL_SLU		0x00000040	/* set link up */
#define  E1000_CTRL_RST		0x04000000
#define E1000_STATUS		0x0008
#define  E1000_STATUS_LU	0x00000002	/* link up */
#define E1000_EERD		0x0014
#define  E1000_EERD_START	0x00000001
#define  E1000_EERD_DONE	0x00000010
#define  E1000_EERD_ADDR_SHIFT	8
#define  E1000_EERD_DATA_SHIFT	16
#define E1000_ICR		0x00c0
#define  E1000_ICR_TXDW		0x00000001
#define  E1000_ICR_TXQE		0x00000002
#define  E1000_ICR_LSC		0x00000004
#define  E1000_ICR_RXSEQ	0x00000008
#define  E1000_ICR_RXDMT0	0x00000010
#define  E1000_ICR_RXO		0x00000040
#define  E1000_ICR_RXT0		0x00000080
#define E1000_ICS		0x00c8
#define E1000_IMS		0x00d0
#define E1000_IMC		0x00d8
#define E1000_RCTL		0x0100
#define  E1000_RCTL_EN		0x00000002
#define  E1000_RCTL_BAM		0x00008000	/* accept broadcast */
#define  E1000_RCTL_SZ_2048	0x00000000
#define  E1000_RCTL_SECRC	0x04000000	/* strip the CRC */
#define E1000_TCTL		0x0400
#define  E1000_TCTL_EN		0x00000002
#define  E1000_TCTL_PSP		0x00000008	/* pad short packets */
#define  E1000_TCTL_CT_SHIFT	4
#define  E1000_TCTL_COLD_SHIFT	12
#define E1000_TIPG		0x0410
#define E1000_RDBAL		0x2800
#define E1000_RDBAH		0x2804
#define E1000_RDLEN		0x2808
#define E1000_RDH		0x2810
#define E1000_RDT		0x2818
#define E1000_RDTR		0x2820
#define E1000_TDBAL		0x3800
#define E1000_TDBAH		0x3804
#define E1000_TDLEN		0x3808
#define E1000_TDH		0x3810
#define E1000_TDT		0x3818
#define E1000_CRCERRS		0x4000
#define E1000_ALGNERRC		0x4004
#define E1000_RXERRC		0x400c
#define E1000_MPC		0x4010
#define E1000_COLC		0x4028
#define E1000_RLEC		0x4040
#define E1000_RXCSUM		0x5000
#define  E1000_RXCSUM_IPOFL	0x00000100
#define  E1000_RXCSUM_TUOFL	0x00000200
#define E1000_MTA		0x5200
#define E1000_RAL(i)		(0x5400 + 8 * (i))
#define E1000_RAH(i)		(0x5404 + 8 * (i))
#define  E1000_RAH_AV		0x80000000

struct em_rx_desc {
	uint64_t	addr;
	uint16_t	length;
	uint16_t	csum;
	uint8_t		status;
	uint8_t		errors;
	uint16_t	special;
};
#define E1000_RXD_STAT_DD	0x01
#define E1000_RXD_STAT_EOP	0x02
#define E1000_RXD_STAT_IXSM	0x04	/* ignore the checksum bits */
#define E1000_RXD_STAT_TCPCS	0x20
#define E1000_RXD_STAT_IPCS	0x40
#define E1000_RXD_ERR_CE	0x01
#define E1000_RXD_ERR_SE	0x02
#define E1000_RXD_ERR_SEQ	0x04
#define E1000_RXD_ERR_CXE	0x10
#define E1000_RXD_ERR_TCPE	0x20
#define E1000_RXD_ERR_IPE	0x40
#define E1000_RXD_ERR_RXE	0x80
#define E1000_RXD_ERR_FRAME	(E1000_RXD_ERR_CE | E1000_RXD_ERR_SE | \
				    E1000_RXD_ERR_SEQ | E1000_RXD_ERR_CXE | \
				    E1000_RXD_ERR_RXE)

struct em_tx_desc {
	uint64_t	addr;
	uint16_t	length;
	uint8_t		cso;
	uint8_t		cmd;
	uint8_t		status;
	uint8_t		css;
	uint16_t	special;
};
#define E1000_TXD_CMD_EOP	0x01
#define E1000_TXD_CMD_IFCS	0x02
#define E1000_TXD_CMD_RS	0x08
#define E1000_TXD_STAT_DD	0x01

/*
 * TCP/IP context descriptor (8254x manual 3.3.6): where the IP header
 * checksum and the TCP/UDP checksum start (CSS), are stored (CSO) and
 * end (CSE, inclusive; 0 for the end of the frame).  The hardware keeps
 * the context for every following data descriptor until the next one.
 * Its status byte sits where the legacy descriptor's does.
 */
struct em_ctx_desc {
	uint8_t		ipcss;
	uint8_t		ipcso;
	uint16_t	ipcse;
	uint8_t		tucss;
	uint8_t		tucso;
	uint16_t	tucse;
	uint32_t	cmdlen;		/* PAYLEN 19:0, DTYP 23:20, TUCMD 31:24 */
	uint8_t		status;
	uint8_t		hdrlen;
	uint16_t	mss;
};

/* TCP/IP data descriptor (3.3.7): a frame buffer that uses the context. */
struct em_data_desc {
	uint64_t	addr;
	uint32_t	cmdlen;		/* length 19:0, DTYP 23:20, DCMD 31:24 */
	uint8_t		status;
	uint8_t		popts;
	uint16_t	special;
};
#define E1000_TXD_DTYP_C	0x00000000	/* context */
#define E1000_TXD_DTYP_D	0x00100000	/* data */
#define E1000_TXD_DCMD_EOP	0x01000000
#define E1000_TXD_DCMD_IFCS	0x02000000
#define E1000_TXD_DCMD_RS	0x08000000
#define E1000_TXD_DCMD_DEXT	0x20000000	/* not a legacy descriptor */
#define E1000_TXC_TUCMD_TCP	0x01000000	/* TCP (else UDP) */
#define E1000_TXC_TUCMD_IP	0x02000000	/* IPv4 (else IPv6) */
#define E1000_TXD_POPTS_IXSM	0x01		/* insert the IP checksum */
#define E1000_TXD_POPTS_TXSM	0x02		/* insert the TCP/UDP one */

#endif /* !_DEV_NETIF_EM_IF_EMREG_H_ */
