/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/domain-parse-cpu.c — <cpu> (mode, match, check, model,
 * vendor, topology, features) and <clock> (offset and timers). CPU errors
 * come from libvirt's CPU module (VIR_FROM_CPU), as there. */
#include "core/conf/domain/domain-internal.h"
#include <modvirt-plugin/error.h>

#include <string.h>

static int cpu_error(int code, const char *msg)
{
    mv_error_report(VIR_FROM_CPU, code, "%s", msg);
    return -1;
}

static int parse_topology(mv_domain_cpu_def *cpu, xmlNodePtr topo)
{
    static const char *const names[] = { "sockets", "dies", "cores", "threads" };
    unsigned int *slots[] = { &cpu->sockets, &cpu->dies, &cpu->cores, &cpu->threads };
    cpu->dies = 1;
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        /* dies is the only optional one */
        unsigned int flags = MV_XML_PROP_NONZERO | (i != 1 ? MV_XML_PROP_REQUIRED : 0);
        if (mv_xml_prop_uint(topo, names[i], flags, slots[i]) < 0)
            return -1;
    }
    return 0;
}

static int parse_cpu_features(mv_domain_cpu_def *cpu, xmlNodePtr node)
{
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    GPtrArray *list = g_ptr_array_new();
    int r = 0;
    for (xmlNodePtr f = mv_xml_child(node, "feature"); f && r == 0; f = mv_xml_next(f)) {
        g_autofree char *policy = mv_xml_prop(f, "policy");
        mv_domain_cpu_feature *feat = g_new0(mv_domain_cpu_feature, 1);
        g_ptr_array_add(list, feat);
        feat->name = mv_xml_prop(f, "name");
        feat->policy = policy ? mv_conf_enum_from(mv_conf_domain_cpu_policy_names, policy)
                              : MV_DOMAIN_CPU_FEATURE_REQUIRE;
        if (feat->policy < 0)
            r = cpu_error(VIR_ERR_CONFIG_UNSUPPORTED, "Invalid CPU feature policy");
        else if (!feat->name || !*feat->name)
            r = cpu_error(VIR_ERR_XML_ERROR, "Invalid CPU feature name");
        else if (!g_hash_table_add(seen, feat->name)) {
            mv_error_report(VIR_FROM_CPU, VIR_ERR_XML_ERROR,
                            "CPU feature '%s' specified more than once", feat->name);
            r = -1;
        }
    }
    cpu->nfeatures = list->len;
    cpu->features = (mv_domain_cpu_feature **)g_ptr_array_free(list, FALSE);
    return r;
}

static int parse_cpu_model(mv_domain_cpu_def *cpu, xmlNodePtr node)
{
    xmlNodePtr model = mv_xml_child(node, "model");
    cpu->model = mv_xml_text(model);
    if (cpu->model && !*cpu->model)
        g_clear_pointer(&cpu->model, g_free);
    g_autofree char *fallback = mv_xml_prop(model, "fallback");
    if (fallback && (cpu->fallback = mv_conf_enum_from(mv_conf_domain_cpu_fallback_names,
                                                       fallback)) < 0)
        return cpu_error(VIR_ERR_CONFIG_UNSUPPORTED, "Invalid fallback attribute");
    cpu->vendor = mv_xml_child_text(node, "vendor");
    if (cpu->mode != MV_DOMAIN_CPU_MODE_CUSTOM) {
        /* libvirt keeps no model for host CPU modes. */
        g_clear_pointer(&cpu->model, g_free);
        cpu->fallback = MV_DOMAIN_CPU_FALLBACK_ALLOW;
        cpu->match = MV_DOMAIN_CPU_MATCH_NONE;
    }
    if (cpu->vendor && !cpu->model)
        return cpu_error(VIR_ERR_XML_ERROR, "CPU vendor specified without CPU model");
    return 0;
}

int mv_conf_domain_parse_cpu(mv_domain_def *def, xmlNodePtr node)
{
    mv_domain_cpu_def *cpu = def->cpu = g_new0(mv_domain_cpu_def, 1);
    g_autofree char *mode = mv_xml_prop(node, "mode");
    if (mode && (cpu->mode = mv_domain_cpu_mode_from_string(mode)) < 0) {
        mv_error_report(VIR_FROM_CPU, VIR_ERR_CONFIG_UNSUPPORTED, "Invalid mode attribute '%s'", mode);
        return -1;
    }
    if (mv_xml_prop_enum(node, "match", mv_conf_domain_cpu_match_names, 0, &cpu->match) < 0 ||
        mv_xml_prop_enum(node, "check", mv_conf_domain_cpu_check_names, 0, &cpu->check) < 0 ||
        mv_xml_prop_enum(node, "migratable", mv_xml_onoff_names, 0, &cpu->migratable) < 0 ||
        parse_cpu_model(cpu, node) < 0)
        return -1;
    xmlNodePtr topo = mv_xml_child(node, "topology");
    if (topo && parse_topology(cpu, topo) < 0)
        return -1;
    if (parse_cpu_features(cpu, node) < 0)
        return -1;
    if (cpu->nfeatures && !cpu->model && cpu->mode == MV_DOMAIN_CPU_MODE_CUSTOM)
        return cpu_error(VIR_ERR_XML_ERROR, "Non-empty feature list specified without CPU model");
    if (cpu->model && !cpu->match)
        cpu->match = MV_DOMAIN_CPU_MATCH_EXACT;
    if (cpu->mode == MV_DOMAIN_CPU_MODE_CUSTOM && !cpu->model && !cpu->sockets)
        g_clear_pointer(&def->cpu, mv_conf_domain_cpu_free);
    return 0;
}

