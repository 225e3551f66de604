/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/network/netaddr.c — IPv4/IPv6 addresses and MACs as values:
 * parse, format, compare, netmasks and subnet arithmetic. Shared by the
 * network and interface definitions and exported to network drivers.
 */
#include <modvirt-plugin/conf-network.h>

#include <arpa/inet.h>
#include <glib.h>
#include <string.h>

static size_t addr_len(int family)
{
    return family == MV_NET_FAMILY_IPV4 ? 4 : family == MV_NET_FAMILY_IPV6 ? 16 : 0;
}

int mv_net_addr_parse(const char *str, mv_net_addr *out)
{
    mv_net_addr a = { 0 };
    if (!str || !out)
        return -1;
    if (inet_pton(AF_INET, str, a.bytes) == 1)
        a.family = MV_NET_FAMILY_IPV4;
    else if (inet_pton(AF_INET6, str, a.bytes) == 1)
        a.family = MV_NET_FAMILY_IPV6;
    else
        return -1;
    *out = a;
    return 0;
}

char *mv_net_addr_format(const mv_net_addr *addr)
{
    char buf[INET6_ADDRSTRLEN];
    if (!mv_net_addr_is_set(addr))
        return NULL;
    int af = addr->family == MV_NET_FAMILY_IPV4 ? AF_INET : AF_INET6;
    if (!inet_ntop(af, addr->bytes, buf, sizeof(buf)))
        return NULL;
    return g_strdup(buf);
}

int mv_net_addr_is_set(const mv_net_addr *addr)
{
    return addr && addr_len(addr->family) > 0;
}

int mv_net_addr_compare(const mv_net_addr *a, const mv_net_addr *b)
{
    if (a->family != b->family)
        return a->family < b->family ? -1 : 1;
    return memcmp(a->bytes, b->bytes, addr_len(a->family));
}

int mv_net_addr_netmask_prefix(const mv_net_addr *mask)
{
    size_t len = mv_net_addr_is_set(mask) ? addr_len(mask->family) : 0;
    int bits = 0;
    size_t i = 0;
    if (!len)
        return -1;
    for (; i < len && mask->bytes[i] == 0xff; i++)
        bits += 8;
    if (i < len) {
        unsigned char b = mask->bytes[i++];
        /* The remaining ones of a partial byte must be leading ones. */
        while (b & 0x80) {
            bits++;
            b = (unsigned char)(b << 1);
        }
        if (b)
            return -1;
    }
    for (; i < len; i++)
        if (mask->bytes[i])
            return -1;
    return bits;
}

int mv_net_addr_netmask_from_prefix(int family, unsigned int prefix, mv_net_addr *out)
{
    size_t len = addr_len(family);
    if (!len || prefix > len * 8)
        return -1;
    memset(out, 0, sizeof(*out));
    out->family = family;
    for (size_t i = 0; i < len; i++) {
        unsigned int take = prefix >= 8 ? 8 : prefix;
        out->bytes[i] = (unsigned char)(0xff00 >> take);
        prefix -= take;
    }
    return 0;
}

int mv_net_addr_mask(const mv_net_addr *addr, unsigned int prefix, mv_net_addr *out)
{
    mv_net_addr mask;
    if (!mv_net_addr_is_set(addr) ||
        mv_net_addr_netmask_from_prefix(addr->family, prefix, &mask) < 0)
        return -1;
    mv_net_addr r = *addr;
    for (size_t i = 0; i < sizeof(r.bytes); i++)
        r.bytes[i] &= mask.bytes[i];
    *out = r;
    return 0;
}

int mv_net_addr_in_subnet(const mv_net_addr *addr, const mv_net_addr *net, unsigned int prefix)
{
    mv_net_addr a, n;
    if (!mv_net_addr_is_set(addr) || !mv_net_addr_is_set(net) || addr->family != net->family)
        return 0;
    if (mv_net_addr_mask(addr, prefix, &a) < 0 || mv_net_addr_mask(net, prefix, &n) < 0)
        return 0;
    return mv_net_addr_compare(&a, &n) == 0;
}

int mv_net_subnets_overlap(const mv_net_addr *a, unsigned int pa,
                           const mv_net_addr *b, unsigned int pb)
{
    /* Two prefixes overlap exactly when they agree on the shorter one. */
    return mv_net_addr_in_subnet(a, b, MIN(pa, pb));
}

int mv_net_mac_parse(const char *str, unsigned char mac[6])
{
    const char *p = str;
    if (!str)
        return -1;
    for (int i = 0; i < 6; i++) {
        unsigned int v = 0;
        int digits = 0;
        while (g_ascii_isxdigit(*p) && digits < 3) {
            v = v * 16 + (unsigned int)g_ascii_xdigit_value(*p++);
            digits++;
        }
        if (digits == 0 || digits > 2)
            return -1;
        mac[i] = (unsigned char)v;
        if (i < 5 && *p++ != ':')
            return -1;
    }
    return *p ? -1 : 0;
}

void mv_net_mac_format(const unsigned char mac[6], char *buf)
{
    g_snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
               mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}
