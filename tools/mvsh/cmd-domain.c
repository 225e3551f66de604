/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-domain.c — commands that show domains: list, dominfo,
 * domstate, domid, domname, domuuid, dumpxml. Layouts, orders and words
 * are virsh's.
 */
#include "mvsh.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const mvsh_opt domain_opt[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { NULL },
};

/* virsh's order: running domains by id, then the others by name. */
static int domain_cmp(const void *pa, const void *pb)
{
    virDomainPtr a = *(virDomainPtr *)pa, b = *(virDomainPtr *)pb;
    unsigned int ia = virDomainGetID(a), ib = virDomainGetID(b);
    if (ia != ib && (ia == (unsigned int)-1 || ib == (unsigned int)-1))
        return ia == (unsigned int)-1 ? 1 : -1;
    if (ia != (unsigned int)-1)
        return ia < ib ? -1 : ia > ib;
    return strcasecmp(virDomainGetName(a), virDomainGetName(b));
}

static const struct { const char *opt; unsigned int flag; } list_filters[] = {
    { "inactive", VIR_CONNECT_LIST_DOMAINS_INACTIVE },
    { "all", VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_INACTIVE },
    { "persistent", VIR_CONNECT_LIST_DOMAINS_PERSISTENT },
    { "transient", VIR_CONNECT_LIST_DOMAINS_TRANSIENT },
    { "autostart", VIR_CONNECT_LIST_DOMAINS_AUTOSTART },
    { "no-autostart", VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART },
    { "state-running", VIR_CONNECT_LIST_DOMAINS_RUNNING },
    { "state-paused", VIR_CONNECT_LIST_DOMAINS_PAUSED },
    { "state-shutoff", VIR_CONNECT_LIST_DOMAINS_SHUTOFF },
    { "state-other", VIR_CONNECT_LIST_DOMAINS_OTHER },
    { "with-managed-save", VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE },
    { "without-managed-save", VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE },
};

static int cmd_list(mvsh *sh, const mvsh_args *a)
{
    if (mvsh_exclusive(a, "table", "name") < 0 || mvsh_exclusive(a, "table", "uuid") < 0 ||
        mvsh_exclusive(a, "table", "id") < 0)
        return -1;
    unsigned int flags = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(list_filters); i++)
        if (mvsh_flag(a, list_filters[i].opt))
            flags |= list_filters[i].flag;
    if (!(flags & (VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_INACTIVE)) &&
        !(flags & (VIR_CONNECT_LIST_DOMAINS_RUNNING | VIR_CONNECT_LIST_DOMAINS_PAUSED |
                   VIR_CONNECT_LIST_DOMAINS_SHUTOFF | VIR_CONNECT_LIST_DOMAINS_OTHER)))
        flags |= VIR_CONNECT_LIST_DOMAINS_ACTIVE;
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains(sh->conn, &doms, flags);
    if (n < 0) {
        mvsh_error("Failed to list domains");
        return -1;
    }
    qsort(doms, n, sizeof(*doms), domain_cmp);
    bool name = mvsh_flag(a, "name"), uuid = mvsh_flag(a, "uuid"), id = mvsh_flag(a, "id");
    mvsh_table *t = name || uuid || id ? NULL : mvsh_table_new("Id", "Name", "State", NULL);
    for (int i = 0; i < n; i++) {
        char uuidstr[VIR_UUID_STRING_BUFLEN];
        virDomainGetUUIDString(doms[i], uuidstr);
        unsigned int did = virDomainGetID(doms[i]);
        g_autofree char *idstr = did == (unsigned int)-1 ? g_strdup("-")
                                                         : g_strdup_printf("%u", did);
        int state = VIR_DOMAIN_NOSTATE;
        virDomainGetState(doms[i], &state, NULL, 0);
        /* --managed-save: a shut off domain with an image shows "saved". */
        const char *statestr = mvsh_domain_state_str(state);
        if (state == VIR_DOMAIN_SHUTOFF && mvsh_flag(a, "managed-save") &&
            virDomainHasManagedSaveImage(doms[i], 0) > 0)
            statestr = "saved";
        if (t)
            mvsh_table_row(t, idstr, virDomainGetName(doms[i]), statestr, NULL);
        else if (id && did == (unsigned int)-1)
            ;  /* --id lists running domains only */
        else if (id)
            printf("%s\n", idstr);
        else if (name && uuid)
            printf("%s %s\n", uuidstr, virDomainGetName(doms[i]));
        else
            printf("%s\n", uuid ? uuidstr : virDomainGetName(doms[i]));
        virDomainFree(doms[i]);
    }
    free(doms);
    if (t)
        mvsh_table_print(sh, t);
    return 0;
}

