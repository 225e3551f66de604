/* core/conf/caps/caps-format.c — writes the capabilities document the way
 * libvirt prints it (virConnectGetCapabilities): host CPU, power
 * management, IOMMU, migration, NUMA topology, security models, guests.
 */
#include <modvirt-plugin/conf-caps.h>
#include "core/conf/xml.h"
#include "core/util/uuid.h"

/* Opens <NAME>, runs the body, closes it: the writer's indent is kept. */
#define MV_CAPS_BLOCK(w, name, body) do { \
        mv_xml_add((w), "<%s>\n", (name)); (w)->indent += 2; body; \
        (w)->indent -= 2; mv_xml_add((w), "</%s>\n", (name)); } while (0)

static void format_host_cpu(mv_xml_writer *w, const mv_caps_host *h)
{
    MV_CAPS_BLOCK(w, "cpu", {
        mv_xml_elem_text(w, "arch", h->arch);
        if (h->nfeatures)
            MV_CAPS_BLOCK(w, "features", {
                for (size_t i = 0; i < h->nfeatures; i++)
                    mv_xml_add(w, "<%s/>\n", h->features[i]);
            });
        mv_xml_elem_text(w, "model", h->cpu_model);
        mv_xml_elem_text(w, "vendor", h->cpu_vendor);
        if (h->sockets)
            mv_xml_add(w, "<topology sockets='%u' dies='%u' cores='%u' threads='%u'/>\n",
                       h->sockets, h->dies ? h->dies : 1, h->cores, h->threads);
        for (size_t i = 0; i < h->ncpu_features; i++) {
            mv_xml_add(w, "<feature");
            mv_xml_attr(w, "name", h->cpu_features[i]);
            mv_xml_raw(w, "/>\n");
        }
        for (size_t i = 0; i < h->npage_sizes; i++)
            mv_xml_add(w, "<pages unit='KiB' size='%u'/>\n", h->page_sizes_kib[i]);
    });
}

static void format_pm_iommu_migration(mv_xml_writer *w, const mv_caps_host *h)
{
    if (h->pm_suspend_mem || h->pm_suspend_disk || h->pm_suspend_hybrid)
        MV_CAPS_BLOCK(w, "power_management", {
            if (h->pm_suspend_mem)
                mv_xml_add(w, "<suspend_mem/>\n");
            if (h->pm_suspend_disk)
                mv_xml_add(w, "<suspend_disk/>\n");
            if (h->pm_suspend_hybrid)
                mv_xml_add(w, "<suspend_hybrid/>\n");
        });
    else
        mv_xml_add(w, "<power_management/>\n");
    mv_xml_add(w, "<iommu support='%s'/>\n", h->iommu ? "yes" : "no");
    if (!h->migration)
        return;
    MV_CAPS_BLOCK(w, "migration_features", {
        if (h->migration_live)
            mv_xml_add(w, "<live/>\n");
        if (h->nmigration_transports)
            MV_CAPS_BLOCK(w, "uri_transports", {
                for (size_t i = 0; i < h->nmigration_transports; i++)
                    mv_xml_elem_text(w, "uri_transport", h->migration_transports[i]);
            });
    });
}

