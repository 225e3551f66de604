/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/lxc/test-lxc-state.c — what the processes sharing an embed
 * root see of each other's containers: read-only connections that change
 * nothing (no autostart, no clean-up, no file written), ids that name the
 * same container in every process, the reason a container ended while no
 * process watched it, and a run directory whose filesystem is full (a
 * start that cannot be recorded fails and leaves nothing running). */
#include "lxc-test.h"

#include <sys/syscall.h>

static lxc_fx fx;

/* The built mvsh, or NULL (the test is skipped). */
static const char *mvsh_path(void)
{
    static char *path;
    if (!path) {
        const char *build = g_getenv("MV_TEST_BUILD_ROOT");
        path = g_build_filename(build ? build : ".", "tools/mvsh/mvsh", NULL);
    }
    if (!g_file_test(path, G_FILE_TEST_IS_EXECUTABLE)) {
        g_test_skip("needs the built mvsh (MV_TEST_BUILD_ROOT)");
        return NULL;
    }
    return path;
}

/* mvsh ARGS on FX's URI in a process of its own: its output, stripped. */
static char *mvsh(const char *args)
{
    const char *build = g_getenv("MV_TEST_BUILD_ROOT");
    g_autofree char *path = g_build_filename(build ? build : ".", "tools/mvsh/mvsh", NULL);
    return lxc_out("'%s' -c '%s' %s 2>&1", path, fx.uri, args);
}

/* Every file under ROOT with its type, size, mode, modification time and,
 * for regular files, content checksum: equal listings mean nothing under
 * ROOT was created, removed or written. */
static char *tree(const char *root)
{
    return lxc_out("cd '%s' && find . -exec stat -c '%%n %%F %%s %%a %%y' {} + | sort && "
                   "find . -type f -exec md5sum {} + | sort", root);
}

/* What a reboot of the host does to the lxc driver's autostart record:
 * it names an older boot, so the next read-write open autostarts. */
static void new_boot(void)
{
    g_autofree char *marker = g_strdup_printf("%s/run/lxc/autostarted", fx.root);
    g_assert_true(g_file_set_contents(marker, "an older boot\n", -1, NULL));
}

/* Waits up to MS for PID to end (a zombie counts); whether it did. */
static bool wait_exit(int pid, int ms)
{
    int fd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (fd < 0)
        return true;
    struct pollfd p = { .fd = fd, .events = POLLIN };
    bool ended = poll(&p, 1, ms) == 1;
    close(fd);
    return ended;
}

/* Starts NAME (defined), waits for "up" on its console and closes the
 * last connection: no process watches it. Returns its supervisor's pid. */
static int start_unwatched(const char *name)
{
    fx.conn = virConnectOpen(fx.uri);
    g_assert_nonnull(fx.conn);
    virDomainPtr dom = virDomainLookupByName(fx.conn, name);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    g_free(lxc_console_expect(dom, "up"));
    int sup = (int)virDomainGetID(dom);
    virDomainFree(dom);
    virConnectClose(fx.conn);
    fx.conn = NULL;
    return sup;
}

/* Kills the init of the container whose supervisor is SUP and waits until
 * the supervisor has recorded it and gone. */
static void kill_init(int sup)
{
    g_autofree char *init = lxc_out("cat /proc/%d/task/%d/children", sup, sup);
    g_assert_cmpint(kill(atoi(init), SIGKILL), ==, 0);
    g_assert_true(wait_exit(sup, 10000));
}

/* A read-only connection, in another process (mvsh -r) or in this one,
 * leaves the autostart container of a new boot off, leaves what a
 * container that ended unwatched left, and writes nothing; the first
 * read-write open starts the one and cleans up after the other, also with
 * the read-only connection still open (the state is shared). */
