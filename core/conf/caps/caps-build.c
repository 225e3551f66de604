/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/caps/caps-build.c — building and freeing the capabilities
 * document (host, NUMA cells, security models, guests).
 */
#include <modvirt-plugin/conf-caps.h>

#include <glib.h>
#include <string.h>
#include <sys/utsname.h>

/* Appends ITEM to the pointer array *ITEMS of *N entries. */
static void *append(void *items_p, size_t *n, void *item)
{
    void ***items = items_p;
    *items = g_renew(void *, *items, *n + 1);
    (*items)[(*n)++] = item;
    return item;
}

static void free_list(void **items, size_t n, GDestroyNotify fn)
{
    for (size_t i = 0; i < n; i++)
        fn(items[i]);
    g_free(items);
}

mv_caps *mv_caps_new(const char *host_arch)
{
    mv_caps *caps = g_new0(mv_caps, 1);
    caps->host = g_new0(mv_caps_host, 1);
    if (host_arch) {
        caps->host->arch = g_strdup(host_arch);
    } else {
        struct utsname u;
        caps->host->arch = g_strdup(uname(&u) == 0 ? u.machine : "x86_64");
    }
    return caps;
}

static void cell_free(void *p)
{
    mv_caps_cell *c = p;
    for (size_t i = 0; i < c->ncpus; i++)
        g_free(c->cpus[i]->siblings);
    free_list((void **)c->cpus, c->ncpus, g_free);
    free_list((void **)c->pages, c->npages, g_free);
    free_list((void **)c->distances, c->ndistances, g_free);
    g_free(c);
}

static void secmodel_free(void *p)
{
    mv_caps_secmodel *s = p;
    g_free(s->model);
    g_free(s->doi);
    free_list((void **)s->baselabel_types, s->nbaselabels, g_free);
    free_list((void **)s->baselabels, s->nbaselabels, g_free);
    g_free(s);
}

static void machine_free(void *p)
{
    mv_caps_machine *m = p;
    g_free(m->name);
    g_free(m->canonical);
    g_free(m);
}

static void domain_free(void *p)
{
    mv_caps_guest_domain *d = p;
    g_free(d->type);
    g_free(d->emulator);
    free_list((void **)d->machines, d->nmachines, machine_free);
    g_free(d);
}

static void feature_free(void *p)
{
    mv_caps_guest_feature *f = p;
    g_free(f->name);
    g_free(f);
}

static void guest_free(void *p)
{
    mv_caps_guest *g = p;
    g_free(g->os_type);
    g_free(g->arch);
    g_free(g->emulator);
    g_free(g->loader);
    free_list((void **)g->machines, g->nmachines, machine_free);
    free_list((void **)g->domains, g->ndomains, domain_free);
    free_list((void **)g->features, g->nfeatures, feature_free);
    g_free(g);
}

void mv_caps_free(mv_caps *caps)
{
    if (!caps)
        return;
    mv_caps_host *h = caps->host;
    g_free(h->arch);
    free_list((void **)h->features, h->nfeatures, g_free);
    g_free(h->cpu_model);
    g_free(h->cpu_vendor);
    free_list((void **)h->cpu_features, h->ncpu_features, g_free);
    g_free(h->page_sizes_kib);
    free_list((void **)h->migration_transports, h->nmigration_transports, g_free);
    free_list((void **)h->cells, h->ncells, cell_free);
    free_list((void **)h->secmodels, h->nsecmodels, secmodel_free);
    g_free(h);
    free_list((void **)caps->guests, caps->nguests, guest_free);
    g_free(caps);
}

void mv_caps_set_host_uuid(mv_caps *caps, const unsigned char *uuid)
{
    memcpy(caps->host->uuid, uuid, VIR_UUID_BUFLEN);
    caps->host->has_uuid = true;
}

void mv_caps_set_host_cpu(mv_caps *caps, const char *model, const char *vendor,
                          unsigned int sockets, unsigned int dies, unsigned int cores,
                          unsigned int threads)
{
    mv_caps_host *h = caps->host;
    g_free(h->cpu_model);
    g_free(h->cpu_vendor);
    h->cpu_model = g_strdup(model);
    h->cpu_vendor = g_strdup(vendor);
    h->sockets = sockets;
    h->dies = dies;
    h->cores = cores;
    h->threads = threads;
}

void mv_caps_add_host_feature(mv_caps *caps, const char *name)
{
    append(&caps->host->features, &caps->host->nfeatures, g_strdup(name));
}

void mv_caps_add_host_cpu_feature(mv_caps *caps, const char *name)
{
    append(&caps->host->cpu_features, &caps->host->ncpu_features, g_strdup(name));
}

void mv_caps_add_host_page_size(mv_caps *caps, unsigned int size_kib)
{
    mv_caps_host *h = caps->host;
    h->page_sizes_kib = g_renew(unsigned int, h->page_sizes_kib, h->npage_sizes + 1);
    h->page_sizes_kib[h->npage_sizes++] = size_kib;
}

void mv_caps_set_power_management(mv_caps *caps, bool suspend_mem, bool suspend_disk,
                                  bool suspend_hybrid)
{
    caps->host->pm_suspend_mem = suspend_mem;
    caps->host->pm_suspend_disk = suspend_disk;
    caps->host->pm_suspend_hybrid = suspend_hybrid;
}

