/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/core/test-driver-state.c — the per-root driver state every
 * stateful driver is built on (modvirt-plugin/driver-state.h): one state
 * per root and driver, loaded once, freed with its last reference; the
 * read-only rule (no directory, then the catch-up of the first read-write
 * open); definitions, autostart links and status files; files that are not
 * regular skipped; autostart once per boot. */
#include "core/util/uri.h"
#include <modvirt-plugin/plugin.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    int loads, frees, opens, fresh_opens, catchups;
    bool writable_at_load;
    int fail_open;                 /* open_rw fails while set */
} counters;

static counters seen;

static void *toy_load(mv_driver_state *st, const mv_uri *uri)
{
    (void)uri;
    seen.loads++;
    seen.writable_at_load = mv_driver_state_writable(st);
    return g_strdup("toy data");
}

static int toy_open_rw(mv_driver_state *st, void *data, const mv_uri *uri, bool fresh,
                       bool was_readonly)
{
    (void)uri;
    g_assert_cmpstr(data, ==, "toy data");
    g_assert_true(mv_driver_state_writable(st));
    seen.opens++;
    seen.fresh_opens += fresh;
    seen.catchups += was_readonly;
    if (seen.fail_open) {
        mv_error_report(VIR_FROM_NONE, VIR_ERR_OPERATION_FAILED, "toy refuses");
        return -1;
    }
    return 0;
}

static void toy_free(void *data)
{
    seen.frees++;
    g_free(data);
}

static const mv_driver_state_class toy_class = {
    .size = sizeof(mv_driver_state_class),
    .driver = "toy",
    .error_domain = VIR_FROM_NONE,
    .dirs = 1u << MV_PATH_LOG,
    .load = toy_load,
    .open_rw = toy_open_rw,
    .free = toy_free,
};

static const mv_driver_state_class other_class = {
    .size = sizeof(mv_driver_state_class),
    .driver = "other",
    .load = toy_load,
    .free = toy_free,
};

typedef struct {
    char *root;
    mv_uri *uri;
} fixture;

static void fx_open(fixture *fx)
{
    memset(&seen, 0, sizeof(seen));
    fx->root = g_dir_make_tmp("mv-dstate-XXXXXX", NULL);
    g_autofree char *text = g_strdup_printf("toy:///embed?root=%s", fx->root);
    fx->uri = mv_uri_parse(text);
    g_assert_nonnull(fx->uri);
}

static void fx_close(fixture *fx)
{
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", fx->root);
    g_assert_cmpint(system(cmd), ==, 0);
    mv_uri_free(fx->uri);
    g_free(fx->root);
}

static bool exists(const char *root, const char *rel)
{
    g_autofree char *path = g_build_filename(root, rel, NULL);
    return g_file_test(path, G_FILE_TEST_EXISTS);
}

/* One state per root and driver, loaded once, freed with its last
 * reference; a read-write open makes the directories first. */
static void test_sharing(void)
{
    fixture fx;
    fx_open(&fx);
    mv_driver_state *a = mv_driver_state_acquire(&toy_class, fx.uri, false);
    g_assert_nonnull(a);
    g_assert_true(seen.writable_at_load);
    g_assert_true(exists(fx.root, "etc/toy/autostart"));
    g_assert_true(exists(fx.root, "run/toy"));
    g_assert_true(exists(fx.root, "log/toy"));          /* asked for */
    g_assert_false(exists(fx.root, "cache/toy"));       /* not asked for */
    g_assert_cmpint(seen.fresh_opens, ==, 1);
    mv_driver_state *b = mv_driver_state_acquire(&toy_class, fx.uri, false);
    g_assert_true(a == b);
    g_assert_cmpint(seen.loads, ==, 1);
    g_assert_cmpint(seen.opens, ==, 2);
    g_assert_cmpint(seen.catchups, ==, 0);
    mv_driver_state *o = mv_driver_state_acquire(&other_class, fx.uri, false);
    g_assert_true(o != a);                              /* another driver, same root */
    g_assert_cmpint(seen.loads, ==, 2);
    g_autofree char *run = g_build_filename(fx.root, "run", "toy", NULL);
    g_assert_cmpstr(mv_driver_state_dir(a, MV_PATH_RUN), ==, run);
    mv_driver_state_release(a);
    g_assert_cmpint(seen.frees, ==, 0);
    mv_driver_state_release(b);
    g_assert_cmpint(seen.frees, ==, 1);
    mv_driver_state_release(o);
    g_assert_cmpint(seen.frees, ==, 2);
    /* a new acquire after the last release loads again */
    a = mv_driver_state_acquire(&toy_class, fx.uri, false);
    g_assert_cmpint(seen.loads, ==, 3);
    mv_driver_state_release(a);
    fx_close(&fx);
}

