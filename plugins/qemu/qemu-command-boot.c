/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-command-boot.c — the clock (-rtc, timer globals), what
 * the guest's power actions map to (-no-shutdown, -no-reboot), the boot
 * order and menu (-boot) and direct kernel boot (-kernel, -initrd, -append).
 */
#include "qemu-command.h"

/* libvirt's tick policy values: 1 delay, 2 catchup, 3 merge, 4 discard;
 * track: 1 boot, 2 guest, 3 wall. */
static int add_timers(mv_qemu_build *b, GString *rtc)
{
    const mv_domain_clock_def *clock = b->def->clock;
    for (size_t i = 0; i < clock->ntimers; i++) {
        const mv_domain_timer *t = clock->timers[i];
        switch (t->name) {
        case MV_DOMAIN_TIMER_RTC:
            if (t->track == 2)
                mv_qemu_opt_fmt(rtc, "clock", "vm");
            else if (t->track == 1 || t->track == 3)
                mv_qemu_opt_fmt(rtc, "clock", "host");
            if (t->tickpolicy == 2)
                mv_qemu_opt_fmt(rtc, "driftfix", "slew");
            else if (t->tickpolicy > 2)
                return mv_qemu_unsupported("rtc timer tickpolicy %s is not supported by QEMU",
                                           t->tickpolicy == 3 ? "'merge'" : "'discard'");
            break;
        case MV_DOMAIN_TIMER_PIT:
            /* Only KVM's in-kernel PIT has a lost tick policy. */
            if ((t->tickpolicy == 1 || t->tickpolicy == 4) && b->kvm)
                mv_qemu_add_opt(b, "-global", t->tickpolicy == 1 ?
                                "kvm-pit.lost_tick_policy=delay" :
                                "kvm-pit.lost_tick_policy=discard");
            else if (t->tickpolicy == 2 || t->tickpolicy == 3)
                return mv_qemu_unsupported("pit timer tickpolicy %s is not supported by QEMU",
                                           t->tickpolicy == 2 ? "'catchup'" : "'merge'");
            break;
        case MV_DOMAIN_TIMER_HPET:       /* -machine hpet=off */
        case MV_DOMAIN_TIMER_KVMCLOCK:   /* -cpu kvmclock=on|off */
            break;
        default:
            return mv_qemu_unsupported("timer %d is not supported by this QEMU driver", t->name);
        }
    }
    return 0;
}

static int add_clock(mv_qemu_build *b)
{
    const mv_domain_clock_def *clock = b->def->clock;
    GString *rtc = g_string_new(NULL);
    switch (clock->offset) {
    case MV_DOMAIN_CLOCK_UTC:
        mv_qemu_opt_fmt(rtc, "base", "utc");
        break;
    case MV_DOMAIN_CLOCK_LOCALTIME:
        mv_qemu_opt_fmt(rtc, "base", "localtime");
        break;
    case MV_DOMAIN_CLOCK_ABSOLUTE: {
        g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc((gint64)clock->start);
        g_autofree char *when = t ? g_date_time_format(t, "%Y-%m-%dT%H:%M:%S") : NULL;
        if (!when) {
            g_string_free(rtc, TRUE);
            return mv_qemu_unsupported("clock start %llu is out of range", clock->start);
        }
        mv_qemu_opt_fmt(rtc, "base", "%s", when);
        break;
    }
    default:
        g_string_free(rtc, TRUE);
        return mv_qemu_unsupported("clock offset '%s' is not supported by this QEMU driver yet",
                                   mv_domain_clock_offset_to_string(clock->offset));
    }
    if (add_timers(b, rtc) < 0) {
        g_string_free(rtc, TRUE);
        return -1;
    }
    mv_qemu_add_opts(b, "-rtc", rtc);
    return 0;
}

static bool per_device_boot(const mv_domain_devices *d)
{
    for (size_t i = 0; i < d->ndisks; i++)
        if (d->disks[i]->info && d->disks[i]->info->boot_order)
            return true;
    for (size_t i = 0; i < d->nnets; i++)
        if (d->nets[i]->info && d->nets[i]->info->boot_order)
            return true;
    return false;
}

static void add_boot(mv_qemu_build *b)
{
    const mv_domain_os_def *os = b->def->os;
    static const char letters[] = { 'a', 'c', 'd', 'n' };   /* mv_domain_boot_dev */
    GString *s = g_string_new(NULL);
    if (per_device_boot(b->devs)) {
        mv_qemu_opt_fmt(s, "strict", "on");
    } else if (os->nboot_devs && !os->kernel) {
        GString *order = g_string_new(NULL);
        for (size_t i = 0; i < os->nboot_devs; i++)
            if (os->boot_devs[i] >= 0 && os->boot_devs[i] < (int)G_N_ELEMENTS(letters))
                g_string_append_c(order, letters[os->boot_devs[i]]);
        mv_qemu_opt_fmt(s, "order", "%s", order->str);
        g_string_free(order, TRUE);
    }
    if (os->bootmenu != MV_TRISTATE_ABSENT)
        mv_qemu_opt_fmt(s, "menu", os->bootmenu == MV_TRISTATE_ON ? "on" : "off");
    if (os->bootmenu == MV_TRISTATE_ON && os->bootmenu_timeout >= 0)
        mv_qemu_opt_fmt(s, "splash-time", "%d", os->bootmenu_timeout);
    if (os->bios_reboot_timeout >= -1)
        mv_qemu_opt_fmt(s, "reboot-timeout", "%d", os->bios_reboot_timeout);
    if (s->len)
        mv_qemu_add_opts(b, "-boot", s);
    else
        g_string_free(s, TRUE);
}

static int add_kernel(mv_qemu_build *b)
{
    const mv_domain_os_def *os = b->def->os;
    if (os->dtb)
        return mv_qemu_unsupported("a device tree (<dtb>) is not supported on x86");
    if (os->kernel)
        mv_qemu_add_opt(b, "-kernel", os->kernel);
    if (os->initrd)
        mv_qemu_add_opt(b, "-initrd", os->initrd);
    if (os->cmdline)
        mv_qemu_add_opt(b, "-append", os->cmdline);
    return 0;
}

int mv_qemu_build_clock_boot(mv_qemu_build *b)
{
    if (add_clock(b) < 0)
        return -1;
    /* As libvirt: QEMU stops instead of exiting on guest poweroff, so the
     * driver sees the shutdown and decides (on_poweroff) what happens. */
    mv_qemu_add(b, "-no-shutdown");
    if (b->def->on_reboot == MV_DOMAIN_LIFECYCLE_DESTROY)
        mv_qemu_add(b, "-no-reboot");
    add_boot(b);
    return add_kernel(b);
}
