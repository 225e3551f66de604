/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-edit.c — edit, net-edit, pool-edit and iface-edit: an
 * object's persistent definition opened in the user's editor and defined
 * again from what it saves, with virsh's messages (including the name
 * virsh prints when the definition failed off a terminal: "(null)"). */
#include "mvsh.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

/* One kind of object: its definition read and written, its name. */
typedef struct edit_kind {
    const char *label;       /* "Domain '%s'", "Network %s", ... */
    char *(*xml)(void *obj);
    void *(*define)(virConnectPtr conn, const char *xml, unsigned int flags);
    const char *(*name)(void *obj);
    void (*unref)(void *obj);
    unsigned int validate;   /* the define flag 'i' turns off, or 0 */
} edit_kind;

typedef struct edit_run {
    const edit_kind *kind;
    virConnectPtr conn;
    void *obj, *edited;
    unsigned int flags;
} edit_run;

static char *run_get(void *opaque)
{
    edit_run *r = opaque;
    char *xml = r->kind->xml(r->obj);
    if (!xml)
        return NULL;
    char *copy = g_strdup(xml);
    free(xml);
    return copy;
}

static int run_define(void *opaque, const char *text)
{
    edit_run *r = opaque;
    if (r->edited)
        r->kind->unref(r->edited);
    r->edited = r->kind->define(r->conn, text, r->flags);
    return r->edited ? 0 : -1;
}

static void run_relax(void *opaque)
{
    edit_run *r = opaque;
    r->flags &= ~r->kind->validate;
}

static int edit_object(mvsh *sh, const edit_kind *k, void *obj, unsigned int flags)
{
    edit_run r = { k, sh->conn, obj, NULL, flags };
    const mvsh_edit_ops ops = { .get = run_get, .define = run_define,
                                .relax = k->validate ? run_relax : NULL };
    g_autofree char *fmt = NULL;
    int rc = 0;
    switch (mvsh_edit_define(&ops, &r)) {
    case MVSH_EDIT_UNCHANGED:
        fmt = g_strdup_printf("%s XML configuration not changed.\n", k->label);
        mvsh_print_extra(sh, fmt, k->name(obj));
        break;
    case MVSH_EDIT_DEFINED: {
        /* Off a terminal a failed definition still ends here, as in virsh,
         * which then names no object. */
        const char *name = r.edited ? k->name(r.edited) : NULL;
        fmt = g_strdup_printf("%s XML configuration edited.\n", k->label);
        mvsh_print_extra(sh, fmt, name ? name : "(null)");
        break;
    }
    case MVSH_EDIT_FAILED:
        /* the library's error, when it was the library that failed */
        if (virGetLastError())
            mvsh_report_error(NULL);
        rc = -1;
        break;
    }
    if (r.edited)
        k->unref(r.edited);
    k->unref(obj);
    return rc;
}

/* --- the four kinds ------------------------------------------------------ */

static char *dom_xml(void *o)
{
    return virDomainGetXMLDesc(o, VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_INACTIVE);
}
static void *dom_define(virConnectPtr c, const char *x, unsigned int f)
{
    return virDomainDefineXMLFlags(c, x, f);
}
static const char *dom_name(void *o) { return virDomainGetName(o); }
static void dom_unref(void *o) { virDomainFree(o); }

static const edit_kind domain_kind = {
    "Domain '%s'", dom_xml, dom_define, dom_name, dom_unref, VIR_DOMAIN_DEFINE_VALIDATE,
};

/* The inactive definition, or the only one a driver without the flag
 * has (it refuses the flag as an invalid argument), as virsh falls back. */
static char *inactive_or_current(char *(*get)(void *o, unsigned int f), void *o,
                                 unsigned int inactive)
{
    char *xml = get(o, inactive);
    if (!xml && virGetLastErrorCode() == VIR_ERR_INVALID_ARG) {
        mvsh_reset_error();
        xml = get(o, 0);
    }
    return xml;
}

static char *net_get(void *o, unsigned int f) { return virNetworkGetXMLDesc(o, f); }
static char *net_xml(void *o)
{
    return inactive_or_current(net_get, o, VIR_NETWORK_XML_INACTIVE);
}
static void *net_define(virConnectPtr c, const char *x, unsigned int f)
{
    (void)f;
    return virNetworkDefineXML(c, x);
}
static const char *net_name(void *o) { return virNetworkGetName(o); }
static void net_unref(void *o) { virNetworkFree(o); }

static const edit_kind network_kind = {
    "Network %s", net_xml, net_define, net_name, net_unref, 0,
};