static void test_readonly(void)
{
    if (!mvsh_path())
        return;
    g_autofree char *xml = lxc_xml(&fx, "roauto", "echo up; exec sleep 1000", NULL, NULL);
    g_autofree char *dead = lxc_xml(&fx, "rodead", "echo up; exec sleep 1000", NULL, NULL);
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainSetAutostart(dom, 1), ==, 0);
    virDomainFree(dom);
    dom = virDomainDefineXML(fx.conn, dead);
    g_assert_nonnull(dom);
    virDomainFree(dom);
    virConnectClose(fx.conn);
    fx.conn = NULL;
    kill_init(start_unwatched("rodead"));
    new_boot();
    g_autofree char *before = tree(fx.root);
    g_autofree char *list = mvsh("-r list --all");
    if (!strstr(list, "roauto") || !strstr(list, "shut off"))
        g_error("mvsh -r list --all said:\n%s", list);
    virConnectPtr ro = virConnectOpenReadOnly(fx.uri);
    g_assert_nonnull(ro);
    dom = virDomainLookupByName(ro, "roauto");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainIsActive(dom), ==, 0);
    virDomainFree(dom);
    dom = virDomainLookupByName(ro, "rodead");
    lxc_assert_state(dom, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_CRASHED);
    virDomainFree(dom);
    g_autofree char *after = tree(fx.root);
    g_assert_cmpstr(after, ==, before);

    fx.conn = virConnectOpen(fx.uri);
    g_assert_nonnull(fx.conn);
    dom = virDomainLookupByName(fx.conn, "roauto");
    lxc_assert_state(dom, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
    virDomainPtr seen = virDomainLookupByName(ro, "roauto");
    g_assert_cmpint(virDomainIsActive(seen), ==, 1);
    virDomainFree(seen);
    g_autofree char *status = g_strdup_printf("%s/run/lxc/rodead.xml", fx.root);
    g_assert_false(g_file_test(status, G_FILE_TEST_EXISTS));
    lxc_assert_gone(&fx, "rodead");
    g_assert_cmpint(virConnectClose(ro), ==, 0);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    lxc_assert_gone(&fx, "roauto");
    /* destroyed, it stays off for the later opens of this boot */
    g_autofree char *state = mvsh("domstate roauto");
    g_assert_cmpstr(state, ==, "shut off");
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
    dom = virDomainLookupByName(fx.conn, "rodead");
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
}

/* Two processes start a container each; an id names the same container
 * for a third process, whose destroy stops that one only. */
static void test_ids(void)
{
    const char *path = mvsh_path();
    if (!path)
        return;
    g_autofree char *x1 = lxc_xml(&fx, "first", "exec sleep 1000", NULL, NULL);
    g_autofree char *x2 = lxc_xml(&fx, "second", "exec sleep 1000", NULL, NULL);
    virDomainPtr d1 = virDomainDefineXML(fx.conn, x1);
    virDomainPtr d2 = virDomainDefineXML(fx.conn, x2);
    g_assert_nonnull(d1);
    g_assert_nonnull(d2);
    const char *argv[] = { path, "-c", fx.uri, NULL };
    GPid child;
    int in, out, err;
    g_assert_true(g_spawn_async_with_pipes(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &child, &in, &out, &err, NULL));
    /* mvsh has loaded the root once the error of the command after the
     * list shows on its unbuffered stderr */
    const char *load = "list --all\ndomstate no-such-domain\n";
    g_assert_cmpint(write(in, load, strlen(load)), ==, (gssize)strlen(load));
    GString *errs = g_string_new(NULL);
    if (!lxc_read_until(err, errs, "no-such-domain", 30000))
        g_error("mvsh did not answer: %s", errs->str);
    g_assert_cmpint(virDomainCreate(d1), ==, 0);
    int id1 = (int)virDomainGetID(d1);
    const char *cmds = "start second\ndomid second\nquit\n";
    g_assert_cmpint(write(in, cmds, strlen(cmds)), ==, (gssize)strlen(cmds));
    close(in);
    GString *text = g_string_new(NULL);
    lxc_read_until(out, text, NULL, 30000);
    lxc_read_until(err, errs, NULL, 30000);
    close(out);
    close(err);
    waitpid(child, NULL, 0);
    g_spawn_close_pid(child);
    if (!strstr(text->str, "Domain 'second' started"))
        g_error("mvsh said: %s%s", text->str, errs->str);
    g_auto(GStrv) lines = g_strsplit(g_strstrip(text->str), "\n", -1);
    int id2 = atoi(lines[g_strv_length(lines) - 1]);
    g_string_free(text, TRUE);
    g_string_free(errs, TRUE);
    g_assert_cmpint(id1, >, 0);
    g_assert_cmpint(id2, >, 0);
    g_assert_cmpint(id2, !=, id1);

    g_autofree char *by1 = g_strdup_printf("domname %d", id1);
    g_autofree char *by2 = g_strdup_printf("domname %d", id2);
    g_autofree char *name1 = mvsh(by1);
    g_autofree char *name2 = mvsh(by2);
    g_assert_cmpstr(name1, ==, "first");
    g_assert_cmpstr(name2, ==, "second");
    g_autofree char *destroy = g_strdup_printf("destroy %d", id2);
    g_autofree char *said = mvsh(destroy);
    g_assert_nonnull(strstr(said, "destroyed"));
    g_assert_true(wait_exit(id2, 10000));
    g_assert_false(wait_exit(id1, 0));
    lxc_assert_state(d1, VIR_DOMAIN_RUNNING, -1);
    g_assert_cmpint(virDomainDestroy(d1), ==, 0);
    lxc_assert_gone(&fx, "first");
    lxc_assert_gone(&fx, "second");
    g_assert_cmpint(virDomainUndefine(d1), ==, 0);
    g_assert_cmpint(virDomainUndefine(d2), ==, 0);
    virDomainFree(d1);
    virDomainFree(d2);
}

