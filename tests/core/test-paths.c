/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/core/test-paths.c — driver directories, name checks and atomic
 * file replacement (core/util/paths.c, core/util/file.c), and where an
 * uninstalled build keeps its state. */
#include "mv-config.h"
#include "core/util/uri.h"
#include "core/util/error.h"
#include <modvirt-plugin/paths.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char *dir_for(const char *uristr, mv_path_kind kind)
{
    mv_uri *u = mv_uri_parse(uristr);
    g_assert_nonnull(u);
    char *d = mv_path_driver_dir(u, "qemu", kind);
    mv_uri_free(u);
    return d;
}

static void test_embed_dirs(void)
{
    const char *expect[] = { "/srv/x/etc/qemu", "/srv/x/lib/qemu", "/srv/x/run/qemu",
                             "/srv/x/log/qemu", "/srv/x/cache/qemu" };
    for (int k = MV_PATH_CONFIG; k <= MV_PATH_CACHE; k++) {
        char *d = dir_for("qemu:///embed?root=/srv/x/", k);
        g_assert_cmpstr(d, ==, expect[k]);
        free(d);
    }
    /* A relative root is refused, not resolved against the cwd. */
    mv_uri *u = mv_uri_parse("qemu:///embed?root=relative/dir");
    g_assert_null(mv_path_driver_dir(u, "qemu", MV_PATH_CONFIG));
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);
    mv_uri_free(u);
}

/* The directory of KIND that qemu:///system or qemu:///session gets
 * without any moving: what an installed core uses. */
static char *real_dir(bool session, mv_path_kind kind)
{
    static const char *const sys_sub[] = { "", "lib", "", "log", "cache" };
    if (session) {
        const char *base[] = { g_get_user_config_dir(), g_get_user_data_dir(),
                               g_get_user_runtime_dir(), g_get_user_state_dir(),
                               g_get_user_cache_dir() };
        return kind == MV_PATH_LOG ? g_build_filename(base[kind], "modvirt", "log", "qemu", NULL)
                                   : g_build_filename(base[kind], "modvirt", "qemu", NULL);
    }
    const char *base = kind == MV_PATH_CONFIG ? MV_SYSCONFDIR :
                       kind == MV_PATH_RUN ? MV_RUNSTATEDIR : MV_LOCALSTATEDIR;
    return g_build_filename(base, sys_sub[kind], "modvirt", "qemu", NULL);
}

/* Every system and session directory is REAL_DIR placed under ROOT (the
 * real one itself when ROOT is NULL). */
static void assert_dirs_under(const char *root)
{
    for (int session = 0; session <= 1; session++) {
        for (int k = MV_PATH_CONFIG; k <= MV_PATH_CACHE; k++) {
            char *d = dir_for(session ? "qemu:///session" : "qemu:///system", k);
            g_autofree char *real = real_dir(session, k);
            g_autofree char *want = root ? g_build_filename(root, real, NULL) : g_strdup(real);
            g_assert_cmpstr(d, ==, want);
            free(d);
        }
    }
}

/* MODVIRT_RUN_ROOT=/ gives the configured paths, as an installed core has. */
static void test_installed_dirs(void)
{
    g_setenv("MODVIRT_RUN_ROOT", "/", TRUE);
    assert_dirs_under(NULL);
    char *d = dir_for("qemu:///system", MV_PATH_CONFIG);
    g_assert_cmpstr(d, ==, MV_SYSCONFDIR "/modvirt/qemu");
    free(d);
    d = dir_for("qemu:///system", MV_PATH_RUN);
    g_assert_cmpstr(d, ==, MV_RUNSTATEDIR "/modvirt/qemu");
    free(d);
    /* Runtime state is in /run for an install whose state is in /var. */
    if (g_str_equal(MV_LOCALSTATEDIR, "/var") || g_str_has_prefix(MV_LOCALSTATEDIR, "/var/"))
        g_assert_cmpstr(MV_RUNSTATEDIR, ==, "/run");
    g_unsetenv("MODVIRT_RUN_ROOT");
}

