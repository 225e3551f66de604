/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/conf-network.h — virtual network definitions: libvirt's
 * <network> XML parsed into mv_network_def and formatted back, plus the
 * IPv4/IPv6 address and MAC helpers a network driver needs (subnets,
 * prefixes, overlap checks).
 *
 * The core allocates every definition struct here; plugins read and modify
 * fields but never allocate one, copy one by value or embed one. Fields are
 * only appended, sub-structures are pointers, lists are `T **items` plus a
 * count. The one exception is mv_net_addr, a frozen plain value (like a
 * sockaddr) whose layout never changes.
 */
#ifndef MODVIRT_PLUGIN_CONF_NETWORK_H
#define MODVIRT_PLUGIN_CONF_NETWORK_H

#include <stddef.h>
#include <libvirt/libvirt.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Addresses ------------------------------------------------------- */

typedef enum {
    MV_NET_FAMILY_NONE = 0,   /* unset */
    MV_NET_FAMILY_IPV4 = 1,
    MV_NET_FAMILY_IPV6 = 2,
} mv_net_family;

/* An IP address. Frozen layout: may be embedded and copied by value. */
typedef struct mv_net_addr {
    int family;               /* mv_net_family */
    unsigned char bytes[16];  /* network byte order; IPv4 uses bytes[0..3] */
} mv_net_addr;

/* Parses a numeric IPv4 (dotted quad) or IPv6 address. 0, or -1 (no error
 * reported: the caller says which element was wrong). */
int mv_net_addr_parse(const char *str, mv_net_addr *out);
/* Canonical text (IPv6 compressed, lower case), g_malloc'd; NULL if unset. */
char *mv_net_addr_format(const mv_net_addr *addr);
/* 1 when ADDR holds an address. */
int mv_net_addr_is_set(const mv_net_addr *addr);
/* <0, 0, >0 ordering by family then bytes. */
int mv_net_addr_compare(const mv_net_addr *a, const mv_net_addr *b);
/* Bits in a contiguous netmask (255.255.255.0 -> 24), or -1 if MASK is not
 * a valid netmask. */
int mv_net_addr_netmask_prefix(const mv_net_addr *mask);
/* OUT = the netmask of PREFIX bits for FAMILY. 0, or -1 if PREFIX is too
 * long for the family. */
int mv_net_addr_netmask_from_prefix(int family, unsigned int prefix, mv_net_addr *out);
/* OUT = ADDR with all but the first PREFIX bits cleared (the network
 * address). 0, or -1 for an unset address or a prefix too long. */
int mv_net_addr_mask(const mv_net_addr *addr, unsigned int prefix, mv_net_addr *out);
/* 1 if ADDR lies in NET/PREFIX (same family, same first PREFIX bits). */
int mv_net_addr_in_subnet(const mv_net_addr *addr, const mv_net_addr *net, unsigned int prefix);
/* 1 if subnets A/PA and B/PB share any address (same family and one
 * contains the other's network address). */
int mv_net_subnets_overlap(const mv_net_addr *a, unsigned int pa,
                           const mv_net_addr *b, unsigned int pb);

/* Parses "aa:bb:cc:dd:ee:ff" (hex either case; one or two digits per
 * byte). 0, or -1 without an error reported. */
int mv_net_mac_parse(const char *str, unsigned char mac[6]);
/* Writes lower-case "aa:bb:cc:dd:ee:ff" into BUF[18]. */
void mv_net_mac_format(const unsigned char mac[6], char *buf);

/* ---- Network definition ---------------------------------------------- */

/* <forward mode>: NONE is a network without <forward> (isolated). */
typedef enum {
    MV_NETWORK_FORWARD_NONE = 0,
    MV_NETWORK_FORWARD_NAT = 1,
    MV_NETWORK_FORWARD_ROUTE = 2,
    MV_NETWORK_FORWARD_OPEN = 3,
    MV_NETWORK_FORWARD_BRIDGE = 4,
    MV_NETWORK_FORWARD_PRIVATE = 5,
    MV_NETWORK_FORWARD_VEPA = 6,
    MV_NETWORK_FORWARD_PASSTHROUGH = 7,
} mv_network_forward_mode;

/* Yes/no attributes that may be absent. */
typedef enum {
    MV_NETWORK_TRISTATE_ABSENT = 0,
    MV_NETWORK_TRISTATE_YES = 1,
    MV_NETWORK_TRISTATE_NO = 2,
} mv_network_tristate;