/* A container that ends while no process watches it: the next process to
 * open the root, read-only or not, says why (crashed: init killed; shut
 * down: init exited), as a watching one does; the read-write one also
 * cleans up after it. */
static void test_unwatched_end(void)
{
    if (!mvsh_path())
        return;
    g_autofree char *stop = g_build_filename(fx.rootfs, "lone-stop", NULL);
    g_unlink(stop);
    g_autofree char *xml = lxc_xml(&fx, "lone",
        "echo up; while [ ! -e /lone-stop ]; do sleep 0.05; done; exit 0", NULL, NULL);
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    virDomainFree(dom);
    virConnectClose(fx.conn);
    fx.conn = NULL;

    kill_init(start_unwatched("lone"));
    g_autofree char *status = g_strdup_printf("%s/run/lxc/lone.xml", fx.root);
    g_autofree char *ro_state = mvsh("-r domstate --reason lone");
    g_assert_cmpstr(ro_state, ==, "shut off (crashed)");
    g_assert_true(g_file_test(status, G_FILE_TEST_EXISTS));   /* read-only: left as is */
    g_autofree char *rw_state = mvsh("domstate --reason lone");
    g_assert_cmpstr(rw_state, ==, "shut off (crashed)");
    g_assert_false(g_file_test(status, G_FILE_TEST_EXISTS));
    lxc_assert_gone(&fx, "lone");

    int sup = start_unwatched("lone");
    g_assert_true(g_file_set_contents(stop, "", 0, NULL));
    g_assert_true(wait_exit(sup, 10000));
    g_unlink(stop);
    fx.conn = virConnectOpen(fx.uri);
    g_assert_nonnull(fx.conn);
    dom = virDomainLookupByName(fx.conn, "lone");
    lxc_assert_state(dom, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_SHUTDOWN);
    lxc_assert_gone(&fx, "lone");
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
}

/* ---- a full run directory -------------------------------------------- */

typedef struct {
    lxc_fx fx;
    char *run;
} full_fx;

/* An embed root whose run directory is a small tmpfs. */
static void full_open(full_fx *f)
{
    f->fx.root = g_dir_make_tmp("lxc-full-XXXXXX", NULL);
    g_assert_nonnull(f->fx.root);
    g_chmod(f->fx.root, 0755);
    f->fx.rootfs = g_strdup(fx.rootfs);
    f->fx.uri = g_strdup_printf("lxc:///embed?root=%s", f->fx.root);
    f->run = g_build_filename(f->fx.root, "run", NULL);
    g_assert_cmpint(g_mkdir(f->run, 0755), ==, 0);
    g_assert_cmpint(lxc_sh("mount -t tmpfs -o size=256k,mode=0755 mvtest '%s'", f->run), ==, 0);
    f->fx.conn = virConnectOpen(f->fx.uri);
    g_assert_nonnull(f->fx.conn);
}

static void full_close(full_fx *f, const char *name)
{
    virConnectClose(f->fx.conn);
    f->fx.conn = NULL;
    g_assert_cmpint(lxc_sh("umount '%s'", f->run), ==, 0);
    lxc_assert_gone(&f->fx, name);
    g_free(f->run);
    lxc_fx_close(&f->fx);   /* frees its copy of the shared rootfs path */
}

/* Fills the tmpfs to the last block but SPARE. */
static void fill(full_fx *f, int spare)
{
    g_assert_cmpint(lxc_sh("cd '%s' && head -c %d /dev/zero > spare && "
                           "{ dd if=/dev/zero of=fill bs=64k 2>/dev/null; rm spare; "
                           "test \"$(df --output=avail . | tail -1 | tr -d ' ')\" = %d; }",
                           f->run, spare * 4096, spare * 4), ==, 0);
}

