/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/network/network-helpers.c — small pieces shared by the network
 * and interface definitions: errors, lists, yes/no and address attribute
 * writers, and address range checks.
 */
#include "core/conf/network/network.h"

#include <modvirt-plugin/error.h>
#include <stdarg.h>
#include <string.h>

int mv_conf_network_fail(int domain, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    mv_error_report(domain, code, "%s", msg);
    return -1;
}

void mv_conf_network_list_free(void *list, size_t n, GDestroyNotify free_item)
{
    gpointer *items = list;
    for (size_t i = 0; i < n; i++)
        free_item(items[i]);
    g_free(items);
}

void mv_conf_network_attr_tristate(mv_xml_writer *w, const char *name, int value)
{
    if (value == MV_NETWORK_TRISTATE_YES)
        mv_xml_attr(w, name, "yes");
    else if (value == MV_NETWORK_TRISTATE_NO)
        mv_xml_attr(w, name, "no");
}

void mv_conf_network_attr_addr(mv_xml_writer *w, const char *name, const mv_net_addr *addr)
{
    g_autofree char *s = mv_net_addr_format(addr);
    mv_xml_attr(w, name, s);
}

/* Host-order value of the last COUNT bytes of A. */
static unsigned long tail_value(const mv_net_addr *a, size_t len, size_t count)
{
    unsigned long v = 0;
    for (size_t i = len - count; i < len; i++)
        v = (v << 8) | a->bytes[i];
    return v;
}

#define range_fail(...) mv_conf_network_fail(VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR, __VA_ARGS__)

int mv_conf_network_range_check(const mv_net_addr *start, const mv_net_addr *end,
                                const mv_network_ip *net)
{
    g_autofree char *s = mv_net_addr_format(start);
    g_autofree char *e = mv_net_addr_format(end);
    if (start->family != end->family)
        return range_fail("mismatch of address family in range %s - %s", s, e);
    if (net) {
        g_autofree char *n = mv_net_addr_format(&net->address);
        int prefix = mv_network_ip_prefix(net);
        if (start->family != net->address.family)
            return range_fail("mismatch of address family in range %s - %s for network %s",
                              s, e, n);
        if (prefix < 0)
            return range_fail("bad prefix %d for network %s when  checking range %s - %s",
                              prefix, n, s, e);
        if (!mv_net_addr_in_subnet(start, &net->address, (unsigned int)prefix) ||
            !mv_net_addr_in_subnet(end, &net->address, (unsigned int)prefix))
            return range_fail("range %s - %s is not entirely within network %s/%d",
                              s, e, n, prefix);
    }
    size_t len = start->family == MV_NET_FAMILY_IPV4 ? 4 : 16;
    if (len == 4 && mv_net_addr_compare(start, end) > 0)
        return range_fail("range %s - %s is reversed ", s, e);
    /* Ranges are bounded to 65536 addresses: all but the last 16 bits match. */
    if (memcmp(start->bytes, end->bytes, len - 2) != 0)
        return range_fail("range %s - %s is too large (> 65535)", s, e);
    if (tail_value(start, len, 2) > tail_value(end, len, 2))
        return range_fail("range %s - %s start larger than end", s, e);
    return 0;
}