static int parse_timer(mv_domain_timer *t, xmlNodePtr node)
{
    if (mv_xml_prop_enum(node, "name", mv_conf_domain_timer_names, MV_XML_PROP_REQUIRED,
                         &t->name) < 0 ||
        mv_xml_prop_enum(node, "present", mv_xml_yesno_names, 0, &t->present) < 0 ||
        mv_xml_prop_enum(node, "tickpolicy", mv_conf_domain_tickpolicy_names, 0,
                         &t->tickpolicy) < 0 ||
        mv_xml_prop_enum(node, "track", mv_conf_domain_track_names, 0, &t->track) < 0 ||
        mv_xml_prop_enum(node, "mode", mv_conf_domain_timer_mode_names, 0, &t->mode) < 0)
        return -1;
    g_autofree char *freq = mv_xml_prop(node, "frequency");
    if (freq && mv_xml_parse_ull(freq, &t->frequency) < 0) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR, "invalid timer frequency");
        return -1;
    }
    return 0;
}

static bool parse_ll(const char *s, long long *out)
{
    gint64 v;
    if (!s || !g_ascii_string_to_signed(s, 10, G_MININT64, G_MAXINT64, &v, NULL))
        return false;
    *out = v;
    return true;
}

static int parse_clock_offset(mv_domain_clock_def *c, xmlNodePtr node)
{
    g_autofree char *adj = mv_xml_prop(node, "adjustment");
    switch (c->offset) {
    case MV_DOMAIN_CLOCK_UTC:
    case MV_DOMAIN_CLOCK_LOCALTIME:
        if (!adj)
            return 0;
        if (!strcmp(adj, "reset")) {
            c->adjustment_reset = 1;
            return 0;
        }
        if (parse_ll(adj, &c->adjustment)) {
            c->basis = c->offset == MV_DOMAIN_CLOCK_UTC ? 0 : 1;
            c->offset = MV_DOMAIN_CLOCK_VARIABLE;
            return 0;
        }
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                        "unknown clock adjustment '%s'", adj);
        return -1;
    case MV_DOMAIN_CLOCK_VARIABLE: {
        /* libvirt reads an unparsable adjustment as 0. */
        if (!parse_ll(adj, &c->adjustment))
            c->adjustment = 0;
        g_autofree char *basis = mv_xml_prop(node, "basis");
        if (basis && (c->basis = mv_conf_enum_from(mv_conf_domain_clock_basis_names, basis)) < 0) {
            mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                            "unknown clock basis '%s'", basis);
            return -1;
        }
        return 0;
    }
    case MV_DOMAIN_CLOCK_TIMEZONE:
        if (!(c->timezone = mv_xml_prop(node, "timezone"))) {
            mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR,
                            "missing 'timezone' attribute for clock with offset='timezone'");
            return -1;
        }
        return 0;
    default: {
        g_autofree char *start = mv_xml_prop(node, "start");
        if (!start || mv_xml_parse_ull(start, &c->start) < 0) {
            mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR,
                            "missing or invalid 'start' attribute for clock with offset='absolute'");
            return -1;
        }
        return 0;
    }
    }
}

int mv_conf_domain_parse_clock(mv_domain_def *def, xmlNodePtr node)
{
    mv_domain_clock_def *c = def->clock;
    g_autofree char *offset = mv_xml_prop(node, "offset");
    if (offset && (c->offset = mv_domain_clock_offset_from_string(offset)) < 0) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                        "unknown clock offset '%s'", offset);
        return -1;
    }
    if (parse_clock_offset(c, node) < 0)
        return -1;
    GPtrArray *timers = g_ptr_array_new();
    int r = 0;
    for (xmlNodePtr t = mv_xml_child(node, "timer"); t && r == 0; t = mv_xml_next(t)) {
        mv_domain_timer *timer = g_new0(mv_domain_timer, 1);
        g_ptr_array_add(timers, timer);
        r = parse_timer(timer, t);
    }
    c->ntimers = timers->len;
    c->timers = (mv_domain_timer **)g_ptr_array_free(timers, FALSE);
    return r;
}
