# Device drivers, relative to sys/: the PCI bus, virtio, the NICs.
SRCS+=	dev/pci/pci.c
SRCS+=	dev/netif/em/if_em.c
SRCS+=	dev/netif/if_nic.c
SRCS+=	dev/virtual/virtio/if_vtnet.c
SRCS+=	dev/virtual/virtio/virtio.c
SRCS+=	dev/virtual/virtio/virtio_pci.c
SRCS+=	dev/virtual/virtio/virtio_blk.c
