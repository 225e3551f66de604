/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/conf-interface.h — host interface definitions: libvirt's
 * <interface> XML for virInterface (ethernet, bridge with member interfaces,
 * vlan) parsed into mv_interface_def and formatted back.
 *
 * The core allocates every struct here; plugins read and modify fields but
 * never allocate one, copy one by value or embed one. Fields are only
 * appended, sub-structures are pointers, lists are `T **items` plus a count.
 * Addresses and MACs are kept as written (libvirt echoes them verbatim) but
 * are checked to be valid when parsed.
 */
#ifndef MODVIRT_PLUGIN_CONF_INTERFACE_H
#define MODVIRT_PLUGIN_CONF_INTERFACE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    MV_INTERFACE_TYPE_ETHERNET = 0,
    MV_INTERFACE_TYPE_BRIDGE = 1,
    MV_INTERFACE_TYPE_VLAN = 2,
} mv_interface_type;

typedef enum {
    MV_INTERFACE_START_UNSPECIFIED = 0,
    MV_INTERFACE_START_NONE = 1,
    MV_INTERFACE_START_ONBOOT = 2,
    MV_INTERFACE_START_HOTPLUG = 3,
} mv_interface_start_mode;

/* <link state='...'>. */
typedef enum {
    MV_INTERFACE_LINK_UNSPECIFIED = 0,
    MV_INTERFACE_LINK_UNKNOWN = 1,
    MV_INTERFACE_LINK_NOTPRESENT = 2,
    MV_INTERFACE_LINK_DOWN = 3,
    MV_INTERFACE_LINK_LOWERLAYERDOWN = 4,
    MV_INTERFACE_LINK_TESTING = 5,
    MV_INTERFACE_LINK_DORMANT = 6,
    MV_INTERFACE_LINK_UP = 7,
} mv_interface_link_state;

/* Yes/no or on/off attributes that may be absent. */
typedef enum {
    MV_INTERFACE_TRISTATE_ABSENT = 0,
    MV_INTERFACE_TRISTATE_YES = 1,   /* "yes" / "on" */
    MV_INTERFACE_TRISTATE_NO = 2,    /* "no" / "off" */
} mv_interface_tristate;

/* <ip address='...' prefix='N'/> inside <protocol>. */
typedef struct mv_interface_ip {
    char *address;
    unsigned int prefix;             /* 0 when absent */
} mv_interface_ip;

/* <protocol family='ipv4|ipv6'>. */
typedef struct mv_interface_protocol {
    int family;                      /* MV_NET_FAMILY_IPV4 (1) or _IPV6 (2) */
    int autoconf;                    /* IPv6 <autoconf/>: 1 or 0 */
    int dhcp;                        /* <dhcp/> present: 1 or 0 */
    int peerdns;                     /* <dhcp peerdns>: mv_interface_tristate */
    mv_interface_ip **ips;
    size_t nips;
    char *gateway;                   /* <route gateway>; NULL when absent */
} mv_interface_protocol;

typedef struct mv_interface_def mv_interface_def;

struct mv_interface_def {
    int type;                        /* mv_interface_type */
    char *name;
    /* Top level only (ignored on bridge members, as libvirt does). */
    int start_mode;                  /* mv_interface_start_mode */
    unsigned int mtu;                /* 0 when absent */
    mv_interface_protocol **protocols;
    size_t nprotocols;
    /* Ethernet and vlan. */
    char *mac;                       /* as written; NULL when absent */
    unsigned int link_speed;         /* Mbit/s; 0 when absent */
    int link_state;                  /* mv_interface_link_state */
    /* Bridge. */
    int bridge_stp;                  /* mv_interface_tristate */
    char *bridge_delay;              /* seconds as written ("0.01"); NULL when absent */
    mv_interface_def **members;      /* ethernet or vlan interfaces */
    size_t nmembers;
    /* Vlan. */
    char *vlan_tag;
    char *vlan_dev;                  /* <vlan><interface name> */
};

/* Parses an <interface> document. FLAGS: 0 for now. NULL with an error
 * (VIR_FROM_INTERFACE, as libvirt) on failure. */
mv_interface_def *mv_interface_def_parse(const char *xml, unsigned int flags);

/* Formats DEF as libvirt does; FLAGS are virInterfaceXMLFlags.
 * g_malloc'd, NULL with an error on failure. */
char *mv_interface_def_format(const mv_interface_def *def, unsigned int flags);

void mv_interface_def_free(mv_interface_def *def);

/* Deep copy; NULL with an error on failure. */
mv_interface_def *mv_interface_def_copy(const mv_interface_def *def);

#ifdef __cplusplus
}
#endif

#endif
