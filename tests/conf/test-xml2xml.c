/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/conf/test-xml2xml.c — the data-driven definition tests.
 *
 * For every kind, each tests/conf/<kind>xml2xml/in/NAME.xml is parsed and
 * formatted and must equal out/NAME.xml (or the input itself when there is
 * no out file) byte for byte; the output, parsed and formatted again, must
 * not change. Each tests/conf/errors/<kind>/NAME.xml starts with
 * `<!-- expect code=N domain=N msg="..." -->` and must fail to parse with
 * that error. Adding a case is adding a file. MV_TEST_REGENERATE=1 rewrites
 * the out files from the current output (review the diff!). The expected
 * outputs and errors come from libvirt 9.0's test:///default (define, then
 * dumpxml --inactive).
 *
 * /domain/tune checks what plugins read of <cputune>, <memtune> and <idmap>
 * (plugin ABI 1.1), and a negative quota libvirt keeps but its schema (so
 * an out file) cannot show; /domain/pins the <vcpupin> and <emulatorpin>
 * they read and change (1.2); /domain/iothreads the I/O threads (1.2).
 */
#include <modvirt-plugin/plugin.h>
#include <modvirt-plugin/conf-domain.h>
#include <modvirt-plugin/conf-domain-devices.h>
#include <modvirt-plugin/conf-network.h>
#include <modvirt-plugin/conf-interface.h>
#include <modvirt-plugin/conf-storage.h>

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The defaults libvirt's test driver applies, so that expected outputs can
 * be produced by real libvirt's test:///default. */
static int test_default_video(const mv_domain_def *def, void *opaque)
{
    if (def->virt_type != MV_DOMAIN_VIRT_TEST)
        return MV_DOMAIN_VIDEO_DEFAULT;
    return g_strcmp0(def->os->type, "hvm") == 0 ? MV_DOMAIN_VIDEO_CIRRUS : MV_DOMAIN_VIDEO_XEN;
}

static const mv_domain_xmlopt test_xmlopt = {
    .size = sizeof(mv_domain_xmlopt),
    .default_arch = "i686",
    .default_video = test_default_video,
};

static mv_storage_pool_def *vol_pool;

typedef struct kind {
    const char *name;     /* directory prefix: <name>xml2xml, errors/<name> */
    void *(*parse)(const char *xml);
    char *(*format)(const void *def);
    void (*free)(void *def);
} kind;

static void *dom_parse(const char *x) { return mv_domain_def_parse(x, &test_xmlopt, 0); }
static char *dom_format(const void *d) { return mv_domain_def_format(d, 0); }
static void *net_parse(const char *x) { return mv_network_def_parse(x, 0); }
static char *net_format(const void *d) { return mv_network_def_format(d, 0); }
static void *iface_parse(const char *x) { return mv_interface_def_parse(x, 0); }
static char *iface_format(const void *d) { return mv_interface_def_format(d, 0); }
static void *pool_parse(const char *x) { return mv_storage_pool_def_parse(x, 0); }
static char *pool_format(const void *d) { return mv_storage_pool_def_format(d, 0); }
static void *vol_parse(const char *x) { return mv_storage_vol_def_parse(vol_pool, x, 0); }
static char *vol_format(const void *d) { return mv_storage_vol_def_format(vol_pool, d, 0); }

static const kind kinds[] = {
    { "domain", dom_parse, dom_format, (void (*)(void *))mv_domain_def_free },
    { "network", net_parse, net_format, (void (*)(void *))mv_network_def_free },
    { "interface", iface_parse, iface_format, (void (*)(void *))mv_interface_def_free },
    { "storagepool", pool_parse, pool_format, (void (*)(void *))mv_storage_pool_def_free },
    { "storagevol", vol_parse, vol_format, (void (*)(void *))mv_storage_vol_def_free },
};

typedef struct tcase {
    const kind *k;
    char *in;
    char *out;
} tcase;

