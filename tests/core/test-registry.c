/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/core/test-registry.c — plugin discovery: each kind of broken plugin
 * is skipped with its reason and the good ones keep working.
 *
 * main() lays out a plugin directory from the fixtures built in
 * tests/fixtures (plus an empty file, a text file and a missing directory)
 * before the library initializes; the unreadable cases run in a child
 * process as an unprivileged user, since root reads anything.
 */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <modvirt/modvirt.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *plugin_dir;

static void link_fixture(const char *dir, const char *name, const char *as)
{
    g_autofree char *src = g_strdup_printf("%s/%s.so", g_getenv("MV_TEST_FIXTURE_DIR"), name);
    g_autofree char *dst = g_strdup_printf("%s/%s", dir, as);
    g_assert_true(g_file_test(src, G_FILE_TEST_EXISTS));
    g_autofree char *data = NULL;
    gsize len;
    g_assert_true(g_file_get_contents(src, &data, &len, NULL));
    g_assert_true(g_file_set_contents(dst, data, (gssize)len, NULL));
}

static const modvirt_plugin_info *find_file(modvirt_plugin_info **list, const char *base)
{
    for (modvirt_plugin_info **p = list; *p; p++)
        if (g_str_has_suffix((*p)->file, base) && (*p)->file[strlen((*p)->file) - strlen(base) - 1] == '/')
            return *p;
    g_error("no plugin record for %s", base);
    return NULL;
}

static void assert_skipped(modvirt_plugin_info **list, const char *base, const char *why)
{
    const modvirt_plugin_info *p = find_file(list, base);
    if (p->loaded)
        g_error("%s was loaded but should be skipped (%s)", base, why);
    g_assert_nonnull(p->reason);
    if (!strstr(p->reason, why))
        g_error("%s: reason '%s' does not mention '%s'", base, p->reason, why);
}

static void test_outcomes(void)
{
    int n = 0;
    modvirt_plugin_info **list = modvirt_plugin_list(&n);
    g_assert_cmpint(n, ==, 13);

    const modvirt_plugin_info *good = find_file(list, "fixture.so");
    g_assert_true(good->loaded);
    g_assert_cmpstr(good->name, ==, "fixture");
    g_assert_cmpstr(good->version, ==, "1.2.3");
    g_assert_cmpuint(good->abi_major, ==, 1);
    g_assert_cmpstr(good->drivers[0], ==, "connect FIXTURE");
    g_assert_cmpstr(good->schemes[0], ==, "fixture");
    g_assert_true(find_file(list, "small.so")->loaded);

    assert_skipped(list, "empty.so", "empty file");
    assert_skipped(list, "text.so", "not an ELF");
    assert_skipped(list, "no-entry.so", "no modvirt_plugin_entry symbol");
    assert_skipped(list, "null-entry.so", "returned no descriptor");
    assert_skipped(list, "abi-major.so", "loads only ABI 1.x plugins");
    assert_skipped(list, "abi-major.so", "ABI 2.");
    assert_skipped(list, "abi-minor.so", "upgrade modvirt");
    assert_skipped(list, "init-fail.so", "fixture init refuses to start");
    assert_skipped(list, "unresolved.so", "mv_fixture_symbol_that_does_not_exist");
    assert_skipped(list, "too-big.so", "newer ABI");
    assert_skipped(list, "scheme-clash.so", "with the same URI scheme 'fixture'");
    assert_skipped(list, "zz-dup.so", "with the same plugin name 'fixture'");
    g_assert_true(g_str_has_suffix(find_file(list, "zz-dup.so")->shadowed_by, "/fixture.so"));
    g_assert_null(find_file(list, "too-big.so")->shadowed_by);
    modvirt_plugin_list_free(list);
}

static void test_good_still_works(void)
{
    virConnectPtr c = virConnectOpen("fixture:///default");
    g_assert_nonnull(c);
    g_assert_cmpstr(virConnectGetType(c), ==, "FIXTURE");
    virDomainPtr d = virDomainLookupByName(c, "fx1");
    g_assert_nonnull(d);
    g_assert_cmpint(virDomainGetID(d), ==, 1);
    virDomainFree(d);
    g_assert_cmpint(virConnectClose(c), ==, 0);
}

/* A skipped plugin's scheme is refused with a clear error, and the failed
 * init registered nothing. */
static void test_rejected_scheme(void)
{
    g_assert_null(virConnectOpen("toobig:///default"));
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_NO_CONNECT);
    g_assert_nonnull(strstr(virGetLastErrorMessage(), "toobig:///default"));
}

