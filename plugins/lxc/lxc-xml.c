/* plugins/lxc/lxc-xml.c — container definitions: the core's parser with
 * the LXC driver's checks and defaults, plus the elements the core does not
 * keep (<cputune><shares>, <idmap>) and our settings in <metadata>
 * (<lxc:limits pids='N' cgroupns='yes'/> in MV_LXC_META_NS), read from the
 * XML text and written back into the formatted definition. */
#include "lxc.h"

#include <modvirt-plugin/xml.h>

#include <string.h>

static int lxc_error(int code, const char *msg)
{
    mv_error_report(MV_LXC_ERR, code, "%s", msg);
    return -1;
}

static int lxc_post_parse(mv_domain_def *def, unsigned int flags, void *opaque)
{
    (void)flags;
    (void)opaque;
    mv_domain_os_def *os = def->os;
    mv_domain_devices *devs = def->devices;
    if (!os->type || strcmp(os->type, "exe") != 0) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                        "unsupported OS type '%s': containers need <type>exe</type>",
                        os->type ? os->type : "");
        return -1;
    }
    if (!os->init)
        os->init = g_strdup("/sbin/init");
    if (os->init[0] != '/')
        return lxc_error(VIR_ERR_CONFIG_UNSUPPORTED, "init path must be absolute");
    if (os->initdir && os->initdir[0] != '/')
        return lxc_error(VIR_ERR_CONFIG_UNSUPPORTED, "initdir must be an absolute path");
    if (os->inituser || os->initgroup)
        return lxc_error(VIR_ERR_CONFIG_UNSUPPORTED,
                         "<inituser> and <initgroup> are not supported by this driver");
    if (devs->ndisks)
        return lxc_error(VIR_ERR_CONFIG_UNSUPPORTED, "disks are not supported by the lxc driver");
    if (devs->ngraphics)
        return lxc_error(VIR_ERR_CONFIG_UNSUPPORTED, "graphics are not supported by the lxc driver");
    for (size_t i = 0; i < devs->nconsoles; i++)
        if (devs->consoles[i]->type != MV_DOMAIN_CHR_TYPE_PTY)
            return lxc_error(VIR_ERR_CONFIG_UNSUPPORTED, "Only PTY console types are supported");
    if (devs->nconsoles > 1)
        return lxc_error(VIR_ERR_CONFIG_UNSUPPORTED, "only one console is supported");
    for (size_t i = 0; i < devs->nconsoles; i++) {
        mv_domain_chr_def *c = devs->consoles[i];
        if (!c->target_type)
            c->target_type = g_strdup("lxc");   /* as libvirt's LXC driver */
        if (strcmp(c->target_type, "lxc") != 0)
            return lxc_error(VIR_ERR_CONFIG_UNSUPPORTED,
                             "only the 'lxc' console target type is supported");
        if (c->target_port < 0)
            c->target_port = 0;
    }
    for (size_t i = 0; i < devs->nnets; i++) {
        mv_domain_net_type t = devs->nets[i]->type;
        if (t != MV_DOMAIN_NET_TYPE_NETWORK && t != MV_DOMAIN_NET_TYPE_BRIDGE &&
            t != MV_DOMAIN_NET_TYPE_ETHERNET) {
            mv_error_report(MV_LXC_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                            "unsupported network type '%s' for a container",
                            mv_domain_net_type_to_string(t));
            return -1;
        }
    }
    for (size_t i = 0; i < devs->nfilesystems; i++) {
        const mv_domain_fs_def *fs = devs->filesystems[i];
        if (fs->accessmode != MV_DOMAIN_FS_ACCESS_PASSTHROUGH)
            return lxc_error(VIR_ERR_CONFIG_UNSUPPORTED,
                             "only passthrough access mode is supported for filesystems");
        if (!fs->src_dir || !fs->dst || fs->src_dir[0] != '/' || fs->dst[0] != '/') {
            mv_error_report(MV_LXC_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                            "filesystem source and target must be absolute paths ('%s' -> '%s')",
                            fs->src_dir ? fs->src_dir : "", fs->dst ? fs->dst : "");
            return -1;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(devs->filesystems[j]->dst, fs->dst) == 0) {
                mv_error_report(MV_LXC_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                                "two filesystems have the target '%s'", fs->dst);
                return -1;
            }
    }
    return 0;
}

const mv_domain_xmlopt mv_lxc_xmlopt = {
    .size = sizeof(mv_domain_xmlopt),
    .virt_types = (const char *const[]){ "lxc", NULL },
    .post_parse = lxc_post_parse,
};

static int parse_ull(const char *s, unsigned long long *out, const char *what)
{
    char *end = NULL;
    if (s && *s && *s != '-') {
        *out = g_ascii_strtoull(s, &end, 10);
        if (end && !*end)
            return 0;
    }
    mv_error_report(MV_LXC_ERR, VIR_ERR_XML_ERROR, "invalid %s '%s'", what, s ? s : "");
    return -1;
}

static int parse_idmap(mv_xml_node *idmap, const char *kind, mv_lxc_idmap *maps, size_t *n)
{
    for (mv_xml_node *m = mv_xml_node_child(idmap, kind); m; m = mv_xml_node_next(m, kind)) {
        g_autofree char *start = mv_xml_node_prop(m, "start");
        g_autofree char *target = mv_xml_node_prop(m, "target");
        g_autofree char *count = mv_xml_node_prop(m, "count");
        unsigned long long s, t, c;
        if (parse_ull(start, &s, "idmap start") < 0 || parse_ull(target, &t, "idmap target") < 0 ||
            parse_ull(count, &c, "idmap count") < 0)
            return -1;
        if (*n >= 8)
            return lxc_error(VIR_ERR_CONFIG_UNSUPPORTED, "at most 8 idmap entries per kind");
        if (c == 0 || s > G_MAXUINT32 || t > G_MAXUINT32 || c > G_MAXUINT32)
            return lxc_error(VIR_ERR_XML_ERROR, "invalid idmap entry");
        maps[(*n)++] = (mv_lxc_idmap){ (unsigned)s, (unsigned)t, (unsigned)c };
    }
    return 0;
}

