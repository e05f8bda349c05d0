/*
 * PCI and PCI Express configuration-space layout: the type 0 (device)
 * and type 1 (bridge) headers, the command bits, the BAR encoding and
 * the capabilities the drivers use (MSI, MSI-X, vendor-specific).
 * Numbers only; the code that uses them is in pci.c.
 */
#ifndef _DEV_PCI_PCIREG_H_
#define _DEV_PCI_PCIREG_H_

#define PCI_MAXBUS		256
#define PCI_MAXSLOT		32
#define PCI_MAXFUNC		8

/* Common header */
#define PCIR_VENDOR		0x00
#define PCIR_DEVICE		0x02
#define PCIR_COMMAND		0x04
#define  PCIM_CMD_PORTEN	0x0001
#define  PCIM_CMD_MEMEN		0x0002
#define  PCIM_CMD_BUSMASTEREN	0x0004
#define  PCIM_CMD_INTxDIS	0x0400
#define PCIR_STATUS		0x06
#define  PCIM_STATUS_CAPPRESENT	0x0010
#define PCIR_REVID		0x08
#define PCIR_PROGIF		0x09
#define PCIR_SUBCLASS		0x0a
#define PCIR_CLASS		0x0b
#define PCIR_HDRTYPE		0x0e
#define  PCIM_HDRTYPE		0x7f
#define  PCIM_MFDEV		0x80
#define  PCIM_HDRTYPE_NORMAL	0x00
#define  PCIM_HDRTYPE_BRIDGE	0x01
#define PCIR_BAR(i)		(0x10 + 4 * (i))
#define  PCIM_BAR_IO		0x01
#define  PCIM_BAR_MEM_TYPE	0x06
#define  PCIM_BAR_MEM_64	0x04
#define  PCIM_BAR_MEM_PREFETCH	0x08
#define PCIR_SUBVEND_0		0x2c
#define PCIR_SUBDEV_0		0x2e
#define PCIR_CAP_PTR		0x34
#define PCIR_INTLINE		0x3c
#define PCIR_INTPIN		0x3d

/* Type 1 (PCI-PCI bridge) header */
#define PCIR_PRIBUS_1		0x18
#define PCIR_SECBUS_1		0x19
#define PCIR_SUBBUS_1		0x1a

#define PCI_NBARS_DEVICE	6
#define PCI_NBARS_BRIDGE	2

/* Class codes */
#define PCIC_NETWORK		0x02
#define PCIC_BRIDGE		0x06
#define  PCIS_BRIDGE_PCI	0x04

/* Capability ids */
#define PCIY_MSI		0x05
#define PCIY_VENDOR		0x09
#define PCIY_EXPRESS		0x10
#define PCIY_MSIX		0x11

/* MSI capability (offsets from the capability) */
#define PCIR_MSI_CTRL		0x02
#define  PCIM_MSICTRL_MSI_ENABLE 0x0001
#define  PCIM_MSICTRL_MMC_MASK	0x000e
#define  PCIM_MSICTRL_MME_MASK	0x0070
#define  PCIM_MSICTRL_64BIT	0x0080
#define PCIR_MSI_ADDR		0x04
#define PCIR_MSI_ADDR_HIGH	0x08
#define PCIR_MSI_DATA		0x08
#define PCIR_MSI_DATA_64BIT	0x0c

/* MSI-X capability */
#define PCIR_MSIX_CTRL		0x02
#define  PCIM_MSIXCTRL_TABLE_SIZE 0x07ff
#define  PCIM_MSIXCTRL_FUNCTION_MASK 0x4000
#define  PCIM_MSIXCTRL_MSIX_ENABLE 0x8000
#define PCIR_MSIX_TABLE		0x04
#define PCIR_MSIX_PBA		0x08
#define  PCIM_MSIX_BIR_MASK	0x7
#define PCI_MSIX_ENTRY_SIZE	16
#define PCI_MSIX_ENTRY_ADDR_LO	0
#define PCI_MSIX_ENTRY_ADDR_HI	4
#define PCI_MSIX_ENTRY_DATA	8
#define PCI_MSIX_ENTRY_CTRL	12
#define  PCIM_MSIX_VCTRL_MASK	0x1

#endif /* !_DEV_PCI_PCIREG_H_ */