/* A table that stops early: the slots it does not know report NO_SUPPORT. */
static void test_small_table(void)
{
    virConnectPtr c = virConnectOpen("small:///default");
    g_assert_nonnull(c);
    unsigned long v = 0;
    g_assert_cmpint(virConnectGetVersion(c, &v), ==, 0);
    g_assert_cmpuint(v, ==, 1002003);
    g_assert_null(virDomainLookupByName(c, "fx1"));
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_NO_SUPPORT);
    g_assert_nonnull(strstr(virGetLastErrorMessage(), "virDomainLookupByName"));
    virConnectClose(c);
}

/* Runs the test case PATH in a new process that logs to a file of its own
 * at debug level, and checks that its start learnt nothing: it knew every
 * file from the cache. */
static void run_warm(const char *path, unsigned int files)
{
    g_autofree char *log = g_build_filename(g_get_tmp_dir(), "mv-registry-warm-XXXXXX", NULL);
    int fd = g_mkstemp(log);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    g_setenv("MODVIRT_DEBUG", "1", TRUE);
    g_setenv("MODVIRT_LOG_FILE", log, TRUE);
    g_test_trap_subprocess(path, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_unsetenv("MODVIRT_LOG_FILE");
    g_setenv("MODVIRT_DEBUG", "4", TRUE);
    g_test_trap_assert_passed();
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(log, &text, NULL, NULL));
    g_unlink(log);
    g_autofree char *start = g_strdup_printf("%u plugin files, 0 learnt now", files);
    if (!strstr(text, start))
        g_error("the warm start did not log '%s':\n%s", start, text);
}

/* The same outcomes in a new process with the cache this one wrote: every
 * file is known without a scan, and a record is made only for a plugin a
 * connection or the list needs. */
static void test_warm_child(void)
{
    if (!g_test_subprocess())
        return;
    test_rejected_scheme();
    test_good_still_works();
    test_small_table();
    test_outcomes();
}

static void test_warm(void)
{
    run_warm("/registry/warm/subprocess", 13);
}

static void test_unreadable_child(void)
{
    if (!g_test_subprocess())
        return;   /* only meaningful inside test_unreadable's child */
    if (getuid() == 0) {
        /* Drop to nobody so that mode 000 means unreadable. */
        g_assert_cmpint(setgid(65534), ==, 0);
        g_assert_cmpint(setuid(65534), ==, 0);
    }
    int n = 0;
    modvirt_plugin_info **list = modvirt_plugin_list(&n);
    /* The locked directory is skipped as a whole; in the open one only the
     * unreadable file is refused and the good plugin still loads. */
    g_assert_cmpint(n, ==, 2);
    assert_skipped(list, "unreadable.so", "Permission denied");
    g_assert_true(find_file(list, "fixture.so")->loaded);
    modvirt_plugin_list_free(list);
}

/* Removes the temporary directory DIR and what a test made in it. */
static void remove_tree(const char *dir)
{
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", dir);
    g_assert_cmpint(system(cmd), ==, 0);
}

