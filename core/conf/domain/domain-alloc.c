/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/domain-alloc.c — allocating an empty mv_domain_def with
 * libvirt's defaults, and freeing one (every free accepts NULL). */
#include "core/conf/domain/domain-internal.h"

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        g_free(v[i]);
    g_free(v);
}

mv_domain_os_def *mv_conf_domain_os_new(void)
{
    mv_domain_os_def *os = g_new0(mv_domain_os_def, 1);
    os->bootmenu_timeout = -1;
    os->bios_reboot_timeout = -2;
    return os;
}

mv_domain_clock_def *mv_conf_domain_clock_new(void)
{
    return g_new0(mv_domain_clock_def, 1);
}

void mv_conf_domain_os_free(mv_domain_os_def *os)
{
    if (!os)
        return;
    g_free(os->type);
    g_free(os->arch);
    g_free(os->machine);
    g_free(os->boot_devs);
    g_free(os->kernel);
    g_free(os->initrd);
    g_free(os->cmdline);
    g_free(os->dtb);
    g_free(os->init);
    free_strv(os->initargs, os->ninitargs);
    for (size_t i = 0; i < os->ninitenv; i++) {
        g_free(os->initenv[i]->name);
        g_free(os->initenv[i]->value);
        g_free(os->initenv[i]);
    }
    g_free(os->initenv);
    g_free(os->initdir);
    g_free(os->inituser);
    g_free(os->initgroup);
    g_free(os);
}

void mv_conf_domain_cpu_free(mv_domain_cpu_def *cpu)
{
    if (!cpu)
        return;
    g_free(cpu->model);
    g_free(cpu->vendor);
    for (size_t i = 0; i < cpu->nfeatures; i++) {
        g_free(cpu->features[i]->name);
        g_free(cpu->features[i]);
    }
    g_free(cpu->features);
    g_free(cpu);
}

void mv_conf_domain_clock_free(mv_domain_clock_def *clock)
{
    if (!clock)
        return;
    g_free(clock->timezone);
    free_strv((char **)clock->timers, clock->ntimers);
    g_free(clock);
}

mv_domain_def *mv_domain_def_new(void)
{
    mv_domain_def *def = g_new0(mv_domain_def, 1);
    def->id = -1;
    def->vcpus_max = def->vcpus_current = 1;
    def->os = mv_conf_domain_os_new();
    def->features = g_new0(mv_domain_features, 1);
    def->clock = mv_conf_domain_clock_new();
    def->cputune = g_new0(mv_domain_cputune, 1);
    def->memtune = mv_conf_domain_memtune_new();
    def->idmap = g_new0(mv_domain_idmap, 1);
    def->blkiotune = g_new0(mv_domain_blkiotune, 1);
    def->iothreads = mv_conf_domain_iothreads_new();
    def->on_poweroff = MV_DOMAIN_LIFECYCLE_DESTROY;
    def->on_reboot = MV_DOMAIN_LIFECYCLE_RESTART;
    def->on_crash = MV_DOMAIN_LIFECYCLE_DESTROY;
    mv_domain_xmlopt opt = { .size = sizeof(opt) };
    mv_domain_parse_ctx ctx = { .opt = &opt, .arch = mv_conf_domain_host_arch(),
                                .os_type = "hvm", .def = def };
    def->devices = mv_domain_devices_parse(NULL, &ctx);
    return def;
}

void mv_domain_def_free(mv_domain_def *def)
{
    if (!def)
        return;
    g_free(def->name);
    g_free(def->title);
    g_free(def->description);
    g_free(def->metadata);
    g_free(def->vcpu_cpuset);
    g_free(def->numatune_nodeset);
    mv_conf_domain_os_free(def->os);
    g_free(def->features);
    mv_conf_domain_cpu_free(def->cpu);
    mv_conf_domain_clock_free(def->clock);
    mv_domain_devices_free(def->devices);
    mv_conf_domain_cputune_free(def->cputune);
    g_free(def->memtune);
    mv_conf_domain_idmap_free(def->idmap);
    mv_conf_domain_blkiotune_free(def->blkiotune);
    mv_conf_domain_iothreads_free(def->iothreads);
    g_free(def);
}
