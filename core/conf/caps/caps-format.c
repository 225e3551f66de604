/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/caps/caps-format.c — writes the capabilities document the way
 * libvirt prints it (virConnectGetCapabilities): host CPU, power
 * management, IOMMU, migration, NUMA topology, security models, guests.
 */
#include <modvirt-plugin/conf-caps.h>
#include "core/conf/xml.h"
#include "core/util/uuid.h"

/* Opens <NAME>, runs the body, closes it: the writer's indent is kept. */
#define MV_CAPS_BLOCK(w, name, body) do { \
        mv_xml_start((w), (name)); mv_xml_children(w); body; \
        mv_xml_close((w), (name)); } while (0)

/* An indented "<NAME/>\n". */
static void empty_elem(mv_xml_writer *w, const char *name)
{
    mv_xml_start(w, name);
    mv_xml_empty(w);
}

static void format_host_cpu(mv_xml_writer *w, const mv_caps_host *h)
{
    MV_CAPS_BLOCK(w, "cpu", {
        mv_xml_elem_text(w, "arch", h->arch);
        if (h->nfeatures)
            MV_CAPS_BLOCK(w, "features", {
                for (size_t i = 0; i < h->nfeatures; i++)
                    empty_elem(w, h->features[i]);
            });
        mv_xml_elem_text(w, "model", h->cpu_model);
        mv_xml_elem_text(w, "vendor", h->cpu_vendor);
        if (h->sockets) {
            mv_xml_start(w, "topology");
            mv_xml_attr_uint(w, "sockets", h->sockets);
            mv_xml_attr_uint(w, "dies", h->dies ? h->dies : 1);
            mv_xml_attr_uint(w, "cores", h->cores);
            mv_xml_attr_uint(w, "threads", h->threads);
            mv_xml_empty(w);
        }
        for (size_t i = 0; i < h->ncpu_features; i++)
            mv_xml_elem_attr(w, "feature", "name", h->cpu_features[i]);
        for (size_t i = 0; i < h->npage_sizes; i++) {
            mv_xml_start(w, "pages");
            mv_xml_attr(w, "unit", "KiB");
            mv_xml_attr_uint(w, "size", h->page_sizes_kib[i]);
            mv_xml_empty(w);
        }
    });
}

static void format_pm_iommu_migration(mv_xml_writer *w, const mv_caps_host *h)
{
    if (h->pm_suspend_mem || h->pm_suspend_disk || h->pm_suspend_hybrid)
        MV_CAPS_BLOCK(w, "power_management", {
            if (h->pm_suspend_mem)
                empty_elem(w, "suspend_mem");
            if (h->pm_suspend_disk)
                empty_elem(w, "suspend_disk");
            if (h->pm_suspend_hybrid)
                empty_elem(w, "suspend_hybrid");
        });
    else
        empty_elem(w, "power_management");
    mv_xml_elem_attr(w, "iommu", "support", h->iommu ? "yes" : "no");
    if (!h->migration)
        return;
    MV_CAPS_BLOCK(w, "migration_features", {
        if (h->migration_live)
            empty_elem(w, "live");
        if (h->nmigration_transports)
            MV_CAPS_BLOCK(w, "uri_transports", {
                for (size_t i = 0; i < h->nmigration_transports; i++)
                    mv_xml_elem_text(w, "uri_transport", h->migration_transports[i]);
            });
    });
}

static void format_cpus(mv_xml_writer *w, const mv_caps_cell *c)
{
    mv_xml_start(w, "cpus");
    mv_xml_attr_uint(w, "num", c->ncpus);
    mv_xml_children(w);
    for (size_t i = 0; i < c->ncpus; i++) {
        const mv_caps_cpu *cpu = c->cpus[i];
        mv_xml_start(w, "cpu");
        mv_xml_attr_uint(w, "id", cpu->id);
        if (cpu->socket_id >= 0) {
            mv_xml_attr_int(w, "socket_id", cpu->socket_id);
            mv_xml_attr_int(w, "die_id", cpu->die_id < 0 ? 0 : cpu->die_id);
            mv_xml_attr_int(w, "core_id", cpu->core_id < 0 ? 0 : cpu->core_id);
            if (cpu->siblings)
                mv_xml_attr(w, "siblings", cpu->siblings);
            else
                mv_xml_attr_uint(w, "siblings", cpu->id);
        }
        mv_xml_empty(w);
    }
    mv_xml_close(w, "cpus");
}