static char *pool_get(void *o, unsigned int f) { return virStoragePoolGetXMLDesc(o, f); }
static char *pool_xml(void *o)
{
    return inactive_or_current(pool_get, o, VIR_STORAGE_XML_INACTIVE);
}
static void *pool_define(virConnectPtr c, const char *x, unsigned int f)
{
    return virStoragePoolDefineXML(c, x, f);
}
static const char *pool_name(void *o) { return virStoragePoolGetName(o); }
static void pool_unref(void *o) { virStoragePoolFree(o); }

static const edit_kind pool_kind = {
    "Pool %s", pool_xml, pool_define, pool_name, pool_unref, 0,
};

static char *iface_xml(void *o)
{
    return virInterfaceGetXMLDesc(o, VIR_INTERFACE_XML_INACTIVE);
}
static void *iface_define(virConnectPtr c, const char *x, unsigned int f)
{
    return virInterfaceDefineXML(c, x, f);
}
static const char *iface_name(void *o) { return virInterfaceGetName(o); }
static void iface_unref(void *o) { virInterfaceFree(o); }

static const edit_kind iface_kind = {
    "Interface %s", iface_xml, iface_define, iface_name, iface_unref, 0,
};

/* --- the commands ---------------------------------------------------------- */

static int cmd_edit(mvsh *sh, const mvsh_args *a)
{
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    return edit_object(sh, &domain_kind, dom,
                       mvsh_flag(a, "skip-validate") ? 0 : VIR_DOMAIN_DEFINE_VALIDATE);
}

static const mvsh_opt edit_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "skip-validate", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_edit = {
    .name = "edit",
    .summary = "edit XML configuration for a domain",
    .usage = "edit <domain> [--skip-validate]",
    .description = "Opens the domain's persistent definition in $VISUAL or $EDITOR and defines "
                   "the domain again from what the editor saves; --skip-validate defines it "
                   "without validation.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = edit_opts, .run = cmd_edit,
};

static int cmd_net_edit(mvsh *sh, const mvsh_args *a)
{
    virNetworkPtr net = mvsh_network(sh, a, "network");
    return net ? edit_object(sh, &network_kind, net, 0) : -1;
}

static const mvsh_opt net_edit_opts[] = {
    { "network", MVSH_OT_DATA, MVSH_OPT_REQ },
    { NULL },
};

const mvsh_cmd mvsh_cmd_net_edit = {
    .name = "net-edit",
    .summary = "edit XML configuration for a network",
    .usage = "net-edit <network>",
    .description = "Opens the network's persistent definition in $VISUAL or $EDITOR and "
                   "defines the network again from what the editor saves.",
    .group = MVSH_GRP_NETWORK, .needs_conn = true,
    .opts = net_edit_opts, .run = cmd_net_edit,
};

static int cmd_pool_edit(mvsh *sh, const mvsh_args *a)
{
    virStoragePoolPtr pool = mvsh_pool(sh, a, "pool");
    return pool ? edit_object(sh, &pool_kind, pool, 0) : -1;
}

static const mvsh_opt pool_edit_opts[] = {
    { "pool", MVSH_OT_DATA, MVSH_OPT_REQ },
    { NULL },
};

const mvsh_cmd mvsh_cmd_pool_edit = {
    .name = "pool-edit",
    .summary = "edit XML configuration for a storage pool",
    .usage = "pool-edit <pool>",
    .description = "Opens the pool's persistent definition in $VISUAL or $EDITOR and defines "
                   "the pool again from what the editor saves.",
    .group = MVSH_GRP_POOL, .needs_conn = true,
    .opts = pool_edit_opts, .run = cmd_pool_edit,
};

static int cmd_iface_edit(mvsh *sh, const mvsh_args *a)
{
    virInterfacePtr iface = mvsh_interface(sh, a, "interface");
    return iface ? edit_object(sh, &iface_kind, iface, 0) : -1;
}

static const mvsh_opt iface_edit_opts[] = {
    { "interface", MVSH_OT_DATA, MVSH_OPT_REQ },
    { NULL },
};

const mvsh_cmd mvsh_cmd_iface_edit = {
    .name = "iface-edit",
    .summary = "edit XML configuration for a physical host interface",
    .usage = "iface-edit <interface>",
    .description = "Opens the interface's persistent definition in $VISUAL or $EDITOR and "
                   "defines the interface again from what the editor saves.",
    .group = MVSH_GRP_IFACE, .needs_conn = true,
    .opts = iface_edit_opts, .run = cmd_iface_edit,
};
