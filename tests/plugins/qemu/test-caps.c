/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/qemu/test-caps.c — QEMU capability probing and its cache
 * (plugins/qemu/qemu-caps.c) with the real qemu-system-x86_64: what the
 * probe finds, that a second call reads the cache without starting QEMU,
 * that a changed binary or a corrupt cache file means a new probe, that
 * binaries that are not QEMU fail cleanly with no process left; and that the
 * capabilities and domain capabilities documents validate against libvirt's
 * RelaxNG schemas (when xmllint and the schemas are installed).
 * Skipped without QEMU. Prints the cold / cached times.
 */
#include "qemu-caps.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <libvirt/virterror.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *qemu;
static char *tmpdir;

static char *tmp_path(const char *name)
{
    return g_build_filename(tmpdir, name, NULL);
}

static bool need_qemu(void)
{
    if (qemu)
        return true;
    g_test_skip("qemu-system-x86_64 is not installed");
    return false;
}

static void assert_error(int code, const char *contains)
{
    const virError *e = virGetLastError();
    g_assert_nonnull(e);
    g_assert_cmpint(e->domain, ==, VIR_FROM_QEMU);
    if (e->code != code || !strstr(e->message, contains))
        g_error("unexpected error %d '%s' (want %d containing '%s')", e->code, e->message,
                code, contains);
}

static mv_qemu_caps *get(const char *binary, const char *cache, gint64 *usec)
{
    gint64 t0 = g_get_monotonic_time();
    mv_qemu_caps *c = mv_qemu_caps_get(binary, cache);
    if (usec)
        *usec = g_get_monotonic_time() - t0;
    if (!c)
        g_error("mv_qemu_caps_get(%s): %s", binary, virGetLastErrorMessage());
    return c;
}

static void check_content(const mv_qemu_caps *c)
{
    g_assert_cmpstr(c->arch, ==, "x86_64");
    g_assert_cmpuint(c->version, >=, 7000000);
    g_assert_nonnull(c->package);
    g_assert_true(mv_qemu_caps_has_machine(c, "pc"));
    g_assert_true(mv_qemu_caps_has_machine(c, "q35"));
    g_assert_false(mv_qemu_caps_has_machine(c, "no-such-machine"));
    const mv_qemu_machine *pc = mv_qemu_caps_find_machine(c, "pc");
    const mv_qemu_machine *q35 = mv_qemu_caps_find_machine(c, "q35");
    g_assert_true(g_str_has_prefix(pc->name, "pc-i440fx-"));
    g_assert_true(g_str_has_prefix(q35->name, "pc-q35-"));
    g_assert_true(mv_qemu_caps_has_machine(c, pc->name));
    g_assert_true(pc->is_default);
    g_assert_false(q35->is_default);
    g_assert_cmpint(pc->max_cpus, >=, 255);
    g_assert_cmpint(q35->max_cpus, >=, 288);
    g_assert_cmpstr(mv_qemu_caps_default_machine(c), ==, "pc");
    g_assert_true(mv_qemu_caps_has_cpu_model(c, "qemu64", false));
    g_assert_true(mv_qemu_caps_has_cpu_model(c, "max", false));
    if (c->kvm_available)
        g_assert_true(mv_qemu_caps_has_cpu_model(c, "host", true));
    else
        g_assert_cmpuint(c->cpu_models_kvm->len, ==, 0);
    g_assert_true(mv_qemu_caps_has_device(c, "virtio-blk-pci"));
    g_assert_true(mv_qemu_caps_has_device(c, "e1000"));
    g_assert_false(mv_qemu_caps_has_device(c, "device"));   /* abstract */
}

