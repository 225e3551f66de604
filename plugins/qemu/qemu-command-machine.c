/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-command-machine.c — the guest's frame: -machine with
 * the accelerator and machine-level features, -m, -smp, an iothread
 * object per I/O thread, -cpu, -name and -uuid.
 */
#include "qemu-command.h"
#include <modvirt-plugin/uuid.h>

#include <string.h>

/* Machine and CPU model names go into option values unescaped, so they
 * are held to the characters QEMU itself uses for them. */
static bool plain_name(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (!g_ascii_isalnum(*s) && !strchr("._-", *s))
            return false;
    return true;
}

static const char *onoff(int tristate)
{
    return tristate == MV_TRISTATE_ON ? "on" : "off";
}

static bool hpet_off(const mv_domain_def *def)
{
    for (size_t i = 0; i < def->clock->ntimers; i++)
        if (def->clock->timers[i]->name == MV_DOMAIN_TIMER_HPET &&
            def->clock->timers[i]->present == MV_TRISTATE_OFF)
            return true;
    return false;
}

static int add_machine(mv_qemu_build *b)
{
    const mv_domain_def *def = b->def;
    const char *machine = def->os->machine ? def->os->machine : "pc";
    if (!plain_name(machine) ||
        !(g_str_has_prefix(machine, "pc") || g_str_has_prefix(machine, "q35")))
        return mv_qemu_unsupported("machine type '%s' is not supported by this QEMU driver "
                                   "(pc and q35 machine types only)", machine);
    const mv_domain_features *f = def->features;
    GString *s = g_string_new(machine);
    mv_qemu_opt_fmt(s, "accel", b->kvm ? "kvm" : "tcg");
    mv_qemu_opt_fmt(s, "usb", "off");
    mv_qemu_opt_fmt(s, "dump-guest-core", "%s", onoff(def->mem_dump_core));
    if (f->acpi != MV_TRISTATE_ON)
        mv_qemu_opt_fmt(s, "acpi", "off");
    if (f->vmport != MV_TRISTATE_ABSENT)
        mv_qemu_opt_fmt(s, "vmport", "%s", onoff(f->vmport));
    if (f->smm != MV_TRISTATE_ABSENT)
        mv_qemu_opt_fmt(s, "smm", "%s", onoff(f->smm));
    if (hpet_off(def))
        mv_qemu_opt_fmt(s, "hpet", "off");
    mv_qemu_add_opts(b, "-machine", s);
    return 0;
}

static void add_memory(mv_qemu_build *b)
{
    const mv_domain_def *def = b->def;
    /* QEMU wants whole MiB on x86; libvirt rounds up the same way. */
    unsigned long long kib = (def->memory + 1023) / 1024 * 1024;
    GString *s = g_string_new(NULL);
    mv_qemu_opt_fmt(s, "size", "%lluk", kib);
    if (def->max_memory) {
        mv_qemu_opt_fmt(s, "slots", "%u", def->max_memory_slots);
        mv_qemu_opt_fmt(s, "maxmem", "%lluk", (def->max_memory + 1023) / 1024 * 1024);
    }
    mv_qemu_add_opts(b, "-m", s);
}

static int add_smp(mv_qemu_build *b)
{
    const mv_domain_def *def = b->def;
    unsigned int max = def->vcpus_max, cur = def->vcpus_current ? def->vcpus_current : max;
    unsigned int sockets = max, dies = 1, cores = 1, threads = 1;
    const mv_domain_cpu_def *cpu = def->cpu;
    if (cpu && cpu->sockets) {
        sockets = cpu->sockets;
        dies = cpu->dies ? cpu->dies : 1;
        cores = cpu->cores;
        threads = cpu->threads;
        if ((unsigned long long)sockets * dies * cores * threads != max)
            return mv_qemu_unsupported("CPU topology %u sockets x %u dies x %u cores x %u "
                                       "threads does not match the %u vCPUs of the domain",
                                       sockets, dies, cores, threads, max);
    }
    GString *s = g_string_new(NULL);
    mv_qemu_opt_fmt(s, NULL, "%u", cur);
    if (cur != max)
        mv_qemu_opt_fmt(s, "maxcpus", "%u", max);
    mv_qemu_opt_fmt(s, "sockets", "%u", sockets);
    if (dies > 1)
        mv_qemu_opt_fmt(s, "dies", "%u", dies);
    mv_qemu_opt_fmt(s, "cores", "%u", cores);
    mv_qemu_opt_fmt(s, "threads", "%u", threads);
    mv_qemu_add_opts(b, "-smp", s);
    return 0;
}

