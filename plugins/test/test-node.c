/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-node.c — the <node> document of libvirt's test driver:
 * host info (<cpu>, <memory>) and the objects a state starts with, inline
 * or by file= (relative to the node file). Definitions are handed to the
 * conf parsers; only the node's own elements are read here. */
#include "test-state.h"

#include <stdlib.h>
#include <string.h>

#define MV_TEST_NS "http://libvirt.org/schemas/domain/test/1.0"

const char mv_test_default_node_xml[] =
    "<node>\n"
    "  <domain type='test'>\n"
    "    <name>test</name>\n"
    "    <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>\n"
    "    <memory>8388608</memory>\n"
    "    <currentMemory>2097152</currentMemory>\n"
    "    <vcpu>2</vcpu>\n"
    "    <os><type>hvm</type></os>\n"
    "    <devices>\n"
    "      <disk type='file' device='disk'>\n"
    "        <source file='/guest/diskimage1'/>\n"
    "        <target dev='vda' bus='virtio'/>\n"
    "        <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n"
    "      </disk>\n"
    "      <interface type='network'>\n"
    "        <mac address='aa:bb:cc:dd:ee:ff'/>\n"
    "        <source network='default'/>\n"
    "        <target dev='testnet0'/>\n"
    "        <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n"
    "      </interface>\n"
    "      <memballoon model='virtio'>\n"
    "        <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n"
    "      </memballoon>\n"
    "    </devices>\n"
    "  </domain>\n"
    "  <network>\n"
    "    <name>default</name>\n"
    "    <uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid>\n"
    "    <bridge name='virbr0'/>\n"
    "    <forward/>\n"
    "    <ip address='192.168.122.1' netmask='255.255.255.0'>\n"
    "      <dhcp>\n"
    "        <range start='192.168.122.2' end='192.168.122.254'/>\n"
    "      </dhcp>\n"
    "    </ip>\n"
    "  </network>\n"
    "  <interface type='ethernet' name='eth1'>\n"
    "    <start mode='onboot'/>\n"
    "    <mac address='aa:bb:cc:dd:ee:ff'/>\n"
    "    <mtu size='1492'/>\n"
    "    <protocol family='ipv4'>\n"
    "      <ip address='192.168.0.5' prefix='24'/>\n"
    "      <route gateway='192.168.0.1'/>\n"
    "    </protocol>\n"
    "  </interface>\n"
    "  <pool type='dir'>\n"
    "    <name>default-pool</name>\n"
    "    <uuid>dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566</uuid>\n"
    "    <target>\n"
    "      <path>/default-pool</path>\n"
    "    </target>\n"
    "  </pool>\n"
    "</node>\n";

char *mv_test_file_read(const char *path)
{
    g_autofree char *cause = NULL;
    size_t len;
    bool opened;
    char *text = mv_test_file_load(path, MV_TEST_FILE_MAX, &len, &opened, &cause);

    if (text)
        return text;
    /* libvirt's own text when the file cannot be opened; the cause added
     * for what libvirt would have tried to parse (a FIFO, a device). */
    if (!opened)
        mv_error_report(VIR_FROM_TEST, VIR_ERR_XML_ERROR,
                        "failed to parse xml document '%s'", path);
    else
        mv_error_report(VIR_FROM_TEST, VIR_ERR_XML_ERROR,
                        "failed to parse xml document '%s': %s", path, cause);
    return NULL;
}

/* The element of an object: itself, or the root of the file its file=
 * names. *DOC receives the document to free, if one was read. */
static mv_xml_node *mv_test_node_resolve(mv_xml_node *n, const char *base_dir,
                                         const char *root, mv_xml_doc **doc)
{
    g_autofree char *file = mv_xml_node_prop(n, "file");
    g_autofree char *path = NULL;

    *doc = NULL;
    if (!file)
        return n;
    path = g_path_is_absolute(file) || !base_dir ? g_strdup(file)
                                                 : g_build_filename(base_dir, file, NULL);
    g_autofree char *text = mv_test_file_read(path);
    if (!text || !(*doc = mv_xml_doc_parse(text, root, path, VIR_FROM_TEST)))
        return NULL;
    return mv_xml_doc_root(*doc);
}