static void assert_same(const mv_qemu_caps *a, const mv_qemu_caps *b)
{
    g_assert_cmpuint(a->version, ==, b->version);
    g_assert_cmpstr(a->package, ==, b->package);
    g_assert_cmpstr(a->arch, ==, b->arch);
    g_assert_cmpint(a->kvm_available, ==, b->kvm_available);
    g_assert_cmpuint(a->machines->len, ==, b->machines->len);
    for (guint i = 0; i < a->machines->len; i++) {
        const mv_qemu_machine *x = a->machines->pdata[i], *y = b->machines->pdata[i];
        g_assert_cmpstr(x->name, ==, y->name);
        g_assert_cmpstr(x->alias, ==, y->alias);
        g_assert_cmpint(x->is_default, ==, y->is_default);
        g_assert_cmpint(x->max_cpus, ==, y->max_cpus);
        g_assert_cmpint(x->deprecated, ==, y->deprecated);
    }
    g_assert_cmpuint(a->cpu_models->len, ==, b->cpu_models->len);
    g_assert_cmpuint(a->cpu_models_kvm->len, ==, b->cpu_models_kvm->len);
    g_assert_cmpuint(a->devices->len, ==, b->devices->len);
    for (guint i = 0; i < a->devices->len; i++)
        g_assert_cmpstr(a->devices->pdata[i], ==, b->devices->pdata[i]);
}

/* Probe, then the cache: same content, no process, and fast. */
static void test_probe_and_cache(void)
{
    if (!need_qemu())
        return;
    g_autofree char *cache = tmp_path("cache-main");
    gint64 cold, warm;
    mv_qemu_caps *a = get(qemu, cache, &cold);
    g_assert_false(a->from_cache);
    check_content(a);
    mv_qemu_caps *b = get(qemu, cache, &warm);
    g_assert_true(b->from_cache);
    check_content(b);
    assert_same(a, b);
    g_assert_cmpint(warm, <, 50000);
    g_test_message("probe of %s: cold %.1f ms (KVM %s, %u machines, %u/%u CPU models, "
                   "%u devices), cached %.3f ms",
                   qemu, cold / 1000.0, a->kvm_available ? "yes" : "no", a->machines->len,
                   a->cpu_models->len, a->cpu_models_kvm->len, a->devices->len, warm / 1000.0);
    /* Without a cache dir: always probed. */
    mv_qemu_caps *c = get(qemu, NULL, NULL);
    g_assert_false(c->from_cache);
    assert_same(a, c);
    mv_qemu_caps_free(a);
    mv_qemu_caps_free(b);
    mv_qemu_caps_free(c);
}

static int copy_file(const char *from, const char *to)
{
    g_autofree char *data = NULL;
    gsize len;
    if (!g_file_get_contents(from, &data, &len, NULL) ||
        !g_file_set_contents(to, data, (gssize)len, NULL))
        return -1;
    return g_chmod(to, 0755);
}

/* The only cache file in DIR. */
static char *cache_file_in(const char *dir)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    g_assert_nonnull(d);
    const char *name, *found = NULL;
    int n = 0;
    while ((name = g_dir_read_name(d))) {
        if (g_str_has_suffix(name, ".json")) {
            found = name;
            n++;
        }
    }
    g_assert_cmpint(n, ==, 1);
    return g_build_filename(dir, found, NULL);
}

/* A changed binary (touched) is probed again; a corrupt cache is ignored
 * and rewritten. */
static void test_invalidation(void)
{
    if (!need_qemu())
        return;
    g_autofree char *bin = tmp_path("qemu-system-x86_64");
    g_autofree char *cache = tmp_path("cache-copy");
    g_assert_cmpint(copy_file(qemu, bin), ==, 0);
    mv_qemu_caps *c = get(bin, cache, NULL);
    g_assert_false(c->from_cache);
    g_assert_cmpstr(c->binary, ==, bin);
    mv_qemu_caps_free(c);
    c = get(bin, cache, NULL);
    g_assert_true(c->from_cache);
    mv_qemu_caps_free(c);

    /* touch: an mtime one second later (whatever the clock's granularity)
     * and a new ctime. */
    struct stat st;
    g_assert_cmpint(stat(bin, &st), ==, 0);
    struct timespec ts[2] = { st.st_atim, st.st_mtim };
    ts[1].tv_sec += 1;
    g_assert_cmpint(utimensat(AT_FDCWD, bin, ts, 0), ==, 0);
    c = get(bin, cache, NULL);
    g_assert_false(c->from_cache);
    mv_qemu_caps_free(c);
    c = get(bin, cache, NULL);
    g_assert_true(c->from_cache);
    mv_qemu_caps_free(c);

    /* Corrupt, then valid JSON of the wrong shape: both re-probed. */
    g_autofree char *file = cache_file_in(cache);
    static const char *const bad[] = { "{\"format\": 1, \"modvirt\": tru", "[1, 2, 3]",
                                       "{\"format\": 1}" };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_assert_true(g_file_set_contents(file, bad[i], -1, NULL));
        c = get(bin, cache, NULL);
        g_assert_false(c->from_cache);
        check_content(c);
        mv_qemu_caps_free(c);
        g_autofree char *text = NULL;
        g_assert_true(g_file_get_contents(file, &text, NULL, NULL));
        g_assert_nonnull(strstr(text, "\"machines\""));
        c = get(bin, cache, NULL);
        g_assert_true(c->from_cache);
        mv_qemu_caps_free(c);
    }
    g_unlink(file);
    g_rmdir(cache);
    g_unlink(bin);
}