static char *slurp(const char *path)
{
    g_autoptr(GError) err = NULL;
    char *data = NULL;
    if (!g_file_get_contents(path, &data, NULL, &err))
        g_error("%s", err->message);
    return data;
}

static char *roundtrip(const kind *k, const char *xml, const char *what)
{
    void *def = k->parse(xml);
    if (!def)
        g_error("%s: parse failed: %s", what, virGetLastErrorMessage());
    char *s = k->format(def);
    k->free(def);
    if (!s)
        g_error("%s: format failed: %s", what, virGetLastErrorMessage());
    return s;
}

static void run_case(gconstpointer data)
{
    const tcase *t = data;
    g_autofree char *in = slurp(t->in);
    g_autofree char *got = roundtrip(t->k, in, t->in);
    const char *outpath = g_file_test(t->out, G_FILE_TEST_EXISTS) ? t->out : t->in;
    if (g_getenv("MV_TEST_REGENERATE")) {
        g_assert_true(g_file_set_contents(t->out, got, -1, NULL));
        outpath = t->out;
    }
    g_autofree char *want = slurp(outpath);
    if (strcmp(got, want) != 0)
        g_error("%s: output differs from %s\n--- want\n%s--- got\n%s", t->in, outpath, want, got);
    /* Formatting is a fixed point: parse(format(x)) formats to the same. */
    g_autofree char *again = roundtrip(t->k, got, outpath);
    if (strcmp(again, got) != 0)
        g_error("%s: second round trip differs\n--- first\n%s--- second\n%s", t->in, got, again);
}

static void run_error(gconstpointer data)
{
    const tcase *t = data;
    g_autofree char *xml = slurp(t->in);
    int code = -1, domain = -1;
    char msg[512] = "";
    if (sscanf(xml, "<!-- expect code=%d domain=%d msg=\"%511[^\"]\"", &code, &domain, msg) < 2)
        g_error("%s: first line must be <!-- expect code=N domain=N msg=\"...\" -->", t->in);
    virResetLastError();
    void *def = t->k->parse(xml);
    if (def) {
        t->k->free(def);
        g_error("%s: parsed, but should fail with code %d", t->in, code);
    }
    virErrorPtr e = virGetLastError();
    g_assert_nonnull(e);
    if (e->code != code || e->domain != domain || (msg[0] && !strstr(e->message, msg)))
        g_error("%s: expected code %d domain %d '%s', got code %d domain %d '%s'",
                t->in, code, domain, msg, e->code, e->domain, e->message);
}

/* What plugins read of <blkiotune> (1.2): the weight, the devices in
 * document order, a negative value wrapped as libvirt's virStrToLong_ui
 * wraps it (libvirt's schema cannot show that, so no out file); the
 * typed-parameter helpers merge and list them as libvirt does. */