/* An unsigned number in <NAME> under N, or KEEP when absent. */
static int mv_test_node_uint(mv_xml_node *n, const char *name, unsigned long long *out)
{
    mv_xml_node *c = mv_xml_node_child(n, name);
    g_autofree char *text = c ? mv_xml_node_text(c) : NULL;
    char *end = NULL;
    unsigned long long v;

    if (!text)
        return 0;
    v = g_ascii_strtoull(g_strstrip(text), &end, 10);
    if (!*text || *end || text[0] == '-') {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_XML_ERROR,
                        "invalid node %s value '%s'", name, text);
        return -1;
    }
    *out = v;
    return 0;
}

static int mv_test_node_cpu(mv_test_state *st, mv_xml_node *root)
{
    mv_xml_node *cpu = mv_xml_node_child(root, "cpu");
    unsigned long long v[6] = { st->node.nodes, st->node.sockets, st->node.cores,
                                st->node.threads, 0, st->node.mhz };
    static const char *const names[] = { "nodes", "sockets", "cores", "threads",
                                         "active", "mhz" };
    unsigned long long mem = st->node.memory;

    if (cpu) {
        mv_xml_node *model = mv_xml_node_child(cpu, "model");
        g_autofree char *text = model ? mv_xml_node_text(model) : NULL;

        for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
            if (mv_test_node_uint(cpu, names[i], &v[i]) < 0)
                return -1;
        st->node.nodes = v[0];
        st->node.sockets = v[1];
        st->node.cores = v[2];
        st->node.threads = v[3];
        st->node.cpus = v[4] ? v[4] : v[0] * v[1] * v[2] * v[3];
        st->node.mhz = v[5];
        if (text)
            g_strlcpy(st->node.model, text, sizeof(st->node.model));
    }
    if (mv_test_node_uint(root, "memory", &mem) < 0)
        return -1;
    st->node.memory = mem;
    return 0;
}

/* The test: namespace elements of a <domain>. */
typedef struct mv_test_node_dom_opts {
    int runstate;
    bool transient;
    bool managed_save;
} mv_test_node_dom_opts;

static int mv_test_node_dom_opts_read(mv_xml_node *dom, mv_test_node_dom_opts *o)
{
    o->runstate = VIR_DOMAIN_RUNNING;
    o->transient = o->managed_save = false;
    for (mv_xml_node *c = mv_xml_node_child(dom, NULL); c; c = mv_xml_node_next(c, NULL)) {
        const char *ns = mv_xml_node_ns(c), *name = mv_xml_node_name(c);

        if (!ns || strcmp(ns, MV_TEST_NS) != 0)
            continue;
        if (strcmp(name, "transient") == 0) {
            o->transient = true;
        } else if (strcmp(name, "hasmanagedsave") == 0) {
            o->managed_save = true;
        } else if (strcmp(name, "runstate") == 0) {
            g_autofree char *text = mv_xml_node_text(c);
            char *end = NULL;
            long v = text ? strtol(text, &end, 10) : -1;
            if (!text || !*text || *end || v <= VIR_DOMAIN_NOSTATE || v > VIR_DOMAIN_PMSUSPENDED) {
                mv_error_report(VIR_FROM_TEST, VIR_ERR_XML_ERROR,
                                "Domain state %s is not valid", text ? text : "");
                return -1;
            }
            o->runstate = (int)v;
        }
    }
    if (o->transient && o->runstate == VIR_DOMAIN_SHUTOFF) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_XML_ERROR,
                        "transient domain cannot have runstate 'shutoff'");
        return -1;
    }
    if (o->managed_save && o->runstate != VIR_DOMAIN_SHUTOFF) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_XML_ERROR,
                        "domain with managedsave data can only have runstate 'shutoff'");
        return -1;
    }
    return 0;
}

static int mv_test_node_domain(mv_test_state *st, mv_xml_node *n)
{
    mv_test_node_dom_opts opts;
    g_autofree char *text = mv_xml_node_serialize(n);
    mv_domain_def *def;
    mv_domain_obj *d;

    if (mv_test_node_dom_opts_read(n, &opts) < 0)
        return -1;
    if (!(def = mv_domain_def_parse(text, &mv_test_xmlopt, MV_DOMAIN_PARSE_INACTIVE)))
        return -1;
    /* As libvirt's test driver, a definition: the duplicate rules of a
     * define, and a transient domain is one that started without one. */
    if (!(d = mv_domain_list_add(st->doms, def,
                                 opts.transient ? MV_DOMAIN_LIST_ADD_LIVE : 0, NULL))) {
        mv_domain_def_free(def);
        return -1;
    }
    d->has_managed_save = opts.managed_save;
    if (opts.runstate != VIR_DOMAIN_SHUTOFF) {
        mv_test_dom_set_running(st, d, VIR_DOMAIN_RUNNING_UNKNOWN);
        d->state = opts.runstate;
        d->reason = 0;
    }
    return 0;
}

