/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-display.c — where to reach a running domain's graphical
 * display, from its live XML: vncdisplay (":N" or "ADDR:N", N = port - 5900)
 * and domdisplay (a vnc://, spice:// or rdp:// URI, or vnc+unix:// for a
 * socket). Wildcard listen addresses become the connection URI's host, or
 * localhost, as in virsh.
 */
#include "mvsh.h"

#include <arpa/inet.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const mvsh_opt vncdisplay_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { NULL },
};

/* Both commands need a running domain; NULL after virsh's error. */
static virDomainPtr running_domain(mvsh *sh, const mvsh_args *a)
{
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return NULL;
    int active = virDomainIsActive(dom);
    if (active <= 0) {
        mvsh_error(active < 0 ? "Unable to determine if domain is active"
                              : "Domain is not running");
        virDomainFree(dom);
        return NULL;
    }
    return dom;
}

/* An integer attribute; false when absent or not a number. */
static bool xml_int(mvsh_xml *x, const char *expr, int *out)
{
    g_autofree char *s = mvsh_xml_string(x, NULL, expr);
    char *end;
    if (!s)
        return false;
    long v = strtol(s, &end, 10);
    if (*end || v < -0x7fffffff || v > 0x7fffffff)
        return false;
    *out = (int)v;
    return true;
}

static int cmd_vncdisplay(mvsh *sh, const mvsh_args *a)
{
    virDomainPtr dom = running_domain(sh, a);
    if (!dom)
        return -1;
    mvsh_xml *x = mvsh_domain_xml(dom, 0);
    virDomainFree(dom);
    if (!x)
        return -1;
    int port;
    if (!xml_int(x, "/domain/devices/graphics[@type='vnc']/@port", &port)) {
        mvsh_xml_free(x);
        mvsh_error("Failed to get VNC port. Is this domain using VNC?");
        return -1;
    }
    g_autofree char *listen = mvsh_xml_string(x, NULL,
                                              "/domain/devices/graphics[@type='vnc']/@listen");
    if (!listen)
        listen = mvsh_xml_string(x, NULL,
                                 "/domain/devices/graphics[@type='vnc']/listen/@address");
    mvsh_xml_free(x);
    if (!listen || !strcmp(listen, "0.0.0.0"))
        printf(":%d\n", port - 5900);
    else
        printf("%s:%d\n", listen, port - 5900);
    return 0;
}

const mvsh_cmd mvsh_cmd_vncdisplay = {
    .name = "vncdisplay",
    .summary = "vnc display",
    .usage = "vncdisplay <domain>",
    .description = "Prints the VNC display of the running domain as :N (N is the port minus "
                   "5900), preceded by the listen address unless it is 0.0.0.0 or unset.",
    .group = MVSH_GRP_DOMAIN,
    .needs_conn = true,
    .takes_domain = true,
    .opts = vncdisplay_opts,
    .run = cmd_vncdisplay,
};

/* 0.0.0.0 or :: (any spelling) stand for the host the connection names. */
static char *display_host(mvsh *sh, char *listen)
{
    static const unsigned char zero[16];
    unsigned char addr[16];
    bool any = listen && ((inet_pton(AF_INET, listen, addr) == 1 && !memcmp(addr, zero, 4)) ||
                          (inet_pton(AF_INET6, listen, addr) == 1 && !memcmp(addr, zero, 16)));
    if (!any)
        return listen;
    g_free(listen);
    char *uri = virConnectGetURI(sh->conn);
    g_autoptr(GUri) u = uri ? g_uri_parse(uri, G_URI_FLAGS_NONE, NULL) : NULL;
    free(uri);
    const char *host = u ? g_uri_get_host(u) : NULL;
    return host && *host ? g_strdup(host) : NULL;
}

