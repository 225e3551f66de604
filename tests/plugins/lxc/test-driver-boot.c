/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/lxc/test-driver-boot.c — the plugin API every stateful
 * driver (qemu, lxc, bridge-net, a third party's) uses for what happens
 * once per host boot on a root: mv_driver_autostart_claim, which exactly
 * one of many processes racing for it wins, and mv_driver_next_id, whose
 * ids many processes taking them at once never share. A reboot is what
 * the records' boot id says: one of an older boot starts over. */
#include <modvirt-plugin/plugin.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define RACERS 12
#define IDS_EACH 40

typedef struct {
    char *root;
    char *run;       /* the "toy" driver's run directory */
    mv_uri_param param;
    mv_uri uri;      /* toy:///embed?root=ROOT */
} fixture;

static void quiet(void *data, virErrorPtr err)
{
    (void)data;
    (void)err;
}

static void fx_open(fixture *f)
{
    f->root = g_dir_make_tmp("driver-boot-XXXXXX", NULL);
    g_assert_nonnull(f->root);
    f->run = g_build_filename(f->root, "run", "toy", NULL);
    g_assert_cmpint(g_mkdir_with_parents(f->run, 0700), ==, 0);
    f->param = (mv_uri_param){ .name = (char *)"root", .value = f->root };
    f->uri = (mv_uri){ .original = (char *)"toy:///embed", .scheme = (char *)"toy",
                       .driver = (char *)"toy", .path = (char *)"/embed",
                       .nparams = 1, .params = &f->param };
    virSetErrorFunc(NULL, quiet);
}

static void fx_close(fixture *f)
{
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", f->root);
    g_assert_cmpint(system(cmd), ==, 0);
    g_free(f->root);
    g_free(f->run);
}

/* Overwrites the record FILE of the toy driver as a reboot leaves it. */
static void older_boot(fixture *f, const char *file, const char *text)
{
    g_autofree char *path = g_build_filename(f->run, file, NULL);
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
}

/* Forks RACERS children that wait on one pipe and then each call FN(F,
 * out) writing its results as lines to OUT; returns all lines. */
static GString *race(fixture *f, void (*fn)(fixture *, FILE *))
{
    int go[2], res[2];
    g_assert_cmpint(pipe(go), ==, 0);
    g_assert_cmpint(pipe(res), ==, 0);
    pid_t kids[RACERS];
    for (int i = 0; i < RACERS; i++) {
        kids[i] = fork();
        g_assert_cmpint(kids[i], >=, 0);
        if (kids[i] == 0) {
            close(go[1]);
            close(res[0]);
            char c;
            if (read(go[0], &c, 1) != 0)   /* EOF: everyone goes at once */
                _exit(2);
            FILE *out = fdopen(res[1], "w");
            fn(f, out);
            fclose(out);
            _exit(0);
        }
    }
    close(go[0]);
    close(res[1]);
    close(go[1]);
    GString *all = g_string_new(NULL);
    char buf[4096];
    ssize_t n;
    while ((n = read(res[0], buf, sizeof(buf))) > 0)
        g_string_append_len(all, buf, n);
    close(res[0]);
    for (int i = 0; i < RACERS; i++) {
        int st;
        g_assert_cmpint(waitpid(kids[i], &st, 0), ==, kids[i]);
        g_assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
    return all;
}

static void claim_once(fixture *f, FILE *out)
{
    fprintf(out, "%d\n", mv_driver_autostart_claim(&f->uri, "toy"));
}

static void test_autostart_claim(void)
{
    fixture f;
    fx_open(&f);
    GString *all = race(&f, claim_once);
    int won = 0, lost = 0;
    g_auto(GStrv) lines = g_strsplit(all->str, "\n", -1);
    for (char **l = lines; *l && **l; l++) {
        int r = atoi(*l);
        if (r != 0 && r != 1)
            g_error("a claim returned %s: %s", *l, virGetLastErrorMessage());
        won += r == 1;
        lost += r == 0;
    }
    g_string_free(all, TRUE);
    g_assert_cmpint(won, ==, 1);
    g_assert_cmpint(lost, ==, RACERS - 1);
    /* later in the same boot: already done */
    g_assert_cmpint(mv_driver_autostart_claim(&f.uri, "toy"), ==, 0);
    /* after a reboot: once more, once */
    older_boot(&f, "autostarted", "an older boot\n");
    g_assert_cmpint(mv_driver_autostart_claim(&f.uri, "toy"), ==, 1);
    g_assert_cmpint(mv_driver_autostart_claim(&f.uri, "toy"), ==, 0);
    /* another driver on the same root has its own */
    g_autofree char *other = g_build_filename(f.root, "run", "other", NULL);
    g_assert_cmpint(g_mkdir(other, 0700), ==, 0);
    g_assert_cmpint(mv_driver_autostart_claim(&f.uri, "other"), ==, 1);
    /* no run directory: an error, nothing claimed */
    g_assert_cmpint(mv_driver_autostart_claim(&f.uri, "missing"), ==, -1);
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_SYSTEM_ERROR);
    g_assert_nonnull(strstr(virGetLastErrorMessage(), "/run/missing/autostarted"));
    fx_close(&f);
}

static void ids_many(fixture *f, FILE *out)
{
    for (int i = 0; i < IDS_EACH; i++)
        fprintf(out, "%d\n", mv_driver_next_id(&f->uri, "toy"));
}

static void test_next_id(void)
{
    fixture f;
    fx_open(&f);
    g_assert_cmpint(mv_driver_next_id(&f.uri, "toy"), ==, 1);
    GString *all = race(&f, ids_many);
    g_auto(GStrv) lines = g_strsplit(all->str, "\n", -1);
    g_string_free(all, TRUE);
    /* every id once: 2 .. 1 + RACERS * IDS_EACH */
    gboolean seen[2 + RACERS * IDS_EACH] = { FALSE };
    int n = 0;
    for (char **l = lines; *l && **l; l++, n++) {
        int id = atoi(*l);
        g_assert_cmpint(id, >=, 2);
        g_assert_cmpint(id, <=, 1 + RACERS * IDS_EACH);
        g_assert_false(seen[id]);
        seen[id] = TRUE;
    }
    g_assert_cmpint(n, ==, RACERS * IDS_EACH);
    g_assert_cmpint(mv_driver_next_id(&f.uri, "toy"), ==, 2 + RACERS * IDS_EACH);
    /* after a reboot ids start at 1 again; a record that is not one too */
    older_boot(&f, "domain-ids", "an-older-boot 41\n");
    g_assert_cmpint(mv_driver_next_id(&f.uri, "toy"), ==, 1);
    older_boot(&f, "domain-ids", "garbage");
    g_assert_cmpint(mv_driver_next_id(&f.uri, "toy"), ==, 1);
    g_assert_cmpint(mv_driver_next_id(&f.uri, "toy"), ==, 2);
    g_assert_cmpint(mv_driver_next_id(&f.uri, "missing"), ==, -1);
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_SYSTEM_ERROR);
    fx_close(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/driver-boot/autostart-claim", test_autostart_claim);
    g_test_add_func("/driver-boot/next-id", test_next_id);
    return g_test_run();
}
