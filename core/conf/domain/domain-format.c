/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/domain-format.c — mv_domain_def back to libvirt's XML:
 * the element order, attributes and defaults libvirt writes. The os,
 * features, cpu and clock sections are in domain-format-sections.c;
 * memtune, cputune and idmap in domain-format-tune.c. */
#include "core/conf/domain/domain-internal.h"
#include "core/util/uuid.h"

static void format_memory(mv_xml_writer *w, const mv_domain_def *def)
{
    if (def->max_memory) {
        mv_xml_start(w, "maxMemory");
        mv_xml_attr_uint(w, "slots", def->max_memory_slots);
        mv_xml_attr(w, "unit", "KiB");
        mv_xml_end_uint(w, "maxMemory", def->max_memory);
    }
    mv_xml_start(w, "memory");
    mv_xml_attr(w, "dumpCore", mv_conf_enum_to(mv_xml_onoff_names, def->mem_dump_core));
    mv_xml_attr(w, "unit", "KiB");
    mv_xml_end_uint(w, "memory", def->memory);
    mv_xml_start(w, "currentMemory");
    mv_xml_attr(w, "unit", "KiB");
    mv_xml_end_uint(w, "currentMemory", def->current_memory);
    mv_conf_domain_format_blkiotune(w, def->blkiotune);
    mv_conf_domain_format_memtune(w, def->memtune);
}

static void format_vcpu(mv_xml_writer *w, const mv_domain_def *def)
{
    mv_xml_start(w, "vcpu");
    mv_xml_attr(w, "placement", mv_conf_enum_to(mv_conf_domain_placement_names,
                                                def->vcpu_placement));
    if (def->vcpu_placement != MV_DOMAIN_VCPU_PLACEMENT_AUTO)
        mv_xml_attr(w, "cpuset", def->vcpu_cpuset);
    if (def->vcpus_current != def->vcpus_max)
        mv_xml_attr_uint(w, "current", def->vcpus_current);
    mv_xml_end_uint(w, "vcpu", def->vcpus_max);
    mv_conf_domain_format_iothreads(w, def->iothreads);
    mv_conf_domain_format_cputune(w, def->cputune, def->iothreads, def->vcpus_max);

    if (def->numatune_placement == MV_DOMAIN_NUMATUNE_PLACEMENT_DEFAULT)
        return;
    mv_xml_start(w, "numatune");
    mv_xml_children(w);
    mv_xml_start(w, "memory");
    mv_xml_attr(w, "mode", mv_conf_enum_to(mv_conf_domain_numatune_mode_names, def->numatune_mode));
    if (def->numatune_placement == MV_DOMAIN_NUMATUNE_PLACEMENT_AUTO)
        mv_xml_attr(w, "placement", "auto");
    else
        mv_xml_attr(w, "nodeset", def->numatune_nodeset);
    mv_xml_empty(w);
    mv_xml_close(w, "numatune");
}

static void format_lifecycle(mv_xml_writer *w, const mv_domain_def *def)
{
    mv_xml_elem_text(w, "on_poweroff", mv_domain_lifecycle_action_to_string(def->on_poweroff));
    mv_xml_elem_text(w, "on_reboot", mv_domain_lifecycle_action_to_string(def->on_reboot));
    mv_xml_elem_text(w, "on_crash", mv_domain_lifecycle_action_to_string(def->on_crash));
}

char *mv_domain_def_format(const mv_domain_def *def, unsigned int flags)
{
    mv_xml_writer w;
    mv_xml_writer_init(&w);
    mv_xml_start(&w, "domain");
    mv_xml_attr(&w, "type", mv_domain_virt_type_to_string(def->virt_type));
    if (def->id >= 0 && !(flags & VIR_DOMAIN_XML_INACTIVE))
        mv_xml_attr_int(&w, "id", def->id);
    mv_xml_children(&w);
    char uuid[VIR_UUID_STRING_BUFLEN];
    mv_uuid_format(def->uuid, uuid);
    mv_xml_elem_text(&w, "name", def->name);
    mv_xml_elem_text(&w, "uuid", uuid);
    mv_xml_elem_text(&w, "title", def->title);
    mv_xml_elem_text(&w, "description", def->description);
    if (def->metadata)
        mv_conf_domain_metadata_format(&w, def->metadata);
    format_memory(&w, def);
    format_vcpu(&w, def);
    mv_conf_domain_format_os(&w, def->os);
    mv_conf_domain_format_idmap(&w, def->idmap);
    mv_conf_domain_format_features(&w, def->features);
    mv_conf_domain_format_cpu(&w, def->cpu);
    mv_conf_domain_format_clock(&w, def->clock);
    format_lifecycle(&w, def);
    if (def->devices)
        mv_domain_devices_format(&w, def, flags);
    mv_xml_close(&w, "domain");
    return mv_xml_writer_finish(&w);
}