/* QOM type TYPE with id ID and the pool sizes given (-1: not given). */
static void add_pool_object(mv_qemu_build *b, const char *type, const char *id, int min, int max)
{
    GString *s = g_string_new(type);
    mv_qemu_opt_fmt(s, "id", "%s", id);
    if (min >= 0)
        mv_qemu_opt_fmt(s, "thread-pool-min", "%d", min);
    if (max >= 0)
        mv_qemu_opt_fmt(s, "thread-pool-max", "%d", max);
    mv_qemu_add_opts(b, "-object", s);
}

/* One "iothreadN" object per I/O thread, in the definition's order, right
 * after -smp as libvirt writes them, then the main loop's object when
 * <defaultiothread> sizes its pool. */
static void add_iothreads(mv_qemu_build *b)
{
    const mv_domain_iothreads *io = b->def->iothreads;
    for (size_t i = 0; io && i < io->nthreads; i++) {
        const mv_domain_iothread *t = &io->threads[i];
        g_autofree char *id = g_strdup_printf("iothread%u", t->id);
        add_pool_object(b, "iothread", id, t->thread_pool_min, t->thread_pool_max);
    }
    if (io && (io->default_pool_min >= 0 || io->default_pool_max >= 0))
        add_pool_object(b, "main-loop", "main-loop", io->default_pool_min, io->default_pool_max);
}

static const char *cpu_model(mv_qemu_build *b, const mv_domain_cpu_def *cpu)
{
    if (!cpu)
        return "qemu64";
    switch (cpu->mode) {
    case MV_DOMAIN_CPU_MODE_HOST_PASSTHROUGH:
    case MV_DOMAIN_CPU_MODE_HOST_MODEL:
        if (!b->kvm) {
            mv_qemu_unsupported("CPU mode '%s' needs KVM; use mode 'maximum' or a named "
                                "model with domain type 'qemu'",
                                mv_domain_cpu_mode_to_string(cpu->mode));
            return NULL;
        }
        return "host";
    case MV_DOMAIN_CPU_MODE_MAXIMUM:
        return "max";
    default:
        if (!cpu->model)
            return "qemu64";
        if (!plain_name(cpu->model)) {
            mv_qemu_unsupported("CPU model '%s' is not a valid QEMU CPU model name", cpu->model);
            return NULL;
        }
        return cpu->model;
    }
}

static int add_cpu(mv_qemu_build *b)
{
    const mv_domain_cpu_def *cpu = b->def->cpu;
    const char *model = cpu_model(b, cpu);
    if (!model)
        return -1;
    for (size_t i = 0; cpu && i < cpu->nfeatures; i++)
        if (!plain_name(cpu->features[i]->name))
            return mv_qemu_unsupported("CPU feature '%s' is not a valid name",
                                       cpu->features[i]->name);
    GString *s = g_string_new(model);
    for (size_t i = 0; cpu && i < cpu->nfeatures; i++) {
        const mv_domain_cpu_feature *feat = cpu->features[i];
        bool off = feat->policy == MV_DOMAIN_CPU_FEATURE_DISABLE ||
                   feat->policy == MV_DOMAIN_CPU_FEATURE_FORBID;
        mv_qemu_opt_fmt(s, feat->name, off ? "off" : "on");
    }
    for (size_t i = 0; i < b->def->clock->ntimers; i++) {
        const mv_domain_timer *t = b->def->clock->timers[i];
        if (t->name == MV_DOMAIN_TIMER_KVMCLOCK && t->present != MV_TRISTATE_ABSENT)
            mv_qemu_opt_fmt(s, "kvmclock", "%s", onoff(t->present));
    }
    mv_qemu_add_opts(b, "-cpu", s);
    return 0;
}

int mv_qemu_build_machine(mv_qemu_build *b)
{
    if (add_machine(b) < 0)
        return -1;
    add_memory(b);
    if (add_smp(b) < 0)
        return -1;
    add_iothreads(b);
    if (add_cpu(b) < 0)
        return -1;
    GString *name = g_string_new(NULL);
    mv_qemu_opt_str(name, "guest", b->def->name);
    mv_qemu_opt_fmt(name, "debug-threads", "on");
    mv_qemu_add_opts(b, "-name", name);
    char uuid[VIR_UUID_STRING_BUFLEN];
    mv_uuid_format(b->def->uuid, uuid);
    mv_qemu_add_opt(b, "-uuid", uuid);
    return 0;
}