static int parse_limits(const mv_domain_def *def, mv_lxc_extra *ex)
{
    g_autofree char *meta = mv_domain_def_get_metadata(def, MV_LXC_META_NS);
    if (!meta)
        return 0;
    mv_xml_doc *doc = mv_xml_doc_parse(meta, "limits", "lxc limits metadata", MV_LXC_ERR);
    if (!doc)
        return -1;
    mv_xml_node *root = mv_xml_doc_root(doc);
    g_autofree char *pids = mv_xml_node_prop(root, "pids");
    g_autofree char *cgns = mv_xml_node_prop(root, "cgroupns");
    int ret = 0;
    if (pids && (parse_ull(pids, &ex->pids_max, "pids limit") < 0 || ex->pids_max == 0))
        ret = lxc_error(VIR_ERR_XML_ERROR, "the pids limit must be a positive number");
    ex->cgroupns = cgns && (strcmp(cgns, "yes") == 0 || strcmp(cgns, "on") == 0);
    mv_xml_doc_free(doc);
    return ret;
}

/* The elements the core's parser drops, from the text of XML. */
static int parse_extra(const char *xml, const mv_domain_def *def, mv_lxc_extra *ex)
{
    memset(ex, 0, sizeof(*ex));
    mv_xml_doc *doc = mv_xml_doc_parse(xml, "domain", "domain", MV_LXC_ERR);
    if (!doc)
        return -1;
    mv_xml_node *root = mv_xml_doc_root(doc);
    int ret = 0;
    mv_xml_node *cputune = mv_xml_node_child(root, "cputune");
    mv_xml_node *shares = cputune ? mv_xml_node_child(cputune, "shares") : NULL;
    if (shares) {
        g_autofree char *v = mv_xml_node_text(shares);
        if (parse_ull(v ? g_strstrip(v) : NULL, &ex->cpu_shares, "cpu shares") < 0)
            ret = -1;
    }
    mv_xml_node *idmap = mv_xml_node_child(root, "idmap");
    if (ret == 0 && idmap &&
        (parse_idmap(idmap, "uid", ex->uid, &ex->nuid) < 0 ||
         parse_idmap(idmap, "gid", ex->gid, &ex->ngid) < 0))
        ret = -1;
    if (ret == 0 && idmap && (!ex->nuid || !ex->ngid))
        ret = lxc_error(VIR_ERR_XML_ERROR, "an idmap needs both uid and gid entries");
    for (size_t i = 0; ret == 0 && i < ex->nuid; i++)
        if (ex->uid[i].start == 0)
            goto root_ok;
    if (ret == 0 && idmap)
        ret = lxc_error(VIR_ERR_CONFIG_UNSUPPORTED, "the idmap must map uid 0 of the container");
root_ok:
    mv_xml_doc_free(doc);
    if (ret == 0)
        ret = parse_limits(def, ex);
    return ret;
}

mv_domain_def *mv_lxc_parse(const char *xml, unsigned int parse_flags, mv_lxc_extra *ex)
{
    mv_domain_def *def = mv_domain_def_parse(xml, &mv_lxc_xmlopt, parse_flags);
    if (!def)
        return NULL;
    if (parse_extra(xml, def, ex) < 0) {
        mv_domain_def_free(def);
        return NULL;
    }
    return def;
}

/* Inserts TEXT after the first line of S containing AFTER, else before
 * the line containing BEFORE. */
static void insert_lines(GString *s, const char *after, const char *before, const char *text)
{
    const char *p = strstr(s->str, after);
    if (p) {
        const char *nl = strchr(p, '\n');
        g_string_insert(s, nl ? nl - s->str + 1 : (gssize)s->len, text);
        return;
    }
    p = strstr(s->str, before);
    while (p && p != s->str && p[-1] != '\n')
        p--;
    g_string_insert(s, p ? p - s->str : (gssize)s->len, text);
}

char *mv_lxc_format(const mv_domain_def *def, const mv_lxc_extra *ex, unsigned int flags)
{
    char *xml = mv_domain_def_format(def, flags);
    if (!xml || (!ex->cpu_shares && !ex->nuid))
        return xml;
    GString *s = g_string_new(xml);
    g_free(xml);
    if (ex->nuid) {
        GString *m = g_string_new("  <idmap>\n");
        for (size_t i = 0; i < ex->nuid; i++)
            g_string_append_printf(m, "    <uid start='%u' target='%u' count='%u'/>\n",
                                   ex->uid[i].start, ex->uid[i].target, ex->uid[i].count);
        for (size_t i = 0; i < ex->ngid; i++)
            g_string_append_printf(m, "    <gid start='%u' target='%u' count='%u'/>\n",
                                   ex->gid[i].start, ex->gid[i].target, ex->gid[i].count);
        g_string_append(m, "  </idmap>\n");
        insert_lines(s, "</os>", "<devices", m->str);
        g_string_free(m, TRUE);
    }
    if (ex->cpu_shares) {
        g_autofree char *t = g_strdup_printf("  <cputune>\n    <shares>%llu</shares>\n  </cputune>\n",
                                             ex->cpu_shares);
        insert_lines(s, "</vcpu>", "<os>", t);
    }
    return g_string_free(s, FALSE);
}
