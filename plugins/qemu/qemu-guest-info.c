/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-guest-info.c — virDomainGetGuestInfo: the guest
 * agent's answers as libvirt's typed parameters, type by type in libvirt's
 * order and with its names:
 *   users       guest-get-users       user.count, user.N.name, .domain, .login-time
 *   os          guest-get-osinfo      os.id, os.name, os.pretty-name, ...
 *   timezone    guest-get-timezone    timezone.name, timezone.offset
 *   hostname    guest-get-host-name   hostname
 *   filesystem  guest-get-fsinfo      fs.count, fs.N.name, .mountpoint, .fstype,
 *                                     .total-bytes, .used-bytes, .disk.count,
 *                                     .disk.M.alias, .disk.M.serial, .disk.M.device
 *   disks       guest-get-disks       disk.count, disk.N.name, .partition,
 *                                     .dependency.count, .dependency.M.name, .serial,
 *                                     .alias, .guest_alias
 *   interfaces  guest-network-get-interfaces
 *                                     if.count, if.N.name, .hwaddr, .addr.count,
 *                                     .addr.M.type, .addr.M.addr, .addr.M.prefix
 * With TYPES 0 every type is asked for and one the agent refuses (an
 * older qemu-ga) is left out; a type asked for by name fails the call.
 * The host's name of a disk the agent reports (fs.N.disk.M.alias,
 * disk.N.alias: the <disk>'s target, e.g. "vda") is the <disk> at the
 * disk's guest PCI address or drive address (qemu-disk-match.c); a disk
 * that matches none has no alias. disk.N.guest_alias is the guest's own
 * name for it (a device-mapper name). */
#include "qemu-driver.h"
#include "qemu-disk-match.h"

#include <string.h>

typedef struct {
    virTypedParameterPtr params;
    int n;
    int max;
    virDomainPtr dom;
    mv_qemu_disk_match *disks;   /* asked for once, when a disk is reported */
} tp_list;

#define ADD_STR(l, val, ...) \
    do { \
        g_autofree char *f_ = g_strdup_printf(__VA_ARGS__); \
        if ((val) && virTypedParamsAddString(&(l)->params, &(l)->n, &(l)->max, f_, (val)) < 0) \
            return -1; \
    } while (0)
#define ADD_UINT(l, val, ...) \
    do { \
        g_autofree char *f_ = g_strdup_printf(__VA_ARGS__); \
        if (virTypedParamsAddUInt(&(l)->params, &(l)->n, &(l)->max, f_, (val)) < 0) \
            return -1; \
    } while (0)

static const char *jstr(JsonObject *o, const char *member)
{
    return o ? json_object_get_string_member_with_default(o, member, NULL) : NULL;
}

static JsonArray *jarr(JsonObject *o, const char *member)
{
    JsonNode *n = o ? json_object_get_member(o, member) : NULL;
    return n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
}

static int add_users(tp_list *l, JsonNode *r)
{
    JsonArray *a = JSON_NODE_HOLDS_ARRAY(r) ? json_node_get_array(r) : NULL;
    guint n = a ? json_array_get_length(a) : 0;
    ADD_UINT(l, n, "user.count");
    for (guint i = 0; i < n; i++) {
        JsonObject *u = json_array_get_object_element(a, i);
        ADD_STR(l, jstr(u, "user"), "user.%u.name", i);
        ADD_STR(l, jstr(u, "domain"), "user.%u.domain", i);
        if (u && json_object_has_member(u, "login-time")) {
            double t = json_object_get_double_member(u, "login-time");
            g_autofree char *f = g_strdup_printf("user.%u.login-time", i);
            if (virTypedParamsAddULLong(&l->params, &l->n, &l->max, f,
                                        (unsigned long long)(t * 1000)) < 0)
                return -1;
        }
    }
    return 0;
}

static int add_os(tp_list *l, JsonNode *r)
{
    static const char *const keys[] = { "id", "name", "pretty-name", "version", "version-id",
                                        "kernel-release", "kernel-version", "machine",
                                        "variant", "variant-id" };
    JsonObject *o = JSON_NODE_HOLDS_OBJECT(r) ? json_node_get_object(r) : NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
        ADD_STR(l, jstr(o, keys[i]), "os.%s", keys[i]);
    return 0;
}

static int add_timezone(tp_list *l, JsonNode *r)
{
    JsonObject *o = JSON_NODE_HOLDS_OBJECT(r) ? json_node_get_object(r) : NULL;
    ADD_STR(l, jstr(o, "zone"), "timezone.name");
    if (o && json_object_has_member(o, "offset")) {
        if (virTypedParamsAddInt(&l->params, &l->n, &l->max, "timezone.offset",
                                 (int)json_object_get_int_member(o, "offset")) < 0)
            return -1;
    }
    return 0;
}

