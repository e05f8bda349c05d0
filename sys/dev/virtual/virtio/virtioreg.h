/*
 * Virtio 1.x register and ring layouts (OASIS virtio 1.1): the device
 * status bits, the transport-independent feature bits, the split
 * virtqueue structures, the PCI capability and common-configuration
 * layout, and the virtio-mmio (version 2) register map.  All fields are
 * little-endian, which both ports are.
 */
#ifndef _DEV_VIRTIO_VIRTIOREG_H_
#define _DEV_VIRTIO_VIRTIOREG_H_

#include <sys/types.h>

/* Device status */
#define VIRTIO_STATUS_ACK		0x01
#define VIRTIO_STATUS_DRIVER		0x02
#define VIRTIO_STATUS_DRIVER_OK		0x04
#define VIRTIO_STATUS_FEATURES_OK	0x08
#define VIRTIO_STATUS_NEEDS_RESET	0x40
#define VIRTIO_STATUS_FAILED		0x80

/* Device types */
#define VIRTIO_ID_NET			1
#define VIRTIO_ID_BLOCK			2

/* Transport features */
#define VIRTIO_F_INDIRECT_DESC		(1ULL << 28)
#define VIRTIO_F_EVENT_IDX		(1ULL << 29)
#define VIRTIO_F_VERSION_1		(1ULL << 32)

/* Split virtqueue */
struct vring_desc {
	uint64_t	addr;
	uint32_t	len;
	uint16_t	flags;
	uint16_t	next;
};
#define VRING_DESC_F_NEXT		1
#define VRING_DESC_F_WRITE		2

struct vring_avail {
	uint16_t	flags;
	uint16_t	idx;
	uint16_t	ring[];		/* then uint16_t used_event */
};
#define VRING_AVAIL_F_NO_INTERRUPT	1

struct vring_used_elem {
	uint32_t	id;
	uint32_t	len;
};

struct vring_used {
	uint16_t	flags;
	uint16_t	idx;
	struct vring_used_elem ring[];	/* then uint16_t avail_event */
};
#define VRING_USED_F_NO_NOTIFY		1

/* PCI: vendor-specific capability */
#define VIRTIO_PCI_VENDOR		0x1af4
#define VIRTIO_PCI_CAP_COMMON_CFG	1
#define VIRTIO_PCI_CAP_NOTIFY_CFG	2
#define VIRTIO_PCI_CAP_ISR_CFG		3
#define VIRTIO_PCI_CAP_DEVICE_CFG	4
#define VIRTIO_PCI_CAP_PCI_CFG		5
#define VIRTIO_PCI_CAP_CFG_TYPE		3	/* offsets in the cap */
#define VIRTIO_PCI_CAP_BAR		4
#define VIRTIO_PCI_CAP_OFFSET		8
#define VIRTIO_PCI_CAP_LENGTH		12
#define VIRTIO_PCI_NOTIFY_CAP_MULT	16

/* PCI common configuration structure */
#define VIRTIO_PCI_COMMON_DFSELECT	0x00
#define VIRTIO_PCI_COMMON_DF		0x04
#define VIRTIO_PCI_COMMON_GFSELECT	0x08
#define VIRTIO_PCI_COMMON_GF		0x0c
#define VIRTIO_PCI_COMMON_MSIX		0x10
#define VIRTIO_PCI_COMMON_NUMQ		0x12
#define VIRTIO_PCI_COMMON_STATUS	0x14
#define VIRTIO_PCI_COMMON_CFGGENERATION	0x15
#define VIRTIO_PCI_COMMON_Q_SELECT	0x16
#define VIRTIO_PCI_COMMON_Q_SIZE	0x18
#define VIRTIO_PCI_COMMON_Q_MSIX	0x1a
#define VIRTIO_PCI_COMMON_Q_ENABLE	0x1c
#define VIRTIO_PCI_COMMON_Q_NOFF	0x1e
#define VIRTIO_PCI_COMMON_Q_DESCLO	0x20
#define VIRTIO_PCI_COMMON_Q_DESCHI	0x24
#define VIRTIO_PCI_COMMON_Q_AVAILLO	0x28
#define VIRTIO_PCI_COMMON_Q_AVAILHI	0x2c
#define VIRTIO_PCI_COMMON_Q_USEDLO	0x30
#define VIRTIO_PCI_COMMON_Q_USEDHI	0x34
#define VIRTIO_MSI_NO_VECTOR		0xffff

/* virtio-mmio, version 2 */
#define VIRTIO_MMIO_MAGIC_VALUE		0x000	/* "virt" */
#define  VIRTIO_MMIO_MAGIC		0x74726976
#define VIRTIO_MMIO_VERSION		0x004
#define VIRTIO_MMIO_DEVICE_ID		0x008
#define VIRTIO_MMIO_VENDOR_ID		0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES	0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL	0x014
#define VIRTIO_MMIO_DRIVER_FEATURES	0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL	0x024
#define VIRTIO_MMIO_QUEUE_SEL		0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX	0x034
#define VIRTIO_MMIO_QUEUE_NUM		0x038
#define VIRTIO_MMIO_QUEUE_READY		0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY	0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS	0x060
#define VIRTIO_MMIO_INTERRUPT_ACK	0x064
#define  VIRTIO_MMIO_INT_VRING		0x1
#define  VIRTIO_MMIO_INT_CONFIG		0x2
#define VIRTIO_MMIO_STATUS		0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW	0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH	0x084
#define VIRTIO_MMIO_QUEUE_AVAIL_LOW	0x090
#define VIRTIO_MMIO_QUEUE_AVAIL_HIGH	0x094
#define VIRTIO_MMIO_QUEUE_USED_LOW	0x0a0
#define VIRTIO_MMIO_QUEUE_USED_HIGH	0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION	0x0fc
#define VIRTIO_MMIO_CONFIG		0x100

#endif /* !_DEV_VIRTIO_VIRTIOREG_H_ */
