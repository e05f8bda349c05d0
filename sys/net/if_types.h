/*
 * Interface types (if_type, ifi_type, sdl_type): the SNMP ifType numbers
 * BSD uses.
 */
#ifndef _NET_IF_TYPES_H_
#define _NET_IF_TYPES_H_

#define IFT_OTHER	0x01
#define IFT_ETHER	0x06		/* Ethernet */
#define IFT_LOOP	0x18		/* loopback */

#endif /* !_NET_IF_TYPES_H_ */
