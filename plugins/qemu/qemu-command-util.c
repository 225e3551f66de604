/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-command-util.c — the pieces every area of the command
 * line builder shares: appending arguments, QEMU's option syntax (',' in a
 * value is written ',,'), errors, and PCI slots on the root bus.
 */
#include "qemu-command.h"

#include <stdarg.h>
#include <modvirt-plugin/error.h>

void mv_qemu_add(mv_qemu_build *b, const char *arg)
{
    g_ptr_array_add(b->argv, g_strdup(arg));
}

void mv_qemu_add_opt(mv_qemu_build *b, const char *opt, const char *value)
{
    mv_qemu_add(b, opt);
    mv_qemu_add(b, value);
}

void mv_qemu_add_opts(mv_qemu_build *b, const char *opt, GString *s)
{
    mv_qemu_add(b, opt);
    g_ptr_array_add(b->argv, g_string_free(s, FALSE));
}

static void key(GString *s, const char *k)
{
    if (s->len)
        g_string_append_c(s, ',');
    if (k)
        g_string_append_printf(s, "%s=", k);
}

void mv_qemu_opt_str(GString *s, const char *k, const char *value)
{
    key(s, k);
    for (const char *p = value; *p; p++) {
        if (*p == ',')
            g_string_append_c(s, ',');
        g_string_append_c(s, *p);
    }
}

void mv_qemu_opt_fmt(GString *s, const char *k, const char *fmt, ...)
{
    va_list ap;
    key(s, k);
    va_start(ap, fmt);
    g_string_append_vprintf(s, fmt, ap);
    va_end(ap);
}

int mv_qemu_unsupported(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    mv_error_report(VIR_FROM_QEMU, VIR_ERR_CONFIG_UNSUPPORTED, "%s", msg);
    return -1;
}

void mv_qemu_opt_boot(GString *s, const mv_domain_device_info *info)
{
    if (info && info->boot_order)
        mv_qemu_opt_fmt(s, "bootindex", "%u", info->boot_order);
}

/* ---- PCI ---- */

#define MV_QEMU_MAX_SLOT 31

static int reserve_one(mv_qemu_build *b, const mv_domain_device_info *info, const char *what)
{
    const mv_domain_device_address *a = info ? info->address : NULL;
    if (!a || a->type != MV_DOMAIN_ADDRESS_PCI)
        return 0;
    if (a->domain != 0 || a->bus != 0)
        return mv_qemu_unsupported("%s: PCI address %04x:%02x:%02x.%x is not on the root bus "
                                   "(only bus 0 is supported)", what, a->domain, a->bus,
                                   a->slot, a->function);
    if (a->slot == 0 || a->slot > MV_QEMU_MAX_SLOT || (b->q35 && a->slot == 0x1f) ||
        (!b->q35 && a->slot == 1))
        return mv_qemu_unsupported("%s: PCI slot 0x%02x is reserved or invalid on this machine",
                                   what, a->slot);
    if (a->function == 0 && (b->used_slots & (1u << a->slot)))
        return mv_qemu_unsupported("%s: PCI slot 0x%02x is used twice", what, a->slot);
    b->used_slots |= 1u << a->slot;
    return 0;
}

#define RESERVE_LIST(b, list, n, what) do { \
        for (size_t i_ = 0; i_ < (n); i_++) \
            if (reserve_one(b, (list)[i_]->info, what) < 0) \
                return -1; \
    } while (0)

int mv_qemu_pci_reserve(mv_qemu_build *b)
{
    const mv_domain_devices *d = b->devs;
    b->used_slots = 1u;                     /* slot 0: host bridge */
    b->used_slots |= b->q35 ? 1u << 0x1f : 1u << 1;   /* ICH9 LPC / PIIX3 */
    RESERVE_LIST(b, d->disks, d->ndisks, "disk");
    RESERVE_LIST(b, d->nets, d->nnets, "interface");
    RESERVE_LIST(b, d->serials, d->nserials, "serial");
    RESERVE_LIST(b, d->controllers, d->ncontrollers, "controller");
    RESERVE_LIST(b, d->videos, d->nvideos, "video");
    RESERVE_LIST(b, d->inputs, d->ninputs, "input");
    RESERVE_LIST(b, d->rngs, d->nrngs, "rng");
    if (d->memballoon && reserve_one(b, d->memballoon->info, "memballoon") < 0)
        return -1;
    /* As libvirt: the primary video sits at slot 2 (pc) or 1 (q35). */
    unsigned int vslot = b->q35 ? 1 : 2;
    if (d->nvideos && !(d->videos[0]->info && d->videos[0]->info->address) &&
        !(b->used_slots & (1u << vslot))) {
        b->used_slots |= 1u << vslot;
        b->video_slot = vslot;
    }
    return 0;
}

int mv_qemu_pci_addr(mv_qemu_build *b, const mv_domain_device_info *info, GString *s)
{
    const mv_domain_device_address *a = info ? info->address : NULL;
    if (a && a->type == MV_DOMAIN_ADDRESS_PCI) {
        mv_qemu_opt_fmt(s, "bus", "%s", b->pci_bus);
        if (a->function)
            mv_qemu_opt_fmt(s, "addr", "0x%x.0x%x", a->slot, a->function);
        else
            mv_qemu_opt_fmt(s, "addr", "0x%x", a->slot);
        if (a->multifunction)
            mv_qemu_opt_fmt(s, "multifunction", "on");
        return 0;
    }
    for (unsigned int slot = 1; slot <= MV_QEMU_MAX_SLOT; slot++) {
        if (b->used_slots & (1u << slot))
            continue;
        b->used_slots |= 1u << slot;
        mv_qemu_opt_fmt(s, "bus", "%s", b->pci_bus);
        mv_qemu_opt_fmt(s, "addr", "0x%x", slot);
        return 0;
    }
    return mv_qemu_unsupported("no free PCI slot left on bus %s (only the root bus is used)",
                               b->pci_bus);
}

int mv_qemu_add_pci_device(mv_qemu_build *b, const mv_domain_device_info *info, GString *s)
{
    if (mv_qemu_pci_addr(b, info, s) < 0) {
        g_string_free(s, TRUE);
        return -1;
    }
    mv_qemu_add_opts(b, "-device", s);
    return 0;
}
