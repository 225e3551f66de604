/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/devices-controller.c — <controller>: parse, format,
 * free, libvirt's ordering (same type grouped, by index), index defaults,
 * and the controllers libvirt adds for disks, virtio consoles and channels.
 */
#include "core/conf/domain/devices-util.h"

#include <string.h>

static const char *const ctrl_types[] = {
    "ide", "fdc", "scsi", "sata", "virtio-serial", "ccid", "usb", "pci", NULL
};
static const char *const ctrl_types_other[] = { "xenbus", "isa", NULL };

static const char *const models_ide[] = { "piix3", "piix4", "ich6", NULL };
static const char *const models_scsi[] = {
    "auto", "buslogic", "lsilogic", "lsisas1068", "vmpvscsi", "ibmvscsi", "virtio-scsi",
    "lsisas1078", "virtio-transitional", "virtio-non-transitional", "ncr53c90",
    "am53c974", "dc390", NULL
};
static const char *const models_virtio_serial[] = {
    "virtio", "virtio-transitional", "virtio-non-transitional", NULL
};
static const char *const models_usb[] = {
    "piix3-uhci", "piix4-uhci", "ehci", "ich9-ehci1", "ich9-uhci1", "ich9-uhci2",
    "ich9-uhci3", "vt82c686b-uhci", "pci-ohci", "nec-xhci", "qusb1", "qusb2",
    "qemu-xhci", "none", NULL
};
static const char *const models_pci[] = {
    "pci-root", "pcie-root", "pci-bridge", "dmi-to-pci-bridge", "pcie-root-port",
    "pcie-switch-upstream-port", "pcie-switch-downstream-port", "pci-expander-bus",
    "pcie-expander-bus", "pcie-to-pci-bridge", NULL
};
static const char *const models_none[] = { NULL };

static const char *const *ctrl_models(mv_domain_controller_type t)
{
    switch (t) {
    case MV_DOMAIN_CONTROLLER_IDE: return models_ide;
    case MV_DOMAIN_CONTROLLER_SCSI: return models_scsi;
    case MV_DOMAIN_CONTROLLER_VIRTIO_SERIAL: return models_virtio_serial;
    case MV_DOMAIN_CONTROLLER_USB: return models_usb;
    case MV_DOMAIN_CONTROLLER_PCI: return models_pci;
    default: return models_none;
    }
}

const char *mv_domain_controller_type_to_string(mv_domain_controller_type type)
{
    return mv_conf_dev_enum_to(ctrl_types, type);
}

mv_domain_controller_def *mv_domain_controller_def_parse(xmlNodePtr node, const mv_domain_parse_ctx *ctx)
{
    (void)ctx;
    mv_domain_controller_def *c = g_new0(mv_domain_controller_def, 1);
    c->idx = c->ports = c->vectors = -1;
    int t = 0;
    if (mv_conf_dev_prop_type(node, ctrl_types, ctrl_types_other, "controller", &t) < 0 ||
        mv_xml_prop_int(node, "index", MV_XML_PROP_NONNEGATIVE, &c->idx) < 0)
        goto error;
    c->type = t;
    c->model = mv_xml_prop(node, "model");
    if (c->model && mv_conf_dev_enum_from(ctrl_models(c->type), c->model) < 0) {
        mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED, "Unknown model type '%s'", c->model);
        goto error;
    }
    if (c->type == MV_DOMAIN_CONTROLLER_VIRTIO_SERIAL &&
        (mv_xml_prop_int(node, "ports", MV_XML_PROP_NONNEGATIVE, &c->ports) < 0 ||
         mv_xml_prop_int(node, "vectors", MV_XML_PROP_NONNEGATIVE, &c->vectors) < 0))
        goto error;
    if (mv_conf_dev_info_parse(node, false, &c->info) < 0)
        goto error;
    return c;
error:
    mv_domain_controller_def_free(c);
    return NULL;
}

mv_domain_controller_def *mv_domain_devices_find_controller(const mv_domain_devices *devs,
                                                            mv_domain_controller_type type,
                                                            int idx)
{
    for (size_t i = 0; devs && i < devs->ncontrollers; i++)
        if (devs->controllers[i]->type == type && devs->controllers[i]->idx == idx)
            return devs->controllers[i];
    return NULL;
}