void mv_caps_set_migration(mv_caps *caps, bool live)
{
    caps->host->migration = true;
    caps->host->migration_live = live;
}

void mv_caps_add_migration_transport(mv_caps *caps, const char *transport)
{
    caps->host->migration = true;
    append(&caps->host->migration_transports, &caps->host->nmigration_transports,
           g_strdup(transport));
}

mv_caps_cell *mv_caps_add_cell(mv_caps *caps, unsigned int id, unsigned long long memory_kib)
{
    mv_caps_cell *c = g_new0(mv_caps_cell, 1);
    c->id = id;
    c->memory_kib = memory_kib;
    return append(&caps->host->cells, &caps->host->ncells, c);
}

mv_caps_cpu *mv_caps_cell_add_cpu(mv_caps_cell *cell, unsigned int id, int socket_id,
                                  int die_id, int core_id, const char *siblings)
{
    mv_caps_cpu *cpu = g_new0(mv_caps_cpu, 1);
    cpu->id = id;
    cpu->socket_id = socket_id;
    cpu->die_id = die_id;
    cpu->core_id = core_id;
    cpu->siblings = g_strdup(siblings);
    return append(&cell->cpus, &cell->ncpus, cpu);
}

void mv_caps_cell_add_pages(mv_caps_cell *cell, unsigned int size_kib, unsigned long long count)
{
    mv_caps_pages *p = g_new0(mv_caps_pages, 1);
    p->size_kib = size_kib;
    p->count = count;
    append(&cell->pages, &cell->npages, p);
}

void mv_caps_cell_add_distance(mv_caps_cell *cell, unsigned int cell_id, unsigned int value)
{
    mv_caps_distance *d = g_new0(mv_caps_distance, 1);
    d->cell_id = cell_id;
    d->value = value;
    append(&cell->distances, &cell->ndistances, d);
}

mv_caps_secmodel *mv_caps_add_secmodel(mv_caps *caps, const char *model, const char *doi)
{
    mv_caps_secmodel *s = g_new0(mv_caps_secmodel, 1);
    s->model = g_strdup(model);
    s->doi = g_strdup(doi ? doi : "");
    return append(&caps->host->secmodels, &caps->host->nsecmodels, s);
}

void mv_caps_secmodel_add_baselabel(mv_caps_secmodel *sm, const char *type, const char *label)
{
    size_t n = sm->nbaselabels;
    append(&sm->baselabel_types, &n, g_strdup(type));
    append(&sm->baselabels, &sm->nbaselabels, g_strdup(label));
}

mv_caps_guest *mv_caps_add_guest(mv_caps *caps, const char *os_type, const char *arch,
                                 int wordsize, const char *emulator)
{
    mv_caps_guest *g = g_new0(mv_caps_guest, 1);
    g->os_type = g_strdup(os_type);
    g->arch = g_strdup(arch);
    g->wordsize = wordsize;
    g->emulator = g_strdup(emulator);
    return append(&caps->guests, &caps->nguests, g);
}

static mv_caps_machine *machine_new(const char *name, const char *canonical,
                                    unsigned int max_cpus)
{
    mv_caps_machine *m = g_new0(mv_caps_machine, 1);
    m->name = g_strdup(name);
    m->canonical = g_strdup(canonical);
    m->max_cpus = max_cpus;
    return m;
}

mv_caps_machine *mv_caps_guest_add_machine(mv_caps_guest *guest, const char *name,
                                           const char *canonical, unsigned int max_cpus)
{
    return append(&guest->machines, &guest->nmachines, machine_new(name, canonical, max_cpus));
}

mv_caps_guest_domain *mv_caps_guest_add_domain(mv_caps_guest *guest, const char *type,
                                               const char *emulator)
{
    mv_caps_guest_domain *d = g_new0(mv_caps_guest_domain, 1);
    d->type = g_strdup(type);
    d->emulator = g_strdup(emulator);
    return append(&guest->domains, &guest->ndomains, d);
}

mv_caps_machine *mv_caps_guest_domain_add_machine(mv_caps_guest_domain *dom, const char *name,
                                                  const char *canonical, unsigned int max_cpus)
{
    return append(&dom->machines, &dom->nmachines, machine_new(name, canonical, max_cpus));
}

void mv_caps_guest_add_feature(mv_caps_guest *guest, const char *name, bool has_toggle,
                               bool default_on, bool toggle)
{
    mv_caps_guest_feature *f = g_new0(mv_caps_guest_feature, 1);
    f->name = g_strdup(name);
    f->has_toggle = has_toggle;
    f->default_on = default_on;
    f->toggle = toggle;
    append(&guest->features, &guest->nfeatures, f);
}

const mv_caps_guest *mv_caps_find_guest(const mv_caps *caps, const char *os_type,
                                        const char *arch, const char *virt_type)
{
    for (size_t i = 0; caps && i < caps->nguests; i++) {
        const mv_caps_guest *g = caps->guests[i];
        if ((os_type && g_strcmp0(g->os_type, os_type)) || (arch && g_strcmp0(g->arch, arch)))
            continue;
        if (!virt_type)
            return g;
        for (size_t j = 0; j < g->ndomains; j++)
            if (!g_strcmp0(g->domains[j]->type, virt_type))
                return g;
    }
    return NULL;
}
