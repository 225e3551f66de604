/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/domain-parse-resources.c — <maxMemory>, <memory>,
 * <currentMemory>, <vcpu> and <numatune><memory>, with libvirt's units,
 * limits and messages; <memtune> and <cputune> (domain-parse-tune.c) in
 * libvirt's order between them. */
#include "core/conf/domain/domain-internal.h"
#include "core/conf/units.h"
#include <modvirt-plugin/error.h>

/* libvirt's largest memory size in KiB (2^53 - 1). */
#define MEMORY_MAX_KIB 9007199254740991ULL
/* Positions in a CPU or NUMA node set. */
#define CPUMASK_BITS 16384

/* Size of element NAME in KiB into OUT (0 when absent or empty). */
static int parse_size(xmlNodePtr root, const char *name, xmlNodePtr *elem,
                      unsigned long long *out)
{
    *out = 0;
    *elem = mv_xml_child(root, name);
    g_autofree char *text = mv_xml_text(*elem);
    if (!text || !*text)
        return 0;
    /* libvirt reads these with strtoull: leading spaces and '+' pass. */
    const char *v = text;
    while (g_ascii_isspace(*v))
        v++;
    if (*v == '+')
        v++;
    g_autofree char *unit = mv_xml_prop(*elem, "unit");
    g_autofree char *where = g_strdup_printf("./%s[1]", name);
    return mv_units_parse(v, unit, 1024, 1024, MEMORY_MAX_KIB, where, out);
}

static int parse_memory(mv_domain_def *def, xmlNodePtr root)
{
    xmlNodePtr e;
    if (parse_size(root, "memory", &e, &def->memory) < 0 ||
        mv_xml_prop_enum(e, "dumpCore", mv_xml_onoff_names, 0, &def->mem_dump_core) < 0 ||
        parse_size(root, "currentMemory", &e, &def->current_memory) < 0 ||
        parse_size(root, "maxMemory", &e, &def->max_memory) < 0)
        return -1;
    g_autofree char *slots = mv_xml_prop(e, "slots");
    if (slots && mv_xml_parse_uint(slots, &def->max_memory_slots) < 0) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR, "Failed to parse memory slot count");
        return -1;
    }
    if ((def->max_memory || def->max_memory_slots) &&
        !(def->max_memory && def->max_memory_slots)) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR,
                        "both maximum memory size and memory slot count must be specified");
        return -1;
    }
    return 0;
}

static int parse_vcpu_count(const char *text, const char *what, unsigned int *out)
{
    if (mv_xml_parse_uint(text, out) == 0)
        return 0;
    mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR, "%s vcpus count must be an integer", what);
    return -1;
}

static int parse_vcpu(mv_domain_def *def, xmlNodePtr vcpu, bool *placement_given)
{
    def->vcpus_max = def->vcpus_current = 1;
    if (!vcpu)
        return 0;
    g_autofree char *text = mv_xml_text(vcpu);
    if (parse_vcpu_count(text, "maximum", &def->vcpus_max) < 0)
        return -1;
    def->vcpus_current = def->vcpus_max;
    if (mv_xml_prop_uint(vcpu, "current", 0, &def->vcpus_current) < 0)
        return -1;
    int r = mv_xml_prop_enum(vcpu, "placement", mv_conf_domain_placement_names, 0,
                             &def->vcpu_placement);
    if (r < 0)
        return -1;
    *placement_given = r > 0;
    g_autofree char *cpuset = mv_xml_prop(vcpu, "cpuset");
    if (!cpuset || def->vcpu_placement == MV_DOMAIN_VCPU_PLACEMENT_AUTO)
        return 0;
    bool all, empty;
    def->vcpu_cpuset = mv_conf_domain_bitmap_canon(cpuset, CPUMASK_BITS, &all, &empty);
    if (!def->vcpu_cpuset)
        return -1;
    if (empty) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                        "Invalid value of 'cpuset': %s", cpuset);
        return -1;
    }
    if (all)
        g_clear_pointer(&def->vcpu_cpuset, g_free);
    return 0;
}

static int parse_numatune(mv_domain_def *def, xmlNodePtr mem, bool vcpu_placement_given)
{
    bool vcpu_auto = def->vcpu_placement == MV_DOMAIN_VCPU_PLACEMENT_AUTO;
    if (!mem) {
        if (vcpu_auto)
            def->numatune_placement = MV_DOMAIN_NUMATUNE_PLACEMENT_AUTO;
        return 0;
    }
    g_autofree char *mode = mv_xml_prop(mem, "mode");
    if (mode && (def->numatune_mode = mv_conf_enum_from(mv_conf_domain_numatune_mode_names,
                                                        mode)) < 0) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                        "Unsupported NUMA memory tuning mode '%s'", mode);
        return -1;
    }
    g_autofree char *placement = mv_xml_prop(mem, "placement");
    int p = placement ? mv_conf_enum_from(mv_conf_domain_numatune_placement_names, placement) : 0;
    if (p < 0) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                        "Unsupported numatune placement '%s'", placement);
        return -1;
    }
    g_autofree char *nodeset = mv_xml_prop(mem, "nodeset");
    if (p == MV_DOMAIN_NUMATUNE_PLACEMENT_DEFAULT)
        p = nodeset || !vcpu_auto ? MV_DOMAIN_NUMATUNE_PLACEMENT_STATIC
                                  : MV_DOMAIN_NUMATUNE_PLACEMENT_AUTO;
    def->numatune_placement = p;
    if (p == MV_DOMAIN_NUMATUNE_PLACEMENT_AUTO) {
        if (!vcpu_placement_given)
            def->vcpu_placement = MV_DOMAIN_VCPU_PLACEMENT_AUTO;
        return 0;
    }
    if (!nodeset) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                        "nodeset for NUMA memory tuning must be set if 'placement' is 'static'");
        return -1;
    }
    bool all, empty;
    def->numatune_nodeset = mv_conf_domain_bitmap_canon(nodeset, CPUMASK_BITS, &all, &empty);
    return def->numatune_nodeset ? 0 : -1;
}

int mv_conf_domain_parse_resources(mv_domain_def *def, xmlNodePtr root)
{
    bool placement_given = false;
    if (parse_memory(def, root) < 0 ||
        mv_conf_domain_parse_blkiotune(def, root) < 0 ||
        mv_conf_domain_parse_memtune(def, root) < 0 ||
        parse_vcpu(def, mv_xml_child(root, "vcpu"), &placement_given) < 0 ||
        mv_conf_domain_parse_iothreads(def, root) < 0 ||
        mv_conf_domain_parse_cputune(def, root) < 0)
        return -1;
    xmlNodePtr numatune = mv_xml_child(root, "numatune");
    return parse_numatune(def, mv_xml_child(numatune, "memory"), placement_given);
}