static void test_domain_blkiotune(void)
{
    const char *xml =
        "<domain type='test'><name>t</name><memory>1024</memory><os><type>hvm</type></os>"
        "<blkiotune><weight>700</weight><device><path>/dev/sda</path><weight>-5</weight>"
        "<read_bytes_sec>+7</read_bytes_sec></device></blkiotune>"
        "<blkiotune><weight>100</weight><device><path>/dev/sdb</path>"
        "<write_iops_sec>9</write_iops_sec></device></blkiotune></domain>";
    mv_domain_def *def = mv_domain_def_parse(xml, &test_xmlopt, 0);
    g_assert_nonnull(def);
    mv_domain_blkiotune *b = def->blkiotune;
    g_assert_cmpuint(b->weight, ==, 700);
    g_assert_cmpuint(b->ndevices, ==, 2);
    g_assert_cmpstr(b->devices[0].path, ==, "/dev/sda");
    g_assert_cmpuint(b->devices[0].weight, ==, 4294967291U);
    g_assert_cmpuint(b->devices[0].read_bytes, ==, 7);
    g_assert_cmpuint(b->devices[1].write_iops, ==, 9);

    /* A known path takes the value, 0 included; a new one only if not 0. */
    mv_domain_blkio_device *devs;
    size_t n;
    g_assert_cmpint(mv_domain_blkiotune_parse_devices(VIR_DOMAIN_BLKIO_DEVICE_WRITE_IOPS,
                                                      "/dev/sdb,0,/dev/sdc,0,/dev/sdd,3",
                                                      &devs, &n), ==, 0);
    g_assert_cmpuint(n, ==, 3);
    mv_domain_blkiotune_merge(b, VIR_DOMAIN_BLKIO_DEVICE_WRITE_IOPS, devs, n);
    for (size_t i = 0; i < n; i++)
        g_free(devs[i].path);
    g_free(devs);
    g_assert_cmpuint(b->ndevices, ==, 3);
    g_assert_cmpuint(b->devices[1].write_iops, ==, 0);
    g_assert_cmpstr(b->devices[2].path, ==, "/dev/sdd");
    virTypedParameter p[6];
    g_assert_cmpint(mv_domain_blkiotune_params(b, p, 6), ==, 6);
    g_assert_cmpuint(p[0].value.ui, ==, 700);
    g_assert_cmpstr(p[1].value.s, ==, "/dev/sda,4294967291");
    g_assert_cmpstr(p[3].value.s, ==, "/dev/sdd,3");
    g_assert_cmpstr(p[4].value.s, ==, "/dev/sda,7");
    g_assert_cmpstr(p[5].value.s, ==, "");
    virTypedParamsClear(p, 6);
    g_assert_cmpint(mv_domain_blkiotune_params(b, p, 2), ==, 2);
    virTypedParamsClear(p, 2);
    g_autofree char *out = mv_domain_def_format(def, 0);
    g_assert_null(strstr(out, "/dev/sdb"));    /* nothing set any more */
    g_assert_cmpint(mv_domain_blkiotune_parse_devices(VIR_DOMAIN_BLKIO_DEVICE_READ_BPS,
                                                      "/dev/sda,1,/dev/sdb", &devs, &n), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "invalid argument: unable to parse blkio device 'device_read_bytes_sec' "
                    "'/dev/sda,1,/dev/sdb'");
    mv_domain_def_free(def);
}

static void test_domain_tune(void)
{
    const char *xml =
        "<domain type='test'><name>t</name><memory>1024</memory><os><type>hvm</type></os>"
        "<cputune><quota>-2</quota><shares>0</shares></cputune>"
        "<memtune><soft_limit unit='MiB'>1</soft_limit></memtune>"
        "<idmap><uid start='5' target='50' count='1'/><uid start='0' target='9' count='5'/>"
        "<gid start='0' target='9' count='6'/></idmap></domain>";
    mv_domain_def *def = mv_domain_def_parse(xml, &test_xmlopt, 0);
    g_assert_nonnull(def);
    g_assert_cmpint(def->cputune->quota, ==, -2);
    g_assert_cmpint(def->cputune->shares_given, ==, 1);
    g_assert_cmpuint(def->cputune->shares, ==, 0);
    g_assert_cmpuint(def->cputune->period, ==, 0);
    g_assert_cmpuint(def->memtune->soft_limit, ==, 1024);
    g_assert_cmpuint(def->memtune->hard_limit, ==, MV_DOMAIN_MEMORY_UNLIMITED);
    g_assert_cmpuint(def->memtune->swap_hard_limit, ==, MV_DOMAIN_MEMORY_UNLIMITED);
    g_assert_cmpuint(def->memtune->min_guarantee, ==, 0);
    g_assert_cmpuint(def->idmap->nuids, ==, 2);
    g_assert_cmpuint(def->idmap->uids[0]->start, ==, 0);     /* sorted by start */
    g_assert_cmpuint(def->idmap->uids[1]->target, ==, 50);
    g_assert_cmpuint(def->idmap->ngids, ==, 1);
    g_assert_cmpuint(def->idmap->gids[0]->count, ==, 6);
    /* a plugin's change is formatted and survives a copy */
    def->memtune->hard_limit = 4096;
    def->cputune->shares_given = 0;
    mv_domain_def *copy = mv_domain_def_copy(def);
    g_assert_nonnull(copy);
    g_autofree char *a = mv_domain_def_format(def, 0);
    g_autofree char *b = mv_domain_def_format(copy, 0);
    g_assert_cmpstr(a, ==, b);
    g_assert_nonnull(strstr(a, "  <cputune>\n    <quota>-2</quota>\n  </cputune>\n"));
    g_assert_nonnull(strstr(a, "    <hard_limit unit='KiB'>4096</hard_limit>\n"
                               "    <soft_limit unit='KiB'>1024</soft_limit>\n"));
    g_assert_cmpuint(copy->idmap->nuids, ==, 2);
    mv_domain_def_free(copy);
    mv_domain_def_free(def);
    /* a new definition has them, empty */
    def = mv_domain_def_new();
    g_assert_true(def->cputune && def->memtune && def->idmap);
    g_assert_cmpuint(def->memtune->hard_limit, ==, MV_DOMAIN_MEMORY_UNLIMITED);
    g_assert_cmpuint(def->idmap->nuids, ==, 0);
    mv_domain_def_free(def);
}

