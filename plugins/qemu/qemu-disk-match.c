/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-disk-match.c — which <disk> of a running domain a disk
 * the guest agent reports is, matched as libvirt matches them: by the PCI
 * address the guest sees (the agent's "pci-controller") and, for disks
 * behind a controller, by the drive address. A disk whose own PCI device
 * is at that address is the one (virtio-blk); otherwise, when a
 * <controller> is at that address, the disk whose drive address names that
 * controller index and the agent's bus, target and unit (libvirt compares
 * the index only, not the controller type). The first disk in definition
 * order that matches wins.
 *
 * The PCI addresses are the ones the driver gave QEMU: every PCI device on
 * its command line has its id and its slot on the root bus (addr=). virtio-disk<N> is disk N; scsi<N>, sata<N>,
 * virtio-serial<N> and usb are controllers of index N (usb: 0); the
 * machine's own IDE function (00:01.1 on pc) and AHCI (00:1f.2 on q35),
 * which are not on the command line, are controller 0. */
#include "qemu-disk-match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    unsigned int domain, bus, slot, function;
    int disk;           /* index into the disks, or -1 */
    int controller;     /* the <controller index> there, or -1 */
} pci_fn;

typedef struct {
    char *dst;
    bool drive;         /* has a drive address */
    unsigned int controller, bus, target, unit;
} disk_at;

struct mv_qemu_disk_match {
    GArray *fns;        /* pci_fn */
    disk_at *disks;
    size_t ndisks;
};

/* What the QEMU device ID is in DEVS. */
static void identify(const mv_domain_devices *devs, const char *id, pci_fn *fn)
{
    static const char *const ctrls[] = { "scsi", "sata", "virtio-serial", "usb" };
    char *end = NULL;
    fn->disk = fn->controller = -1;
    if (g_str_has_prefix(id, "virtio-disk")) {
        unsigned long n = strtoul(id + strlen("virtio-disk"), &end, 10);
        if (end && !*end && n < devs->ndisks)
            fn->disk = (int)n;
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(ctrls); i++) {
        if (!g_str_has_prefix(id, ctrls[i]))
            continue;
        const char *num = id + strlen(ctrls[i]);
        long idx = *num ? strtol(num, &end, 10) : 0;
        if (*num && (!end || *end))
            continue;
        fn->controller = (int)idx;
        return;
    }
}

/* The value of option KEY in the -device argument ARG (",," is a comma in
 * a value), or NULL. */
static char *device_opt(const char *arg, const char *key)
{
    size_t klen = strlen(key);
    const char *p = strchr(arg, ',');
    while (p) {
        p++;
        GString *v = g_string_new(NULL);
        const char *q = p;
        for (; *q; q++) {
            if (*q == ',' && q[1] == ',') {
                g_string_append_c(v, ',');
                q++;
            } else if (*q == ',') {
                break;
            } else {
                g_string_append_c(v, *q);
            }
        }
        if (strncmp(v->str, key, klen) == 0 && v->str[klen] == '=') {
            char *value = g_strdup(v->str + klen + 1);
            g_string_free(v, TRUE);
            return value;
        }
        g_string_free(v, TRUE);
        p = *q ? q : NULL;
    }
    return NULL;
}

/* The PCI devices of ARGV (a QEMU command line) that DEVS knows. */
static void collect(const mv_domain_devices *devs, bool q35, char *const *argv, GArray *fns)
{
    /* The machine's own IDE or AHCI function: controller 0 (libvirt's
     * definition always has it). */
    pci_fn builtin = { .slot = q35 ? 0x1f : 1, .function = q35 ? 2 : 1, .disk = -1,
                       .controller = 0 };
    g_array_append_val(fns, builtin);
    for (size_t i = 0; argv[i] && argv[i + 1]; i++) {
        if (strcmp(argv[i], "-device") != 0)
            continue;
        const char *arg = argv[++i];
        g_autofree char *id = device_opt(arg, "id");
        g_autofree char *addr = device_opt(arg, "addr");
        unsigned int slot = 0, function = 0;
        if (!id || !addr || sscanf(addr, "0x%x.0x%x", &slot, &function) < 1)
            continue;
        pci_fn fn = { .slot = slot, .function = function };
        identify(devs, id, &fn);
        if (fn.disk >= 0 || fn.controller >= 0)
            g_array_append_val(fns, fn);
    }
}

mv_qemu_disk_match *mv_qemu_disk_match_build(const mv_domain_def *def, char *const *argv)
{
    const mv_domain_devices *devs = def->devices;
    const char *machine = def->os && def->os->machine ? def->os->machine : "pc";
    bool q35 = g_str_has_prefix(machine, "q35") || g_str_has_prefix(machine, "pc-q35");
    mv_qemu_disk_match *m = g_new0(mv_qemu_disk_match, 1);
    m->fns = g_array_new(FALSE, FALSE, sizeof(pci_fn));
    if (!devs)
        return m;
    collect(devs, q35, argv, m->fns);
    m->ndisks = devs->ndisks;
    m->disks = g_new0(disk_at, m->ndisks);
    for (size_t i = 0; i < m->ndisks; i++) {
        const mv_domain_disk_def *d = devs->disks[i];
        const mv_domain_device_address *a = d->info ? d->info->address : NULL;
        m->disks[i].dst = g_strdup(d->dst);
        if (a && a->type == MV_DOMAIN_ADDRESS_DRIVE) {
            m->disks[i].drive = true;
            m->disks[i].controller = a->controller;
            m->disks[i].bus = a->drive_bus;
            m->disks[i].target = a->target;
            m->disks[i].unit = a->unit;
        }
    }
    return m;
}

void mv_qemu_disk_match_free(mv_qemu_disk_match *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->ndisks; i++)
        g_free(m->disks[i].dst);
    g_free(m->disks);
    g_array_unref(m->fns);
    g_free(m);
}

static bool get_uint(JsonObject *o, const char *member, unsigned int *out)
{
    JsonNode *n = o ? json_object_get_member(o, member) : NULL;
    if (!n || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_INT64)
        return false;
    *out = (unsigned int)json_node_get_int(n);
    return true;
}

const char *mv_qemu_disk_match_find(const mv_qemu_disk_match *m, JsonObject *addr)
{
    JsonObject *pci = addr && json_object_has_member(addr, "pci-controller")
        ? json_object_get_object_member(addr, "pci-controller") : NULL;
    unsigned int dom, bus, slot, fn, dbus, target, unit;
    if (!m || !get_uint(pci, "domain", &dom) || !get_uint(pci, "bus", &bus) ||
        !get_uint(pci, "slot", &slot) || !get_uint(pci, "function", &fn) ||
        !get_uint(addr, "bus", &dbus) || !get_uint(addr, "target", &target) ||
        !get_uint(addr, "unit", &unit))
        return NULL;
    int disk = -1, controller = -1;
    for (guint i = 0; i < m->fns->len; i++) {
        const pci_fn *f = &g_array_index(m->fns, pci_fn, i);
        if (f->domain == dom && f->bus == bus && f->slot == slot && f->function == fn) {
            disk = f->disk;
            controller = f->controller;
            break;
        }
    }
    for (size_t i = 0; i < m->ndisks; i++) {
        const disk_at *d = &m->disks[i];
        if ((int)i == disk)
            return d->dst;
        if (d->drive && controller >= 0 &&
            d->controller == (unsigned int)controller &&
            d->bus == dbus && d->target == target && d->unit == unit)
            return d->dst;
    }
    return NULL;
}