/* One display's URI, or NULL when the XML has none of that type. */
static char *display_uri(mvsh *sh, mvsh_xml *x, const char *scheme)
{
#define GRAPHICS(attr) g_strdup_printf("/domain/devices/graphics[@type='%s']/" attr, scheme)
    g_autofree char *port_x = GRAPHICS("@port"), *tls_x = GRAPHICS("@tlsPort");
    g_autofree char *sock_x = GRAPHICS("@socket"), *listen_x = GRAPHICS("@listen");
    g_autofree char *laddr_x = GRAPHICS("listen/@address"), *pw_x = GRAPHICS("@passwd");
#undef GRAPHICS
    int port = 0, tls_port = 0;
    if (!xml_int(x, port_x, &port))
        port = 0;
    if (!xml_int(x, tls_x, &tls_port))
        tls_port = 0;
    g_autofree char *sock = mvsh_xml_string(x, NULL, sock_x);
    if (!port && !tls_port && !sock)
        return NULL;
    char *listen = mvsh_xml_string(x, NULL, listen_x);
    if (!listen)
        listen = mvsh_xml_string(x, NULL, laddr_x);
    g_autofree char *host = display_host(sh, listen);
    g_autofree char *passwd = mvsh_xml_string(x, NULL, pw_x);
    GString *s = g_string_new(scheme);
    g_string_append(s, sock ? "+unix://" : "://");
    if (!strcmp(scheme, "vnc") && passwd)
        g_string_append_printf(s, ":%s@", passwd);
    if (sock)
        g_string_append(s, sock);
    else if (!host)
        g_string_append(s, "localhost");
    else if (strchr(host, ':'))
        g_string_append_printf(s, "[%s]", host);
    else
        g_string_append(s, host);
    if (port)
        g_string_append_printf(s, ":%d", !strcmp(scheme, "vnc") ? port - 5900 : port);
    bool params = false;
    if (tls_port) {
        g_string_append_printf(s, "?tls-port=%d", tls_port);
        params = true;
    }
    if (!strcmp(scheme, "spice") && passwd)
        g_string_append_printf(s, "%spassword=%s", params ? "&" : "?", passwd);
    return g_string_free(s, FALSE);
}

static int cmd_domdisplay(mvsh *sh, const mvsh_args *a)
{
    static const char *const schemes[] = { "vnc", "spice", "rdp" };
    virDomainPtr dom = running_domain(sh, a);
    if (!dom)
        return -1;
    const char *type = mvsh_arg(a, "type");
    bool all = mvsh_flag(a, "all");
    mvsh_xml *x = mvsh_domain_xml(dom, mvsh_flag(a, "include-password")
                                       ? VIR_DOMAIN_XML_SECURE : 0);
    virDomainFree(dom);
    if (!x)
        return -1;
    int found = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(schemes) && (all || !found); i++) {
        if (type && strcmp(type, schemes[i]))
            continue;
        g_autofree char *uri = display_uri(sh, x, schemes[i]);
        if (uri) {
            /* virsh ends the line only with --all (the blank line that
             * follows every command ends it otherwise). */
            printf(all ? "%s\n" : "%s", uri);
            found++;
        }
    }
    mvsh_xml_free(x);
    if (found)
        return 0;
    if (type)
        mvsh_error("No graphical display with type '%s' found", type);
    else
        mvsh_error("No graphical display found");
    return -1;
}

static const mvsh_opt domdisplay_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "include-password", MVSH_OT_BOOL, 0 },
    { "type", MVSH_OT_STRING, 0 },
    { "all", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_domdisplay = {
    .name = "domdisplay",
    .summary = "domain display connection URI",
    .usage = "domdisplay <domain> [--include-password] [--type <string>] [--all]",
    .description = "Prints a URI to reach the running domain's graphical display "
                   "(vnc://HOST:N with N the port minus 5900, spice://HOST:PORT, "
                   "rdp://HOST:PORT, or vnc+unix://SOCKET): the first of VNC, SPICE and RDP, "
                   "the one of --type, or with --all each of them. --include-password puts "
                   "the display's password in the URI.",
    .group = MVSH_GRP_DOMAIN,
    .needs_conn = true,
    .takes_domain = true,
    .opts = domdisplay_opts,
    .run = cmd_domdisplay,
};