/* This test program runs from the build tree, so the core in it is
 * uninstalled: system and session directories are under BUILD/.run-root. */
static void test_uninstalled_dirs(void)
{
    const char *build = g_getenv("MV_TEST_BUILD_ROOT");
    if (!build) {
        g_test_skip("MV_TEST_BUILD_ROOT is not set (run through meson test)");
        return;
    }
    g_unsetenv("MODVIRT_RUN_ROOT");
    char *resolved = realpath(build, NULL);
    g_assert_nonnull(resolved);
    g_autofree char *root = g_build_filename(resolved, ".run-root", NULL);
    free(resolved);
    assert_dirs_under(root);
    /* An empty variable is the same as none. */
    g_setenv("MODVIRT_RUN_ROOT", "", TRUE);
    assert_dirs_under(root);
    g_unsetenv("MODVIRT_RUN_ROOT");
}

static void test_run_root_env(void)
{
    g_setenv("MODVIRT_RUN_ROOT", "/srv/r//x/", TRUE);
    assert_dirs_under("/srv/r/x");
    /* An embedded root is the caller's choice and is never moved. */
    char *d = dir_for("qemu:///embed?root=/srv/e", MV_PATH_RUN);
    g_assert_cmpstr(d, ==, "/srv/e/run/qemu");
    free(d);
    g_setenv("MODVIRT_RUN_ROOT", "relative/dir", TRUE);
    mv_error_reset_last();
    g_assert_null(dir_for("qemu:///system", MV_PATH_CONFIG));
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);
    g_assert_nonnull(strstr(virGetLastErrorMessage(), "MODVIRT_RUN_ROOT"));
    g_unsetenv("MODVIRT_RUN_ROOT");
}

/* The value of the string macro NAME in a generated mv-config.h. */
static char *config_value(const char *config_h, const char *name)
{
    g_autofree char *key = g_strdup_printf("#define %s \"", name);
    const char *at = strstr(config_h, key);
    if (!at)
        return NULL;
    at += strlen(key);
    const char *end = strchr(at, '"');
    return end ? g_strndup(at, end - at) : NULL;
}

/* Configures the source tree with meson setup ARGS into a new directory
 * and returns the mv-config.h it generated. */
static char *configure_with(const char *meson, const char *src, const char *const *args)
{
    g_autofree char *dir = g_dir_make_tmp("mv-layout-XXXXXX", NULL);
    g_autofree char *build = g_build_filename(dir, "b", NULL);
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    const char *fixed[] = { meson, "setup", build, src, "--auto-features=disabled",
                            "-Dmvsh=disabled", "-Dtests=false", "-Dbench=false",
                            "-Ddocs=false" };
    for (size_t i = 0; i < G_N_ELEMENTS(fixed); i++)
        g_ptr_array_add(argv, (gpointer)fixed[i]);
    for (; *args; args++)
        g_ptr_array_add(argv, (gpointer)*args);
    g_ptr_array_add(argv, NULL);
    g_autofree char *out = NULL, *errout = NULL;
    int status = -1;
    g_assert_true(g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT,
                               NULL, NULL, &out, &errout, &status, NULL));
    if (!g_spawn_check_wait_status(status, NULL))
        g_printerr("meson setup failed:\n%s%s", out, errout);
    g_assert_true(g_spawn_check_wait_status(status, NULL));
    g_autofree char *path = g_build_filename(build, "mv-config.h", NULL);
    char *config_h = NULL;
    g_assert_true(g_file_get_contents(path, &config_h, NULL, NULL));
    const char *rm[] = { "rm", "-rf", dir, NULL };
    g_assert_true(g_spawn_sync(NULL, (char **)rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, NULL));
    return config_h;
}

