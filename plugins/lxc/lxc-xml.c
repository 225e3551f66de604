/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/lxc/lxc-xml.c — container definitions: the core's parser with
 * the LXC driver's checks and defaults (the core keeps <cputune>, <memtune>
 * and <idmap> since plugin ABI 1.1, and checks the id maps as libvirt
 * does), plus our settings in <metadata> (<lxc:limits pids='N'
 * cgroupns='yes'/> in MV_LXC_META_NS), which the core formats back. */
#include "lxc.h"

#include <modvirt-plugin/xml.h>

#include <string.h>

static int lxc_error(int code, const char *msg)
{
    mv_error_report(MV_LXC_ERR, code, "%s", msg);
    return -1;
}

/* What the supervisor can write to uid_map/gid_map (the core has checked
 * that both exist and map id 0, after this callback, as libvirt does). */
static int check_idmap(const mv_domain_idmap *im)
{
    if (im->nuids > MV_LXC_MAX_IDMAP || im->ngids > MV_LXC_MAX_IDMAP) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                        "at most %d idmap entries per kind are supported", MV_LXC_MAX_IDMAP);
        return -1;
    }
    for (size_t i = 0; i < im->nuids + im->ngids; i++) {
        const mv_domain_idmap_entry *e = i < im->nuids ? im->uids[i] : im->gids[i - im->nuids];
        if (e->count == 0)
            return lxc_error(VIR_ERR_CONFIG_UNSUPPORTED, "idmap entries need a non-zero count");
    }
    return 0;
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
    return check_idmap(def->idmap);
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

/* Our settings, from the <metadata> the core keeps. */
int mv_lxc_extra_of(const mv_domain_def *def, mv_lxc_extra *ex)
{
    memset(ex, 0, sizeof(*ex));
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

mv_domain_def *mv_lxc_parse(const char *xml, unsigned int parse_flags, mv_lxc_extra *ex)
{
    mv_domain_def *def = mv_domain_def_parse(xml, &mv_lxc_xmlopt, parse_flags);
    if (!def)
        return NULL;
    /* The name becomes file names in the state dirs. */
    if (mv_path_check_name(def->name, "domain", MV_LXC_ERR) < 0 || mv_lxc_extra_of(def, ex) < 0) {
        mv_domain_def_free(def);
        return NULL;
    }
    return def;
}
