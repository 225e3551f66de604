/* tests/core/test-paths.c — driver directories, name checks and atomic
 * file replacement (core/util/paths.c, core/util/file.c). */
#include "mv-config.h"
#include "core/util/uri.h"
#include "core/api/error-internal.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
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

static void test_system_session_dirs(void)
{
    char *d = dir_for("qemu:///system", MV_PATH_CONFIG);
    g_assert_cmpstr(d, ==, MV_SYSCONFDIR "/modvirt/qemu");
    free(d);
    d = dir_for("qemu:///system", MV_PATH_RUN);
    g_assert_true(g_str_has_suffix(d, "/modvirt/qemu"));
    free(d);
    d = dir_for("qemu:///session", MV_PATH_CONFIG);
    g_autofree char *want = g_build_filename(g_get_user_config_dir(), "modvirt", "qemu", NULL);
    g_assert_cmpstr(d, ==, want);
    free(d);
}

static void test_names(void)
{
    const char *good[] = { "vm1", "my guest", "a.b", "ünïcode", "x-y_z" };
    for (size_t i = 0; i < G_N_ELEMENTS(good); i++)
        g_assert_cmpint(mv_path_check_name(good[i], "domain", VIR_FROM_DOMAIN), ==, 0);
    g_autofree char *longname = g_strnfill(256, 'a');
    const char *bad[] = { "", "a/b", "..", ".hidden", "../etc/passwd", "\xff\xfe", longname };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        mv_error_reset_last();
        g_assert_cmpint(mv_path_check_name(bad[i], "volume", VIR_FROM_STORAGE), ==, -1);
        g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);
        g_assert_cmpint(virGetLastErrorDomain(), ==, VIR_FROM_STORAGE);
        g_assert_nonnull(strstr(virGetLastErrorMessage(), "volume name"));
    }
    g_assert_cmpint(mv_path_check_name(NULL, "volume", VIR_FROM_STORAGE), ==, -1);
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
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/paths/embed", test_embed_dirs);
    g_test_add_func("/paths/system-session", test_system_session_dirs);
    g_test_add_func("/paths/names", test_names);
    g_test_add_func("/paths/atomic-write", test_atomic_write);
    g_test_add_func("/paths/atomic-kill", test_atomic_kill);
    return g_test_run();
}