/* The directories an install gets: FHS ones, runtime state in /run. */
static void test_install_layout(void)
{
    const char *src = g_getenv("MV_TEST_SOURCE_ROOT");
    g_autofree char *meson = g_find_program_in_path("meson");
    if (!src || !meson) {
        g_test_skip(!src ? "MV_TEST_SOURCE_ROOT is not set" : "meson is not installed");
        return;
    }
    const char *usr[] = { "--prefix=/usr", NULL };
    g_autofree char *h = configure_with(meson, src, usr);
    g_autofree char *etc = config_value(h, "MV_SYSCONFDIR");
    g_autofree char *var = config_value(h, "MV_LOCALSTATEDIR");
    g_autofree char *run = config_value(h, "MV_RUNSTATEDIR");
    g_assert_cmpstr(etc, ==, "/etc");
    g_assert_cmpstr(var, ==, "/var");
    g_assert_cmpstr(run, ==, "/run");

    const char *local[] = { "--prefix=/usr/local", NULL };
    g_autofree char *h2 = configure_with(meson, src, local);
    g_autofree char *run2 = config_value(h2, "MV_RUNSTATEDIR");
    g_assert_cmpstr(run2, ==, "/run");

    /* A private prefix keeps everything inside it. */
    const char *opt[] = { "--prefix=/opt/mv", NULL };
    g_autofree char *h3 = configure_with(meson, src, opt);
    g_autofree char *run3 = config_value(h3, "MV_RUNSTATEDIR");
    g_assert_cmpstr(run3, ==, "/opt/mv/var/run");
}

/* The build tree's own directories that hold a built plugin module. */
static char *built_plugin_dirs(const char *build)
{
    const char *names[] = { "qemu", "storage-dir", "bridge-net", "lxc" };
    g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func(g_free);
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        g_autofree char *dir = g_build_filename(build, "plugins", names[i], NULL);
        g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
        const char *ent;
        while (d && (ent = g_dir_read_name(d)))
            if (g_str_has_suffix(ent, ".so")) {
                g_ptr_array_add(dirs, g_steal_pointer(&dir));
                break;
            }
    }
    g_ptr_array_add(dirs, NULL);
    return g_strjoinv(":", (char **)dirs->pdata);
}