/* <forward><interface dev='...'/>. */
typedef struct mv_network_forward_if {
    char *dev;
} mv_network_forward_if;

typedef struct mv_network_forward {
    int mode;                          /* mv_network_forward_mode */
    /* Uplinks. <forward dev='X'> alone is stored as one interface X, and
     * the formatter writes dev= from ifaces[0], as libvirt does. */
    mv_network_forward_if **ifaces;
    size_t nifaces;
    /* <nat><address start end/>: unset (family NONE) when absent. */
    mv_net_addr nat_addr_start;
    mv_net_addr nat_addr_end;
    /* <nat><port start end/>: both 0 when absent. */
    unsigned int nat_port_start;
    unsigned int nat_port_end;
} mv_network_forward;

/* <dns><host ip='...'><hostname>...</hostname>...</host>. */
typedef struct mv_network_dns_host {
    mv_net_addr ip;
    char **hostnames;
    size_t nhostnames;
} mv_network_dns_host;

typedef struct mv_network_dns {
    int enable;                        /* mv_network_tristate */
    mv_network_dns_host **hosts;
    size_t nhosts;
} mv_network_dns;

/* <dhcp><range start end/>: both in the <ip>'s subnet, start <= end. */
typedef struct mv_network_dhcp_range {
    mv_net_addr start;
    mv_net_addr end;
} mv_network_dhcp_range;

/* <dhcp><host mac|id name ip/>. MAC and ID are kept as written. */
typedef struct mv_network_dhcp_host {
    char *mac;                         /* IPv4 only */
    char *id;                          /* DHCP client id / DUID */
    char *name;
    mv_net_addr ip;
} mv_network_dhcp_host;

typedef struct mv_network_ip {
    int family;                        /* family='' as written: NONE when absent */
    mv_net_addr address;
    mv_net_addr netmask;               /* unset when absent */
    unsigned int prefix;               /* 0 when absent */
    mv_network_dhcp_range **ranges;
    size_t nranges;
    mv_network_dhcp_host **hosts;
    size_t nhosts;
} mv_network_ip;

typedef struct mv_network_def {
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
    mv_network_forward *forward;       /* never NULL; mode NONE when absent */
    char *bridge;                      /* <bridge name>; NULL when absent */
    int stp;                           /* 1 (default) or 0 */
    unsigned long delay;               /* seconds; default 0 */
    char *mac;                         /* bridge MAC, lower case; NULL when absent */
    unsigned int mtu;                  /* 0 when absent */
    char *domain;                      /* <domain name> */
    int domain_local_only;             /* mv_network_tristate */
    mv_network_dns *dns;               /* never NULL */
    mv_network_ip **ips;
    size_t nips;
} mv_network_def;

/* Parses a <network> document. FLAGS: 0 for now. Generates a UUID when none
 * is given. NULL with an error (VIR_FROM_NETWORK, as libvirt) on failure. */
mv_network_def *mv_network_def_parse(const char *xml, unsigned int flags);

/* Formats DEF as libvirt does; FLAGS are virNetworkXMLFlags
 * (VIR_NETWORK_XML_INACTIVE). g_malloc'd, NULL with an error on failure. */
char *mv_network_def_format(const mv_network_def *def, unsigned int flags);

void mv_network_def_free(mv_network_def *def);

/* Deep copy; NULL with an error on failure. */
mv_network_def *mv_network_def_copy(const mv_network_def *def);

/* Compares the identities of EXISTING and NEW_DEF for a define: 1 if they
 * name the same network (same name and UUID), 0 if unrelated (neither
 * matches), -1 with VIR_ERR_OPERATION_FAILED reported (libvirt's texts)
 * when only the name or only the UUID matches. */
int mv_network_def_same_identity(const mv_network_def *existing, const mv_network_def *new_def);

/* The prefix in effect for IP: from its netmask, else its prefix, else the
 * classful default (IPv4 A/B/C: 8/16/24, IPv6: 64). -1 if the netmask is
 * not contiguous or the class has none. */
int mv_network_ip_prefix(const mv_network_ip *ip);

/* The first <ip> of FAMILY (MV_NET_FAMILY_*) in DEF, or NULL. */
const mv_network_ip *mv_network_def_get_ip(const mv_network_def *def, int family);

/* "nat", "route", ... for MODE (NULL for NONE or an unknown value). */
const char *mv_network_forward_mode_to_string(int mode);

#ifdef __cplusplus
}
#endif

#endif