static int mv_test_node_network(mv_test_state *st, mv_xml_node *n)
{
    g_autofree char *text = mv_xml_node_serialize(n);
    mv_network_def *def = mv_network_def_parse(text, 0);
    mv_test_net *net;

    if (!def)
        return -1;
    net = g_new0(mv_test_net, 1);
    net->def = def;
    net->active = net->persistent = true;
    g_ptr_array_add(st->nets, net);
    return 0;
}

static int mv_test_node_interface(mv_test_state *st, mv_xml_node *n)
{
    g_autofree char *text = mv_xml_node_serialize(n);
    mv_interface_def *def = mv_interface_def_parse(text, 0);
    mv_test_iface *it;

    if (!def)
        return -1;
    it = g_new0(mv_test_iface, 1);
    it->def = def;
    it->active = true;
    g_ptr_array_add(st->ifaces, it);
    return 0;
}

static int mv_test_node_pool(mv_test_state *st, mv_xml_node *n, const char *base_dir)
{
    g_autofree char *text = mv_xml_node_serialize(n);
    mv_storage_pool_def *def = mv_storage_pool_def_parse(text, 0);
    mv_test_pool *pool;

    if (!def)
        return -1;
    pool = g_new0(mv_test_pool, 1);
    pool->def = def;
    pool->active = pool->persistent = true;
    pool->vols = g_ptr_array_new_with_free_func((GDestroyNotify)mv_storage_vol_def_free);
    g_ptr_array_add(st->pools, pool);
    for (mv_xml_node *v = mv_xml_node_child(n, "volume"); v; v = mv_xml_node_next(v, "volume")) {
        mv_xml_doc *doc = NULL;
        mv_xml_node *vn = mv_test_node_resolve(v, base_dir, "volume", &doc);
        g_autofree char *vtext = vn ? mv_xml_node_serialize(vn) : NULL;
        mv_storage_vol_def *vol = vtext ? mv_storage_vol_def_parse(def, vtext, 0) : NULL;

        mv_xml_doc_free(doc);
        if (!vol)
            return -1;
        g_ptr_array_add(pool->vols, vol);
    }
    mv_test_pool_refresh_sizes(pool);
    return 0;
}

/* Each kind of object of the node document, by element name. */
static int mv_test_node_object(mv_test_state *st, const char *kind, mv_xml_node *n,
                               const char *base_dir)
{
    if (strcmp(kind, "domain") == 0)
        return mv_test_node_domain(st, n);
    if (strcmp(kind, "network") == 0)
        return mv_test_node_network(st, n);
    if (strcmp(kind, "interface") == 0)
        return mv_test_node_interface(st, n);
    return mv_test_node_pool(st, n, base_dir);
}

int mv_test_node_load(mv_test_state *st, const char *xml, const char *base_dir)
{
    static const char *const kinds[] = { "domain", "network", "interface", "pool" };
    const char *what = st->path ? st->path : "node_definition";
    mv_xml_doc *doc = mv_xml_doc_parse(xml, "node", what, VIR_FROM_TEST);
    mv_xml_node *root;
    int ret = -1;

    if (!doc)
        return -1;
    root = mv_xml_doc_root(doc);
    if (mv_test_node_cpu(st, root) < 0)
        goto out;
    for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
        for (mv_xml_node *n = mv_xml_node_child(root, kinds[k]); n;
             n = mv_xml_node_next(n, kinds[k])) {
            mv_xml_doc *sub = NULL;
            mv_xml_node *obj = mv_test_node_resolve(n, base_dir, kinds[k], &sub);
            int r = obj ? mv_test_node_object(st, kinds[k], obj, base_dir) : -1;

            mv_xml_doc_free(sub);
            if (r < 0)
                goto out;
        }
    }
    ret = 0;
out:
    mv_xml_doc_free(doc);
    return ret;
}