/* Writes an executable script NAME with BODY. */
static char *script(const char *name, const char *body)
{
    char *path = tmp_path(name);
    g_autofree char *text = g_strdup_printf("#!/bin/sh\n%s\n", body);
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    g_assert_cmpint(g_chmod(path, 0755), ==, 0);
    return path;
}

static pid_t read_pid(const char *file)
{
    g_autofree char *text = NULL;
    if (!g_file_get_contents(file, &text, NULL, NULL))
        return -1;
    return (pid_t)atoi(text);
}

/* The probe process of a failing case is gone (reaped, not a zombie). */
static void assert_gone(const char *pidfile)
{
    pid_t pid = read_pid(pidfile);
    g_assert_cmpint(pid, >, 0);
    errno = 0;
    g_assert_cmpint(kill(pid, 0), ==, -1);
    g_assert_cmpint(errno, ==, ESRCH);
    g_unlink(pidfile);
}

static void test_not_qemu(void)
{
    g_autofree char *cache = tmp_path("cache-bad");
    /* Missing, not executable, a directory. */
    g_assert_null(mv_qemu_caps_get("/nonexistent/qemu-system-x86_64", cache));
    assert_error(VIR_ERR_INTERNAL_ERROR, "/nonexistent/qemu-system-x86_64");
    g_autofree char *plain = tmp_path("plain-file");
    g_assert_true(g_file_set_contents(plain, "x", -1, NULL));
    g_assert_null(mv_qemu_caps_get(plain, cache));
    assert_error(VIR_ERR_INTERNAL_ERROR, "is not an executable file");
    g_assert_null(mv_qemu_caps_get(tmpdir, cache));
    assert_error(VIR_ERR_INTERNAL_ERROR, "is not an executable file");

    /* Exits at once. */
    gint64 t0 = g_get_monotonic_time();
    g_assert_null(mv_qemu_caps_get("/bin/true", cache));
    assert_error(VIR_ERR_INTERNAL_ERROR, "Failed to probe capabilities for /bin/true");
    g_assert_cmpint(g_get_monotonic_time() - t0, <, 5 * G_USEC_PER_SEC);

    /* Prints garbage on the monitor and on stderr, then hangs. */
    g_autofree char *pidfile = tmp_path("garbage.pid");
    g_autofree char *body = g_strdup_printf(
        "echo $$ > '%s'\necho 'not QEMU at all' >&2\necho 'garbage garbage' >&3\nexec sleep 60",
        pidfile);
    g_autofree char *garbage = script("garbage-qemu", body);
    g_assert_null(mv_qemu_caps_get(garbage, cache));
    assert_error(VIR_ERR_INTERNAL_ERROR, garbage);
    assert_error(VIR_ERR_INTERNAL_ERROR, "malformed QMP message");
    assert_error(VIR_ERR_INTERNAL_ERROR, "not QEMU at all");
    g_test_message("garbage: %s", virGetLastErrorMessage());
    assert_gone(pidfile);

    /* Greets, then never answers: the probe timeout. */
    g_free(body);
    body = g_strdup_printf(
        "echo $$ > '%s'\n"
        "echo '{\"QMP\": {\"version\": {}, \"capabilities\": []}}' >&3\nexec sleep 60", pidfile);
    g_autofree char *silent = script("silent-qemu", body);
    mv_qemu_caps_set_probe_timeout(300);
    t0 = g_get_monotonic_time();
    g_assert_null(mv_qemu_caps_get(silent, cache));
    mv_qemu_caps_set_probe_timeout(0);
    g_assert_cmpint(g_get_monotonic_time() - t0, <, 3 * G_USEC_PER_SEC);
    assert_error(VIR_ERR_INTERNAL_ERROR, silent);
    assert_error(VIR_ERR_INTERNAL_ERROR, "timed out");
    assert_gone(pidfile);

    /* Exits at once, leaving a child behind in its session: killed too. */
    g_free(body);
    body = g_strdup_printf("sleep 60 &\necho $! > '%s'\nexit 3", pidfile);
    g_autofree char *leaver = script("leaving-qemu", body);
    g_assert_null(mv_qemu_caps_get(leaver, cache));
    assert_error(VIR_ERR_INTERNAL_ERROR, "exit status 3");
    pid_t orphan = read_pid(pidfile);
    g_assert_cmpint(orphan, >, 0);
    bool gone = false;
    for (int i = 0; i < 500 && !gone; i++) {
        /* Gone, or a zombie waiting for init. */
        g_autofree char *stat = NULL;
        g_autofree char *statpath = g_strdup_printf("/proc/%d/stat", (int)orphan);
        gone = !g_file_get_contents(statpath, &stat, NULL, NULL) || strstr(stat, ") Z ");
        if (!gone)
            g_usleep(10000);
    }
    g_assert_true(gone);
    g_unlink(pidfile);
    g_unlink(leaver);

    /* Nothing was cached for failures. */
    g_autoptr(GDir) d = g_dir_open(cache, 0, NULL);
    g_assert_true(!d || !g_dir_read_name(d));
    g_unlink(garbage);
    g_unlink(silent);
    g_unlink(plain);
}