/* The pins as plugins read and change them (plugin ABI 1.2), and the
 * cpumap helpers drivers turn virDomainPinVcpu's maps into them with. */
static void test_domain_pins(void)
{
    const char *xml =
        "<domain type='test'><name>t</name><memory>1024</memory><vcpu>3</vcpu>"
        "<os><type>hvm</type></os>"
        "<cputune><vcpupin vcpu='1' cpuset='2, 0-1'/><emulatorpin cpuset='3'/></cputune>"
        "</domain>";
    mv_domain_def *def = mv_domain_def_parse(xml, &test_xmlopt, 0);
    g_assert_nonnull(def);
    g_assert_cmpuint(def->cputune->nvcpupin, ==, 2);
    g_assert_null(def->cputune->vcpupin[0]);
    g_assert_cmpstr(def->cputune->vcpupin[1], ==, "0-2");
    g_assert_cmpstr(def->cputune->emulatorpin, ==, "3");

    unsigned char map[2] = { 0 };
    g_assert_cmpint(mv_domain_cpuset_to_map(def->cputune->vcpupin[1], map, 2), ==, 0);
    g_assert_cmpuint(map[0], ==, 0x07);
    g_assert_cmpuint(map[1], ==, 0);
    g_assert_cmpint(mv_domain_cpuset_to_map("1,9,20", map, 2), ==, 0);   /* 20 is beyond */
    g_assert_cmpuint(map[0], ==, 0x02);
    g_assert_cmpuint(map[1], ==, 0x02);
    g_assert_cmpint(mv_domain_cpuset_to_map("1-", map, 2), ==, -1);
    const unsigned char pin[2] = { 0x0d, 0x80 };   /* 0, 2-3, 15 */
    g_autofree char *set = mv_domain_cpuset_from_map(pin, 2);
    g_assert_cmpstr(set, ==, "0,2-3,15");
    const unsigned char none[1] = { 0 };
    g_assert_null(mv_domain_cpuset_from_map(none, 1));

    /* a driver's new pin (vCPU 2, past the array) is written in vCPU
     * order and survives a copy; a pin past vcpus_max is not written */
    def->cputune->vcpupin = g_renew(char *, def->cputune->vcpupin, 3);
    def->cputune->vcpupin[2] = g_strdup(set);
    def->cputune->nvcpupin = 3;
    g_free(def->cputune->emulatorpin);
    def->cputune->emulatorpin = NULL;
    mv_domain_def *copy = mv_domain_def_copy(def);
    g_assert_nonnull(copy);
    g_autofree char *a = mv_domain_def_format(copy, 0);
    g_assert_nonnull(strstr(a, "  <cputune>\n    <vcpupin vcpu='1' cpuset='0-2'/>\n"
                               "    <vcpupin vcpu='2' cpuset='0,2-3,15'/>\n  </cputune>\n"));
    def->vcpus_max = def->vcpus_current = 1;
    g_autofree char *b = mv_domain_def_format(def, 0);
    g_assert_null(strstr(b, "<cputune>"));
    /* trimmed, they do not come back with the vCPUs */
    mv_domain_def_trim_vcpupin(def);
    g_assert_cmpuint(def->cputune->nvcpupin, ==, 1);
    def->vcpus_max = 3;
    g_autofree char *c = mv_domain_def_format(def, 0);
    g_assert_null(strstr(c, "<cputune>"));
    mv_domain_def_free(copy);
    mv_domain_def_free(def);
}