static void format_cell(mv_xml_writer *w, const mv_caps_cell *c)
{
    mv_xml_start(w, "cell");
    mv_xml_attr_uint(w, "id", c->id);
    mv_xml_children(w);
    if (c->memory_kib) {
        mv_xml_start(w, "memory");
        mv_xml_attr(w, "unit", "KiB");
        mv_xml_end_uint(w, "memory", c->memory_kib);
    }
    for (size_t i = 0; i < c->npages; i++) {
        mv_xml_start(w, "pages");
        mv_xml_attr(w, "unit", "KiB");
        mv_xml_attr_uint(w, "size", c->pages[i]->size_kib);
        mv_xml_end_uint(w, "pages", c->pages[i]->count);
    }
    if (c->ndistances)
        MV_CAPS_BLOCK(w, "distances", {
            for (size_t i = 0; i < c->ndistances; i++) {
                mv_xml_start(w, "sibling");
                mv_xml_attr_uint(w, "id", c->distances[i]->cell_id);
                mv_xml_attr_uint(w, "value", c->distances[i]->value);
                mv_xml_empty(w);
            }
        });
    format_cpus(w, c);
    mv_xml_close(w, "cell");
}

static void format_host(mv_xml_writer *w, const mv_caps_host *h)
{
    MV_CAPS_BLOCK(w, "host", {
        if (h->has_uuid) {
            char uuid[VIR_UUID_STRING_BUFLEN];
            mv_uuid_format(h->uuid, uuid);
            mv_xml_elem_text(w, "uuid", uuid);
        }
        format_host_cpu(w, h);
        format_pm_iommu_migration(w, h);
        if (h->ncells)
            MV_CAPS_BLOCK(w, "topology", {
                mv_xml_start(w, "cells");
                mv_xml_attr_uint(w, "num", h->ncells);
                mv_xml_children(w);
                for (size_t i = 0; i < h->ncells; i++)
                    format_cell(w, h->cells[i]);
                mv_xml_close(w, "cells");
            });
        for (size_t i = 0; i < h->nsecmodels; i++) {
            const mv_caps_secmodel *sm = h->secmodels[i];
            MV_CAPS_BLOCK(w, "secmodel", {
                mv_xml_elem_text(w, "model", sm->model);
                /* written even when empty */
                mv_xml_start(w, "doi");
                mv_xml_end_text(w, "doi", sm->doi ? sm->doi : "");
                for (size_t j = 0; j < sm->nbaselabels; j++) {
                    mv_xml_start(w, "baselabel");
                    mv_xml_attr(w, "type", sm->baselabel_types[j]);
                    mv_xml_end_text(w, "baselabel", sm->baselabels[j] ? sm->baselabels[j] : "");
                }
            });
        }
    });
}

static void format_machines(mv_xml_writer *w, mv_caps_machine *const *machines, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mv_xml_start(w, "machine");
        mv_xml_attr(w, "canonical", machines[i]->canonical);
        if (machines[i]->max_cpus)
            mv_xml_attr_uint(w, "maxCpus", machines[i]->max_cpus);
        mv_xml_end_text(w, "machine", machines[i]->name ? machines[i]->name : "");
    }
}

static void format_guest_features(mv_xml_writer *w, const mv_caps_guest *g)
{
    for (size_t i = 0; i < g->nfeatures; i++) {
        const mv_caps_guest_feature *f = g->features[i];
        mv_xml_start(w, f->name);
        if (f->has_toggle) {
            mv_xml_attr(w, "default", f->default_on ? "on" : "off");
            mv_xml_attr(w, "toggle", f->toggle ? "yes" : "no");
        }
        mv_xml_empty(w);
    }
}

static void format_guest(mv_xml_writer *w, const mv_caps_guest *g)
{
    MV_CAPS_BLOCK(w, "guest", {
        mv_xml_elem_text(w, "os_type", g->os_type);
        mv_xml_start(w, "arch");
        mv_xml_attr(w, "name", g->arch);
        mv_xml_children(w);
        mv_xml_elem_int(w, "wordsize", g->wordsize);
        mv_xml_elem_text(w, "emulator", g->emulator);
        mv_xml_elem_text(w, "loader", g->loader);
        format_machines(w, g->machines, g->nmachines);
        for (size_t i = 0; i < g->ndomains; i++) {
            const mv_caps_guest_domain *d = g->domains[i];
            mv_xml_start(w, "domain");
            mv_xml_attr(w, "type", d->type);
            size_t mark = mv_xml_children(w);
            mv_xml_elem_text(w, "emulator", d->emulator);
            format_machines(w, d->machines, d->nmachines);
            mv_xml_close_or_empty(w, mark, "domain");
        }
        mv_xml_close(w, "arch");
        if (g->nfeatures)
            MV_CAPS_BLOCK(w, "features", format_guest_features(w, g));
    });
}

char *mv_caps_format(const mv_caps *caps)
{
    if (!caps)
        return NULL;
    mv_xml_writer w;
    mv_xml_writer_init(&w);
    /* libvirt separates the host and each guest with a blank line. */
    mv_xml_start(&w, "capabilities");
    mv_xml_children(&w);
    mv_xml_raw(&w, "\n");
    format_host(&w, caps->host);
    for (size_t i = 0; i < caps->nguests; i++) {
        mv_xml_raw(&w, "\n");
        format_guest(&w, caps->guests[i]);
    }
    mv_xml_raw(&w, "\n");
    mv_xml_close(&w, "capabilities");
    return mv_xml_writer_finish(&w);
}
