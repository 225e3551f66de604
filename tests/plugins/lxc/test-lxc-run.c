/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/lxc/test-lxc-run.c — real containers on a busybox root:
 * what init sees (PID 1, hostname, libvirt's environment, /proc, read-only
 * /sys, /dev, the console), info and state, suspend freezing every process,
 * shutdown through init and through its /dev/initctl pipe, reboot from
 * inside, re-attach from a new connection and a new process, the host's
 * root shared read-only, bind mounts, a root filesystem and data outside
 * the embed root, and destroy leaving no process and no cgroup. */
#include "lxc-test.h"

#include <sys/wait.h>

static lxc_fx fx;
static char *lxc_xml_tmp;

static void test_inside(void)
{
    g_autofree char *xml = lxc_xml(&fx, "inside",
        "echo pid=$$ host=$(hostname) container=$container uuid=$LIBVIRT_LXC_UUID "
        "name=$LIBVIRT_LXC_NAME foo=$FOO; "
        "[ -c /dev/null ] && [ -c /dev/urandom ] && [ -e /dev/pts/ptmx ] && echo dev=ok; "
        "touch /sys/x 2>/dev/null || echo sys=ro; "
        "echo procs=$(ls /proc | grep -c '^[0-9]') hostinit=$(grep -c . /proc/1/cmdline); ls /sys/class/net | tr '\\n' ' '; echo; "
        "echo tty=$(tty) cwd=$(pwd); echo done; exec sleep 1000",
        NULL, NULL);
    /* <initenv> on top of the script's */
    g_autofree char *xml2 = NULL;
    {
        GString *s = g_string_new(xml);
        char *p = strstr(s->str, "</os>");
        g_string_insert(s, p - s->str, "<initenv name='FOO'>bar baz</initenv><initdir>/tmp</initdir>");
        xml2 = g_string_free(s, FALSE);
    }
    lxc_events_watch(fx.conn);
    virDomainPtr dom = virDomainCreateXML(fx.conn, xml2, 0);
    if (!dom)
        g_error("create: %s", virGetLastErrorMessage());
    g_assert_true(lxc_events_wait(VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED, 5000));
    lxc_assert_state(dom, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
    g_autofree char *out = lxc_console_expect(dom, "done");
    char uuid[VIR_UUID_STRING_BUFLEN];
    virDomainGetUUIDString(dom, uuid);
    g_autofree char *want = g_strdup_printf("pid=1 host=inside container=lxc-libvirt uuid=%s "
                                            "name=inside foo=bar baz", uuid);
    if (!strstr(out, want))
        g_error("expected '%s' in:\n%s", want, out);
    g_assert_nonnull(strstr(out, "dev=ok"));
    g_assert_nonnull(strstr(out, "sys=ro"));
    /* only its own processes: sh, the subshell, ls, grep */
    const char *procs = strstr(out, "procs=");
    g_assert_nonnull(procs);
    g_assert_cmpint(atoi(procs + 6), <=, 5);
    g_assert_nonnull(strstr(out, "tty=/dev/console cwd=/tmp"));
    g_assert_nonnull(strstr(out, "lo \r\n"));     /* no interface but lo */

    virDomainInfo info;
    g_assert_cmpint(virDomainGetInfo(dom, &info), ==, 0);
    g_assert_cmpint(info.state, ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpuint(info.maxMem, ==, 128 * 1024);
    g_assert_cmpuint(info.memory, >, 0);
    g_assert_cmpuint(info.nrVirtCpu, ==, 1);
    g_assert_cmpint(virDomainGetID(dom), >, 0);
    g_autofree char *os = virDomainGetOSType(dom);
    g_assert_cmpstr(os, ==, "exe");

    /* Statistics from the container's cgroup: the memory it uses next to
     * its current memory, and its CPU time in the bulk statistics. */
    virDomainMemoryStatStruct mstat[VIR_DOMAIN_MEMORY_STAT_NR];
    g_assert_cmpint(virDomainMemoryStats(dom, mstat, VIR_DOMAIN_MEMORY_STAT_NR, 0), ==, 2);
    g_assert_cmpint(mstat[0].tag, ==, VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON);
    g_assert_cmpuint(mstat[0].val, ==, 128 * 1024);
    g_assert_cmpint(mstat[1].tag, ==, VIR_DOMAIN_MEMORY_STAT_RSS);
    g_assert_cmpuint(mstat[1].val, >, 0);
    g_assert_cmpuint(mstat[1].val, <, 128 * 1024);
    virDomainStatsRecordPtr *recs = NULL;
    g_assert_cmpint(virConnectGetAllDomainStats(fx.conn, 0, &recs, 0), >=, 1);
    virDomainStatsRecordPtr rec = NULL;
    for (virDomainStatsRecordPtr *r = recs; *r; r++)
        if (!strcmp(virDomainGetName((*r)->dom), "inside"))
            rec = *r;
    g_assert_nonnull(rec);
    int st_state = -1;
    unsigned long long cpu = 0;
    g_assert_cmpint(virTypedParamsGetInt(rec->params, rec->nparams, "state.state", &st_state), ==, 1);
    g_assert_cmpint(st_state, ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpint(virTypedParamsGetULLong(rec->params, rec->nparams, "cpu.time", &cpu), ==, 1);
    g_assert_cmpuint(cpu, >, 0);
    virDomainStatsRecordListFree(recs);
    g_assert_cmpint(virConnectGetAllDomainStats(fx.conn, VIR_DOMAIN_STATS_BLOCK, &recs,
                                                VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS),
                    ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_ARGUMENT_UNSUPPORTED);

    /* the cgroup's limit is the domain's memory */
    int init = lxc_init_pid(dom);
    g_assert_cmpint(init, >, 0);
    g_autofree char *mem = lxc_cgroup_dir(init, "memory");
    if (*mem) {
        g_autofree char *lim = lxc_out("cat %s/memory.limit_in_bytes", mem);
        g_assert_cmpstr(lim, ==, "134217728");
    }
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_true(lxc_events_wait(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_DESTROYED, 5000));
    g_assert_cmpint(kill(init, 0) == 0 && lxc_sh("[ -d /proc/%d ]", init) == 0, ==, 0);
    lxc_assert_gone(&fx, "inside");
    /* transient: gone with its container */
    g_assert_null(virDomainLookupByName(fx.conn, "inside"));
    lxc_events_unwatch(fx.conn);
    virDomainFree(dom);
}

/* Whether DOM's CPU time passes SINCE within TIMEOUT_MS. */
static bool cpu_time_grows(virDomainPtr dom, unsigned long long since, int timeout_ms)
{
    gint64 end = g_get_monotonic_time() + timeout_ms * 1000LL;
    virDomainInfo info;
    do {
        g_assert_cmpint(virDomainGetInfo(dom, &info), ==, 0);
        if (info.cpuTime > since)
            return true;
        g_usleep(10000);
    } while (g_get_monotonic_time() < end);
    return false;
}

static void test_suspend(void)
{
    /* four busy processes; the CPU time of the cgroup counts them all */
    g_autofree char *xml = lxc_xml(&fx, "frozen",
        "for i in 1 2 3; do (while :; do :; done) & done; echo ready; while :; do :; done",
        NULL, NULL);
    virDomainPtr dom = virDomainCreateXML(fx.conn, xml, 0);
    g_assert_nonnull(dom);
    lxc_events_watch(fx.conn);
    g_free(lxc_console_expect(dom, "ready"));
    g_assert_cmpint(virDomainSuspend(dom), ==, 0);
    g_assert_true(lxc_events_wait(VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_PAUSED, 5000));
    lxc_assert_state(dom, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER);
    virDomainInfo a, b;
    g_assert_cmpint(virDomainGetInfo(dom, &a), ==, 0);
    g_usleep(300000);
    g_assert_cmpint(virDomainGetInfo(dom, &b), ==, 0);
    g_assert_cmpuint(a.cpuTime, ==, b.cpuTime);
    /* every process of the container is frozen */
    int init = lxc_init_pid(dom);
    g_autofree char *fz = lxc_cgroup_dir(init, "freezer");
    if (*fz) {
        g_autofree char *state = lxc_out("cat %s/freezer.state", fz);
        g_assert_cmpstr(state, ==, "FROZEN");
        g_autofree char *n = lxc_out("wc -l < %s/cgroup.procs", fz);
        g_assert_cmpint(atoi(n), ==, 4);
    }
    /* suspending again is a no-op; a new connection sees it paused */
    g_assert_cmpint(virDomainSuspend(dom), ==, 0);
    g_assert_cmpint(virDomainResume(dom), ==, 0);
    g_assert_true(lxc_events_wait(VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_RESUMED_UNPAUSED, 5000));
    lxc_assert_state(dom, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_UNPAUSED);
    g_assert_true(cpu_time_grows(dom, b.cpuTime, 10000));
    g_assert_cmpint(virDomainResume(dom), ==, -1);
    lxc_assert_error(VIR_ERR_OPERATION_INVALID, "not paused");
    /* started paused */
    virDomainPtr p2 = virDomainCreateXML(fx.conn, lxc_xml_tmp = lxc_xml(&fx, "born-paused", "exec sleep 1000", NULL, NULL),
                                         VIR_DOMAIN_START_PAUSED);
    g_free(lxc_xml_tmp);
    g_assert_nonnull(p2);
    lxc_assert_state(p2, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER);
    g_assert_cmpint(virDomainDestroy(p2), ==, 0);
    lxc_assert_gone(&fx, "born-paused");
    virDomainFree(p2);
    /* destroy works on a frozen container too */
    g_assert_cmpint(virDomainSuspend(dom), ==, 0);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    lxc_assert_gone(&fx, "frozen");
    lxc_events_unwatch(fx.conn);
    virDomainFree(dom);
}

static void test_shutdown_reboot(void)
{
    g_autofree char *xml = lxc_xml(&fx, "polite",
        "trap 'echo bye; exit 0' TERM; trap 'echo rebooting; reboot -f' HUP; "
        "echo boot; while :; do sleep 1 & wait; done", NULL, NULL);
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    lxc_events_watch(fx.conn);
    lxc_console c;
    lxc_console_open(&c, dom);
    g_assert_true(lxc_console_wait(&c, "boot", 10000));
    int init1 = lxc_init_pid(dom);
    /* reboot: SIGHUP to init, which reboots; the supervisor starts it again */
    if (virDomainReboot(dom, 0) < 0)
        g_error("reboot: %s", virGetLastErrorMessage());
    g_assert_true(lxc_console_wait(&c, "rebooting", 10000));
    lxc_console_close(&c);
    gint64 end = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
    int cur;
    while (((cur = lxc_init_pid(dom)) == init1 || cur <= 0) && g_get_monotonic_time() < end)
        g_usleep(20000);
    int init2 = lxc_init_pid(dom);
    g_assert_cmpint(init2, >, 0);
    g_assert_cmpint(init2, !=, init1);
    lxc_assert_state(dom, VIR_DOMAIN_RUNNING, -1);
    g_assert_true(lxc_reboots_wait(1, 5000));
    g_free(lxc_console_expect(dom, "boot"));
    /* shutdown: SIGTERM to init, which exits */
    if (virDomainShutdown(dom) < 0)
        g_error("shutdown: %s", virGetLastErrorMessage());
    g_assert_true(lxc_events_wait(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN, 10000));
    lxc_assert_state(dom, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_SHUTDOWN);
    {
        /* handles keep the id they were made with, as in libvirt */
        virDomainPtr again = virDomainLookupByName(fx.conn, "polite");
        g_assert_cmpuint(virDomainGetID(again), ==, (unsigned int)-1);
        virDomainFree(again);
    }
    lxc_assert_gone(&fx, "polite");
    g_assert_cmpint(virDomainShutdown(dom), ==, -1);
    lxc_assert_error(VIR_ERR_OPERATION_INVALID, "not running");
    /* an init that exits on its own: shut off with reason shutdown */
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
    g_autofree char *quick = lxc_xml(&fx, "quick", "exit 3", NULL, NULL);
    dom = virDomainCreateXML(fx.conn, quick, 0);
    g_assert_nonnull(dom);
    g_assert_true(lxc_events_wait(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN, 10000));
    lxc_assert_gone(&fx, "quick");
    lxc_events_unwatch(fx.conn);
    virDomainFree(dom);
}

/* an init with sysvinit's /dev/initctl pipe gets the runlevel request */
static void test_initctl(void)
{
    /* the pipe is open for reading (fd 3) before "ready": from then on a
     * request waits in it until dd reads it */
    g_autofree char *xml = lxc_xml(&fx, "sysv",
        "mkfifo /dev/initctl; exec 3<>/dev/initctl; echo ready; "
        "set -- $(dd bs=384 count=1 <&3 2>/dev/null | od -An -td4 -N12); "
        "echo got=$2,$3; exit 0", NULL, NULL);
    g_autofree char *plain = lxc_xml(&fx, "plain", "exec sleep 1000", NULL, NULL);
    lxc_events_watch(fx.conn);
    virDomainPtr dom = virDomainCreateXML(fx.conn, xml, 0);
    virDomainPtr other = virDomainCreateXML(fx.conn, plain, 0);
    g_assert_nonnull(dom);
    g_assert_nonnull(other);
    lxc_console c;
    lxc_console_open(&c, dom);
    g_assert_true(lxc_console_wait(&c, "ready", 10000));
    g_assert_cmpint(virDomainShutdownFlags(dom, VIR_DOMAIN_SHUTDOWN_INITCTL), ==, 0);
    g_assert_true(lxc_console_wait(&c, "got=1,48", 10000));   /* RUNLVL, '0' */
    lxc_console_close(&c);
    g_assert_true(lxc_events_wait(VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN, 10000));
    lxc_assert_gone(&fx, "sysv");
    /* no pipe: the initctl method alone is refused, nothing is signalled */
    g_assert_cmpint(virDomainShutdownFlags(other, VIR_DOMAIN_SHUTDOWN_INITCTL), ==, -1);
    lxc_assert_error(VIR_ERR_OPERATION_UNSUPPORTED, "initctl");
    g_assert_cmpint(virDomainReboot(other, VIR_DOMAIN_REBOOT_INITCTL), ==, -1);
    lxc_assert_state(other, VIR_DOMAIN_RUNNING, -1);
    g_assert_cmpint(virDomainDestroy(other), ==, 0);
    lxc_assert_gone(&fx, "plain");
    lxc_events_unwatch(fx.conn);
    virDomainFree(dom);
    virDomainFree(other);
}

/* A pipe that nobody reads: init is not listening. As with libvirt that is
 * an error, also without flags (no signal instead), and nothing changes. */
static void test_initctl_no_reader(void)
{
    g_autofree char *xml = lxc_xml(&fx, "deaf", "mkfifo /dev/initctl; echo ready; exec sleep 1000",
                                   NULL, NULL);
    virDomainPtr dom = virDomainCreateXML(fx.conn, xml, 0);
    g_assert_nonnull(dom);
    g_free(lxc_console_expect(dom, "ready"));
    int init = lxc_init_pid(dom);
    g_assert_cmpint(virDomainShutdownFlags(dom, VIR_DOMAIN_SHUTDOWN_INITCTL), ==, -1);
    lxc_assert_error(VIR_ERR_SYSTEM_ERROR, "cannot open /dev/initctl of 'deaf' (no process reads it)");
    g_assert_cmpint(virDomainShutdown(dom), ==, -1);
    lxc_assert_error(VIR_ERR_SYSTEM_ERROR, "no process reads it");
    g_assert_cmpint(virDomainReboot(dom, 0), ==, -1);
    lxc_assert_error(VIR_ERR_SYSTEM_ERROR, "no process reads it");
    lxc_assert_state(dom, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
    g_assert_cmpint(lxc_init_pid(dom), ==, init);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    lxc_assert_gone(&fx, "deaf");
    virDomainFree(dom);
}

static void test_reattach(void)
{
    g_autofree char *xml = lxc_xml(&fx, "lasting",
                                   "echo up; while :; do echo tick; sleep 0.2; done", NULL, NULL);
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainSetAutostart(dom, 1), ==, 0);
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    int id = (int)virDomainGetID(dom);
    g_assert_cmpint(id, >, 0);
    virDomainFree(dom);
    /* the last connection goes: the container stays */
    virConnectClose(fx.conn);
    fx.conn = virConnectOpen(fx.uri);
    g_assert_nonnull(fx.conn);
    dom = virDomainLookupByName(fx.conn, "lasting");
    g_assert_nonnull(dom);
    g_assert_cmpint((int)virDomainGetID(dom), ==, id);
    lxc_assert_state(dom, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
    int autostart = 0;
    g_assert_cmpint(virDomainGetAutostart(dom, &autostart), ==, 0);
    g_assert_cmpint(autostart, ==, 1);
    g_free(lxc_console_expect(dom, "up"));
    virDomainPtr byid = virDomainLookupByID(fx.conn, id);
    g_assert_nonnull(byid);
    virDomainFree(byid);
    /* a new process (mvsh) sees it running and can pause it */
    const char *build = g_getenv("MV_TEST_BUILD_ROOT");
    g_autofree char *mvsh = g_build_filename(build ? build : ".", "tools/mvsh/mvsh", NULL);
    if (g_file_test(mvsh, G_FILE_TEST_IS_EXECUTABLE)) {
        g_autofree char *st = lxc_out("'%s' -c '%s' domstate lasting", mvsh, fx.uri);
        g_assert_cmpstr(st, ==, "running");
        /* mvsh console, through virDomainOpenConsole in that process */
        const char *argv[] = { mvsh, "-c", fx.uri, "console", "lasting", NULL };
        g_autofree char *con = lxc_run_until(argv, "tick", 30000);
        if (!strstr(con, "tick"))
            g_error("mvsh console showed:\n%s", con);
        g_assert_cmpint(lxc_sh("'%s' -c '%s' suspend lasting >/dev/null", mvsh, fx.uri), ==, 0);
        /* the change shows after a re-attach */
        virDomainFree(dom);
        virConnectClose(fx.conn);
        fx.conn = virConnectOpen(fx.uri);
        dom = virDomainLookupByName(fx.conn, "lasting");
        lxc_assert_state(dom, VIR_DOMAIN_PAUSED, -1);
        g_assert_cmpint(lxc_sh("'%s' -c '%s' destroy lasting >/dev/null", mvsh, fx.uri), ==, 0);
        virDomainFree(dom);
        virConnectClose(fx.conn);
        fx.conn = virConnectOpen(fx.uri);
        dom = virDomainLookupByName(fx.conn, "lasting");
        lxc_assert_state(dom, VIR_DOMAIN_SHUTOFF, -1);
    } else {
        g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    }
    lxc_assert_gone(&fx, "lasting");
    /* a new boot (a new boot id): the first open starts it */
    g_autofree char *marker = g_strdup_printf("%s/run/lxc/autostarted", fx.root);
    g_assert_true(g_file_set_contents(marker, "an older boot", -1, NULL));
    virDomainFree(dom);
    virConnectClose(fx.conn);
    fx.conn = virConnectOpen(fx.uri);
    dom = virDomainLookupByName(fx.conn, "lasting");
    lxc_assert_state(dom, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    /* ... and only once per boot */
    virDomainFree(dom);
    virConnectClose(fx.conn);
    fx.conn = virConnectOpen(fx.uri);
    dom = virDomainLookupByName(fx.conn, "lasting");
    lxc_assert_state(dom, VIR_DOMAIN_SHUTOFF, -1);
    lxc_assert_gone(&fx, "lasting");
    /* the persistent definition survived, with its autostart link */
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
    g_assert_null(virDomainLookupByName(fx.conn, "lasting"));
}

/* A process whose state was loaded before we started the container (mvsh
 * in interactive mode) cannot start a second one on the same root. */
static void test_second_start(void)
{
    const char *build = g_getenv("MV_TEST_BUILD_ROOT");
    g_autofree char *mvsh = g_build_filename(build ? build : ".", "tools/mvsh/mvsh", NULL);
    if (!g_file_test(mvsh, G_FILE_TEST_IS_EXECUTABLE)) {
        g_test_skip("needs the built mvsh (MV_TEST_BUILD_ROOT)");
        return;
    }
    g_autofree char *xml = lxc_xml(&fx, "twice", "while :; do sleep 1; done", NULL, NULL);
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    const char *argv[] = { mvsh, "-c", fx.uri, NULL };
    GPid child;
    int in, err;
    g_assert_true(g_spawn_async_with_pipes(NULL, (char **)argv, NULL,
                                           G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                           NULL, NULL, &child, &in, NULL, &err, NULL));
    /* mvsh has loaded the state once the error of the command after the
     * list shows on its unbuffered stderr */
    const char *load = "list --all\ndomstate no-such-domain\n";
    g_assert_cmpint(write(in, load, strlen(load)), ==, (gssize)strlen(load));
    GString *out = g_string_new(NULL);
    if (!lxc_read_until(err, out, "no-such-domain", 30000))
        g_error("mvsh did not answer: %s", out->str);
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    int id = (int)virDomainGetID(dom);
    g_assert_cmpint(write(in, "start twice\nquit\n", 17), ==, 17);
    close(in);
    lxc_read_until(err, out, NULL, 30000);
    close(err);
    int status;
    waitpid(child, &status, 0);
    g_spawn_close_pid(child);
    if (!strstr(out->str, "already running (started by another process"))
        g_error("mvsh said: %s", out->str);
    g_string_free(out, TRUE);
    g_assert_cmpint((int)virDomainGetID(dom), ==, id);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    /* the lock went with the supervisor: starting again works */
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    lxc_assert_gone(&fx, "twice");
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
}

static void test_host_root(void)
{
    /* no root filesystem: the host's, read-only; a writable bind mount */
    g_autofree char *shared = g_build_filename(fx.root, "shared", NULL);
    g_mkdir(shared, 0755);
    g_autofree char *ro = g_build_filename(fx.root, "ro", NULL);
    g_mkdir(ro, 0755);
    /* targets in the host's root: /mnt and /srv exist on Debian */
    g_autofree char *devs = g_strdup_printf(
        "<filesystem type='mount'><source dir='%s'/><target dir='/mnt'/></filesystem>"
        "<filesystem type='mount'><source dir='%s'/><target dir='/srv'/><readonly/></filesystem>",
        shared, ro);
    g_autofree char *xml = lxc_xml(NULL, "hostroot",
        "touch /etc/mv-lxc-test 2>/dev/null && echo etc=rw || echo etc=ro; "
        "touch /srv/x 2>/dev/null && echo srv=rw || echo srv=ro; "
        "echo hi > /mnt/from-container && echo mnt=rw; echo done; exec sleep 1000", NULL, devs);
    virDomainPtr dom = virDomainCreateXML(fx.conn, xml, 0);
    if (!dom)
        g_error("create: %s", virGetLastErrorMessage());
    g_autofree char *out = lxc_console_expect(dom, "done");
    g_assert_nonnull(strstr(out, "etc=ro"));
    g_assert_nonnull(strstr(out, "mnt=rw"));
    g_assert_nonnull(strstr(out, "srv=ro"));
    g_assert_false(g_file_test("/etc/mv-lxc-test", G_FILE_TEST_EXISTS));
    g_autofree char *file = g_build_filename(shared, "from-container", NULL);
    g_assert_true(g_file_test(file, G_FILE_TEST_EXISTS));
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    lxc_assert_gone(&fx, "hostroot");
    virDomainFree(dom);
}

/* A root filesystem and data kept outside the embed root (an application's
 * images in /srv/images, its state in /var/lib/app/lxc): the root scopes
 * the driver's files, not the paths a definition uses. */
static void test_outside_root(void)
{
    g_autofree char *images = g_dir_make_tmp("lxc-images-XXXXXX", NULL);
    g_assert_nonnull(images);
    g_chmod(images, 0755);
    g_assert_false(g_str_has_prefix(images, fx.root));
    g_autofree char *rootfs = g_build_filename(images, "rootfs", NULL);
    lxc_make_rootfs(rootfs);
    g_autofree char *data = g_build_filename(images, "data", NULL);
    g_assert_cmpint(g_mkdir(data, 0755), ==, 0);
    g_autofree char *devs = g_strdup_printf(
        "<filesystem type='mount'><source dir='%s'/><target dir='/mnt'/></filesystem>", data);
    g_autofree char *xml = lxc_xml_root(rootfs, "outside",
        "echo hi > /mnt/from-container && echo mnt=rw; echo done; exec sleep 1000", NULL, devs);
    virDomainPtr dom = virDomainCreateXML(fx.conn, xml, 0);
    if (!dom)
        g_error("create: %s", virGetLastErrorMessage());
    lxc_assert_state(dom, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
    g_autofree char *out = lxc_console_expect(dom, "done");
    g_assert_nonnull(strstr(out, "mnt=rw"));
    g_autofree char *file = g_build_filename(data, "from-container", NULL);
    g_assert_true(g_file_test(file, G_FILE_TEST_EXISTS));
    g_autofree char *desc = virDomainGetXMLDesc(dom, 0);
    g_autofree char *src = g_strdup_printf("<source dir='%s'/>", rootfs);
    g_assert_nonnull(strstr(desc, src));
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    lxc_assert_gone(&fx, "outside");
    virDomainFree(dom);
    g_assert_cmpint(lxc_sh("rm -rf '%s'", images), ==, 0);
}

static void test_idmap(void)
{
    g_autofree char *xml = lxc_xml(&fx, "mapped",
        "echo map=$(cat /proc/self/uid_map | tr -s ' '); echo id=$(id -u); echo done; exec sleep 1000",
        "<idmap><uid start='0' target='200000' count='65536'/>"
        "<gid start='0' target='200000' count='65536'/></idmap>", NULL);
    virDomainPtr dom = virDomainCreateXML(fx.conn, xml, 0);
    if (!dom)
        g_error("create: %s", virGetLastErrorMessage());
    g_autofree char *out = lxc_console_expect(dom, "done");
    g_assert_nonnull(strstr(out, "map= 0 200000 65536"));
    g_assert_nonnull(strstr(out, "id=0"));
    g_autofree char *desc = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(strstr(desc, "<uid start='0' target='200000' count='65536'/>"));
    lxc_assert_valid_xml(&fx, desc);
    g_autofree char *inactive = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
    lxc_assert_valid_xml(&fx, inactive);
    /* seen from the host, init runs as the mapped uid */
    int init = lxc_init_pid(dom);
    g_autofree char *uid = lxc_out("awk '/^Uid:/ {print $2}' /proc/%d/status", init);
    g_assert_cmpstr(uid, ==, "200000");
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    lxc_assert_gone(&fx, "mapped");
    virDomainFree(dom);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (lxc_skip_all())
        return 0;
    lxc_events_init();
    lxc_fx_open(&fx);
    g_test_add_func("/lxc/run/inside", test_inside);
    g_test_add_func("/lxc/run/suspend", test_suspend);
    g_test_add_func("/lxc/run/shutdown-reboot", test_shutdown_reboot);
    g_test_add_func("/lxc/run/initctl", test_initctl);
    g_test_add_func("/lxc/run/initctl-no-reader", test_initctl_no_reader);
    g_test_add_func("/lxc/run/reattach", test_reattach);
    g_test_add_func("/lxc/run/second-start", test_second_start);
    g_test_add_func("/lxc/run/host-root", test_host_root);
    g_test_add_func("/lxc/run/outside-root", test_outside_root);
    g_test_add_func("/lxc/run/idmap", test_idmap);
    int ret = g_test_run();
    lxc_fx_close(&fx);
    return ret;
}