/* The I/O threads as plugins read and change them (plugin ABI 1.2): the
 * given ids first, then the ones libvirt numbers itself; a thread added at
 * the end is written with the ids; a disk's thread. */
static void test_domain_iothreads(void)
{
    static const char xml[] =
        "<domain type='test'><name>io</name><memory>1024</memory>"
        "<iothreads>3</iothreads>"
        "<iothreadids><iothread id='2' thread_pool_max='4'/></iothreadids>"
        "<os><type>hvm</type></os>"
        "<cputune><iothread_period>5000</iothread_period>"
        "<iothreadpin iothread='3' cpuset='1-2'/></cputune>"
        "<devices><disk type='file' device='disk'><driver iothread='3'/>"
        "<source file='/a.img'/><target dev='vda' bus='virtio'/></disk></devices>"
        "</domain>";
    mv_domain_def *def = mv_domain_def_parse(xml, &test_xmlopt, 0);
    g_assert_nonnull(def);
    const mv_domain_iothreads *t = def->iothreads;
    g_assert_cmpuint(t->nthreads, ==, 3);
    g_assert_cmpuint(t->threads[0].id, ==, 2);
    g_assert_false(t->threads[0].autofill);
    g_assert_cmpint(t->threads[0].thread_pool_min, ==, -1);
    g_assert_cmpint(t->threads[0].thread_pool_max, ==, 4);
    g_assert_cmpuint(t->threads[1].id, ==, 1);
    g_assert_true(t->threads[1].autofill);
    g_assert_cmpuint(t->threads[2].id, ==, 3);
    g_assert_cmpstr(t->threads[2].cpuset, ==, "1-2");
    g_assert_true(mv_domain_iothread_find(def, 3) == &t->threads[2]);
    g_assert_null(mv_domain_iothread_find(def, 4));
    g_assert_cmpuint(def->cputune->iothread_period, ==, 5000);
    g_assert_cmpuint(def->devices->disks[0]->iothread, ==, 3);

    /* a driver adds thread 7 pinned to CPU 0 */
    def->iothreads->threads = g_renew(mv_domain_iothread, def->iothreads->threads, 4);
    def->iothreads->threads[3] = (mv_domain_iothread){
        .id = 7, .thread_pool_min = -1, .thread_pool_max = -1, .cpuset = g_strdup("0"),
    };
    def->iothreads->nthreads = 4;
    mv_domain_def *copy = mv_domain_def_copy(def);
    g_assert_nonnull(copy);
    g_autofree char *a = mv_domain_def_format(copy, 0);
    g_assert_nonnull(strstr(a, "  <iothreads>4</iothreads>\n  <iothreadids>\n"
                               "    <iothread id='2' thread_pool_max='4'/>\n"
                               "    <iothread id='1'/>\n    <iothread id='3'/>\n"
                               "    <iothread id='7'/>\n  </iothreadids>\n"));
    g_assert_nonnull(strstr(a, "    <iothread_period>5000</iothread_period>\n"
                               "    <iothreadpin iothread='3' cpuset='1-2'/>\n"
                               "    <iothreadpin iothread='7' cpuset='0'/>\n"));
    mv_domain_def_free(copy);
    mv_domain_def_free(def);
}