/* Whether this process may make private mount and network namespaces. */
static bool can_unshare(void)
{
    pid_t pid = fork();
    g_assert_cmpint(pid, >=, 0);
    if (pid == 0)
        _exit(unshare(CLONE_NEWNS | CLONE_NEWNET) == 0 ? 0 : 1);
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* DIR, or its nearest ancestor that exists. */
static char *existing_ancestor(const char *dir)
{
    char *d = g_strdup(dir);
    while (!g_file_test(d, G_FILE_TEST_IS_DIR)) {
        char *up = g_path_get_dirname(d);
        g_free(d);
        d = up;
    }
    return d;
}

/* Makes DIR (and what is mounted below it) read-only in this mount
 * namespace: a write there fails with EROFS instead of happening. */
static void make_read_only(const char *dir)
{
    g_assert_cmpint(mount(dir, dir, NULL, MS_BIND | MS_REC, NULL), ==, 0);
    g_assert_cmpint(mount(NULL, dir, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL), ==, 0);
}

/* Runs "mvsh -c URI list --all" with ENV; returns its exit status, with
 * its output in OUT and ERR. */
static int run_mvsh(const char *mvsh, char **env, const char *uri, char **out, char **err)
{
    const char *argv[] = { mvsh, "-c", uri, "list", "--all", NULL };
    int status = -1;
    g_autoptr(GError) error = NULL;
    g_assert_true(g_spawn_sync(NULL, (char **)argv, env, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    g_printerr("mvsh -c %s list --all: exit %d\n%s%s", uri, code, *out, *err);
    return code;
}

static void assert_is_dir(const char *root, const char *dir)
{
    g_autofree char *path = g_build_filename(root, dir, NULL);
    if (!g_file_test(path, G_FILE_TEST_IS_DIR))
        g_error("%s was not created", path);
}

/* In a private mount namespace where the configured system directories and
 * a fresh home directory are read-only (a write there fails, so mvsh fails)
 * and BUILD/.run-root is an empty tmpfs, run the build tree's mvsh on
 * qemu:///system and qemu:///session, with every built plugin but test. */
static void build_tree_mvsh_child(const char *build, const char *home)
{
    g_autofree char *mvsh = g_build_filename(build, "tools", "mvsh", "mvsh", NULL);
    g_autofree char *run_root = g_build_filename(build, ".run-root", NULL);
    g_assert_cmpint(g_mkdir_with_parents(run_root, 0755), ==, 0);

    g_assert_cmpint(unshare(CLONE_NEWNS | CLONE_NEWNET), ==, 0);
    g_assert_cmpint(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), ==, 0);
    const char *guarded[] = { MV_SYSCONFDIR, MV_LOCALSTATEDIR, MV_RUNSTATEDIR, home };
    for (size_t i = 0; i < G_N_ELEMENTS(guarded); i++) {
        g_autofree char *dir = existing_ancestor(guarded[i]);
        make_read_only(dir);
    }
    g_assert_cmpint(mount("tmpfs", run_root, "tmpfs", 0, "mode=0755"), ==, 0);

    g_autofree char *plugins = built_plugin_dirs(build);
    g_auto(GStrv) env = g_get_environ();
    const char *drop[] = { "MODVIRT_RUN_ROOT", "MODVIRT_DEFAULT_URI", "LIBVIRT_DEFAULT_URI",
                           "MODVIRT_LOG_FILE", "MODVIRT_LOG_FILTERS" };
    for (size_t i = 0; i < G_N_ELEMENTS(drop); i++)
        env = g_environ_unsetenv(env, drop[i]);
    env = g_environ_setenv(env, "MODVIRT_PLUGIN_DIR", plugins, TRUE);
    env = g_environ_setenv(env, "MODVIRT_DEBUG", "2", TRUE);
    env = g_environ_setenv(env, "HOME", home, TRUE);
    const char *xdg[][2] = { { "XDG_CONFIG_HOME", ".config" }, { "XDG_DATA_HOME", ".local/share" },
                             { "XDG_STATE_HOME", ".local/state" }, { "XDG_CACHE_HOME", ".cache" },
                             { "XDG_RUNTIME_DIR", "run" } };
    for (size_t i = 0; i < G_N_ELEMENTS(xdg); i++) {
        g_autofree char *v = g_build_filename(home, xdg[i][1], NULL);
        env = g_environ_setenv(env, xdg[i][0], v, TRUE);
    }

    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint(run_mvsh(mvsh, env, "qemu:///system", &out, &err), ==, 0);
    g_assert_nonnull(strstr(out, "Name"));
    g_assert_nonnull(strstr(err, "running uninstalled from the build tree"));
    g_assert_nonnull(strstr(err, run_root));
    g_clear_pointer(&out, g_free);
    g_clear_pointer(&err, g_free);
    g_assert_cmpint(run_mvsh(mvsh, env, "qemu:///session", &out, &err), ==, 0);
    g_clear_pointer(&out, g_free);
    g_clear_pointer(&err, g_free);

    /* Every plugin took its directories from the core. */
    g_autofree char *qemu_etc = g_build_filename(MV_SYSCONFDIR, "modvirt", "qemu", NULL);
    g_autofree char *qemu_run = g_build_filename(MV_RUNSTATEDIR, "modvirt", "qemu", NULL);
    g_autofree char *session_etc = g_build_filename(home, ".config", "modvirt", "qemu", NULL);
    assert_is_dir(run_root, qemu_etc);
    assert_is_dir(run_root, qemu_run);
    assert_is_dir(run_root, session_etc);
    if (strstr(plugins, "storage-dir")) {
        g_autofree char *d = g_build_filename(MV_SYSCONFDIR, "modvirt", "storage", NULL);
        assert_is_dir(run_root, d);
    }
    if (strstr(plugins, "bridge-net")) {
        g_autofree char *d = g_build_filename(MV_SYSCONFDIR, "modvirt", "network", NULL);
        assert_is_dir(run_root, d);
    }

    /* The guard works: state asked for in a read-only place fails. */
    g_autofree char *ctl = g_build_filename(home, "control", NULL);
    char **ctl_env = g_environ_setenv(g_strdupv(env), "MODVIRT_RUN_ROOT", ctl, TRUE);
    g_assert_cmpint(run_mvsh(mvsh, ctl_env, "qemu:///system", &out, &err), !=, 0);
    g_strfreev(ctl_env);
}

static void test_build_tree_mvsh(void)
{
    const char *build = g_getenv("MV_TEST_BUILD_ROOT");
    if (g_test_subprocess()) {
        build_tree_mvsh_child(build, g_getenv("MV_TEST_PATHS_HOME"));
        return;
    }
    g_autofree char *mvsh = build ? g_build_filename(build, "tools", "mvsh", "mvsh", NULL) : NULL;
    g_autofree char *qemu = build ? g_build_filename(build, "plugins", "qemu", "qemu.so", NULL) : NULL;
    const char *why = !build ? "MV_TEST_BUILD_ROOT is not set (run through meson test)" :
                      !g_file_test(mvsh, G_FILE_TEST_IS_EXECUTABLE) ? "mvsh is not built" :
                      !g_file_test(qemu, G_FILE_TEST_EXISTS) ? "the qemu plugin is not built" :
                      geteuid() != 0 ? "needs root for a private mount namespace" :
                      !can_unshare() ? "cannot make a private mount and network namespace" : NULL;
    if (why) {
        g_test_skip(why);
        return;
    }
    g_autofree char *home = g_dir_make_tmp("mv-home-XXXXXX", NULL);
    g_setenv("MV_TEST_PATHS_HOME", home, TRUE);
    g_test_trap_subprocess(NULL, 300 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_unsetenv("MV_TEST_PATHS_HOME");
    /* Nothing was written in the home directory, read-only or not. */
    g_assert_cmpint(g_rmdir(home), ==, 0);
    g_test_trap_assert_passed();
}

static void test_names(void)
{
    const char *good[] = { "vm1", "my guest", "a.b", "ünïcode", "x-y_z" };
    for (size_t i = 0; i < G_N_ELEMENTS(good); i++)
        g_assert_cmpint(mv_path_check_name(good[i], "domain", VIR_FROM_DOMAIN), ==, 0);
    g_autofree char *longname = g_strnfill(MV_PATH_NAME_MAX + 1, 'a');
    const char *bad[] = { "", "a/b", "..", ".hidden", "../etc/passwd", "\xff\xfe", longname,
                          "a\rb", "a\nb", "a\x7f", "a\xc2\x85" };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        mv_error_reset_last();
        g_assert_cmpint(mv_path_check_name(bad[i], "volume", VIR_FROM_STORAGE), ==, -1);
        g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);
        g_assert_cmpint(virGetLastErrorDomain(), ==, VIR_FROM_STORAGE);
        g_assert_nonnull(strstr(virGetLastErrorMessage(), "volume name"));
    }
    g_assert_cmpint(mv_path_check_name(NULL, "volume", VIR_FROM_STORAGE), ==, -1);
}

/* The limit is the real one: the longest accepted name with the longest
 * suffix a driver may add is written atomically (temporary file and all). */
static void test_name_limit_is_real(void)
{
    g_autofree char *dir = g_dir_make_tmp("mv-names-XXXXXX", NULL);
    g_autofree char *name = g_strnfill(MV_PATH_NAME_MAX, 'n');
    g_assert_cmpint(mv_path_check_name(name, "domain", VIR_FROM_DOMAIN), ==, 0);
    g_autofree char *suffix = g_strnfill(MV_PATH_SUFFIX_MAX, 's');
    suffix[0] = '.';
    g_autofree char *file = g_strdup_printf("%s/%s%s", dir, name, suffix);
    g_assert_cmpint(mv_file_write_atomic(file, "x", 1, 0600), ==, 0);
    g_assert_true(g_file_test(file, G_FILE_TEST_IS_REGULAR));
    g_assert_cmpint(g_unlink(file), ==, 0);
    g_assert_cmpint(g_rmdir(dir), ==, 0);
}

/* Removes the temporary directory DIR and what a test left in it. */
static void remove_tree(const char *dir)
{
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", dir);
    g_assert_cmpint(system(cmd), ==, 0);
}

static void test_atomic_write(void)
{
    g_autofree char *dir = g_dir_make_tmp("mv-paths-XXXXXX", NULL);
    g_autofree char *sub = g_build_filename(dir, "a", "b", NULL);
    g_assert_cmpint(mv_file_mkdir_p(sub, 0755), ==, 0);
    g_autofree char *path = g_build_filename(sub, "def.xml", NULL);
    g_assert_cmpint(mv_file_write_atomic(path, "<a/>\n", 5, 0600), ==, 0);
    g_autofree char *got = NULL;
    g_assert_true(g_file_get_contents(path, &got, NULL, NULL));
    g_assert_cmpstr(got, ==, "<a/>\n");
    struct stat st;
    g_assert_cmpint(stat(path, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 0777, ==, 0600);
    g_assert_cmpint(mv_file_write_atomic(path, "<b/>\n", 5, 0644), ==, 0);
    g_free(got);
    g_assert_true(g_file_get_contents(path, &got, NULL, NULL));
    g_assert_cmpstr(got, ==, "<b/>\n");

    /* A write into a missing directory fails and creates nothing. */
    g_autofree char *missing = g_build_filename(dir, "nope", "x.xml", NULL);
    g_assert_cmpint(mv_file_write_atomic(missing, "x", 1, 0600), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_SYSTEM_ERROR);
    g_assert_false(g_file_test(missing, G_FILE_TEST_EXISTS));

    /* No temporary files are left beside the target. */
    GDir *d = g_dir_open(sub, 0, NULL);
    const char *ent;
    int n = 0;
    while ((ent = g_dir_read_name(d)))
        n++;
    g_dir_close(d);
    g_assert_cmpint(n, ==, 1);
    remove_tree(dir);
}

/* A writer killed with SIGKILL at arbitrary points leaves the old or the
 * new content, whole. */
static void test_atomic_kill(void)
{
    g_autofree char *dir = g_dir_make_tmp("mv-kill-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "pool.xml", NULL);
    const size_t len = 1 << 20;
    g_autofree char *a = g_malloc(len), *b = g_malloc(len);
    memset(a, 'A', len);
    memset(b, 'B', len);
    g_assert_cmpint(mv_file_write_atomic(path, a, len, 0600), ==, 0);
    for (int round = 0; round < 20; round++) {
        pid_t pid = fork();
        g_assert_cmpint(pid, >=, 0);
        if (pid == 0) {
            for (int i = 0;; i++)
                mv_file_write_atomic(path, i % 2 ? a : b, len, 0600);
        }
        g_usleep(2000 + g_random_int_range(0, 20000));
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        gsize got_len = 0;
        g_autofree char *got = NULL;
        g_assert_true(g_file_get_contents(path, &got, &got_len, NULL));
        g_assert_cmpuint(got_len, ==, len);
        g_assert_true(memcmp(got, a, len) == 0 || memcmp(got, b, len) == 0);
    }
    remove_tree(dir);   /* with the temporary files the killed writers left */
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/paths/embed", test_embed_dirs);
    g_test_add_func("/paths/installed", test_installed_dirs);
    g_test_add_func("/paths/uninstalled", test_uninstalled_dirs);
    g_test_add_func("/paths/run-root-env", test_run_root_env);
    g_test_add_func("/paths/install-layout", test_install_layout);
    g_test_add_func("/paths/build-tree-mvsh", test_build_tree_mvsh);
    g_test_add_func("/paths/names", test_names);
    g_test_add_func("/paths/name-limit-is-real", test_name_limit_is_real);
    g_test_add_func("/paths/atomic-write", test_atomic_write);
    g_test_add_func("/paths/atomic-kill", test_atomic_kill);
    return g_test_run();
}