/* A read-only state creates nothing; the first read-write open makes the
 * directories and asks the driver to catch up, once. */
static void test_readonly(void)
{
    fixture fx;
    fx_open(&fx);
    mv_driver_state *ro = mv_driver_state_acquire(&toy_class, fx.uri, true);
    g_assert_nonnull(ro);
    g_assert_false(seen.writable_at_load);
    g_assert_false(mv_driver_state_writable(ro));
    g_assert_false(exists(fx.root, "etc"));
    g_assert_false(exists(fx.root, "run"));
    g_assert_cmpint(seen.opens, ==, 0);
    mv_driver_state *rw = mv_driver_state_acquire(&toy_class, fx.uri, false);
    g_assert_true(rw == ro);
    g_assert_true(mv_driver_state_writable(ro));
    g_assert_true(exists(fx.root, "etc/toy/autostart"));
    g_assert_cmpint(seen.catchups, ==, 1);
    g_assert_cmpint(seen.fresh_opens, ==, 0);
    mv_driver_state *rw2 = mv_driver_state_acquire(&toy_class, fx.uri, false);
    g_assert_cmpint(seen.catchups, ==, 1);
    g_assert_cmpint(seen.opens, ==, 2);
    mv_driver_state_release(rw2);
    mv_driver_state_release(rw);
    mv_driver_state_release(ro);
    g_assert_cmpint(seen.frees, ==, 1);
    fx_close(&fx);
}

/* A read-write open the driver refuses fails the acquire; a state only that
 * open held is freed. */
static void test_open_fails(void)
{
    fixture fx;
    fx_open(&fx);
    seen.fail_open = 1;
    g_assert_null(mv_driver_state_acquire(&toy_class, fx.uri, false));
    g_assert_cmpint(seen.loads, ==, 1);
    g_assert_cmpint(seen.frees, ==, 1);
    mv_driver_state *ro = mv_driver_state_acquire(&toy_class, fx.uri, true);
    g_assert_null(mv_driver_state_acquire(&toy_class, fx.uri, false));
    g_assert_cmpint(seen.frees, ==, 1);                 /* the read-only one holds it */
    seen.fail_open = 0;
    mv_driver_state_release(ro);
    g_assert_cmpint(seen.frees, ==, 2);
    fx_close(&fx);
}

static void collect(mv_driver_state *st, const char *name, const char *text, void *opaque)
{
    (void)st;
    g_string_append_printf(opaque, "%s=%s;", name, text);
}

/* Definitions, autostart links, status files; what foreach reads. */
static void test_files(void)
{
    fixture fx;
    fx_open(&fx);
    mv_driver_state *st = mv_driver_state_acquire(&toy_class, fx.uri, false);
    g_assert_cmpint(mv_driver_state_config_save(st, "b", "<b/>"), ==, 0);
    g_assert_cmpint(mv_driver_state_config_save(st, "a", "<a/>"), ==, 0);
    g_assert_cmpint(mv_driver_state_config_save(st, "a", "<a2/>"), ==, 0);   /* replaced */
    g_assert_false(mv_driver_state_autostart_get(st, "a"));
    g_assert_cmpint(mv_driver_state_autostart_set(st, "a", true), ==, 0);
    g_assert_cmpint(mv_driver_state_autostart_set(st, "a", true), ==, 0);    /* again: fine */
    g_assert_true(mv_driver_state_autostart_get(st, "a"));
    g_autofree char *link = g_build_filename(fx.root, "etc/toy/autostart/a.xml", NULL);
    g_autofree char *target = g_file_read_link(link, NULL);
    g_autofree char *want = g_build_filename(fx.root, "etc/toy/a.xml", NULL);
    g_assert_cmpstr(target, ==, want);
    struct stat sb;
    g_assert_cmpint(stat(want, &sb), ==, 0);
    g_assert_cmpint(sb.st_mode & 0777, ==, 0600);

    /* what is not a regular file is skipped, as are hidden files */
    const char *cfg = mv_driver_state_dir(st, MV_PATH_CONFIG);
    g_autofree char *fifo = g_build_filename(cfg, "fifo.xml", NULL);
    g_autofree char *zero = g_build_filename(cfg, "zero.xml", NULL);
    g_autofree char *dir = g_build_filename(cfg, "dir.xml", NULL);
    g_autofree char *hidden = g_build_filename(cfg, ".tmp.xml", NULL);
    g_assert_cmpint(mkfifo(fifo, 0600), ==, 0);
    g_assert_cmpint(symlink("/dev/zero", zero), ==, 0);
    g_assert_cmpint(g_mkdir(dir, 0700), ==, 0);
    g_assert_true(g_file_set_contents(hidden, "<hidden/>", -1, NULL));
    GString *got = g_string_new(NULL);
    mv_driver_state_foreach_file(st, MV_PATH_CONFIG, ".xml", collect, got);
    g_assert_cmpstr(got->str, ==, "a=<a2/>;b=<b/>;");
    g_string_free(got, TRUE);

    g_assert_cmpint(mv_driver_state_status_save(st, "thing", "a", ".status", "pid=1\n"), ==, 0);
    g_assert_true(exists(fx.root, "run/toy/a.status"));
    mv_driver_state_status_remove(st, "a", ".status");
    mv_driver_state_status_remove(st, "a", ".status");                     /* missing: fine */
    g_assert_false(exists(fx.root, "run/toy/a.status"));

    g_assert_cmpint(mv_driver_state_config_remove(st, "a"), ==, 0);
    g_assert_false(exists(fx.root, "etc/toy/a.xml"));
    g_assert_false(mv_driver_state_autostart_get(st, "a"));
    g_assert_cmpint(mv_driver_state_config_remove(st, "a"), ==, 0);        /* missing: fine */
    mv_driver_state_release(st);
    fx_close(&fx);
}