static const mvsh_opt list_opts[] = {
    { "inactive", MVSH_OT_BOOL, 0 }, { "all", MVSH_OT_BOOL, 0 },
    { "transient", MVSH_OT_BOOL, 0 }, { "persistent", MVSH_OT_BOOL, 0 },
    { "state-running", MVSH_OT_BOOL, 0 }, { "state-paused", MVSH_OT_BOOL, 0 },
    { "state-shutoff", MVSH_OT_BOOL, 0 }, { "state-other", MVSH_OT_BOOL, 0 },
    { "autostart", MVSH_OT_BOOL, 0 }, { "no-autostart", MVSH_OT_BOOL, 0 },
    { "with-managed-save", MVSH_OT_BOOL, 0 }, { "without-managed-save", MVSH_OT_BOOL, 0 },
    { "managed-save", MVSH_OT_BOOL, 0 },
    { "uuid", MVSH_OT_BOOL, 0 }, { "name", MVSH_OT_BOOL, 0 }, { "id", MVSH_OT_BOOL, 0 },
    { "table", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_list = {
    .name = "list",
    .summary = "list domains",
    .usage = "list [--inactive] [--all] [--transient] [--persistent] [--state-running] "
             "[--state-paused] [--state-shutoff] [--state-other] [--autostart] "
             "[--no-autostart] [--with-managed-save] [--without-managed-save] [--managed-save] "
             "[--uuid] [--name] [--id] [--table]",
    .description = "Lists the running domains, or with --all every domain, with --inactive the "
                   "defined domains that are not running; the other flags filter further "
                   "(--with-managed-save, --without-managed-save: whether the domain has a "
                   "managed save image, which --managed-save shows as the state \"saved\"). The "
                   "default is a table of Id, Name and State; --name, --uuid (both: UUID then "
                   "name) and --id print one item per line.",
    .group = MVSH_GRP_DOMAIN,
    .needs_conn = true,
    .opts = list_opts,
    .run = cmd_list,
};

/* Everything is fetched before anything is printed: a domain whose info
 * cannot be read gets the error alone (virsh prints the fields it has,
 * then the error). The other queries have virsh's fallbacks. */
static int cmd_dominfo(mvsh *sh, const mvsh_args *a)
{
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    virDomainInfo info;
    if (virDomainGetInfo(dom, &info) < 0) {
        virDomainFree(dom);
        return -1;
    }
    char uuid[VIR_UUID_STRING_BUFLEN];
    bool has_uuid = virDomainGetUUIDString(dom, uuid) == 0;
    unsigned int id = virDomainGetID(dom);
    char *os = virDomainGetOSType(dom);
    int persistent = virDomainIsPersistent(dom);
    int autostart;
    bool has_autostart = virDomainGetAutostart(dom, &autostart) == 0;

    if (id == (unsigned int)-1)
        mvsh_field(15, "Id:", "-");
    else
        mvsh_field(15, "Id:", "%u", id);
    mvsh_field(15, "Name:", "%s", virDomainGetName(dom));
    if (has_uuid)
        mvsh_field(15, "UUID:", "%s", uuid);
    if (os)
        mvsh_field(15, "OS Type:", "%s", os);
    free(os);
    mvsh_field(15, "State:", "%s", mvsh_domain_state_str(info.state));
    mvsh_field(15, "CPU(s):", "%d", info.nrVirtCpu);
    if (info.cpuTime != 0)
        mvsh_field(15, "CPU time:", "%.1lfs", (double)info.cpuTime / 1e9);
    mvsh_field(15, "Max memory:", "%lu KiB", info.maxMem);
    mvsh_field(15, "Used memory:", "%lu KiB", info.memory);
    mvsh_field(15, "Persistent:", "%s", persistent < 0 ? "unknown" : mvsh_yes_no(persistent));
    if (has_autostart)
        mvsh_field(15, "Autostart:", "%s", autostart ? "enable" : "disable");
    int managed = virDomainHasManagedSaveImage(dom, 0);
    mvsh_field(15, "Managed save:", "%s", managed < 0 ? "unknown" : managed ? "yes" : "no");
    virDomainFree(dom);
    return 0;
}

const mvsh_cmd mvsh_cmd_dominfo = {
    .name = "dominfo",
    .summary = "domain information",
    .usage = "dominfo <domain>",
    .description = "Prints basic information about the domain: id, name, UUID, OS type, state, "
                   "vCPUs, CPU time, memory, persistence and autostart.",
    .group = MVSH_GRP_DOMAIN,
    .needs_conn = true,
    .takes_domain = true,
    .opts = domain_opt,
    .run = cmd_dominfo,
};

static int cmd_domstate(mvsh *sh, const mvsh_args *a)
{
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    int state, reason;
    int rc = virDomainGetState(dom, &state, &reason, 0);
    if (rc == 0 && mvsh_flag(a, "reason"))
        printf("%s (%s)\n", mvsh_domain_state_str(state), mvsh_domain_reason_str(state, reason));
    else if (rc == 0)
        printf("%s\n", mvsh_domain_state_str(state));
    virDomainFree(dom);
    return rc < 0 ? -1 : 0;
}

static const mvsh_opt domstate_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "reason", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_domstate = {
    .name = "domstate",
    .summary = "domain state",
    .usage = "domstate <domain> [--reason]",
    .description = "Prints the domain's state; with --reason, followed by the reason for it "
                   "in parentheses.",
    .group = MVSH_GRP_DOMAIN,
    .needs_conn = true,
    .takes_domain = true,
    .opts = domstate_opts,
    .run = cmd_domstate,
};

/* domid, domname, domuuid: one field, and each accepts different keys. */
static int print_domain_key(mvsh *sh, const mvsh_args *a, unsigned by)
{
    virDomainPtr dom = mvsh_domain(sh, a, "domain", by);
    if (!dom)
        return -1;
    char uuid[VIR_UUID_STRING_BUFLEN];
    unsigned int id = virDomainGetID(dom);
    if (by == (MVSH_BY_NAME | MVSH_BY_UUID) && id == (unsigned int)-1)
        printf("-\n");
    else if (by == (MVSH_BY_NAME | MVSH_BY_UUID))
        printf("%u\n", id);
    else if (by == (MVSH_BY_ID | MVSH_BY_UUID))
        printf("%s\n", virDomainGetName(dom));
    else if (virDomainGetUUIDString(dom, uuid) == 0)
        printf("%s\n", uuid);
    virDomainFree(dom);
    return 0;
}

static int cmd_domid(mvsh *sh, const mvsh_args *a)
{
    return print_domain_key(sh, a, MVSH_BY_NAME | MVSH_BY_UUID);
}

static int cmd_domname(mvsh *sh, const mvsh_args *a)
{
    return print_domain_key(sh, a, MVSH_BY_ID | MVSH_BY_UUID);
}

static int cmd_domuuid(mvsh *sh, const mvsh_args *a)
{
    return print_domain_key(sh, a, MVSH_BY_ID | MVSH_BY_NAME);
}

const mvsh_cmd mvsh_cmd_domid = {
    .name = "domid",
    .summary = "convert a domain name or UUID to domain id",
    .usage = "domid <domain>",
    .description = "Prints the id of the domain given by name or UUID ('-' if it is not running).",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = domain_opt, .run = cmd_domid,
};

const mvsh_cmd mvsh_cmd_domname = {
    .name = "domname",
    .summary = "convert a domain id or UUID to domain name",
    .usage = "domname <domain>",
    .description = "Prints the name of the domain given by id or UUID.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true,
    .opts = domain_opt, .run = cmd_domname,
};

const mvsh_cmd mvsh_cmd_domuuid = {
    .name = "domuuid",
    .summary = "convert a domain name or id to domain UUID",
    .usage = "domuuid <domain>",
    .description = "Prints the UUID of the domain given by name or id.",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = domain_opt, .run = cmd_domuuid,
};

static int cmd_dumpxml(mvsh *sh, const mvsh_args *a)
{
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    unsigned int flags = (mvsh_flag(a, "inactive") ? VIR_DOMAIN_XML_INACTIVE : 0) |
                         (mvsh_flag(a, "security-info") ? VIR_DOMAIN_XML_SECURE : 0);
    char *xml = virDomainGetXMLDesc(dom, flags);
    if (xml)
        printf("%s", xml);
    free(xml);
    virDomainFree(dom);
    return xml ? 0 : -1;
}

static const mvsh_opt dumpxml_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "inactive", MVSH_OT_BOOL, 0 },
    { "security-info", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_dumpxml = {
    .name = "dumpxml",
    .summary = "domain information in XML",
    .usage = "dumpxml <domain> [--inactive] [--security-info]",
    .description = "Prints the domain's XML definition: the live one, or with --inactive the "
                   "one it will have at next boot; --security-info includes passwords.",
    .group = MVSH_GRP_DOMAIN,
    .needs_conn = true,
    .takes_domain = true,
    .opts = dumpxml_opts,
    .run = cmd_dumpxml,
};
