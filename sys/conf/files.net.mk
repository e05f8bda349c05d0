# Network stack sources, relative to sys/: interfaces, netisr threads,
# routing, loopback, Ethernet (sys/net) and IPv4 (sys/netinet).  See
# docs/sys/net/ and docs/sys/netinet/.
SRCS+=	net/if.c
SRCS+=	net/if_ethersubr.c
SRCS+=	net/if_loop.c
SRCS+=	net/netisr.c
SRCS+=	net/route.c
SRCS+=	netinet/if_ether.c
SRCS+=	netinet/in.c
SRCS+=	netinet/in_cksum.c
SRCS+=	netinet/in_pcb.c
SRCS+=	netinet/in_proto.c
SRCS+=	netinet/ip_icmp.c
SRCS+=	netinet/ip_input.c
SRCS+=	netinet/ip_output.c
SRCS+=	netinet/raw_ip.c
SRCS+=	netinet/tcp_input.c
SRCS+=	netinet/tcp_output.c
SRCS+=	netinet/tcp_sack.c
SRCS+=	netinet/tcp_subr.c
SRCS+=	netinet/tcp_timer.c
SRCS+=	netinet/tcp_usrreq.c
SRCS+=	netinet/udp_usrreq.c