/* A status that cannot be written says what and why. */
static void test_status_full(void)
{
    if (geteuid() != 0) {
        g_test_skip("needs root to mount a small tmpfs");
        return;
    }
    fixture fx;
    fx_open(&fx);
    g_autofree char *run = g_build_filename(fx.root, "run", NULL);
    g_assert_cmpint(g_mkdir(run, 0755), ==, 0);
    if (mount("tmpfs", run, "tmpfs", 0, "size=64k") < 0) {
        g_test_skip("cannot mount tmpfs here");
        fx_close(&fx);
        return;
    }
    mv_driver_state *st = mv_driver_state_acquire(&toy_class, fx.uri, false);
    g_autofree char *fill = g_strdup_printf("dd if=/dev/zero of='%s/fill' bs=4k 2>/dev/null; "
                                            "test \"$(df --output=avail '%s' | tail -1 | tr -d ' ')\" = 0",
                                            run, run);
    g_assert_cmpint(system(fill), ==, 0);
    g_autofree char *big = g_strnfill(16384, 'x');
    g_assert_cmpint(mv_driver_state_status_save(st, "thing", "a", ".status", big), ==, -1);
    virErrorPtr e = virGetLastError();
    g_assert_nonnull(e);
    g_assert_cmpint(e->code, ==, VIR_ERR_SYSTEM_ERROR);
    g_assert_nonnull(strstr(e->message, "cannot save the status of thing 'a': "));
    g_assert_nonnull(strstr(e->message, "No space left on device"));
    g_assert_false(exists(fx.root, "run/toy/a.status"));
    virResetLastError();
    mv_driver_state_release(st);
    umount2(run, MNT_DETACH);
    fx_close(&fx);
}

/* Autostart once per boot and root; ids from 1 per boot. */
static void test_boot(void)
{
    fixture fx;
    fx_open(&fx);
    mv_driver_state *st = mv_driver_state_acquire(&toy_class, fx.uri, false);
    g_assert_cmpint(mv_driver_state_autostart_claim(st), ==, 1);
    g_assert_cmpint(mv_driver_state_autostart_claim(st), ==, 0);
    g_assert_cmpint(mv_driver_autostart_claim(fx.uri, "toy"), ==, 0);     /* same record */
    g_autofree char *marker = g_build_filename(fx.root, "run/toy/autostarted", NULL);
    g_assert_true(g_file_set_contents(marker, "an older boot\n", -1, NULL));
    g_assert_cmpint(mv_driver_state_autostart_claim(st), ==, 1);
    g_assert_cmpint(mv_driver_state_next_id(st), ==, 1);
    g_assert_cmpint(mv_driver_state_next_id(st), ==, 2);
    g_assert_cmpint(mv_driver_next_id(fx.uri, "toy"), ==, 3);
    mv_driver_state_release(st);
    fx_close(&fx);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/driver-state/sharing", test_sharing);
    g_test_add_func("/driver-state/readonly", test_readonly);
    g_test_add_func("/driver-state/open-fails", test_open_fails);
    g_test_add_func("/driver-state/files", test_files);
    g_test_add_func("/driver-state/status-full", test_status_full);
    g_test_add_func("/driver-state/boot", test_boot);
    return g_test_run();
}
