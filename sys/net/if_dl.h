/*
 * Link-level socket addresses (AF_LINK): an interface's index, type,
 * name and hardware address, as getifaddrs(3) and SIOCGIFCONF report
 * them.  sdl_data holds the name (sdl_nlen bytes, no NUL) followed by
 * the address (sdl_alen bytes).
 */
#ifndef _NET_IF_DL_H_
#define _NET_IF_DL_H_

#include <sys/types.h>

struct sockaddr_dl {
	uint8_t		sdl_len;	/* total length */
	uint8_t		sdl_family;	/* AF_LINK */
	uint16_t	sdl_index;	/* interface index */
	uint8_t		sdl_type;	/* IFT_* */
	uint8_t		sdl_nlen;	/* name length */
	uint8_t		sdl_alen;	/* link address length */
	uint8_t		sdl_slen;	/* link selector length */
	char		sdl_data[46];	/* name, then address */
};

#define LLADDR(s)	((caddr_t)((s)->sdl_data + (s)->sdl_nlen))

#endif /* !_NET_IF_DL_H_ */