/* ---- XML documents against libvirt's schemas ---- */

static bool validate(const char *xml, const char *schema_name)
{
    g_autofree char *xmllint = g_find_program_in_path("xmllint");
    g_autofree char *schema = g_build_filename("/usr/share/libvirt/schemas", schema_name, NULL);
    if (!xmllint || !g_file_test(schema, G_FILE_TEST_EXISTS)) {
        g_test_message("not validated: no xmllint or no %s", schema);
        return false;
    }
    g_autofree char *file = tmp_path("doc.xml");
    g_assert_true(g_file_set_contents(file, xml, -1, NULL));
    const char *argv[] = { xmllint, "--noout", "--relaxng", schema, file, NULL };
    g_autofree char *out = NULL, *err = NULL;
    int status = 0;
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, NULL));
    if (!g_spawn_check_wait_status(status, NULL))
        g_error("%s does not validate against %s:\n%s\n%s", file, schema_name, err, xml);
    g_unlink(file);
    return true;
}

static void test_xml(void)
{
    if (!need_qemu())
        return;
    g_autofree char *cache = tmp_path("cache-main");
    mv_qemu_caps *c = get(qemu, cache, NULL);
    const mv_qemu_caps *list[] = { c };
    g_autofree char *caps = mv_qemu_caps_capabilities_xml(list, 1);
    g_assert_nonnull(caps);
    g_assert_nonnull(strstr(caps, "<os_type>hvm</os_type>"));
    g_assert_nonnull(strstr(caps, "<arch name='x86_64'>"));
    g_assert_nonnull(strstr(caps, "<wordsize>64</wordsize>"));
    g_autofree char *emu = g_strdup_printf("<emulator>%s</emulator>", qemu);
    g_assert_nonnull(strstr(caps, emu));
    g_assert_nonnull(strstr(caps, ">pc</machine>"));
    g_assert_nonnull(strstr(caps, "<domain type='qemu'"));
    g_assert_true((strstr(caps, "<domain type='kvm'") != NULL) == c->kvm_available);
    bool checked = validate(caps, "capability.rng");

    const char *types[] = { "qemu", "kvm" };
    const char *machines[] = { NULL, "q35", "pc", "pc-i440fx-7.2" };
    for (size_t t = 0; t < G_N_ELEMENTS(types); t++) {
        for (size_t m = 0; m < G_N_ELEMENTS(machines); m++) {
            if (machines[m] && !mv_qemu_caps_has_machine(c, machines[m]))
                continue;
            char *dc = mv_qemu_caps_domain_xml(c, types[t], machines[m]);
            if (t == 1 && !c->kvm_available) {
                g_assert_null(dc);
                assert_error(VIR_ERR_CONFIG_UNSUPPORTED, "KVM");
                continue;
            }
            g_assert_nonnull(dc);
            g_autofree char *dom = g_strdup_printf("<domain>%s</domain>", types[t]);
            g_assert_nonnull(strstr(dc, dom));
            g_assert_nonnull(strstr(dc, "<mode name='custom' supported='yes'>"));
            if (t == 0)
                g_assert_nonnull(strstr(dc, ">qemu64</model>"));
            g_assert_nonnull(strstr(dc, "<value>vnc</value>"));
            g_assert_nonnull(strstr(dc, "<value>virtio</value>"));
            g_assert_nonnull(strstr(dc, "<hostdev supported='no'/>"));
            bool q35 = machines[m] && strcmp(machines[m], "q35") == 0;
            g_assert_true((strstr(dc, "<value>ide</value>") != NULL) == !q35);
            g_assert_nonnull(strstr(dc, q35 ? "<machine>pc-q35-" : "<machine>pc-i440fx-"));
            validate(dc, "domaincaps.rng");
            g_free(dc);
        }
    }
    g_assert_null(mv_qemu_caps_domain_xml(c, "qemu", "no-such-machine"));
    assert_error(VIR_ERR_INVALID_ARG, "no-such-machine");
    g_assert_null(mv_qemu_caps_domain_xml(c, "xen", NULL));
    assert_error(VIR_ERR_INVALID_ARG, "xen");
    /* Without KVM, type kvm is refused and not advertised. */
    bool kvm = c->kvm_available;
    c->kvm_available = false;
    g_assert_null(mv_qemu_caps_domain_xml(c, "kvm", NULL));
    assert_error(VIR_ERR_CONFIG_UNSUPPORTED, "KVM is not available");
    g_autofree char *caps2 = mv_qemu_caps_capabilities_xml(list, 1);
    g_assert_null(strstr(caps2, "<domain type='kvm'"));
    c->kvm_available = kvm;
    mv_qemu_caps_free(c);
    if (!checked)
        g_test_skip("xmllint or libvirt's schemas missing: documents not validated");
}