static void format_cell(mv_xml_writer *w, const mv_caps_cell *c)
{
    mv_xml_add(w, "<cell id='%u'>\n", c->id);
    w->indent += 2;
    if (c->memory_kib)
        mv_xml_add(w, "<memory unit='KiB'>%llu</memory>\n", c->memory_kib);
    for (size_t i = 0; i < c->npages; i++)
        mv_xml_add(w, "<pages unit='KiB' size='%u'>%llu</pages>\n",
                   c->pages[i]->size_kib, c->pages[i]->count);
    if (c->ndistances)
        MV_CAPS_BLOCK(w, "distances", {
            for (size_t i = 0; i < c->ndistances; i++)
                mv_xml_add(w, "<sibling id='%u' value='%u'/>\n",
                           c->distances[i]->cell_id, c->distances[i]->value);
        });
    mv_xml_add(w, "<cpus num='%zu'>\n", c->ncpus);
    w->indent += 2;
    for (size_t i = 0; i < c->ncpus; i++) {
        const mv_caps_cpu *cpu = c->cpus[i];
        mv_xml_add(w, "<cpu id='%u'", cpu->id);
        if (cpu->socket_id >= 0) {
            g_string_append_printf(w->buf, " socket_id='%d' die_id='%d' core_id='%d'",
                                   cpu->socket_id, cpu->die_id < 0 ? 0 : cpu->die_id,
                                   cpu->core_id < 0 ? 0 : cpu->core_id);
            if (cpu->siblings)
                mv_xml_attr(w, "siblings", cpu->siblings);
            else
                g_string_append_printf(w->buf, " siblings='%u'", cpu->id);
        }
        mv_xml_raw(w, "/>\n");
    }
    w->indent -= 2;
    mv_xml_add(w, "</cpus>\n");
    w->indent -= 2;
    mv_xml_add(w, "</cell>\n");
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
                mv_xml_add(w, "<cells num='%zu'>\n", h->ncells);
                w->indent += 2;
                for (size_t i = 0; i < h->ncells; i++)
                    format_cell(w, h->cells[i]);
                w->indent -= 2;
                mv_xml_add(w, "</cells>\n");
            });
        for (size_t i = 0; i < h->nsecmodels; i++) {
            const mv_caps_secmodel *sm = h->secmodels[i];
            MV_CAPS_BLOCK(w, "secmodel", {
                mv_xml_elem_text(w, "model", sm->model);
                mv_xml_add(w, "<doi>");
                mv_xml_escape(w, sm->doi);
                mv_xml_raw(w, "</doi>\n");
                for (size_t j = 0; j < sm->nbaselabels; j++) {
                    mv_xml_add(w, "<baselabel");
                    mv_xml_attr(w, "type", sm->baselabel_types[j]);
                    mv_xml_raw(w, ">");
                    mv_xml_escape(w, sm->baselabels[j]);
                    mv_xml_raw(w, "</baselabel>\n");
                }
            });
        }
    });
}

static void format_machines(mv_xml_writer *w, mv_caps_machine *const *machines, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mv_xml_add(w, "<machine");
        mv_xml_attr(w, "canonical", machines[i]->canonical);
        if (machines[i]->max_cpus)
            g_string_append_printf(w->buf, " maxCpus='%u'", machines[i]->max_cpus);
        mv_xml_raw(w, ">");
        mv_xml_escape(w, machines[i]->name);
        mv_xml_raw(w, "</machine>\n");
    }
}

static void format_guest(mv_xml_writer *w, const mv_caps_guest *g)
{
    MV_CAPS_BLOCK(w, "guest", {
        mv_xml_elem_text(w, "os_type", g->os_type);
        mv_xml_add(w, "<arch");
        mv_xml_attr(w, "name", g->arch);
        mv_xml_raw(w, ">\n");
        w->indent += 2;
        mv_xml_add(w, "<wordsize>%d</wordsize>\n", g->wordsize);
        mv_xml_elem_text(w, "emulator", g->emulator);
        mv_xml_elem_text(w, "loader", g->loader);
        format_machines(w, g->machines, g->nmachines);
        for (size_t i = 0; i < g->ndomains; i++) {
            const mv_caps_guest_domain *d = g->domains[i];
            mv_xml_add(w, "<domain");
            mv_xml_attr(w, "type", d->type);
            if (!d->emulator && !d->nmachines) {
                mv_xml_raw(w, "/>\n");
                continue;
            }
            mv_xml_raw(w, ">\n");
            w->indent += 2;
            mv_xml_elem_text(w, "emulator", d->emulator);
            format_machines(w, d->machines, d->nmachines);
            w->indent -= 2;
            mv_xml_add(w, "</domain>\n");
        }
        w->indent -= 2;
        mv_xml_add(w, "</arch>\n");
        if (g->nfeatures)
            MV_CAPS_BLOCK(w, "features", {
                for (size_t i = 0; i < g->nfeatures; i++) {
                    const mv_caps_guest_feature *f = g->features[i];
                    if (f->has_toggle)
                        mv_xml_add(w, "<%s default='%s' toggle='%s'/>\n", f->name,
                                   f->default_on ? "on" : "off", f->toggle ? "yes" : "no");
                    else
                        mv_xml_add(w, "<%s/>\n", f->name);
                }
            });
    });
}

char *mv_caps_format(const mv_caps *caps)
{
    if (!caps)
        return NULL;
    mv_xml_writer w;
    mv_xml_writer_init(&w);
    /* libvirt separates the host and each guest with a blank line. */
    mv_xml_add(&w, "<capabilities>\n\n");
    w.indent = 2;
    format_host(&w, caps->host);
    for (size_t i = 0; i < caps->nguests; i++) {
        mv_xml_raw(&w, "\n");
        format_guest(&w, caps->guests[i]);
    }
    w.indent = 0;
    mv_xml_add(&w, "\n</capabilities>\n");
    return mv_xml_writer_finish(&w);
}