static int add_hostname(tp_list *l, JsonNode *r)
{
    JsonObject *o = JSON_NODE_HOLDS_OBJECT(r) ? json_node_get_object(r) : NULL;
    ADD_STR(l, jstr(o, "host-name"), "hostname");
    return 0;
}

static int add_ullong(tp_list *l, JsonObject *o, const char *member, const char *field)
{
    if (!o || !json_object_has_member(o, member))
        return 0;
    return virTypedParamsAddULLong(&l->params, &l->n, &l->max, field,
                                   (unsigned long long)json_object_get_int_member(o, member));
}

/* DOM's disks and the PCI addresses QEMU has them at, from the running
 * QEMU's command line (/proc/PID/cmdline: any process using the URI reads
 * it, where only one holds the monitor). */
static mv_qemu_disk_match *disk_match_new(virDomainPtr dom)
{
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return NULL;
    if (!mv_qemu_vm_active(vm)) {
        pthread_mutex_unlock(&st->lock);
        mv_qemu_error_not_running();
        return NULL;
    }
    g_autofree char *path = g_strdup_printf("/proc/%d/cmdline", (int)vm->pid);
    g_autofree char *cmdline = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &cmdline, &len, NULL)) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_FAILED,
                        "cannot read the command line of QEMU (pid %d)", (int)vm->pid);
        pthread_mutex_unlock(&st->lock);
        return NULL;
    }
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    for (gsize off = 0; off < len; off += strlen(cmdline + off) + 1)
        g_ptr_array_add(args, cmdline + off);
    g_ptr_array_add(args, NULL);
    mv_qemu_disk_match *m = mv_qemu_disk_match_build(vm->obj->def, (char *const *)args->pdata);
    pthread_mutex_unlock(&st->lock);
    return m;
}

/* The <disk> target the agent's disk address ADDR names, in *ALIAS (NULL
 * when none); -1 when the domain's PCI layout cannot be read. */
static int disk_alias(tp_list *l, JsonObject *addr, const char **alias)
{
    if (!l->disks && !(l->disks = disk_match_new(l->dom)))
        return -1;
    *alias = mv_qemu_disk_match_find(l->disks, addr);
    return 0;
}

static int add_fs(tp_list *l, JsonNode *r)
{
    JsonArray *a = JSON_NODE_HOLDS_ARRAY(r) ? json_node_get_array(r) : NULL;
    guint n = a ? json_array_get_length(a) : 0;
    ADD_UINT(l, n, "fs.count");
    for (guint i = 0; i < n; i++) {
        JsonObject *fs = json_array_get_object_element(a, i);
        ADD_STR(l, jstr(fs, "name"), "fs.%u.name", i);
        ADD_STR(l, jstr(fs, "mountpoint"), "fs.%u.mountpoint", i);
        ADD_STR(l, jstr(fs, "type"), "fs.%u.fstype", i);
        g_autofree char *total = g_strdup_printf("fs.%u.total-bytes", i);
        g_autofree char *used = g_strdup_printf("fs.%u.used-bytes", i);
        if (add_ullong(l, fs, "total-bytes", total) < 0 || add_ullong(l, fs, "used-bytes", used) < 0)
            return -1;
        JsonArray *disks = jarr(fs, "disk");
        guint nd = disks ? json_array_get_length(disks) : 0;
        ADD_UINT(l, nd, "fs.%u.disk.count", i);
        for (guint j = 0; j < nd; j++) {
            JsonObject *d = json_array_get_object_element(disks, j);
            const char *alias = NULL;
            if (disk_alias(l, d, &alias) < 0)
                return -1;
            ADD_STR(l, alias, "fs.%u.disk.%u.alias", i, j);
            ADD_STR(l, jstr(d, "serial"), "fs.%u.disk.%u.serial", i, j);
            ADD_STR(l, jstr(d, "dev"), "fs.%u.disk.%u.device", i, j);
        }
    }
    return 0;
}