static void test_unreadable(void)
{
    g_autofree char *dir = g_dir_make_tmp("mv-unread-XXXXXX", NULL);
    g_autofree char *locked = g_build_filename(dir, "locked", NULL);
    g_autofree char *open_dir = g_build_filename(dir, "open", NULL);
    g_assert_cmpint(g_mkdir(locked, 0700), ==, 0);
    g_assert_cmpint(g_mkdir(open_dir, 0755), ==, 0);
    link_fixture(locked, "small", "small.so");
    link_fixture(open_dir, "fixture", "fixture.so");
    link_fixture(open_dir, "small", "unreadable.so");
    g_assert_cmpint(chmod(locked, 0), ==, 0);
    g_assert_cmpint(chmod(dir, 0755), ==, 0);
    g_autofree char *unread = g_build_filename(open_dir, "unreadable.so", NULL);
    g_assert_cmpint(chmod(unread, 0), ==, 0);

    g_autofree char *plugdirs = g_strdup_printf("%s:%s", locked, open_dir);
    /* This process initialized long ago; the child reads the new value. */
    g_setenv("MODVIRT_PLUGIN_DIR", plugdirs, TRUE);
    g_test_trap_subprocess("/registry/unreadable/subprocess", 0,
                           G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed();
    remove_tree(dir);
}

/* Directories are searched in order, as PATH is: the first directory's
 * plugin keeps its file name, plugin name and schemes, even against a later
 * directory's file that sorts before it. */
static void test_search_order_child(void)
{
    if (!g_test_subprocess())
        return;
    int n = 0;
    modvirt_plugin_info **list = modvirt_plugin_list(&n);
    g_assert_cmpint(n, ==, 4);
    g_assert_true(g_str_has_suffix(list[0]->file, "/first/fixture.so"));
    g_assert_true(list[0]->loaded);
    /* the second directory, in name order */
    const char *order[] = { "/second/a-dup.so", "/second/fixture.so", "/second/scheme-clash.so" };
    for (int i = 1; i < 4; i++) {
        g_assert_true(g_str_has_suffix(list[i]->file, order[i - 1]));
        g_assert_false(list[i]->loaded);
        g_assert_cmpstr(list[i]->shadowed_by, ==, list[0]->file);
    }
    g_assert_nonnull(strstr(list[1]->reason, "same plugin name 'fixture'"));
    g_assert_nonnull(strstr(list[2]->reason, "same file name"));
    g_assert_nonnull(strstr(list[3]->reason, "same URI scheme 'fixture'"));
    modvirt_plugin_list_free(list);

    virConnectPtr c = virConnectOpen("fixture:///default");
    g_assert_nonnull(c);
    virConnectClose(c);
}

static void test_search_order(void)
{
    g_autofree char *dir = g_dir_make_tmp("mv-order-XXXXXX", NULL);
    g_autofree char *first = g_build_filename(dir, "first", NULL);
    g_autofree char *second = g_build_filename(dir, "second", NULL);
    g_assert_cmpint(g_mkdir(first, 0755), ==, 0);
    g_assert_cmpint(g_mkdir(second, 0755), ==, 0);
    link_fixture(first, "fixture", "fixture.so");
    link_fixture(second, "fixture", "a-dup.so");
    link_fixture(second, "fixture", "fixture.so");
    link_fixture(second, "scheme-clash", "scheme-clash.so");
    /* A directory named twice is searched once. */
    g_autofree char *plugdirs = g_strdup_printf("%s:%s:%s", first, second, first);
    g_setenv("MODVIRT_PLUGIN_DIR", plugdirs, TRUE);
    g_test_trap_subprocess("/registry/search-order/subprocess", 0,
                           G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed();
    /* Again with the cache the first child wrote: the shadowed plugins are
     * known from it, the winner without a record until it loads. */
    run_warm("/registry/search-order/subprocess", 4);
    remove_tree(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (!g_test_subprocess()) {
        plugin_dir = g_dir_make_tmp("mv-plugins-XXXXXX", NULL);
        const char *mods[] = { "fixture", "small", "abi-major", "abi-minor", "null-entry",
                               "no-entry", "init-fail", "unresolved", "too-big",
                               "scheme-clash", "zz-dup" };
        for (size_t i = 0; i < G_N_ELEMENTS(mods); i++) {
            g_autofree char *as = g_strdup_printf("%s.so", mods[i]);
            link_fixture(plugin_dir, mods[i], as);
        }
        g_autofree char *empty = g_build_filename(plugin_dir, "empty.so", NULL);
        g_autofree char *text = g_build_filename(plugin_dir, "text.so", NULL);
        g_autofree char *readme = g_build_filename(plugin_dir, "README", NULL);
        g_assert_true(g_file_set_contents(empty, "", 0, NULL));
        g_assert_true(g_file_set_contents(text, "#!/bin/sh\necho not a plugin\n", -1, NULL));
        g_assert_true(g_file_set_contents(readme, "not a module\n", -1, NULL));
        g_autofree char *dirs = g_strdup_printf("%s:/nonexistent/modvirt-plugins", plugin_dir);
        g_setenv("MODVIRT_PLUGIN_DIR", dirs, TRUE);
    }
    g_test_add_func("/registry/outcomes", test_outcomes);
    g_test_add_func("/registry/good-still-works", test_good_still_works);
    g_test_add_func("/registry/rejected-scheme", test_rejected_scheme);
    g_test_add_func("/registry/small-table", test_small_table);
    g_test_add_func("/registry/warm", test_warm);
    g_test_add_func("/registry/warm/subprocess", test_warm_child);
    g_test_add_func("/registry/unreadable", test_unreadable);
    g_test_add_func("/registry/unreadable/subprocess", test_unreadable_child);
    g_test_add_func("/registry/search-order", test_search_order);
    g_test_add_func("/registry/search-order/subprocess", test_search_order_child);
    int ret = g_test_run();
    if (!g_test_subprocess())
        remove_tree(plugin_dir);
    return ret;
}