/* Registers one test per file in DIR (sorted), under PREFIX. */
static void add_dir(const kind *k, const char *dir, const char *outdir, const char *prefix,
                    GTestDataFunc fn)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d)
        return;
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *ent;
    while ((ent = g_dir_read_name(d)))
        if (g_str_has_suffix(ent, ".xml"))
            g_ptr_array_add(names, g_strdup(ent));
    g_dir_close(d);
    g_ptr_array_sort(names, (GCompareFunc)g_strcmp0);
    for (guint i = 0; i < names->len; i++) {
        const char *n = names->pdata[i];
        tcase *t = g_new0(tcase, 1);   /* lives for the test run */
        t->k = k;
        t->in = g_build_filename(dir, n, NULL);
        t->out = outdir ? g_build_filename(outdir, n, NULL) : NULL;
        g_autofree char *path = g_strdup_printf("%s/%s/%s", prefix, k->name, n);
        g_test_add_data_func(path, t, fn);
    }
    g_ptr_array_free(names, TRUE);
}


/* A disk address that needs exactly the bound of 4096 implicit controllers
 * reads back as written (the formatted controllers no longer count against
 * the bound twice: a libFuzzer round-trip failure), one more is refused. */
static void test_controllers_at_bound(void)
{
    const char *tmpl =
        "<domain type='test'><name>b</name><memory>1024</memory><os><type>hvm</type></os>"
        "<devices><disk type='file' device='disk'><source file='/x.img'/>"
        "<target dev='%s' bus='ide'/></disk></devices></domain>";
    g_autofree char *xml = g_strdup_printf(tmpl, "sdxfc");
    mv_domain_def *def = mv_domain_def_parse(xml, &test_xmlopt, 0);
    g_assert_nonnull(def);
    g_assert_cmpuint(def->devices->ncontrollers, ==, 4096);
    g_autofree char *first = mv_domain_def_format(def, 0);
    mv_domain_def_free(def);
    def = mv_domain_def_parse(first, &test_xmlopt, 0);
    g_assert_nonnull(def);
    g_autofree char *second = mv_domain_def_format(def, 0);
    mv_domain_def_free(def);
    g_assert_cmpstr(first, ==, second);
    g_autofree char *over = g_strdup_printf(tmpl, "sdxfe");
    g_assert_null(mv_domain_def_parse(over, &test_xmlopt, 0));
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_CONFIG_UNSUPPORTED);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    const char *src = g_getenv("MV_TEST_SOURCE_ROOT");
    g_assert_nonnull(src);
    g_autofree char *confdir = g_build_filename(src, "tests", "conf", NULL);

    g_autofree char *poolxml = g_build_filename(confdir, "storagevolxml2xml", "pool.xml", NULL);
    g_autofree char *pooltext = slurp(poolxml);
    vol_pool = mv_storage_pool_def_parse(pooltext, 0);
    if (!vol_pool)
        g_error("%s: %s", poolxml, virGetLastErrorMessage());

    for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++) {
        const kind *k = &kinds[i];
        g_autofree char *base = g_strdup_printf("%s/%sxml2xml", confdir, k->name);
        g_autofree char *in = g_build_filename(base, "in", NULL);
        g_autofree char *out = g_build_filename(base, "out", NULL);
        g_autofree char *errs = g_build_filename(confdir, "errors", k->name, NULL);
        add_dir(k, in, out, "/xml2xml", run_case);
        add_dir(k, errs, NULL, "/errors", run_error);
    }
    g_test_add_func("/domain/tune", test_domain_tune);
    g_test_add_func("/domain/pins", test_domain_pins);
    g_test_add_func("/domain/iothreads", test_domain_iothreads);
    g_test_add_func("/domain/blkiotune", test_domain_blkiotune);
    g_test_add_func("/domain/controllers-at-bound", test_controllers_at_bound);
    int rc = g_test_run();
    mv_storage_pool_def_free(vol_pool);
    return rc;
}