/* (type, index) of a controller as one hash key. */
static gpointer ctrl_key(int type, int idx)
{
    return GSIZE_TO_POINTER(((gsize)(guint)type << 32) | (guint)idx);
}

static void add_implicit(mv_domain_devices *devs, mv_domain_controller_type type, int idx)
{
    mv_domain_controller_def *c = g_new0(mv_domain_controller_def, 1);
    c->type = type;
    c->idx = idx;
    c->ports = c->vectors = -1;
    c->info = g_new0(mv_domain_device_info, 1);
    MV_DEV_APPEND(devs->controllers, devs->ncontrollers, c);
}

/* Adds the controller TYPE/IDX unless SEEN (the keys of those present)
 * has it; hashing keeps thousands of implicit controllers linear. */
static void maybe_add(mv_domain_devices *devs, GHashTable *seen,
                      mv_domain_controller_type type, int idx)
{
    if (!g_hash_table_add(seen, ctrl_key(type, idx)))
        return;
    add_implicit(devs, type, idx);
}

/* Controllers 0..N for the highest drive controller disks of BUS use;
 * -1 with an error when that would pass the bound on controllers. */
static int add_for_disks(mv_domain_devices *devs, GHashTable *seen,
                         mv_domain_controller_type type, mv_domain_disk_bus bus)
{
    long long max = -1;
    for (size_t i = 0; i < devs->ndisks; i++) {
        const mv_domain_disk_def *d = devs->disks[i];
        const mv_domain_device_address *a = d->info ? d->info->address : NULL;
        if (d->bus == bus && a && a->type == MV_DOMAIN_ADDRESS_DRIVE && a->controller > max)
            max = a->controller;
    }
    for (long long i = 0; i <= max; i++) {
        /* the bound counts controllers added, not ones already written */
        if (devs->ncontrollers >= MV_CONF_DEV_MAX_CONTROLLERS &&
            !g_hash_table_contains(seen, ctrl_key(type, (int)i))) {
            mv_dev_error(VIR_ERR_CONFIG_UNSUPPORTED,
                         "disk addresses need more than %d controllers", MV_CONF_DEV_MAX_CONTROLLERS);
            return -1;
        }
        maybe_add(devs, seen, type, (int)i);
    }
    return 0;
}

/* The keys of the controllers present, or NULL after libvirt's error for
 * two with the same type and index. */
static GHashTable *check_duplicates(const mv_domain_devices *devs)
{
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (size_t i = 0; i < devs->ncontrollers; i++) {
        const mv_domain_controller_def *c = devs->controllers[i];
        if (g_hash_table_add(seen, ctrl_key(c->type, c->idx)))
            continue;
        mv_dev_error(VIR_ERR_XML_ERROR, "Multiple '%s' controllers with index '%d'",
                     mv_conf_dev_enum_to(ctrl_types, c->type), c->idx);
        g_hash_table_unref(seen);
        return NULL;
    }
    return seen;
}

/* libvirt 9.0 orders controllers while parsing, before missing indexes are
 * filled in and implicit controllers appended, so its output reads back in
 * another order. Inserting every controller again, indexes known, gives the
 * order libvirt settles on from the second define on, which is stable. */
typedef struct {
    mv_domain_controller_def *c;
    int rank;      /* the order its type first appears in */
    size_t pos;    /* its position before: keeps the sort stable */
} ctrl_slot;