static void unfill(full_fx *f)
{
    g_assert_cmpint(lxc_sh("rm '%s/fill'", f->run), ==, 0);
}

static void expect_no_space(int code, const char *what)
{
    virErrorPtr e = virGetLastError();
    g_assert_nonnull(e);
    if (e->code != code || !strstr(e->message, what) ||
        !strstr(e->message, "No space left on device"))
        g_error("unexpected error %d: %s", e->code, e->message);
}

/* Nothing of NAME runs and the driver reports it shut off. */
static void assert_not_running(full_fx *f, virDomainPtr dom, const char *name)
{
    lxc_assert_state(dom, VIR_DOMAIN_SHUTOFF, -1);
    g_assert_cmpint((int)virDomainGetID(dom), ==, -1);
    g_autofree char *procs = lxc_out("for p in /proc/[0-9]*; do [ \"$(readlink $p/fd/2 2>/dev/null)\" = "
                                     "'%s/log/lxc/%s.log' ] && echo $p; done; true", f->fx.root, name);
    g_assert_cmpstr(procs, ==, "");
    g_autofree char *status = g_strdup_printf("%s/lxc/%s.xml", f->run, name);
    g_assert_false(g_file_test(status, G_FILE_TEST_EXISTS));
}

static void test_full_disk(void)
{
    full_fx f;
    full_open(&f);
    g_autofree char *xml = lxc_xml(&f.fx, "full", "echo up; exec sleep 1000", NULL, NULL);
    virDomainPtr dom = virDomainDefineXML(f.fx.conn, xml);
    g_assert_nonnull(dom);

    /* nothing free: the supervisor cannot record init, which never runs */
    fill(&f, 0);
    g_assert_cmpint(virDomainCreate(dom), ==, -1);
    expect_no_space(VIR_ERR_OPERATION_FAILED, "container 'full' failed to start");
    assert_not_running(&f, dom, "full");
    unfill(&f);

    /* room for init's record, none for the status: the driver undoes it */
    fill(&f, 1);
    g_assert_cmpint(virDomainCreate(dom), ==, -1);
    expect_no_space(VIR_ERR_SYSTEM_ERROR, "cannot save the status of domain 'full'");
    assert_not_running(&f, dom, "full");
    unfill(&f);

    /* running, then full: the pause happens but cannot be recorded */
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    fill(&f, 0);
    g_assert_cmpint(virDomainSuspend(dom), ==, -1);
    expect_no_space(VIR_ERR_SYSTEM_ERROR, "cannot save the status of domain 'full'");
    lxc_assert_state(dom, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER);
    unfill(&f);
    g_assert_cmpint(virDomainResume(dom), ==, 0);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
    full_close(&f, "full");
}

/* Title and <metadata> of a container: the persistent ones in its
 * definition, the live ones in its status, so another process reads both
 * while it runs; the live ones go when it stops. */
static void test_metadata(void)
{
    const char *ns = "http://example.org/ops/";
    g_autofree char *xml = lxc_xml(&fx, "meta", "echo up; exec sleep 1000", NULL, NULL);
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_TITLE, "Saved", NULL, NULL,
                                         VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    g_assert_cmpint(virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, "<team>web</team>",
                                         "ops", ns, 0), ==, 0);
    g_autofree char *other = mvsh("'metadata meta http://example.org/ops/; desc meta --title'");
    g_assert_cmpstr(other, ==, "<team>web</team>\n\nSaved");
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_null(virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, ns, 0));
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_NO_DOMAIN_METADATA);
    char *title = virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_TITLE, NULL, 0);
    g_assert_cmpstr(title, ==, "Saved");
    free(title);
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (lxc_skip_all())
        return 0;
    lxc_fx_open(&fx);
    g_test_add_func("/lxc/state/readonly", test_readonly);
    g_test_add_func("/lxc/state/ids", test_ids);
    g_test_add_func("/lxc/state/unwatched-end", test_unwatched_end);
    g_test_add_func("/lxc/state/full-disk", test_full_disk);
    g_test_add_func("/lxc/state/metadata", test_metadata);
    int ret = g_test_run();
    lxc_fx_close(&fx);
    return ret;
}