static int add_disks(tp_list *l, JsonNode *r)
{
    JsonArray *a = JSON_NODE_HOLDS_ARRAY(r) ? json_node_get_array(r) : NULL;
    guint n = a ? json_array_get_length(a) : 0;
    ADD_UINT(l, n, "disk.count");
    for (guint i = 0; i < n; i++) {
        JsonObject *d = json_array_get_object_element(a, i);
        ADD_STR(l, jstr(d, "name"), "disk.%u.name", i);
        g_autofree char *part = g_strdup_printf("disk.%u.partition", i);
        if (virTypedParamsAddBoolean(&l->params, &l->n, &l->max, part,
                                     d && json_object_get_boolean_member_with_default(
                                              d, "partition", FALSE)) < 0)
            return -1;
        JsonArray *deps = jarr(d, "dependencies");
        guint nd = deps ? json_array_get_length(deps) : 0;
        if (nd) {
            ADD_UINT(l, nd, "disk.%u.dependency.count", i);
            for (guint j = 0; j < nd; j++)
                ADD_STR(l, json_array_get_string_element(deps, j), "disk.%u.dependency.%u.name",
                        i, j);
        }
        JsonNode *addr = d ? json_object_get_member(d, "address") : NULL;
        if (addr && JSON_NODE_HOLDS_OBJECT(addr)) {
            const char *alias = NULL;
            if (disk_alias(l, json_node_get_object(addr), &alias) < 0)
                return -1;
            ADD_STR(l, jstr(json_node_get_object(addr), "serial"), "disk.%u.serial", i);
            ADD_STR(l, alias, "disk.%u.alias", i);
        }
        ADD_STR(l, jstr(d, "alias"), "disk.%u.guest_alias", i);
    }
    return 0;
}

static int add_interfaces(tp_list *l, JsonNode *r)
{
    JsonArray *a = JSON_NODE_HOLDS_ARRAY(r) ? json_node_get_array(r) : NULL;
    guint n = a ? json_array_get_length(a) : 0;
    ADD_UINT(l, n, "if.count");
    for (guint i = 0; i < n; i++) {
        JsonObject *o = json_array_get_object_element(a, i);
        ADD_STR(l, jstr(o, "name"), "if.%u.name", i);
        ADD_STR(l, jstr(o, "hardware-address"), "if.%u.hwaddr", i);
        JsonArray *ips = jarr(o, "ip-addresses");
        guint na = ips ? json_array_get_length(ips) : 0;
        ADD_UINT(l, na, "if.%u.addr.count", i);
        for (guint j = 0; j < na; j++) {
            JsonObject *ip = json_array_get_object_element(ips, j);
            ADD_STR(l, jstr(ip, "ip-address-type"), "if.%u.addr.%u.type", i, j);
            ADD_STR(l, jstr(ip, "ip-address"), "if.%u.addr.%u.addr", i, j);
            ADD_UINT(l, ip ? (unsigned int)json_object_get_int_member_with_default(ip, "prefix", 0)
                           : 0, "if.%u.addr.%u.prefix", i, j);
        }
    }
    return 0;
}

static const struct {
    unsigned int type;
    const char *cmd;
    int (*add)(tp_list *l, JsonNode *r);
} kinds[] = {
    { VIR_DOMAIN_GUEST_INFO_USERS, "guest-get-users", add_users },
    { VIR_DOMAIN_GUEST_INFO_OS, "guest-get-osinfo", add_os },
    { VIR_DOMAIN_GUEST_INFO_TIMEZONE, "guest-get-timezone", add_timezone },
    { VIR_DOMAIN_GUEST_INFO_HOSTNAME, "guest-get-host-name", add_hostname },
    { VIR_DOMAIN_GUEST_INFO_FILESYSTEM, "guest-get-fsinfo", add_fs },
    { VIR_DOMAIN_GUEST_INFO_DISKS, "guest-get-disks", add_disks },
    { VIR_DOMAIN_GUEST_INFO_INTERFACES, "guest-network-get-interfaces", add_interfaces },
};

int mv_qemu_domain_get_guest_info(virDomainPtr dom, unsigned int types,
                                  virTypedParameterPtr *params, int *nparams,
                                  unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, MV_QEMU_ERR, __func__) < 0)
        return -1;
    unsigned int all = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++)
        all |= kinds[i].type;
    if (types & ~all) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG,
                        "unsupported guest information types '0x%x'", types & ~all);
        return -1;
    }
    tp_list l = { NULL, 0, 0, dom, NULL };
    for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++) {
        if (types && !(types & kinds[i].type))
            continue;
        JsonNode *r = mv_qemu_agent_run(dom, kinds[i].cmd, NULL);
        if (!r) {
            /* Asked for all: a command the agent answers with an error is
             * left out; an agent that is missing fails the call. */
            virErrorPtr e = virGetLastError();
            if (types == 0 && e && e->code == VIR_ERR_INTERNAL_ERROR && e->message &&
                strstr(e->message, "unable to execute QEMU agent command")) {
                virResetLastError();
                continue;
            }
            virTypedParamsFree(l.params, l.n);
            mv_qemu_disk_match_free(l.disks);
            return -1;
        }
        int rc = kinds[i].add(&l, r);
        json_node_unref(r);
        if (rc < 0) {
            virTypedParamsFree(l.params, l.n);
            mv_qemu_disk_match_free(l.disks);
            return -1;
        }
    }
    mv_qemu_disk_match_free(l.disks);
    *params = l.params;
    *nparams = l.n;
    return 0;
}