static int ctrl_slot_cmp(const void *a, const void *b)
{
    const ctrl_slot *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    if (x->c->idx != y->c->idx)
        return x->c->idx < y->c->idx ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* libvirt's order: a controller goes before the first of its type with a
 * higher index, else after the last of its type, else at the end. Done
 * for all at once that is: a type's controllers together, types in the
 * order they first appear, each type's sorted by index (stable) — in
 * O(n log n), as thousands of controllers must not cost seconds. */
static void reorder(mv_domain_devices *devs)
{
    size_t n = devs->ncontrollers;
    if (n < 2)
        return;
    ctrl_slot *slots = g_new(ctrl_slot, n);
    int ranks[64];
    int nranks = 0;
    for (size_t i = 0; i < n; i++) {
        mv_domain_controller_def *c = devs->controllers[i];
        int rank = -1;
        for (int r = 0; r < nranks; r++)
            if (ranks[r] == (int)c->type)
                rank = r;
        if (rank < 0 && nranks < (int)G_N_ELEMENTS(ranks)) {
            ranks[nranks] = (int)c->type;
            rank = nranks++;
        }
        slots[i] = (ctrl_slot){ c, rank < 0 ? (int)G_N_ELEMENTS(ranks) : rank, i };
    }
    qsort(slots, n, sizeof(*slots), ctrl_slot_cmp);
    for (size_t i = 0; i < n; i++)
        devs->controllers[i] = slots[i].c;
    g_free(slots);
}

int mv_conf_controllers_post_parse(mv_domain_devices *devs, const mv_domain_parse_ctx *ctx)
{
    (void)ctx;
    /* A controller without an index gets its type's highest + 1 (per
     * type maxima, kept as they grow, as the one-by-one rule gives). */
    GHashTable *max_idx = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (size_t i = 0; i < devs->ncontrollers; i++) {
        mv_domain_controller_def *c = devs->controllers[i];
        gpointer key = GINT_TO_POINTER(c->type + 1), old;
        if (c->idx >= 0 && (!g_hash_table_lookup_extended(max_idx, key, NULL, &old) ||
                            GPOINTER_TO_INT(old) < c->idx))
            g_hash_table_insert(max_idx, key, GINT_TO_POINTER(c->idx));
    }
    for (size_t i = 0; i < devs->ncontrollers; i++) {
        mv_domain_controller_def *c = devs->controllers[i];
        if (c->idx >= 0)
            continue;
        gpointer key = GINT_TO_POINTER(c->type + 1), old;
        c->idx = g_hash_table_lookup_extended(max_idx, key, NULL, &old)
               ? GPOINTER_TO_INT(old) + 1 : 0;
        g_hash_table_insert(max_idx, key, GINT_TO_POINTER(c->idx));
    }
    g_hash_table_unref(max_idx);
    GHashTable *seen = check_duplicates(devs);
    if (!seen)
        return -1;
    int ret = -1;
    if (add_for_disks(devs, seen, MV_DOMAIN_CONTROLLER_SCSI, MV_DOMAIN_DISK_BUS_SCSI) < 0 ||
        add_for_disks(devs, seen, MV_DOMAIN_CONTROLLER_FDC, MV_DOMAIN_DISK_BUS_FDC) < 0 ||
        add_for_disks(devs, seen, MV_DOMAIN_CONTROLLER_IDE, MV_DOMAIN_DISK_BUS_IDE) < 0 ||
        add_for_disks(devs, seen, MV_DOMAIN_CONTROLLER_SATA, MV_DOMAIN_DISK_BUS_SATA) < 0)
        goto out;
    for (size_t i = 0; i < devs->nconsoles; i++)
        if (g_strcmp0(devs->consoles[i]->target_type, "virtio") == 0)
            maybe_add(devs, seen, MV_DOMAIN_CONTROLLER_VIRTIO_SERIAL, 0);
    for (size_t i = 0; i < devs->nchannels; i++) {
        const mv_domain_chr_def *ch = devs->channels[i];
        const mv_domain_device_address *a = ch->info ? ch->info->address : NULL;
        if (g_strcmp0(ch->target_type, "virtio") == 0)
            maybe_add(devs, seen, MV_DOMAIN_CONTROLLER_VIRTIO_SERIAL,
                      a && a->type == MV_DOMAIN_ADDRESS_VIRTIO_SERIAL ? (int)a->controller : 0);
    }
    reorder(devs);
    ret = 0;
out:
    g_hash_table_unref(seen);
    return ret;
}

void mv_domain_controller_def_format(mv_xml_writer *w, const mv_domain_controller_def *c)
{
    mv_xml_start(w, "controller");
    mv_xml_attr(w, "type", mv_conf_dev_enum_to(ctrl_types, c->type));
    if (c->idx >= 0)
        mv_xml_attr_int(w, "index", c->idx);
    mv_xml_attr(w, "model", c->model);
    if (c->ports >= 0)
        mv_xml_attr_int(w, "ports", c->ports);
    if (c->vectors >= 0)
        mv_xml_attr_int(w, "vectors", c->vectors);
    size_t mark = mv_xml_children(w);
    mv_conf_dev_info_format(w, c->info);
    mv_xml_close_or_empty(w, mark, "controller");
}

void mv_domain_controller_def_free(mv_domain_controller_def *c)
{
    if (!c)
        return;
    g_free(c->model);
    mv_conf_dev_info_free(c->info);
    g_free(c);
}