static void rm_rf(const char *path)
{
    if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
        g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
        const char *name;
        while (d && (name = g_dir_read_name(d))) {
            g_autofree char *p = g_build_filename(path, name, NULL);
            rm_rf(p);
        }
        g_rmdir(path);
    } else {
        g_unlink(path);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    virInitialize();
    qemu = g_find_program_in_path("qemu-system-x86_64");
    tmpdir = g_dir_make_tmp("mv-caps-XXXXXX", NULL);
    /* The copy of QEMU in tmpdir finds its modules (TCG is one on Debian)
     * relative to its own path unless told where they are. */
    static const char *const moddirs[] = { "/usr/lib/x86_64-linux-gnu/qemu", "/usr/lib64/qemu",
                                           "/usr/lib/qemu" };
    for (size_t i = 0; i < G_N_ELEMENTS(moddirs) && !g_getenv("QEMU_MODULE_DIR"); i++) {
        g_autofree char *tcg = g_build_filename(moddirs[i], "accel-tcg-x86_64.so", NULL);
        if (g_file_test(tcg, G_FILE_TEST_EXISTS))
            g_setenv("QEMU_MODULE_DIR", moddirs[i], TRUE);
    }
    g_test_add_func("/caps/probe-and-cache", test_probe_and_cache);
    g_test_add_func("/caps/invalidation", test_invalidation);
    g_test_add_func("/caps/not-qemu", test_not_qemu);
    g_test_add_func("/caps/xml", test_xml);
    int r = g_test_run();
    rm_rf(tmpdir);
    g_free(tmpdir);
    g_free(qemu);
    return r;
}
