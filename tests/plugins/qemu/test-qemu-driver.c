/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/qemu/test-qemu-driver.c — the qemu driver with real QEMU
 * processes (diskless guests under TCG, and KVM when /dev/kvm works),
 * through the public API in temporary embed roots: lifecycle, states and
 * reasons, events, crash detection, re-attach, VNC, memory, vCPUs,
 * save/restore, autostart once per boot, read-only connections that change
 * nothing, ids shared by the processes on a root, a full run directory,
 * disks on storage-dir volumes, NICs on a bridge-net network, refusals
 * that leave nothing running, and the tuning and statistics of I/O
 * threads. Runs in a network namespace of its own
 * (run-in-netns.sh). */
#include "qemu-test.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

static bool skip_without_qemu(void)
{
    if (qt_have_qemu())
        return false;
    g_test_skip("needs " QT_EMULATOR " (Debian qemu-system-x86)");
    return true;
}

static virDomainPtr start_guest(qt_fx *fx, const char *name, const char *type,
                                const char *extra, bool persistent)
{
    g_autofree char *xml = qt_guest_xml(name, type, extra);
    virDomainPtr dom;
    if (persistent) {
        dom = virDomainDefineXML(fx->conn, xml);
        g_assert_nonnull(dom);
        g_assert_cmpint(virDomainCreate(dom), ==, 0);
    } else {
        dom = virDomainCreateXML(fx->conn, xml, 0);
        g_assert_nonnull(dom);
    }
    g_assert_true(qt_wait_event(fx, name, VIR_DOMAIN_EVENT_STARTED,
                                VIR_DOMAIN_EVENT_STARTED_BOOTED, 5000));
    return dom;
}

/* The live XML's value of ATTR in the first ELEMENT, or NULL. */
static char *live_attr(virDomainPtr dom, const char *element, const char *attr)
{
    g_autofree char *xml = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(xml);
    g_autofree char *start = g_strdup_printf("<%s ", element);
    char *p = strstr(xml, start);
    if (!p)
        return NULL;
    char *end = strchr(p, '>');
    g_autofree char *key = g_strdup_printf(" %s='", attr);
    char *a = strstr(p, key);
    if (!a || a > end)
        return NULL;
    a += strlen(key);
    return g_strndup(a, strcspn(a, "'"));
}

/* --- lifecycle ------------------------------------------------------------------ */

static void test_lifecycle(gconstpointer type)
{
    if (skip_without_qemu())
        return;
    if (g_str_equal(type, "kvm")) {
        int fd = open("/dev/kvm", O_RDWR);
        if (fd < 0) {
            g_test_skip("/dev/kvm cannot be opened here");
            return;
        }
        close(fd);
    }
    qt_fx fx;
    qt_fx_open(&fx);
    virDomainPtr dom = start_guest(&fx, "life", type, NULL, true);
    int reason;
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpint(reason, ==, VIR_DOMAIN_RUNNING_BOOTED);
    g_assert_cmpuint(virDomainGetID(dom), >, 0);
    g_assert_cmpuint(virDomainGetID(dom), <, 1000);
    g_assert_cmpint(virDomainIsActive(dom), ==, 1);
    int pid = qt_pid(&fx, "life");
    g_assert_cmpint(pid, >, 0);

    /* Real CPU time, from the process (QEMU has run its set-up). */
    virDomainInfo info;
    g_assert_cmpint(virDomainGetInfo(dom, &info), ==, 0);
    g_assert_cmpint(info.state, ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpuint(info.cpuTime, >, 0);
    g_assert_cmpuint(info.maxMem, ==, 65536);
    g_assert_cmpint(info.nrVirtCpu, ==, 1);

    /* The live XML names the console's pty. */
    g_autofree char *xml = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(strstr(xml, "<source path='/dev/pts/"));
    g_assert_nonnull(strstr(xml, "id='"));

    /* suspend / resume: QMP stop / cont, events, reasons. */
    g_assert_cmpint(virDomainSuspend(dom), ==, 0);
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_PAUSED);
    g_assert_cmpint(reason, ==, VIR_DOMAIN_PAUSED_USER);
    g_assert_true(qt_wait_event(&fx, "life", VIR_DOMAIN_EVENT_SUSPENDED,
                                VIR_DOMAIN_EVENT_SUSPENDED_PAUSED, 3000));
    g_assert_cmpint(virDomainResume(dom), ==, 0);
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpint(reason, ==, VIR_DOMAIN_RUNNING_UNPAUSED);
    g_assert_true(qt_wait_event(&fx, "life", VIR_DOMAIN_EVENT_RESUMED,
                                VIR_DOMAIN_EVENT_RESUMED_UNPAUSED, 3000));
    g_assert_cmpint(virDomainResume(dom), ==, -1);
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_OPERATION_INVALID);

    /* The reset button and the NMI reach QEMU (QMP system_reset,
     * inject-nmi) and the guest keeps running; what the guest says of
     * itself needs its agent, which the definition has no channel for. */
    g_assert_cmpint(virDomainReset(dom, 0), ==, 0);
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpint(virDomainInjectNMI(dom, 0), ==, 0);
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_RUNNING);
    long long secs = 0;
    unsigned int nsecs = 0;
    g_assert_cmpint(virDomainGetTime(dom, &secs, &nsecs, 0), ==, -1);
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_ARGUMENT_UNSUPPORTED);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "argument unsupported: QEMU guest agent is not configured");
    g_assert_null(virDomainGetHostname(dom, 0));
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_ARGUMENT_UNSUPPORTED);
    g_assert_cmpint(virDomainReset(dom, 1), ==, -1);
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_INVALID_ARG);

    /* destroy: gone, reaped, the persistent definition stays. The events
     * are libvirt 9.0's: QEMU's SHUTDOWN on SIGTERM (host), then stopped
     * (destroyed), both queued before the call returns. */
    g_free(qt_events_take(&fx));
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_SHUTOFF);
    g_assert_cmpint(reason, ==, VIR_DOMAIN_SHUTOFF_DESTROYED);
    g_autofree char *destroyed = g_strdup_printf("life %d %d;life %d %d",
                                                 VIR_DOMAIN_EVENT_SHUTDOWN,
                                                 VIR_DOMAIN_EVENT_SHUTDOWN_HOST,
                                                 VIR_DOMAIN_EVENT_STOPPED,
                                                 VIR_DOMAIN_EVENT_STOPPED_DESTROYED);
    g_autofree char *events = qt_events_take(&fx);
    g_assert_cmpstr(events, ==, destroyed);
    g_autofree char *proc = g_strdup_printf("/proc/%d", pid);
    g_assert_false(g_file_test(proc, G_FILE_TEST_EXISTS));   /* reaped, no zombie */
    g_assert_cmpuint(virDomainGetID(dom), ==, (unsigned int)-1);
    g_assert_cmpint(virDomainDestroy(dom), ==, -1);
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_OPERATION_INVALID);
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
    g_assert_false(qt_any_qemu(&fx));
    qt_fx_close(&fx);
}

/* A QEMU killed from outside: shut off (crashed), with an event, reaped. */
static void test_crash(void)
{
    if (skip_without_qemu())
        return;
    qt_fx fx;
    qt_fx_open(&fx);
    virDomainPtr dom = start_guest(&fx, "crash", "qemu", NULL, false);
    int pid = qt_pid(&fx, "crash");
    g_assert_cmpint(pid, >, 0);
    g_assert_cmpint(kill(pid, SIGKILL), ==, 0);
    g_assert_true(qt_wait_event(&fx, "crash", VIR_DOMAIN_EVENT_STOPPED,
                                VIR_DOMAIN_EVENT_STOPPED_FAILED, 5000));
    g_autofree char *proc = g_strdup_printf("/proc/%d", pid);
    g_assert_false(g_file_test(proc, G_FILE_TEST_EXISTS));
    /* transient: gone with its process */
    g_assert_null(virDomainLookupByName(fx.conn, "crash"));
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_NO_DOMAIN);
    virDomainFree(dom);

    /* persistent: stays, shut off (crashed) */
    dom = start_guest(&fx, "crash2", "qemu", NULL, true);
    pid = qt_pid(&fx, "crash2");
    g_assert_cmpint(kill(pid, SIGKILL), ==, 0);
    g_assert_true(qt_wait_event(&fx, "crash2", VIR_DOMAIN_EVENT_STOPPED,
                                VIR_DOMAIN_EVENT_STOPPED_FAILED, 5000));
    int reason;
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_SHUTOFF);
    g_assert_cmpint(reason, ==, VIR_DOMAIN_SHUTOFF_CRASHED);
    g_autofree char *status = g_strdup_printf("%s/run/qemu/crash2.status", fx.root);
    g_assert_false(g_file_test(status, G_FILE_TEST_EXISTS));
    virDomainFree(dom);
    qt_fx_close(&fx);
}

/* Another process and a re-opened state find the running domain. */
static void test_reattach(void)
{
    if (skip_without_qemu())
        return;
    qt_fx fx;
    qt_fx_open(&fx);
    virDomainPtr dom = start_guest(&fx, "again", "qemu", NULL, true);
    int id = virDomainGetID(dom);
    int pid = qt_pid(&fx, "again");
    g_assert_cmpint(virDomainSuspend(dom), ==, 0);
    virDomainFree(dom);
    /* Its event delivered, the close is the last one and frees the state. */
    g_assert_true(qt_wait_event(&fx, "again", VIR_DOMAIN_EVENT_SUSPENDED,
                                VIR_DOMAIN_EVENT_SUSPENDED_PAUSED, 3000));
    qt_fx_close_last(&fx);
    g_assert_cmpint(kill(pid, 0), ==, 0);                /* QEMU runs on */

    /* A separate process (mvsh) sees it, from the status file and QMP. */
    const char *mvsh = g_getenv("MV_TEST_MVSH");
    if (mvsh) {
        g_autofree char *out = NULL;
        const char *argv[] = { mvsh, "-c", fx.uri, "domstate", "--reason", "again", NULL };
        int status;
        g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                   NULL, &out, NULL, &status, NULL));
        g_assert_cmpstr(g_strstrip(out), ==, "paused (user)");
    }

    fx.conn = virConnectOpen(fx.uri);
    g_assert_nonnull(fx.conn);
    qt_fx_register(&fx);
    dom = virDomainLookupByName(fx.conn, "again");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainGetID(dom), ==, id);
    int reason;
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_PAUSED);
    /* The monitor is ours again: commands and events work. */
    g_assert_cmpint(virDomainResume(dom), ==, 0);
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_RUNNING);
    qt_kill_wait(pid);
    g_assert_true(qt_wait_event(&fx, "again", VIR_DOMAIN_EVENT_STOPPED,
                                VIR_DOMAIN_EVENT_STOPPED_FAILED, 5000));
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_SHUTOFF);

    /* A status whose pid is no longer that QEMU is not re-attached. */
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    pid = qt_pid(&fx, "again");
    virDomainFree(dom);
    g_assert_true(qt_wait_event(&fx, "again", VIR_DOMAIN_EVENT_STARTED,
                                VIR_DOMAIN_EVENT_STARTED_BOOTED, 3000));
    qt_fx_close_last(&fx);
    qt_kill_wait(pid);
    fx.conn = virConnectOpen(fx.uri);
    qt_fx_register(&fx);
    dom = virDomainLookupByName(fx.conn, "again");
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_SHUTOFF);
    g_assert_cmpint(reason, ==, VIR_DOMAIN_SHUTOFF_CRASHED);
    virDomainFree(dom);
    qt_fx_close(&fx);
}

/* VNC answers on the live port with an RFB banner. */
static void test_vnc(void)
{
    if (skip_without_qemu())
        return;
    qt_fx fx;
    qt_fx_open(&fx);
    virDomainPtr dom = start_guest(&fx, "vnc", "qemu", NULL, false);
    g_autofree char *port = live_attr(dom, "graphics", "port");
    g_assert_nonnull(port);
    g_assert_cmpint(atoi(port), >=, 5900);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(port)) };
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    g_assert_cmpint(connect(s, (struct sockaddr *)&a, sizeof(a)), ==, 0);
    char banner[13] = { 0 };
    g_assert_cmpint(read(s, banner, 12), ==, 12);
    g_assert_true(g_str_has_prefix(banner, "RFB 003."));
    close(s);
    /* The display as an image: a PPM of the size its header says. */
    virStreamPtr st = virStreamNew(fx.conn, 0);
    char *mime = virDomainScreenshot(dom, st, 0, 0);
    g_assert_cmpstr(mime, ==, "image/x-portable-pixmap");
    free(mime);
    char buf[65536];
    GString *img = g_string_new(NULL);
    int got;
    while ((got = virStreamRecv(st, buf, sizeof(buf))) > 0)
        g_string_append_len(img, buf, got);
    g_assert_cmpint(got, ==, 0);
    g_assert_cmpint(virStreamFinish(st), ==, 0);
    virStreamFree(st);
    unsigned int w = 0, h = 0, max = 0;
    int head = 0;
    g_assert_cmpint(sscanf(img->str, "P6 %u %u %u%n", &w, &h, &max, &head), ==, 3);
    g_assert_cmpuint(w, >, 0);
    g_assert_cmpuint(max, ==, 255);
    g_assert_cmpuint(img->len, ==, (gsize)head + 1 + (gsize)w * h * 3);
    g_string_free(img, TRUE);
    g_assert_null(virDomainScreenshot(dom, st = virStreamNew(fx.conn, 0), 1, 0));
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);
    virStreamFree(st);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    virDomainFree(dom);
    qt_fx_close(&fx);
}

/* Memory through the balloon, vCPUs by hotplug, config changes kept. */
static void test_resources(void)
{
    if (skip_without_qemu())
        return;
    qt_fx fx;
    qt_fx_open(&fx);
    virDomainPtr dom = start_guest(&fx, "res", "qemu", NULL, true);
    g_assert_cmpint(virDomainSetMemoryFlags(dom, 32768, VIR_DOMAIN_AFFECT_LIVE), ==, 0);
    virDomainInfo info;
    g_assert_cmpint(virDomainGetInfo(dom, &info), ==, 0);
    g_assert_cmpuint(info.memory, ==, 32768);
    g_assert_cmpint(virDomainSetMemoryFlags(dom, 1 << 20, VIR_DOMAIN_AFFECT_LIVE), ==, -1);

    g_assert_cmpint(virDomainGetVcpusFlags(dom, VIR_DOMAIN_AFFECT_LIVE), ==, 1);
    g_assert_cmpint(virDomainSetVcpusFlags(dom, 2, VIR_DOMAIN_AFFECT_LIVE), ==, 0);
    g_assert_cmpint(virDomainGetVcpusFlags(dom, VIR_DOMAIN_AFFECT_LIVE), ==, 2);
    g_assert_cmpint(virDomainSetVcpusFlags(dom, 3, VIR_DOMAIN_AFFECT_LIVE), ==, -1);
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_INVALID_ARG);
    /* QEMU really has two CPUs now: the config still says one. */
    g_assert_cmpint(virDomainGetVcpusFlags(dom, VIR_DOMAIN_AFFECT_CONFIG), ==, 1);
    g_assert_cmpint(virDomainSetVcpusFlags(dom, 2, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_autofree char *cfg = g_strdup_printf("%s/etc/qemu/res.xml", fx.root);
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(cfg, &text, NULL, NULL));
    g_assert_nonnull(strstr(text, "<vcpu placement='static'>2</vcpu>"));
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
    qt_fx_close(&fx);
}

/* The Cpus_allowed_list of thread TID of PID (0: the process). */
static char *allowed_list(int pid, int tid)
{
    g_autofree char *path = tid ? g_strdup_printf("/proc/%d/task/%d/status", pid, tid)
                                : g_strdup_printf("/proc/%d/status", pid);
    g_autofree char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL))
        return NULL;
    const char *p = strstr(text, "Cpus_allowed_list:");
    if (!p)
        return NULL;
    p += strlen("Cpus_allowed_list:");
    while (*p == '\t' || *p == ' ')
        p++;
    return g_strndup(p, strcspn(p, "\n"));
}

/* How many threads of PID may run on exactly LIST. */
static int threads_allowed(int pid, const char *list)
{
    g_autofree char *dir = g_strdup_printf("/proc/%d/task", pid);
    GDir *d = g_dir_open(dir, 0, NULL);
    g_assert_nonnull(d);
    const char *name;
    int n = 0;
    while ((name = g_dir_read_name(d))) {
        g_autofree char *got = allowed_list(pid, atoi(name));
        n += got && !strcmp(got, list);
    }
    g_dir_close(d);
    return n;
}

/* vCPU threads from QMP: their time, CPU and affinity; pins of a vCPU and
 * of the emulator's threads set with sched_setaffinity, seen in /proc. */
static void test_vcpu_pinning(void)
{
    if (skip_without_qemu())
        return;
    long ncpus = sysconf(_SC_NPROCESSORS_ONLN);
    if (ncpus < 2) {
        g_test_skip("needs two online host CPUs");
        return;
    }
    qt_fx fx;
    qt_fx_open(&fx);
    virDomainPtr dom = start_guest(&fx, "pin", "qemu", NULL, true);
    int pid = qt_pid(&fx, "pin");
    g_assert_cmpint(pid, >, 0);
    int hostcpus = virNodeGetCPUMap(fx.conn, NULL, NULL, 0);
    g_assert_cmpint(hostcpus, >=, 2);
    int maplen = VIR_CPU_MAPLEN(hostcpus);
    virVcpuInfo info[2];
    g_autofree unsigned char *maps = g_malloc0(2 * maplen);

    /* One of two vCPUs online, allowed on every CPU. */
    g_assert_cmpint(virDomainGetVcpus(dom, info, 2, maps, maplen), ==, 1);
    g_assert_cmpuint(info[0].number, ==, 0);
    g_assert_cmpint(info[0].state, ==, VIR_VCPU_RUNNING);
    g_assert_cmpint(info[0].cpu, >=, 0);
    g_assert_cmpint(info[0].cpu, <, hostcpus);
    for (int c = 0; c < ncpus; c++)
        g_assert_true(VIR_CPU_USED(maps, c));

    /* vCPU 0 on CPU 0: exactly one thread of QEMU is confined there. */
    unsigned char map[16] = { 0 };
    VIR_USE_CPU(map, 0);
    g_assert_cmpint(threads_allowed(pid, "0"), ==, 0);
    g_assert_cmpint(virDomainPinVcpu(dom, 0, map, maplen), ==, 0);
    g_assert_cmpint(threads_allowed(pid, "0"), ==, 1);
    memset(maps, 0, 2 * maplen);
    g_assert_cmpint(virDomainGetVcpuPinInfo(dom, 2, maps, maplen, 0), ==, 2);
    g_assert_true(VIR_CPU_USED(maps, 0));
    g_assert_false(VIR_CPU_USED(maps, 1));
    g_assert_true(VIR_CPU_USED(VIR_GET_CPUMAP(maps, maplen, 1), 1));
    g_assert_cmpint(virDomainGetVcpus(dom, info, 2, maps, maplen), ==, 1);
    g_assert_false(VIR_CPU_USED(maps, 1));

    /* The live definition shows the pin. */
    g_autofree char *pinned = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(strstr(pinned, "  <cputune>\n    <vcpupin vcpu='0' cpuset='0'/>\n"
                                    "  </cputune>\n"));

    /* The offline vCPU has no thread; its persistent pin is kept in the
     * persistent definition, the live one unchanged. */
    g_assert_cmpint(virDomainPinVcpu(dom, 1, map, maplen), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);
    g_assert_cmpint(virDomainPinVcpuFlags(dom, 1, map, maplen, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_autofree char *inactive = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
    g_assert_nonnull(strstr(inactive, "  <cputune>\n    <vcpupin vcpu='1' cpuset='0'/>\n"
                                      "  </cputune>\n"));
    memset(maps, 0, 2 * maplen);
    g_assert_cmpint(virDomainGetVcpuPinInfo(dom, 2, maps, maplen, VIR_DOMAIN_AFFECT_CONFIG), ==, 2);
    g_assert_true(VIR_CPU_USED(maps, 1));                 /* vCPU 0: not pinned there */
    g_assert_true(VIR_CPU_USED(VIR_GET_CPUMAP(maps, maplen, 1), 0));
    g_assert_false(VIR_CPU_USED(VIR_GET_CPUMAP(maps, maplen, 1), 1));
    g_assert_cmpint(virDomainPinVcpuFlags(dom, 2, map, maplen, VIR_DOMAIN_AFFECT_CONFIG), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "invalid argument: vcpu 2 is out of range of persistent cpu count 1");
    unsigned char none[16] = { 0 };
    g_assert_cmpint(virDomainPinVcpu(dom, 0, none, maplen), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==, "invalid argument: Empty cpu list for pinning");
    /* Plugged, it gets a thread that can be pinned. */
    g_assert_cmpint(virDomainSetVcpusFlags(dom, 2, VIR_DOMAIN_AFFECT_LIVE), ==, 0);
    g_assert_cmpint(virDomainGetVcpus(dom, info, 2, maps, maplen), ==, 2);
    g_assert_cmpint(virDomainPinVcpu(dom, 1, map, maplen), ==, 0);
    g_assert_cmpint(threads_allowed(pid, "0"), ==, 2);

    /* The emulator (every other thread) on the last CPU. */
    unsigned char last[16] = { 0 };
    VIR_USE_CPU(last, ncpus - 1);
    g_autofree char *last_list = g_strdup_printf("%ld", ncpus - 1);
    g_assert_cmpint(virDomainPinEmulator(dom, last, maplen, 0), ==, 0);
    g_autofree char *main_list = allowed_list(pid, 0);
    g_assert_cmpstr(main_list, ==, last_list);
    g_assert_cmpint(threads_allowed(pid, "0"), ==, 2);
    memset(map, 0, sizeof(map));
    g_assert_cmpint(virDomainGetEmulatorPinInfo(dom, map, maplen, 0), ==, 1);
    g_assert_cmpmem(map, maplen, last, maplen);

    /* No I/O threads: none listed, none to pin (libvirt's answers). */
    virDomainIOThreadInfoPtr *io = NULL;
    g_assert_cmpint(virDomainGetIOThreadInfo(dom, &io, 0), ==, 0);
    g_assert_null(io);
    g_assert_cmpint(virDomainPinIOThread(dom, 1, map, maplen, 0), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==, "invalid argument: iothread 1 not found");

    /* CPU time in total: at least what the vCPU used. */
    virTypedParameter params[3];
    g_assert_cmpint(virDomainGetCPUStats(dom, params, 3, -1, 1, 0), ==, 3);
    g_assert_cmpstr(params[0].field, ==, VIR_DOMAIN_CPU_STATS_CPUTIME);
    g_assert_cmpuint(params[0].value.ul, >, 0);
    g_assert_cmpuint(params[0].value.ul, >=, info[0].cpuTime);

    /* Stopped: no threads; the persistent definition's maps, vCPU 0 on
     * every host CPU, vCPU 1 pinned; the emulator's live pin is gone. */
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpint(virDomainGetVcpus(dom, info, 2, maps, maplen), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "Requested operation is not valid: cannot list vcpus for an inactive domain");
    memset(maps, 0, 2 * maplen);
    g_assert_cmpint(virDomainGetVcpuPinInfo(dom, 2, maps, maplen, 0), ==, 2);
    for (int c = 0; c < ncpus; c++)
        g_assert_true(VIR_CPU_USED(maps, c));
    g_assert_false(VIR_CPU_USED(VIR_GET_CPUMAP(maps, maplen, 1), 1));
    memset(map, 0, sizeof(map));
    g_assert_cmpint(virDomainGetEmulatorPinInfo(dom, map, maplen, 0), ==, 1);
    for (int c = 0; c < ncpus; c++)
        g_assert_true(VIR_CPU_USED(map, c));
    /* A vCPU removed from the definition takes its pin along (libvirt's
     * test driver does the same): back, it is not pinned. */
    g_assert_cmpint(virDomainSetVcpusFlags(dom, 1, VIR_DOMAIN_AFFECT_CONFIG |
                                                   VIR_DOMAIN_VCPU_MAXIMUM), ==, 0);
    g_assert_cmpint(virDomainSetVcpusFlags(dom, 2, VIR_DOMAIN_AFFECT_CONFIG |
                                                   VIR_DOMAIN_VCPU_MAXIMUM), ==, 0);
    memset(maps, 0, 2 * maplen);
    g_assert_cmpint(virDomainGetVcpuPinInfo(dom, 2, maps, maplen, 0), ==, 2);
    g_assert_true(VIR_CPU_USED(VIR_GET_CPUMAP(maps, maplen, 1), 1));
    g_autofree char *shrunk = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
    g_assert_null(strstr(shrunk, "<cputune>"));
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
    qt_fx_close(&fx);
}

/* <vcpupin> and <emulatorpin> of the definition applied at start: the
 * vCPU thread (its id from virDomainGetVcpus' QMP) and QEMU's main thread
 * are confined as the pins say, and the live XML shows them; a vCPU
 * plugged later is not left on the emulator's CPUs. A persistent emulator
 * pin made while running applies from the next start; mvsh sets and shows
 * persistent pins. */
static void test_vcpu_pins_at_start(void)
{
    if (skip_without_qemu())
        return;
    if (sysconf(_SC_NPROCESSORS_ONLN) < 2) {
        g_test_skip("needs two online host CPUs");
        return;
    }
    qt_fx fx;
    qt_fx_open(&fx);
    g_autofree char *base = qt_guest_xml("pinstart", "qemu", NULL);
    const char *tune = "  <cputune>\n    <vcpupin vcpu='0' cpuset='1'/>\n"
                       "    <emulatorpin cpuset='0'/>\n  </cputune>\n";
    char *at = strstr(base, "</vcpu>\n");
    g_assert_nonnull(at);
    at += strlen("</vcpu>\n");
    g_autofree char *xml = g_strdup_printf("%.*s%s%s", (int)(at - base), base, tune, at);
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    int pid = qt_pid(&fx, "pinstart");
    g_assert_cmpint(pid, >, 0);

    g_autofree char *live = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(strstr(live, tune));
    g_autofree char *main_list = allowed_list(pid, 0);
    g_assert_cmpstr(main_list, ==, "0");
    /* the vCPU thread's id: virDomainGetVcpus gives no thread ids, its
     * map is read from that thread; /proc says which thread is on CPU 1 */
    int hostcpus = virNodeGetCPUMap(fx.conn, NULL, NULL, 0);
    int maplen = VIR_CPU_MAPLEN(hostcpus);
    virVcpuInfo info[2];
    g_autofree unsigned char *maps = g_malloc0(2 * maplen);
    g_assert_cmpint(virDomainGetVcpus(dom, info, 2, maps, maplen), ==, 1);
    g_assert_true(VIR_CPU_USED(maps, 1));
    g_assert_false(VIR_CPU_USED(maps, 0));
    g_assert_cmpint(threads_allowed(pid, "1"), ==, 1);
    g_assert_cmpint(threads_allowed(pid, "0"), >=, 1);
    /* A plugged vCPU without a pin runs on every CPU, not the emulator's. */
    g_assert_cmpint(virDomainSetVcpusFlags(dom, 2, VIR_DOMAIN_AFFECT_LIVE), ==, 0);
    memset(maps, 0, 2 * maplen);
    g_assert_cmpint(virDomainGetVcpus(dom, info, 2, maps, maplen), ==, 2);
    g_assert_true(VIR_CPU_USED(VIR_GET_CPUMAP(maps, maplen, 1), 0));
    g_assert_true(VIR_CPU_USED(VIR_GET_CPUMAP(maps, maplen, 1), 1));
    g_assert_cmpint(threads_allowed(pid, "1"), ==, 1);

    /* A persistent emulator pin: the running QEMU keeps its own, the
     * next start takes the new one. */
    unsigned char map[16] = { 0 };
    VIR_USE_CPU(map, 1);
    g_assert_cmpint(virDomainPinEmulator(dom, map, maplen, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_free(main_list);
    main_list = allowed_list(pid, 0);
    g_assert_cmpstr(main_list, ==, "0");
    memset(map, 0, sizeof(map));
    g_assert_cmpint(virDomainGetEmulatorPinInfo(dom, map, maplen, VIR_DOMAIN_AFFECT_CONFIG), ==, 1);
    g_assert_false(VIR_CPU_USED(map, 0));
    g_assert_true(VIR_CPU_USED(map, 1));
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    pid = qt_pid(&fx, "pinstart");
    g_assert_cmpint(pid, >, 0);
    g_free(main_list);
    main_list = allowed_list(pid, 0);
    g_assert_cmpstr(main_list, ==, "1");

    /* mvsh's --config pins and shows the persistent definition's. */
    const char *mvsh = g_getenv("MV_TEST_MVSH");
    if (mvsh) {
        g_autofree char *out = NULL;
        const char *argv[] = { mvsh, "-c", fx.uri, "vcpupin pinstart 1 0 --config; "
                               "vcpupin pinstart --config; emulatorpin pinstart --config; "
                               "dumpxml --inactive pinstart", NULL };
        int status;
        g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, 0, NULL, NULL, &out, NULL,
                                   &status, NULL));
        g_assert_cmpint(status, ==, 0);
        g_assert_nonnull(strstr(out, " VCPU   CPU Affinity\n----------------------\n"
                                     " 0      1\n 1      0\n"));
        g_assert_nonnull(strstr(out, "emulator: CPU Affinity\n----------------------------------\n"
                                     "       *: 1\n"));
        g_assert_nonnull(strstr(out, "  <cputune>\n    <vcpupin vcpu='0' cpuset='1'/>\n"
                                     "    <vcpupin vcpu='1' cpuset='0'/>\n"
                                     "    <emulatorpin cpuset='1'/>\n  </cputune>\n"));
    }
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
    qt_fx_close(&fx);
}

/* save to a file and restore: the domain comes back, its state too. */
static void test_save_restore(void)
{
    if (skip_without_qemu())
        return;
    qt_fx fx;
    qt_fx_open(&fx);
    virDomainPtr dom = start_guest(&fx, "sr", "qemu", NULL, true);
    g_autofree char *file = g_strdup_printf("%s/sr.save", fx.root);
    g_assert_cmpint(virDomainSave(dom, file), ==, 0);
    int reason;
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_SHUTOFF);
    g_assert_cmpint(reason, ==, VIR_DOMAIN_SHUTOFF_SAVED);
    g_assert_true(qt_wait_event(&fx, "sr", VIR_DOMAIN_EVENT_STOPPED,
                                VIR_DOMAIN_EVENT_STOPPED_SAVED, 3000));
    g_assert_true(g_file_test(file, G_FILE_TEST_IS_REGULAR));
    g_assert_false(qt_any_qemu(&fx));
    g_assert_cmpint(virDomainRestore(fx.conn, file), ==, 0);
    g_assert_true(qt_wait_event(&fx, "sr", VIR_DOMAIN_EVENT_STARTED,
                                VIR_DOMAIN_EVENT_STARTED_RESTORED, 3000));
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpint(reason, ==, VIR_DOMAIN_RUNNING_RESTORED);
    /* restoring twice: the domain is running */
    g_assert_cmpint(virDomainRestore(fx.conn, file), ==, -1);
    /* not a save file */
    g_autofree char *junk = g_strdup_printf("%s/junk", fx.root);
    g_assert_true(g_file_set_contents(junk, "hello", -1, NULL));
    g_assert_cmpint(virDomainRestore(fx.conn, junk), ==, -1);
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_OPERATION_FAILED);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    virDomainFree(dom);
    qt_fx_close(&fx);
}

/* Autostart: once per host boot and root, by the first read-write open,
 * whichever process makes it (as libvirt's daemon when it starts). */
static void test_autostart(void)
{
    if (skip_without_qemu())
        return;
    qt_fx fx;
    qt_fx_open(&fx);   /* the first open of this boot: nothing to start yet */
    g_autofree char *xml = qt_guest_xml("auto", "qemu", NULL);
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    g_assert_cmpint(virDomainSetAutostart(dom, 1), ==, 0);
    int autostart = 0;
    g_assert_cmpint(virDomainGetAutostart(dom, &autostart), ==, 0);
    g_assert_cmpint(autostart, ==, 1);
    g_assert_cmpint(virDomainIsActive(dom), ==, 0);
    virDomainFree(dom);
    g_assert_true(qt_wait_event(&fx, "auto", VIR_DOMAIN_EVENT_DEFINED,
                                VIR_DOMAIN_EVENT_DEFINED_ADDED, 3000));
    /* loaded again in the same boot: autostart has run already */
    qt_fx_close_last(&fx);
    qt_fx_reopen(&fx);
    dom = virDomainLookupByName(fx.conn, "auto");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainIsActive(dom), ==, 0);
    virDomainFree(dom);
    /* after a reboot the first open starts it */
    qt_fx_close_last(&fx);
    qt_new_boot(fx.root, "qemu");
    qt_fx_reopen(&fx);
    dom = virDomainLookupByName(fx.conn, "auto");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainIsActive(dom), ==, 1);
    /* destroyed, it stays off for every later open of this boot: another
     * process (mvsh), and this one */
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_autofree char *state = qt_mvsh(&fx, NULL, "domstate auto");
    if (state)
        g_assert_cmpstr(state, ==, "shut off");
    g_assert_false(qt_any_qemu(&fx));
    virDomainFree(dom);
    qt_fx_close_last(&fx);
    qt_fx_reopen(&fx);
    dom = virDomainLookupByName(fx.conn, "auto");
    g_assert_cmpint(virDomainIsActive(dom), ==, 0);
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
    qt_fx_close(&fx);
}

/* Title and <metadata>: the persistent ones saved in the definition, the
 * live ones in the status file, so that both survive the driver's state
 * being loaded again while the guest runs; the live ones go with it. */
static void test_metadata(void)
{
    if (skip_without_qemu())
        return;
    qt_fx fx;
    qt_fx_open(&fx);
    const char *ns = "http://example.org/ops/";
    g_autofree char *xml = qt_guest_xml("meta", "qemu", NULL);
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_TITLE, "Saved title", NULL,
                                         NULL, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    g_assert_cmpint(virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, "<team>db</team>",
                                         "ops", ns, VIR_DOMAIN_AFFECT_LIVE), ==, 0);
    virDomainFree(dom);

    qt_fx_close_last(&fx);
    qt_fx_reopen(&fx);
    dom = virDomainLookupByName(fx.conn, "meta");
    g_assert_cmpint(virDomainIsActive(dom), ==, 1);
    char *md = virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, ns, 0);
    g_assert_cmpstr(md, ==, "<team>db</team>");
    free(md);
    char *title = virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_TITLE, NULL, 0);
    g_assert_cmpstr(title, ==, "Saved title");
    free(title);
    g_assert_null(virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, ns,
                                       VIR_DOMAIN_AFFECT_CONFIG));
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_NO_DOMAIN_METADATA);

    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_null(virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, ns, 0));
    title = virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_TITLE, NULL, 0);
    g_assert_cmpstr(title, ==, "Saved title");
    free(title);
    g_assert_cmpint(virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_TITLE, "x", NULL, NULL,
                                         VIR_DOMAIN_AFFECT_LIVE), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "Requested operation is not valid: domain is not running");
    /* Nor has a hostname or addresses from the leases or the ARP table. */
    g_assert_null(virDomainGetHostname(dom, VIR_DOMAIN_GET_HOSTNAME_LEASE));
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OPERATION_INVALID);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "Requested operation is not valid: domain is not running");
    virDomainInterfacePtr *ifaces = NULL;
    for (unsigned int src = VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE;
         src <= VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP; src += 2) {
        g_assert_cmpint(virDomainInterfaceAddresses(dom, &ifaces, src, 0), ==, -1);
        g_assert_null(ifaces);
        g_assert_cmpstr(virGetLastErrorMessage(), ==,
                        "Requested operation is not valid: domain is not running");
    }
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
    qt_fx_close(&fx);
}

/* A read-only connection changes nothing: the autostart domain and network
 * of a new boot stay off, and no file under the root is created, removed
 * or written, whether it is another process's (mvsh -r) or this one's;
 * the first read-write open then starts them. */
static void test_readonly(void)
{
    if (skip_without_qemu())
        return;
    if (getuid() != 0) {
        g_test_skip("needs root for the network's bridge");
        return;
    }
    qt_fx fx;
    qt_fx_open(&fx);
    g_autofree char *xml = qt_guest_xml("ro", "qemu", NULL);
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainSetAutostart(dom, 1), ==, 0);
    virDomainFree(dom);
    virNetworkPtr net = virNetworkDefineXML(fx.conn,
        "<network><name>ronet</name><bridge name='mvqro0' stp='off'/></network>");
    g_assert_nonnull(net);
    g_assert_cmpint(virNetworkSetAutostart(net, 1), ==, 0);
    virNetworkFree(net);
    qt_fx_close_last(&fx);
    qt_new_boot(fx.root, "qemu");
    qt_new_boot(fx.root, "network");
    g_autofree char *before = qt_tree(fx.root);

    int status = -1;
    g_autofree char *list = qt_mvsh(&fx, &status, "-r list --all");
    if (list) {
        g_assert_cmpint(status, ==, 0);
        if (!strstr(list, "ro") || !strstr(list, "shut off"))
            g_error("mvsh -r list --all said: %s", list);
    }
    virConnectPtr ro = virConnectOpenReadOnly(fx.uri);
    g_assert_nonnull(ro);
    dom = virDomainLookupByName(ro, "ro");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainIsActive(dom), ==, 0);
    virDomainFree(dom);
    net = virNetworkLookupByName(ro, "ronet");
    g_assert_nonnull(net);
    g_assert_cmpint(virNetworkIsActive(net), ==, 0);
    virNetworkFree(net);
    g_assert_false(qt_any_qemu(&fx));
    g_assert_cmpint(system("ip link show mvqro0 >/dev/null 2>&1"), !=, 0);
    g_autofree char *after = qt_tree(fx.root);
    g_assert_cmpstr(after, ==, before);

    /* a read-write open in the same process (the state is shared) starts
     * both, the boot's autostart not taken by the read-only opens */
    qt_fx_reopen(&fx);
    dom = virDomainLookupByName(fx.conn, "ro");
    g_assert_cmpint(virDomainIsActive(dom), ==, 1);
    net = virNetworkLookupByName(fx.conn, "ronet");
    g_assert_cmpint(virNetworkIsActive(net), ==, 1);
    g_assert_cmpint(system("ip link show mvqro0 >/dev/null 2>&1"), ==, 0);
    virDomainPtr seen = virDomainLookupByName(ro, "ro");
    g_assert_cmpint(virDomainIsActive(seen), ==, 1);
    virDomainFree(seen);
    g_assert_cmpint(virConnectClose(ro), ==, 0);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    g_assert_cmpint(virNetworkDestroy(net), ==, 0);
    g_assert_cmpint(virNetworkUndefine(net), ==, 0);
    virDomainFree(dom);
    virNetworkFree(net);
    qt_fx_close(&fx);
}

/* The last number on a line of OUT, or -1. */
static int last_number_line(const char *out)
{
    int n = -1;
    g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
    for (char **l = lines; *l; l++) {
        char *end = NULL;
        long v = strtol(g_strstrip(*l), &end, 10);
        if (end != *l && *end == '\0')
            n = (int)v;
    }
    return n;
}

/* Ids belong to the root, not to a process: two processes that loaded the
 * root before either started a guest give their guests different ids, and
 * an id names the same guest for every process that loads the root. */
static void test_ids(void)
{
    if (skip_without_qemu())
        return;
    const char *mvsh = g_getenv("MV_TEST_MVSH");
    if (!mvsh) {
        g_test_skip("needs MV_TEST_MVSH");
        return;
    }
    qt_fx fx;
    qt_fx_open(&fx);
    g_autofree char *x1 = qt_guest_xml("one", "qemu", NULL);
    g_autofree char *x2 = qt_guest_xml("two", "qemu", NULL);
    virDomainPtr one = virDomainDefineXML(fx.conn, x1);
    virDomainPtr two = virDomainDefineXML(fx.conn, x2);
    g_assert_nonnull(one);
    g_assert_nonnull(two);
    const char *argv[] = { mvsh, "-c", fx.uri, NULL };
    GPid child;
    int in, out, err;
    g_assert_true(g_spawn_async_with_pipes(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &child, &in, &out, &err, NULL));
    /* mvsh has loaded the root once the error of the command after the
     * list shows on its unbuffered stderr */
    const char *load = "list --all\ndomstate no-such-domain\n";
    g_assert_cmpint(write(in, load, strlen(load)), ==, (gssize)strlen(load));
    GString *errs = g_string_new(NULL);
    qt_read_until(err, errs, "no-such-domain");
    g_assert_cmpint(virDomainCreate(one), ==, 0);
    g_assert_cmpint(virDomainGetID(one), ==, 1);   /* the root's first of this boot */
    const char *cmds = "start two\ndomid two\nquit\n";
    g_assert_cmpint(write(in, cmds, strlen(cmds)), ==, (gssize)strlen(cmds));
    close(in);
    GString *text = g_string_new(NULL);
    qt_read_until(out, text, NULL);
    qt_read_until(err, errs, NULL);
    close(out);
    close(err);
    if (strstr(errs->str, "two"))
        g_error("mvsh complained: %s", errs->str);
    g_string_free(errs, TRUE);
    int status;
    waitpid(child, &status, 0);
    g_spawn_close_pid(child);
    if (!strstr(text->str, "Domain 'two' started"))
        g_error("mvsh said: %s", text->str);
    g_assert_cmpint(last_number_line(text->str), ==, 2);
    g_string_free(text, TRUE);
    int pid1 = qt_pid(&fx, "one"), pid2 = qt_pid(&fx, "two");
    g_assert_cmpint(pid1, >, 0);
    g_assert_cmpint(pid2, >, 0);

    /* a process that loads the root now finds each guest by its id */
    g_autofree char *name1 = qt_mvsh(&fx, NULL, "domname 1");
    g_autofree char *name2 = qt_mvsh(&fx, NULL, "domname 2");
    g_assert_cmpstr(name1, ==, "one");
    g_assert_cmpstr(name2, ==, "two");
    /* and destroy 2 stops the guest it means */
    g_autofree char *destroyed = qt_mvsh(&fx, &status, "destroy 2");
    g_assert_cmpint(status, ==, 0);
    g_assert_true(qt_wait_exit(pid2, 10000));
    g_assert_false(qt_wait_exit(pid1, 0));
    g_assert_cmpint(virDomainIsActive(one), ==, 1);

    /* the next start gets the next id, whichever process makes it */
    g_assert_cmpint(virDomainCreate(two), ==, 0);
    g_assert_cmpint(virDomainGetID(two), ==, 3);
    g_assert_cmpint(virDomainDestroy(two), ==, 0);
    g_assert_cmpint(virDomainDestroy(one), ==, 0);
    g_assert_cmpint(virDomainUndefine(one), ==, 0);
    g_assert_cmpint(virDomainUndefine(two), ==, 0);
    virDomainFree(one);
    virDomainFree(two);
    g_assert_false(qt_any_qemu(&fx));
    qt_fx_close(&fx);
}

/* Fills the filesystem of DIR (a small tmpfs) to the last block. */
static void fill_fs(const char *dir)
{
    g_autofree char *cmd = g_strdup_printf(
        "dd if=/dev/zero of='%s/fill' bs=64k 2>/dev/null; "
        "test \"$(df --output=avail '%s' | tail -1 | tr -d ' ')\" = 0", dir, dir);
    g_assert_cmpint(system(cmd), ==, 0);
}

static void unfill_fs(const char *dir)
{
    g_autofree char *fill = g_strdup_printf("%s/fill", dir);
    g_assert_cmpint(unlink(fill), ==, 0);
}

static void expect_no_space(const char *name)
{
    virErrorPtr e = virGetLastError();
    g_assert_nonnull(e);
    g_autofree char *who = g_strdup_printf("domain '%s'", name);
    if (e->code != VIR_ERR_SYSTEM_ERROR || !strstr(e->message, who) ||
        !strstr(e->message, "No space left on device"))
        g_error("unexpected error %d: %s", e->code, e->message);
}

/* With the run directory's filesystem full, a start cannot record the
 * domain's status: it fails with the domain and the cause, and no QEMU is
 * left running unseen; a pause that cannot be recorded fails too. */
static void test_full_disk(void)
{
    if (skip_without_qemu())
        return;
    if (getuid() != 0) {
        g_test_skip("needs root to mount a small tmpfs");
        return;
    }
    char *root = g_dir_make_tmp("qemu-test-XXXXXX", NULL);
    g_assert_nonnull(root);
    g_autofree char *run = g_strdup_printf("%s/run", root);
    g_assert_cmpint(mkdir(run, 0755), ==, 0);
    g_autofree char *mount = g_strdup_printf("mount -t tmpfs -o size=512k,mode=0755 mvtest '%s'", run);
    g_assert_cmpint(system(mount), ==, 0);
    qt_fx fx;
    qt_fx_open_at(&fx, root);
    g_autofree char *xml = qt_guest_xml("full", "qemu", NULL);
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    /* one start first: the root's records exist (ids, autostart) */
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);

    fill_fs(run);
    g_assert_cmpint(virDomainCreate(dom), ==, -1);
    expect_no_space("full");
    g_assert_false(qt_any_qemu(&fx));
    int reason;
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_SHUTOFF);
    g_assert_cmpint(virDomainGetID(dom), ==, (unsigned int)-1);
    g_autofree char *status = g_strdup_printf("%s/qemu/full.status", run);
    g_assert_false(g_file_test(status, G_FILE_TEST_EXISTS));
    g_autofree char *seen = qt_mvsh(&fx, NULL, "domstate full");
    if (seen)
        g_assert_cmpstr(seen, ==, "shut off");

    /* running, then full: the pause happens but cannot be recorded */
    unfill_fs(run);
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    fill_fs(run);
    g_assert_cmpint(virDomainSuspend(dom), ==, -1);
    expect_no_space("full");
    g_assert_cmpint(qt_state(dom, &reason), ==, VIR_DOMAIN_PAUSED);
    unfill_fs(run);
    g_assert_cmpint(virDomainResume(dom), ==, 0);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
    g_assert_false(qt_any_qemu(&fx));
    g_autofree char *umount = g_strdup_printf("umount '%s'", run);
    g_assert_cmpint(system(umount), ==, 0);
    qt_fx_close(&fx);
}

/* Refusals: clear errors, nothing left running, no status file. */
static void expect_refused(qt_fx *fx, const char *xml, int code, const char *text)
{
    virDomainPtr dom = virDomainCreateXML(fx->conn, xml, 0);
    if (dom)
        g_error("domain '%s' started", virDomainGetName(dom));
    virErrorPtr e = virGetLastError();
    g_assert_nonnull(e);
    if (code)
        g_assert_cmpint(e->code, ==, code);
    if (text && !strstr(e->message, text))
        g_error("error '%s' does not contain '%s'", e->message, text);
    g_assert_false(qt_any_qemu(fx));
    g_autofree char *run = g_strdup_printf("%s/run/qemu", fx->root);
    g_autoptr(GDir) d = g_dir_open(run, 0, NULL);
    const char *ent;
    /* lock files stay, unlocked; so do the root's records of this boot */
    while (d && (ent = g_dir_read_name(d)))
        if (!g_str_has_suffix(ent, ".lock") && strcmp(ent, "autostarted") != 0 &&
            strcmp(ent, "domain-ids") != 0)
            g_error("left in the run dir: %s", ent);
    g_assert_cmpint(virConnectNumOfDomains(fx->conn), ==, 0);
}

static void test_refusals(void)
{
    if (skip_without_qemu())
        return;
    qt_fx fx;
    qt_fx_open(&fx);
    g_autofree char *missing_disk = qt_guest_xml("bad1", "qemu",
        "    <disk type='file' device='disk'><source file='/nonexistent/x.img'/>"
        "<target dev='vda' bus='virtio'/></disk>\n");
    expect_refused(&fx, missing_disk, VIR_ERR_SYSTEM_ERROR, "/nonexistent/x.img");
    g_autofree char *xml = qt_guest_xml("bad2", "qemu", NULL);
    char *bad_emu = NULL;
    {
        GString *s = g_string_new(xml);
        g_string_replace(s, QT_EMULATOR, "/nonexistent/qemu", 0);
        bad_emu = g_string_free(s, FALSE);
    }
    expect_refused(&fx, bad_emu, VIR_ERR_SYSTEM_ERROR, "/nonexistent/qemu");
    g_free(bad_emu);
    /* A QEMU that exits at once: its own words in the error. */
    g_autofree char *dies = qt_guest_xml("bad3", "qemu", NULL);
    {
        GString *s = g_string_new(dies);
        g_string_replace(s, "<memory unit='MiB'>64</memory>",
                         "<memory unit='TiB'>64</memory>", 0);
        g_free(dies);
        dies = g_string_free(s, FALSE);
    }
    expect_refused(&fx, dies, VIR_ERR_INTERNAL_ERROR, "qemu");
    g_autofree char *unknown = qt_guest_xml("bad4", "qemu",
        "    <graphics type='spice' autoport='yes'/>\n");
    expect_refused(&fx, unknown, VIR_ERR_CONFIG_UNSUPPORTED, "spice");
    /* A name that would escape the state dir. */
    g_autofree char *escape = qt_guest_xml("../../etc/x", "qemu", NULL);
    g_assert_null(virDomainDefineXML(fx.conn, escape));
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_XML_ERROR);   /* as libvirt */
    expect_refused(&fx, escape, VIR_ERR_XML_ERROR, "cannot contain '/'");
    /* ... and one the parser lets through but a file name cannot hold. */
    g_autofree char *dot = qt_guest_xml(".hidden", "qemu", NULL);
    g_assert_null(virDomainDefineXML(fx.conn, dot));
    g_assert_cmpint(virGetLastError()->code, ==, VIR_ERR_INVALID_ARG);
    /* A network that does not exist. */
    g_autofree char *nonet = qt_guest_xml("bad5", "qemu",
        "    <interface type='network'><source network='nosuch'/></interface>\n");
    expect_refused(&fx, nonet, VIR_ERR_NO_NETWORK, NULL);
    qt_fx_close(&fx);
}

/* A disk on a storage-dir volume and a NIC on a bridge-net network. */
static void test_storage_network(void)
{
    if (skip_without_qemu())
        return;
    if (getuid() != 0 || access("/dev/net/tun", R_OK | W_OK) < 0) {
        g_test_skip("needs root and /dev/net/tun for tap devices");
        return;
    }
    qt_fx fx;
    qt_fx_open(&fx);
    g_autofree char *pooldir = g_strdup_printf("%s/pool", fx.root);
    g_autofree char *pool_xml = g_strdup_printf(
        "<pool type='dir'><name>p</name><target><path>%s</path></target></pool>", pooldir);
    virStoragePoolPtr pool = virStoragePoolDefineXML(fx.conn, pool_xml, 0);
    g_assert_nonnull(pool);
    g_assert_cmpint(virStoragePoolBuild(pool, 0), ==, 0);
    g_assert_cmpint(virStoragePoolCreate(pool, 0), ==, 0);
    virStorageVolPtr vol = virStorageVolCreateXML(pool,
        "<volume><name>d.qcow2</name><capacity unit='MiB'>16</capacity>"
        "<target><format type='qcow2'/></target></volume>", 0);
    g_assert_nonnull(vol);
    virNetworkPtr net = virNetworkCreateXML(fx.conn,
        "<network><name>n</name><bridge name='mvqbr0'/>"
        "<ip address='192.168.231.1' netmask='255.255.255.0'/></network>");
    g_assert_nonnull(net);
    virDomainPtr dom = start_guest(&fx, "sn", "qemu",
        "    <disk type='volume' device='disk'><driver name='qemu' type='qcow2'/>"
        "<source pool='p' volume='d.qcow2'/><target dev='vda' bus='virtio'/></disk>\n"
        "    <interface type='network'><source network='n'/>"
        "<mac address='52:54:00:12:34:56'/><model type='virtio'/></interface>\n", false);
    /* The tap is on the network's bridge, up, with the host twin MAC. */
    g_autofree char *tap = live_attr(dom, "target", "dev");
    g_autofree char *xml = virDomainGetXMLDesc(dom, 0);
    char *t = strstr(xml, "<interface");
    g_assert_nonnull(t);
    char *tdev = strstr(t, "<target dev='");
    g_assert_nonnull(tdev);
    g_autofree char *ifname = g_strndup(tdev + 13, strcspn(tdev + 13, "'"));
    g_autofree char *master_path = g_strdup_printf("/sys/class/net/%s/master", ifname);
    g_autofree char *master = g_file_read_link(master_path, NULL);
    g_assert_nonnull(master);
    g_assert_true(g_str_has_suffix(master, "/mvqbr0"));
    g_autofree char *addr_path = g_strdup_printf("/sys/class/net/%s/address", ifname);
    g_autofree char *addr = NULL;
    g_assert_true(g_file_get_contents(addr_path, &addr, NULL, NULL));
    g_assert_cmpstr(g_strstrip(addr), ==, "fe:54:00:12:34:56");
    /* QEMU has the volume open as its disk. */
    int pid = qt_pid(&fx, "sn");
    g_autofree char *cmd = g_strdup_printf("ls -l /proc/%d/fd | grep -q '%s/d.qcow2'", pid, pooldir);
    g_assert_cmpint(system(cmd), ==, 0);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    /* the tap went away with QEMU */
    g_assert_false(g_file_test(master_path, G_FILE_TEST_EXISTS));
    virDomainFree(dom);
    g_assert_cmpint(virNetworkDestroy(net), ==, 0);
    virNetworkFree(net);
    virStorageVolFree(vol);
    virStoragePoolFree(pool);
    qt_fx_close(&fx);
}

/* --- statistics ------------------------------------------------------------------ */

/* The unsigned long long NAME of REC, or -1 when it has none. */
static long long rec_ull(virDomainStatsRecordPtr rec, const char *name)
{
    unsigned long long v;
    return virTypedParamsGetULLong(rec->params, rec->nparams, name, &v) == 1 ? (long long)v : -1;
}

/* The names of REC's fields that start with one of the prefixes A and B,
 * in order, separated by spaces. */
static char *rec_fields(virDomainStatsRecordPtr rec, const char *a, const char *b)
{
    GString *out = g_string_new(NULL);
    for (int i = 0; i < rec->nparams; i++) {
        const char *f = rec->params[i].field;
        if (!g_str_has_prefix(f, a) && !g_str_has_prefix(f, b))
            continue;
        g_string_append_printf(out, "%s%s", out->len ? " " : "", f);
    }
    return g_string_free(out, FALSE);
}

/* The guest's firmware reads its disk while it looks for something to boot:
 * the read counters grow; the interface counters are the tap's, seen from
 * the guest; the bulk statistics carry libvirt's groups and names. */
/* The values of a block I/O tune read of DOM's disk vda (FLAGS), as
 * "name=value" for those not 0, and the group. */
static char *tune_summary(virDomainPtr dom, unsigned int flags)
{
    virTypedParameter tune[20];
    int n = 20;
    if (virDomainGetBlockIoTune(dom, "vda", tune, &n, flags) < 0)
        g_error("virDomainGetBlockIoTune: %s", virGetLastErrorMessage());
    GString *s = g_string_new(NULL);
    for (int i = 0; i < n; i++) {
        if (tune[i].type == VIR_TYPED_PARAM_STRING)
            g_string_append_printf(s, "%s=%s ", tune[i].field, tune[i].value.s);
        else if (tune[i].value.ul)
            g_string_append_printf(s, "%s=%llu ", tune[i].field, tune[i].value.ul);
    }
    virTypedParamsClear(tune, n);
    return g_string_free(s, FALSE);
}

/* The <iotune> element of DOM's XML (FLAGS), or NULL. */
static char *iotune_xml(virDomainPtr dom, unsigned int flags)
{
    g_autofree char *xml = virDomainGetXMLDesc(dom, flags);
    g_assert_nonnull(xml);
    const char *from = strstr(xml, "<iotune>");
    const char *to = strstr(xml, "</iotune>");
    return from && to ? g_strndup(from, (size_t)(to - from) + strlen("</iotune>")) : NULL;
}

/* A disk's <iotune> reaches QEMU when the guest starts (block_set_io_throttle,
 * read back from QEMU's query-block); live changes go to QEMU and the live
 * definition, persistent ones to the definition on disk, which a reloaded
 * driver reads and the next start applies. */
static void test_iotune(void)
{
    if (skip_without_qemu())
        return;
    qt_fx fx;
    qt_fx_open(&fx);
    g_autofree char *img = g_strdup_printf("%s/disk.img", fx.root);
    g_autofree char *zeros = g_malloc0(1024 * 1024);
    g_assert_true(g_file_set_contents(img, zeros, 1024 * 1024, NULL));
    g_autofree char *extra = g_strdup_printf(
        "    <disk type='file' device='disk'><driver name='qemu' type='raw'/>"
        "<source file='%s'/><target dev='vda' bus='virtio'/><iotune>"
        "<total_bytes_sec>1048576</total_bytes_sec><read_iops_sec>100</read_iops_sec>"
        "<total_bytes_sec_max>2097152</total_bytes_sec_max><size_iops_sec>4096</size_iops_sec>"
        "<group_name>g0</group_name><total_bytes_sec_max_length>4</total_bytes_sec_max_length>"
        "</iotune></disk>\n", img);
    virDomainPtr dom = start_guest(&fx, "iot", "qemu", extra, true);

    /* QEMU throttles as the definition says. */
    g_autofree char *live0 = tune_summary(dom, VIR_DOMAIN_AFFECT_LIVE);
    g_assert_cmpstr(live0, ==, "total_bytes_sec=1048576 read_iops_sec=100 "
                               "total_bytes_sec_max=2097152 size_iops_sec=4096 group_name=g0 "
                               "total_bytes_sec_max_length=4 ");

    /* A live change: a family given replaces the whole family (read_iops_sec
     * goes with write_iops_sec), in QEMU and in the live XML only. */
    virTypedParameterPtr set = NULL;
    int nset = 0, maxset = 0;
    g_assert_cmpint(virTypedParamsAddULLong(&set, &nset, &maxset, "write_iops_sec", 50), ==, 0);
    if (virDomainSetBlockIoTune(dom, "vda", set, nset, VIR_DOMAIN_AFFECT_LIVE) < 0)
        g_error("virDomainSetBlockIoTune: %s", virGetLastErrorMessage());
    virTypedParamsFree(set, nset);
    g_autofree char *live1 = tune_summary(dom, VIR_DOMAIN_AFFECT_LIVE);
    g_assert_cmpstr(live1, ==, "total_bytes_sec=1048576 write_iops_sec=50 "
                               "total_bytes_sec_max=2097152 size_iops_sec=4096 group_name=g0 "
                               "total_bytes_sec_max_length=4 ");
    g_autofree char *live_xml = iotune_xml(dom, 0);
    g_assert_cmpstr(live_xml, ==,
                    "<iotune>\n"
                    "        <total_bytes_sec>1048576</total_bytes_sec>\n"
                    "        <write_iops_sec>50</write_iops_sec>\n"
                    "        <total_bytes_sec_max>2097152</total_bytes_sec_max>\n"
                    "        <size_iops_sec>4096</size_iops_sec>\n"
                    "        <group_name>g0</group_name>\n"
                    "        <total_bytes_sec_max_length>4</total_bytes_sec_max_length>\n"
                    "      </iotune>");
    g_autofree char *config0 = tune_summary(dom, VIR_DOMAIN_AFFECT_CONFIG);
    g_assert_cmpstr(config0, ==, live0);

    /* libvirt's rules between a rate and its maximum, for the running
     * guest; a refusal changes nothing. */
    static const struct {
        const char *param;
        unsigned long long v;
        const char *param2;
        unsigned long long v2;
        const char *msg;
    } refused[] = {
        { "total_bytes_sec", 0, NULL, 0,
          "unsupported configuration: cannot reset 'total_bytes_sec' when "
          "'total_bytes_sec_max' is set" },
        { "read_bytes_sec_max", 10, NULL, 0,
          "unsupported configuration: cannot reset 'read_bytes_sec' when "
          "'read_bytes_sec_max' is set" },
        { "total_bytes_sec", 5, "total_bytes_sec_max", 3,
          "unsupported configuration: value 'total_bytes_sec_max' cannot be smaller than "
          "'total_bytes_sec'" },
        { "total_bytes_sec", 1, "read_bytes_sec", 1,
          "invalid argument: total and read/write of bytes_sec cannot be set at the same time" },
        { "size_iops_sec", 1000000000000001ULL, NULL, 0,
          "argument unsupported: block I/O throttle limit value must be no more than "
          "1000000000000000" },
    };
    for (size_t k = 0; k < G_N_ELEMENTS(refused); k++) {
        set = NULL;
        nset = maxset = 0;
        g_assert_cmpint(virTypedParamsAddULLong(&set, &nset, &maxset, refused[k].param,
                                                refused[k].v), ==, 0);
        if (refused[k].param2)
            g_assert_cmpint(virTypedParamsAddULLong(&set, &nset, &maxset, refused[k].param2,
                                                    refused[k].v2), ==, 0);
        g_assert_cmpint(virDomainSetBlockIoTune(dom, "vda", set, nset, VIR_DOMAIN_AFFECT_LIVE),
                        ==, -1);
        g_assert_cmpstr(virGetLastErrorMessage(), ==, refused[k].msg);
        virTypedParamsFree(set, nset);
    }
    g_autofree char *live_again = tune_summary(dom, VIR_DOMAIN_AFFECT_LIVE);
    g_assert_cmpstr(live_again, ==, live1);
    g_autofree char *config1 = tune_summary(dom, VIR_DOMAIN_AFFECT_CONFIG);
    g_assert_cmpstr(config1, ==, live0);

    /* Saved and restored, the guest keeps the limits it ran with. */
    g_autofree char *file = g_strdup_printf("%s/iot.save", fx.root);
    g_assert_cmpint(virDomainSave(dom, file), ==, 0);
    g_assert_cmpint(virDomainRestore(fx.conn, file), ==, 0);
    g_autofree char *restored = tune_summary(dom, VIR_DOMAIN_AFFECT_LIVE);
    g_assert_cmpstr(restored, ==, live1);

    /* A persistent change: the definition on disk, not QEMU. The family
     * rule applies (total_bytes_sec and total_bytes_sec_max go), the
     * rate/maximum rules do not (as in libvirt 9.0). */
    set = NULL;
    nset = maxset = 0;
    g_assert_cmpint(virTypedParamsAddULLong(&set, &nset, &maxset, "read_bytes_sec", 10000), ==, 0);
    g_assert_cmpint(virTypedParamsAddULLong(&set, &nset, &maxset, "read_bytes_sec_max", 20000), ==, 0);
    g_assert_cmpint(virTypedParamsAddULLong(&set, &nset, &maxset, "total_bytes_sec_max_length", 0),
                    ==, 0);
    g_assert_cmpint(virTypedParamsAddString(&set, &nset, &maxset, "group_name", "g1"), ==, 0);
    if (virDomainSetBlockIoTune(dom, "vda", set, nset, VIR_DOMAIN_AFFECT_CONFIG) < 0)
        g_error("virDomainSetBlockIoTune: %s", virGetLastErrorMessage());
    virTypedParamsFree(set, nset);
    const char *config_want = "read_bytes_sec=10000 read_iops_sec=100 read_bytes_sec_max=20000 "
                              "size_iops_sec=4096 group_name=g1 ";
    g_autofree char *config2 = tune_summary(dom, VIR_DOMAIN_AFFECT_CONFIG);
    g_assert_cmpstr(config2, ==, config_want);
    g_autofree char *live2 = tune_summary(dom, VIR_DOMAIN_AFFECT_LIVE);
    g_assert_cmpstr(live2, ==, live1);

    /* A reloaded driver reads it back from its files; the next start
     * applies it. */
    virDomainFree(dom);
    qt_fx_close_last(&fx);
    qt_fx_reopen(&fx);
    dom = virDomainLookupByName(fx.conn, "iot");
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainIsActive(dom), ==, 1);
    g_autofree char *config3 = tune_summary(dom, VIR_DOMAIN_AFFECT_CONFIG);
    g_assert_cmpstr(config3, ==, config_want);
    g_autofree char *live3 = tune_summary(dom, VIR_DOMAIN_AFFECT_LIVE);
    g_assert_cmpstr(live3, ==, live1);
    g_autofree char *live_xml3 = iotune_xml(dom, 0);
    g_assert_cmpstr(live_xml3, ==, live_xml);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_autofree char *config4 = tune_summary(dom, 0);
    g_assert_cmpstr(config4, ==, config_want);
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    /* QEMU reports a burst length of 1, its default, for a maximum
     * given without one. */
    g_autofree char *live4 = tune_summary(dom, VIR_DOMAIN_AFFECT_LIVE);
    g_autofree char *live_want = g_strconcat(config_want, "read_bytes_sec_max_length=1 ", NULL);
    g_assert_cmpstr(live4, ==, live_want);

    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
    qt_fx_close(&fx);
}

/* The values of a persistent block I/O tune read of DOM's disk DISK, as
 * tune_summary gives them. */
static char *config_summary(virDomainPtr dom, const char *disk)
{
    virTypedParameter tune[20];
    int n = 20;
    if (virDomainGetBlockIoTune(dom, disk, tune, &n, VIR_DOMAIN_AFFECT_CONFIG) < 0)
        g_error("virDomainGetBlockIoTune: %s", virGetLastErrorMessage());
    GString *s = g_string_new(NULL);
    for (int i = 0; i < n; i++) {
        if (tune[i].type == VIR_TYPED_PARAM_STRING)
            g_string_append_printf(s, "%s=%s ", tune[i].field, tune[i].value.s);
        else if (tune[i].value.ul)
            g_string_append_printf(s, "%s=%llu ", tune[i].field, tune[i].value.ul);
    }
    virTypedParamsClear(tune, n);
    return g_string_free(s, FALSE);
}

static void iotune_set_config(virDomainPtr dom, const char *disk, const char *group,
                              const char *param, unsigned long long v)
{
    virTypedParameterPtr set = NULL;
    int nset = 0, max = 0;
    if (group)
        g_assert_cmpint(virTypedParamsAddString(&set, &nset, &max, "group_name", group), ==, 0);
    if (param)
        g_assert_cmpint(virTypedParamsAddULLong(&set, &nset, &max, param, v), ==, 0);
    if (virDomainSetBlockIoTune(dom, disk, set, nset, VIR_DOMAIN_AFFECT_CONFIG) < 0)
        g_error("virDomainSetBlockIoTune: %s", virGetLastErrorMessage());
    virTypedParamsFree(set, nset);
}

/* Groups in the persistent definition, as libvirt 9.0's qemu driver keeps
 * them: a disk joining a group takes the group's limits, a change reaches
 * every disk of the group, a burst length cleared while its family has a
 * limit becomes 1. */
static void test_iotune_groups(void)
{
    qt_fx fx;
    qt_fx_open(&fx);
    g_autofree char *xml = qt_guest_xml("iotgrp", "qemu",
        "    <disk type='file' device='disk'><source file='/a.img'/><target dev='vda' bus='virtio'/>"
        "<iotune><total_bytes_sec>1000</total_bytes_sec><total_bytes_sec_max>2000</total_bytes_sec_max>"
        "<group_name>g0</group_name><total_bytes_sec_max_length>4</total_bytes_sec_max_length>"
        "</iotune></disk>\n"
        "    <disk type='file' device='disk'><source file='/b.img'/><target dev='vdb' bus='virtio'/>"
        "</disk>\n"
        "    <disk type='file' device='disk'><source file='/c.img'/><target dev='vdc' bus='virtio'/>"
        "<iotune><total_iops_sec>7</total_iops_sec></iotune></disk>\n");
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    const char *g0 = "total_bytes_sec=1000 total_bytes_sec_max=2000 group_name=g0 "
                     "total_bytes_sec_max_length=4 ";
    iotune_set_config(dom, "vdb", "g0", NULL, 0);
    g_autofree char *b = config_summary(dom, "vdb");
    g_assert_cmpstr(b, ==, g0);
    iotune_set_config(dom, "vda", NULL, "total_bytes_sec_max_length", 0);
    const char *g0b = "total_bytes_sec=1000 total_bytes_sec_max=2000 group_name=g0 "
                      "total_bytes_sec_max_length=1 ";
    g_autofree char *a = config_summary(dom, "vda");
    g_assert_cmpstr(a, ==, g0b);
    g_autofree char *b2 = config_summary(dom, "vdb");
    g_assert_cmpstr(b2, ==, g0b);
    iotune_set_config(dom, "vdc", "g0", "read_iops_sec", 3);
    const char *g0c = "total_bytes_sec=1000 read_iops_sec=3 total_bytes_sec_max=2000 "
                      "group_name=g0 total_bytes_sec_max_length=1 ";
    const char *disks[] = { "vda", "vdb", "vdc" };
    for (size_t k = 0; k < G_N_ELEMENTS(disks); k++) {
        g_autofree char *got = config_summary(dom, disks[k]);
        g_assert_cmpstr(got, ==, g0c);
    }
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
    qt_fx_close(&fx);
}

/* What libvirt refuses in a definition for QEMU, when it is defined; what
 * QEMU refuses, when the guest starts. */
static void test_iotune_refused(void)
{
    if (skip_without_qemu())
        return;
    qt_fx fx;
    qt_fx_open(&fx);
    g_autofree char *img = g_strdup_printf("%s/disk.img", fx.root);
    g_autofree char *zeros = g_malloc0(1024 * 1024);
    g_assert_true(g_file_set_contents(img, zeros, 1024 * 1024, NULL));
    static const struct {
        const char *iotune;
        int code;
        const char *msg;
    } refused[] = {
        { "<total_iops_sec>1000000000000001</total_iops_sec>", VIR_ERR_ARGUMENT_UNSUPPORTED,
          "argument unsupported: block I/O throttle limit must be no more than "
          "1000000000000000 using QEMU" },
        { "<group_name>solo</group_name>", VIR_ERR_CONFIG_UNSUPPORTED,
          "unsupported configuration: group_name can be configured only together with "
          "settings" },
    };
    for (size_t k = 0; k < G_N_ELEMENTS(refused); k++) {
        g_autofree char *extra = g_strdup_printf(
            "    <disk type='file' device='disk'><source file='%s'/>"
            "<target dev='vda' bus='virtio'/><iotune>%s</iotune></disk>\n", img,
            refused[k].iotune);
        g_autofree char *xml = qt_guest_xml("iotbad", "qemu", extra);
        g_assert_null(virDomainDefineXML(fx.conn, xml));
        g_assert_cmpint(virGetLastErrorCode(), ==, refused[k].code);
        g_assert_cmpstr(virGetLastErrorMessage(), ==, refused[k].msg);
        g_assert_null(virDomainCreateXML(fx.conn, xml, 0));
        g_assert_cmpstr(virGetLastErrorMessage(), ==, refused[k].msg);
    }
    g_assert_false(qt_any_qemu(&fx));

    /* A maximum without its rate: QEMU's own refusal stops the start. */
    g_autofree char *extra = g_strdup_printf(
        "    <disk type='file' device='disk'><source file='%s'/>"
        "<target dev='vda' bus='virtio'/><iotune>"
        "<total_iops_sec_max>7</total_iops_sec_max></iotune></disk>\n", img);
    g_autofree char *xml = qt_guest_xml("iotbad", "qemu", extra);
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==, "internal error: unable to execute QEMU "
                                                  "command 'block_set_io_throttle': "
                                                  "bps_max/iops_max require corresponding "
                                                  "bps/iops values");
    g_assert_cmpint(virDomainIsActive(dom), ==, 0);
    g_assert_false(qt_any_qemu(&fx));
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
    qt_fx_close(&fx);
}

static void test_stats(void)
{
    if (skip_without_qemu())
        return;
    if (getuid() != 0 || access("/dev/net/tun", R_OK | W_OK) < 0) {
        g_test_skip("needs root and /dev/net/tun for tap devices");
        return;
    }
    qt_fx fx;
    qt_fx_open(&fx);
    g_autofree char *img = g_strdup_printf("%s/disk.img", fx.root);
    g_autofree char *zeros = g_malloc0(1024 * 1024);
    g_assert_true(g_file_set_contents(img, zeros, 1024 * 1024, NULL));
    virNetworkPtr net = virNetworkCreateXML(fx.conn,
        "<network><name>n</name><bridge name='mvqbr1'/>"
        "<ip address='192.168.232.1' netmask='255.255.255.0'/></network>");
    g_assert_nonnull(net);
    g_autofree char *extra = g_strdup_printf(
        "    <disk type='file' device='disk'><driver name='qemu' type='raw'/>"
        "<source file='%s'/><target dev='vda' bus='virtio'/></disk>\n"
        "    <interface type='network'><source network='n'/>"
        "<mac address='52:54:00:12:34:57'/><model type='virtio'/></interface>\n"
        "    <memballoon model='virtio'/>\n", img);
    virDomainPtr dom = start_guest(&fx, "st", "qemu", extra, false);

    virDomainBlockStatsStruct b;
    gint64 until = g_get_monotonic_time() + 120 * G_USEC_PER_SEC;
    do {
        g_assert_cmpint(virDomainBlockStats(dom, "vda", &b, sizeof(b)), ==, 0);
    } while (b.rd_bytes == 0 && g_get_monotonic_time() < until && (g_usleep(100000), true));
    g_assert_cmpint(b.rd_bytes, >, 0);
    g_assert_cmpint(b.rd_req, >, 0);
    g_assert_cmpint(b.errs, ==, -1);
    virDomainBlockStatsStruct by_path;
    g_assert_cmpint(virDomainBlockStats(dom, img, &by_path, sizeof(by_path)), ==, 0);
    g_assert_cmpint(by_path.rd_bytes, >=, b.rd_bytes);
    g_assert_cmpint(virDomainBlockStats(dom, "vdb", &b, sizeof(b)), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==, "invalid argument: invalid path: vdb");
    /* The typed form: how many, then the counters, reads at least those
     * seen above. */
    int np = 0;
    g_assert_cmpint(virDomainBlockStatsFlags(dom, "vda", NULL, &np, 0), ==, 0);
    g_assert_cmpint(np, ==, 8);
    virTypedParameter bp[8];
    g_assert_cmpint(virDomainBlockStatsFlags(dom, "vda", bp, &np, 0), ==, 0);
    g_assert_cmpint(np, ==, 8);
    long long rd = -1, rdreq = -1;
    g_assert_cmpint(virTypedParamsGetLLong(bp, np, VIR_DOMAIN_BLOCK_STATS_READ_BYTES, &rd), ==, 1);
    g_assert_cmpint(virTypedParamsGetLLong(bp, np, VIR_DOMAIN_BLOCK_STATS_READ_REQ, &rdreq), ==, 1);
    g_assert_cmpint(rd, >=, by_path.rd_bytes);
    g_assert_cmpint(rdreq, >=, by_path.rd_req);
    g_assert_cmpint(rd, >, 0);
    g_assert_cmpstr(bp[0].field, ==, VIR_DOMAIN_BLOCK_STATS_WRITE_BYTES);

    g_autofree char *xml = virDomainGetXMLDesc(dom, 0);
    char *iface = strstr(xml, "<interface");
    g_assert_nonnull(iface);
    char *tdev = strstr(iface, "<target dev='");
    g_assert_nonnull(tdev);
    g_autofree char *tap = g_strndup(tdev + 13, strcspn(tdev + 13, "'"));
    virDomainInterfaceStatsStruct ifs;
    g_assert_cmpint(virDomainInterfaceStats(dom, tap, &ifs, sizeof(ifs)), ==, 0);
    g_assert_cmpint(ifs.rx_bytes, >=, 0);
    g_assert_cmpint(virDomainInterfaceStats(dom, "52:54:00:12:34:57", &ifs, sizeof(ifs)), ==, 0);
    g_assert_cmpint(virDomainInterfaceStats(dom, "eth9", &ifs, sizeof(ifs)), ==, -1);

    /* The disk's sizes: its file's, and QEMU's virtual size. */
    virDomainBlockInfo info;
    g_assert_cmpint(virDomainGetBlockInfo(dom, "vda", &info, 0), ==, 0);
    g_assert_cmpuint(info.capacity, ==, 1024 * 1024);
    g_assert_cmpuint(info.physical, ==, 1024 * 1024);
    g_assert_cmpint(virDomainGetBlockInfo(dom, "vdb", &info, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);

    /* Throttling, live: QEMU's values, read back after a set. */
    virTypedParameter tune[20];
    int nt = 0;
    g_assert_cmpint(virDomainGetBlockIoTune(dom, NULL, NULL, &nt, 0), ==, 0);
    g_assert_cmpint(nt, ==, 20);
    g_assert_cmpint(virDomainGetBlockIoTune(dom, "vda", tune, &nt, 0), ==, 0);
    unsigned long long bps = 1;
    g_assert_cmpint(virTypedParamsGetULLong(tune, nt, "total_bytes_sec", &bps), ==, 1);
    g_assert_cmpuint(bps, ==, 0);
    virTypedParamsClear(tune, nt);
    virTypedParameterPtr set = NULL;
    int nset = 0, maxset = 0;
    g_assert_cmpint(virTypedParamsAddULLong(&set, &nset, &maxset, "total_bytes_sec", 1000000), ==, 0);
    g_assert_cmpint(virTypedParamsAddULLong(&set, &nset, &maxset, "read_iops_sec", 50), ==, 0);
    if (virDomainSetBlockIoTune(dom, "vda", set, nset, 0) < 0)
        g_error("virDomainSetBlockIoTune: %s", virGetLastErrorMessage());
    nt = 20;
    g_assert_cmpint(virDomainGetBlockIoTune(dom, "vda", tune, &nt, VIR_DOMAIN_AFFECT_LIVE), ==, 0);
    g_assert_cmpint(virTypedParamsGetULLong(tune, nt, "total_bytes_sec", &bps), ==, 1);
    g_assert_cmpuint(bps, ==, 1000000);
    g_assert_cmpint(virTypedParamsGetULLong(tune, nt, "read_iops_sec", &bps), ==, 1);
    g_assert_cmpuint(bps, ==, 50);
    virTypedParamsClear(tune, nt);
    g_assert_cmpint(virDomainSetBlockIoTune(dom, "vda", set, nset, VIR_DOMAIN_AFFECT_CONFIG), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==, "Requested operation is not valid: transient "
                                                  "domains do not have any persistent config");
    virTypedParamsFree(set, nset);
    set = NULL;
    nset = maxset = 0;
    g_assert_cmpint(virTypedParamsAddULLong(&set, &nset, &maxset, "bogus", 1), ==, 0);
    g_assert_cmpint(virDomainSetBlockIoTune(dom, "vda", set, nset, 0), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==, "argument unsupported: parameter 'bogus' not supported");
    virTypedParamsFree(set, nset);

    virDomainMemoryStatStruct mem[VIR_DOMAIN_MEMORY_STAT_NR];
    /* libvirt 9.0's figures and order for a guest whose balloon driver has
     * reported nothing: the balloon, the (zero) time of the last report,
     * QEMU's resident size. */
    int n = virDomainMemoryStats(dom, mem, VIR_DOMAIN_MEMORY_STAT_NR, 0);
    g_assert_cmpint(n, ==, 3);
    g_assert_cmpint(mem[0].tag, ==, VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON);
    g_assert_cmpuint(mem[0].val, ==, 64 * 1024);
    g_assert_cmpint(mem[1].tag, ==, VIR_DOMAIN_MEMORY_STAT_LAST_UPDATE);
    g_assert_cmpuint(mem[1].val, ==, 0);
    g_assert_cmpint(mem[2].tag, ==, VIR_DOMAIN_MEMORY_STAT_RSS);
    g_assert_cmpuint(mem[2].val, >, 0);
    /* The balloon's statistics period, set in QEMU and the live definition
     * (the firmware has no balloon driver: no figures of its own). */
    g_assert_cmpint(virDomainSetMemoryStatsPeriod(dom, 5, 0), ==, 0);
    g_autofree char *live_xml = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(strstr(live_xml, "<stats period='5'/>"));
    g_assert_cmpint(virDomainMemoryStats(dom, mem, VIR_DOMAIN_MEMORY_STAT_NR, 0), ==, 3);
    g_assert_cmpint(virDomainSetMemoryStatsPeriod(dom, 5, VIR_DOMAIN_AFFECT_CONFIG), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "Requested operation is not valid: transient domains do not have any "
                    "persistent config");

    virDomainStatsRecordPtr *recs = NULL;
    g_assert_cmpint(virConnectGetAllDomainStats(fx.conn, 0, &recs, 0), ==, 1);
    virDomainStatsRecordPtr rec = recs[0];
    int state = -1;
    g_assert_cmpint(virTypedParamsGetInt(rec->params, rec->nparams, "state.state", &state), ==, 1);
    g_assert_cmpint(state, ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpint(rec_ull(rec, "cpu.time"), >, 0);
    g_assert_cmpint(rec_ull(rec, "balloon.current"), ==, 64 * 1024);
    g_assert_cmpint(rec_ull(rec, "balloon.maximum"), ==, 64 * 1024);
    /* The balloon and vCPU groups as libvirt 9.0 gives them for this
     * guest (one vCPU), field for field and in its order. */
    g_autofree char *groups = rec_fields(rec, "balloon.", "vcpu.");
    g_assert_cmpstr(groups, ==, "balloon.current balloon.maximum balloon.last-update balloon.rss "
                                "vcpu.current vcpu.maximum vcpu.0.state vcpu.0.time vcpu.0.wait "
                                "vcpu.0.delay");
    int vstate = -1;
    g_assert_cmpint(virTypedParamsGetInt(rec->params, rec->nparams, "vcpu.0.state", &vstate), ==, 1);
    g_assert_cmpint(vstate, ==, VIR_VCPU_RUNNING);
    g_assert_cmpint(rec_ull(rec, "vcpu.0.delay") + rec_ull(rec, "vcpu.0.time"), >, 0);
    unsigned int count = 0;
    g_assert_cmpint(virTypedParamsGetUInt(rec->params, rec->nparams, "block.count", &count), ==, 1);
    g_assert_cmpuint(count, ==, 1);
    const char *s = NULL;
    g_assert_cmpint(virTypedParamsGetString(rec->params, rec->nparams, "block.0.name", &s), ==, 1);
    g_assert_cmpstr(s, ==, "vda");
    g_assert_cmpint(rec_ull(rec, "block.0.rd.bytes"), >=, by_path.rd_bytes);
    g_autofree char *block = rec_fields(rec, "block.", "block.");
    g_assert_cmpstr(block, ==, "block.count block.0.name block.0.path block.0.backingIndex "
                               "block.0.rd.reqs block.0.rd.bytes block.0.rd.times "
                               "block.0.wr.reqs block.0.wr.bytes block.0.wr.times "
                               "block.0.fl.reqs block.0.fl.times block.0.allocation "
                               "block.0.capacity block.0.physical");
    g_assert_cmpint(rec_ull(rec, "block.0.capacity"), ==, 1024 * 1024);
    g_assert_cmpint(rec_ull(rec, "block.0.physical"), ==, 1024 * 1024);
    g_assert_cmpint(virTypedParamsGetUInt(rec->params, rec->nparams, "net.count", &count), ==, 1);
    g_assert_cmpuint(count, ==, 1);
    g_assert_cmpint(virTypedParamsGetString(rec->params, rec->nparams, "net.0.name", &s), ==, 1);
    g_assert_cmpstr(s, ==, tap);
    g_assert_cmpint(rec_ull(rec, "net.0.rx.bytes"), >=, 0);
    virDomainStatsRecordListFree(recs);
    g_assert_cmpint(virConnectGetAllDomainStats(fx.conn, VIR_DOMAIN_STATS_PERF, &recs,
                                                VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS),
                    ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_ARGUMENT_UNSUPPORTED);

    /* Stopped (a transient domain: gone), nothing is counted. */
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_assert_cmpint(virDomainBlockStats(dom, "vda", &b, sizeof(b)), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_NO_DOMAIN);
    g_assert_cmpint(virConnectGetAllDomainStats(fx.conn, 0, &recs, 0), ==, 0);
    virDomainStatsRecordListFree(recs);
    virDomainFree(dom);
    g_assert_cmpint(virNetworkDestroy(net), ==, 0);
    virNetworkFree(net);
    qt_fx_close(&fx);
}

/* Another process whose state was loaded before we started the domain
 * (mvsh in interactive mode) cannot start a second QEMU for it. */
static void test_second_start(void)
{
    if (skip_without_qemu())
        return;
    const char *mvsh = g_getenv("MV_TEST_MVSH");
    if (!mvsh) {
        g_test_skip("needs MV_TEST_MVSH");
        return;
    }
    qt_fx fx;
    qt_fx_open(&fx);
    g_autofree char *xml = qt_guest_xml("twice", "qemu", NULL);
    virDomainPtr dom = virDomainDefineXML(fx.conn, xml);
    g_assert_nonnull(dom);
    const char *argv[] = { mvsh, "-c", fx.uri, NULL };
    GPid child;
    int in, err;
    g_assert_true(g_spawn_async_with_pipes(NULL, (char **)argv, NULL,
                                           G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                           NULL, NULL, &child, &in, NULL, &err, NULL));
    /* mvsh loads the state (the domain shut off); the error of the
     * command after it, on its unbuffered stderr, says it has ... */
    const char *load = "list --all\ndomstate no-such-domain\n";
    g_assert_cmpint(write(in, load, strlen(load)), ==, (gssize)strlen(load));
    GString *out = g_string_new(NULL);
    qt_read_until(err, out, "no-such-domain");
    /* ... then we start it, then mvsh tries. */
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    int pid = qt_pid(&fx, "twice");
    g_assert_cmpint(write(in, "start twice\nquit\n", 17), ==, 17);
    close(in);
    qt_read_until(err, out, NULL);
    close(err);
    int status;
    waitpid(child, &status, 0);
    g_spawn_close_pid(child);
    if (!strstr(out->str, "already running (started by another process"))
        g_error("mvsh said: %s", out->str);
    g_string_free(out, TRUE);
    /* still exactly our QEMU */
    g_assert_cmpint(qt_pid(&fx, "twice"), ==, pid);
    g_autofree char *cmd = g_strdup_printf("test $(pgrep -fc 'qemu-syste[m].*%s') = 1", fx.root);
    g_assert_cmpint(system(cmd), ==, 0);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    /* the lock went with QEMU: starting again works */
    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    virDomainFree(dom);
    qt_fx_close(&fx);
}

/* --- I/O thread tuning ---------------------------------------------------------- */

/* virDomainSetIOThreadParams of SPEC ("name=value ...", each typed as
 * libvirt's driver takes it; an unknown name as an int) on thread ID. */
static int iot_set(virDomainPtr dom, unsigned int id, const char *spec, unsigned int flags)
{
    g_auto(GStrv) items = g_strsplit(spec, " ", -1);
    virTypedParameterPtr p = NULL;
    int n = 0, max = 0;
    for (char **it = items; *it; it++) {
        g_auto(GStrv) kv = g_strsplit(*it, "=", 2);
        g_assert_nonnull(kv[1]);
        if (!strcmp(kv[0], VIR_DOMAIN_IOTHREAD_POLL_MAX_NS))
            g_assert_cmpint(virTypedParamsAddULLong(&p, &n, &max, kv[0],
                                                    g_ascii_strtoull(kv[1], NULL, 10)), ==, 0);
        else if (!strcmp(kv[0], VIR_DOMAIN_IOTHREAD_POLL_GROW) ||
                 !strcmp(kv[0], VIR_DOMAIN_IOTHREAD_POLL_SHRINK))
            g_assert_cmpint(virTypedParamsAddUInt(&p, &n, &max, kv[0],
                                                  (unsigned int)g_ascii_strtoull(kv[1], NULL,
                                                                                 10)), ==, 0);
        else
            g_assert_cmpint(virTypedParamsAddInt(&p, &n, &max, kv[0], atoi(kv[1])), ==, 0);
    }
    int rc = virDomainSetIOThreadParams(dom, id, p, n, flags);
    virTypedParamsFree(p, n);
    return rc;
}

/* The last error is CODE from DOMAIN with MSG. */
static void assert_error(int code, int domain, const char *msg)
{
    virErrorPtr e = virGetLastError();
    g_assert_nonnull(e);
    g_assert_cmpstr(e->message, ==, msg);
    g_assert_cmpint(e->code, ==, code);
    g_assert_cmpint(e->domain, ==, domain);
}

/* The <iothread> elements of DOM's XML (FLAGS) on one line, or "". */
static char *iothreadids(virDomainPtr dom, unsigned int flags)
{
    g_autofree char *xml = virDomainGetXMLDesc(dom, flags);
    g_assert_nonnull(xml);
    char *a = strstr(xml, "<iothreadids>"), *b = a ? strstr(a, "</iothreadids>") : NULL;
    if (!a || !b)
        return g_strdup("");
    a += strlen("<iothreadids>");
    g_autofree char *inner = g_strndup(a, (size_t)(b - a));
    g_auto(GStrv) lines = g_strsplit(inner, "\n", -1);
    GString *out = g_string_new(NULL);
    for (char **l = lines; *l; l++)
        if (*g_strstrip(*l))
            g_string_append_printf(out, "%s%s", out->len ? " " : "", *l);
    return g_string_free(out, FALSE);
}

/* DOM's "iothread" statistics group: "name=value/type ..." in order. */
static char *iothread_stats(virDomainPtr dom)
{
    virDomainPtr doms[] = { dom, NULL };
    virDomainStatsRecordPtr *recs = NULL;
    g_assert_cmpint(virDomainListGetStats(doms, VIR_DOMAIN_STATS_IOTHREAD, &recs, 0), ==, 1);
    GString *out = g_string_new(NULL);
    for (int i = 0; i < recs[0]->nparams; i++) {
        const virTypedParameter *p = &recs[0]->params[i];
        g_string_append_printf(out, "%s%s=", out->len ? " " : "", p->field);
        if (p->type == VIR_TYPED_PARAM_UINT)
            g_string_append_printf(out, "%u/uint", p->value.ui);
        else if (p->type == VIR_TYPED_PARAM_ULLONG)
            g_string_append_printf(out, "%llu/ullong", p->value.ul);
        else
            g_string_append_printf(out, "?/%d", p->type);
    }
    virDomainStatsRecordListFree(recs);
    return g_string_free(out, FALSE);
}

#define IOT_GUEST_XML(name, iothreads) \
    "<domain type='qemu'><name>" name "</name><memory unit='MiB'>64</memory>" \
    "<vcpu>1</vcpu>" iothreads \
    "<os><type arch='x86_64' machine='pc'>hvm</type></os>" \
    "<devices><emulator>" QT_EMULATOR "</emulator></devices></domain>"

/* virDomainSetIOThreadParams and the "iothread" statistics group: libvirt
 * 9.0's errors, checked before anything changes; the pool sizes in the
 * persistent definition, in QEMU (qom-set) and the live definition (kept
 * in the status), the polling values in QEMU as query-iothreads reports
 * them. */
static void test_iothread_params(void)
{
    if (skip_without_qemu())
        return;
    qt_fx fx;
    qt_fx_open(&fx);
    virDomainPtr dom = virDomainDefineXML(fx.conn, IOT_GUEST_XML("iop",
        "<iothreads>2</iothreads><iothreadids>"
        "<iothread id='1' thread_pool_min='2' thread_pool_max='6'/><iothread id='2'/>"
        "</iothreadids>"));
    g_assert_nonnull(dom);
    const char *defined = "<iothread id='1' thread_pool_min='2' thread_pool_max='6'/> "
                          "<iothread id='2'/>";
    g_autofree char *cfg0 = iothreadids(dom, VIR_DOMAIN_XML_INACTIVE);
    g_assert_cmpstr(cfg0, ==, defined);

    /* stopped: no statistics; refusals, in libvirt's order */
    g_autofree char *st_off = iothread_stats(dom);
    g_assert_cmpstr(st_off, ==, "");
    static const struct {
        unsigned int id;
        const char *spec;
        unsigned int flags;
        int code, domain;
        const char *msg;
    } off[] = {
        { 0, "bogus=1", 0, VIR_ERR_INVALID_ARG, VIR_FROM_QEMU,
          "invalid argument: invalid value of 0 for iothread_id" },
        { 1, "bogus=1", 0, VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_NONE,
          "argument unsupported: parameter 'bogus' not supported" },
        { 1, "thread_pool_min=-2", VIR_DOMAIN_AFFECT_LIVE, VIR_ERR_CONFIG_UNSUPPORTED,
          VIR_FROM_QEMU,
          "unsupported configuration: thread_pool_min (-2) must be equal to or greater than -1" },
        { 1, "poll_grow=2", VIR_DOMAIN_AFFECT_LIVE, VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
          "Requested operation is not valid: domain is not running" },
        { 1, "poll_grow=2", 0, VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_QEMU,
          "Operation not supported: configuring persistent polling values is not supported" },
        { 9, "poll_grow=2", 0, VIR_ERR_INVALID_ARG, VIR_FROM_QEMU,
          "invalid argument: cannot find IOThread '9' in iothreadids" },
        { 1, "poll_max_ns=2147483648", VIR_DOMAIN_AFFECT_CONFIG, VIR_ERR_CONFIG_UNSUPPORTED,
          VIR_FROM_QEMU,
          "unsupported configuration: poll-max-ns (2147483648) must be less than or equal to "
          "2147483647" },
        { 1, "thread_pool_max=0", 0, VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_QEMU,
          "unsupported configuration: thread_pool_max (0) must be a positive number or -1" },
        { 1, "thread_pool_min=8 thread_pool_max=0", 0, VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_QEMU,
          "unsupported configuration: thread_pool_max (0) must be a positive number or -1" },
        { 1, "thread_pool_min=8 thread_pool_max=6", 0, VIR_ERR_OPERATION_INVALID, VIR_FROM_QEMU,
          "Requested operation is not valid: thread_pool_min (8) can't be greater than "
          "thread_pool_max (6)" },
        { 1, "thread_pool_min=8 thread_pool_max=6 poll_grow=1", VIR_DOMAIN_AFFECT_CONFIG,
          VIR_ERR_OPERATION_INVALID, VIR_FROM_QEMU,
          "Requested operation is not valid: thread_pool_min (8) can't be greater than "
          "thread_pool_max (6)" },
        { 2, "thread_pool_min=3", 0, VIR_ERR_OPERATION_INVALID, VIR_FROM_QEMU,
          "Requested operation is not valid: thread_pool_min (3) can't be greater than "
          "thread_pool_max (-1)" },
    };
    for (size_t k = 0; k < G_N_ELEMENTS(off); k++) {
        g_test_message("stopped: %u %s", off[k].id, off[k].spec);
        g_assert_cmpint(iot_set(dom, off[k].id, off[k].spec, off[k].flags), ==, -1);
        assert_error(off[k].code, off[k].domain, off[k].msg);
    }
    g_autofree char *cfg1 = iothreadids(dom, VIR_DOMAIN_XML_INACTIVE);
    g_assert_cmpstr(cfg1, ==, defined);

    /* config: the persistent definition, saved; -1 removes a size */
    g_autofree char *saved_path = g_build_filename(fx.root, "etc/qemu/iop.xml", NULL);
    g_assert_cmpint(iot_set(dom, 1, "thread_pool_min=-1", 0), ==, 0);
    g_autofree char *cfg2 = iothreadids(dom, VIR_DOMAIN_XML_INACTIVE);
    g_assert_cmpstr(cfg2, ==, "<iothread id='1' thread_pool_max='6'/> <iothread id='2'/>");
    g_autofree char *saved = NULL;
    g_assert_true(g_file_get_contents(saved_path, &saved, NULL, NULL));
    g_assert_nonnull(strstr(saved, "<iothread id='1' thread_pool_max='6'/>"));
    g_assert_cmpint(iot_set(dom, 1, "thread_pool_max=4", VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_assert_cmpint(iot_set(dom, 1, "thread_pool_min=5", VIR_DOMAIN_AFFECT_CONFIG), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_QEMU,
                 "Requested operation is not valid: thread_pool_min (5) can't be greater than "
                 "thread_pool_max (4)");
    g_assert_cmpint(iot_set(dom, 1, "thread_pool_min=2 thread_pool_max=6",
                            VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_autofree char *cfg3 = iothreadids(dom, VIR_DOMAIN_XML_INACTIVE);
    g_assert_cmpstr(cfg3, ==, defined);

    g_assert_cmpint(virDomainCreate(dom), ==, 0);
    g_assert_true(qt_wait_event(&fx, "iop", VIR_DOMAIN_EVENT_STARTED,
                                VIR_DOMAIN_EVENT_STARTED_BOOTED, 5000));

    /* running: QEMU's polling values, its threads in its order */
    const char *poll_defaults =
        "iothread.count=2/uint "
        "iothread.2.poll-max-ns=32768/ullong iothread.2.poll-grow=0/uint "
        "iothread.2.poll-shrink=0/uint "
        "iothread.1.poll-max-ns=32768/ullong iothread.1.poll-grow=0/uint "
        "iothread.1.poll-shrink=0/uint";
    g_autofree char *st0 = iothread_stats(dom);
    g_assert_cmpstr(st0, ==, poll_defaults);

    /* live polling values: in QEMU, not in any XML */
    g_assert_cmpint(iot_set(dom, 1, "poll_max_ns=7 poll_grow=7 poll_shrink=3",
                            VIR_DOMAIN_AFFECT_LIVE), ==, 0);
    const char *polled =
        "iothread.count=2/uint "
        "iothread.2.poll-max-ns=32768/ullong iothread.2.poll-grow=0/uint "
        "iothread.2.poll-shrink=0/uint "
        "iothread.1.poll-max-ns=7/ullong iothread.1.poll-grow=7/uint "
        "iothread.1.poll-shrink=3/uint";
    g_autofree char *st1 = iothread_stats(dom);
    g_assert_cmpstr(st1, ==, polled);
    g_autofree char *live0 = iothreadids(dom, 0);
    g_assert_cmpstr(live0, ==, defined);

    /* running: refusals change nothing, in QEMU or in either definition */
    static const struct {
        unsigned int id;
        const char *spec;
        unsigned int flags;
        int code;
        const char *msg;
    } on[] = {
        { 1, "poll_grow=2", VIR_DOMAIN_AFFECT_CONFIG, VIR_ERR_OPERATION_UNSUPPORTED,
          "Operation not supported: configuring persistent polling values is not supported" },
        { 1, "poll_grow=2", VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG,
          VIR_ERR_OPERATION_UNSUPPORTED,
          "Operation not supported: configuring persistent polling values is not supported" },
        { 1, "poll_grow=2 thread_pool_min=1", VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG,
          VIR_ERR_OPERATION_UNSUPPORTED,
          "Operation not supported: configuring persistent polling values is not supported" },
        { 9, "poll_grow=2", VIR_DOMAIN_AFFECT_LIVE, VIR_ERR_INVALID_ARG,
          "invalid argument: cannot find IOThread '9' in iothreadids" },
        { 1, "poll_shrink=2147483648", VIR_DOMAIN_AFFECT_LIVE, VIR_ERR_CONFIG_UNSUPPORTED,
          "unsupported configuration: poll-shrink (2147483648) must be less than or equal to "
          "2147483647" },
        { 1, "thread_pool_min=-1", VIR_DOMAIN_AFFECT_LIVE, VIR_ERR_OPERATION_INVALID,
          "Requested operation is not valid: thread_pool_min (-1) must be equal to or greater "
          "than 0 for live change" },
        { 1, "thread_pool_min=3 thread_pool_max=-1", 0, VIR_ERR_OPERATION_INVALID,
          "Requested operation is not valid: thread_pool_max (-1) must be equal to or greater "
          "than 0 for live change" },
        { 1, "thread_pool_min=8 thread_pool_max=6", VIR_DOMAIN_AFFECT_LIVE,
          VIR_ERR_OPERATION_INVALID,
          "Requested operation is not valid: thread_pool_min (8) can't be greater than "
          "thread_pool_max (6)" },
        { 1, "thread_pool_min=7 poll_grow=1", VIR_DOMAIN_AFFECT_LIVE, VIR_ERR_OPERATION_INVALID,
          "Requested operation is not valid: thread_pool_min (7) can't be greater than "
          "thread_pool_max (6)" },
        { 2, "thread_pool_min=3", VIR_DOMAIN_AFFECT_LIVE, VIR_ERR_OPERATION_INVALID,
          "Requested operation is not valid: thread_pool_min (3) can't be greater than "
          "thread_pool_max (-1)" },
    };
    for (size_t k = 0; k < G_N_ELEMENTS(on); k++) {
        g_test_message("running: %u %s", on[k].id, on[k].spec);
        g_assert_cmpint(iot_set(dom, on[k].id, on[k].spec, on[k].flags), ==, -1);
        assert_error(on[k].code, VIR_FROM_QEMU, on[k].msg);
    }
    g_autofree char *st2 = iothread_stats(dom);
    g_assert_cmpstr(st2, ==, polled);
    g_autofree char *live1 = iothreadids(dom, 0);
    g_assert_cmpstr(live1, ==, defined);
    g_autofree char *cfg4 = iothreadids(dom, VIR_DOMAIN_XML_INACTIVE);
    g_assert_cmpstr(cfg4, ==, defined);

    /* live pool sizes: QEMU takes them only in an order that never has the
     * minimum above the maximum (raised: the maximum first; lowered: the
     * minimum first); the live definition follows, the persistent one
     * does not */
    g_assert_cmpint(iot_set(dom, 1, "thread_pool_min=10 thread_pool_max=20", 0), ==, 0);
    g_autofree char *live2 = iothreadids(dom, 0);
    g_assert_cmpstr(live2, ==, "<iothread id='1' thread_pool_min='10' thread_pool_max='20'/> "
                               "<iothread id='2'/>");
    g_assert_cmpint(iot_set(dom, 1, "thread_pool_min=1 thread_pool_max=3",
                            VIR_DOMAIN_AFFECT_LIVE), ==, 0);
    g_assert_cmpint(iot_set(dom, 2, "thread_pool_max=3", VIR_DOMAIN_AFFECT_LIVE), ==, 0);
    const char *lowered = "<iothread id='1' thread_pool_min='1' thread_pool_max='3'/> "
                          "<iothread id='2' thread_pool_max='3'/>";
    g_autofree char *live3 = iothreadids(dom, 0);
    g_assert_cmpstr(live3, ==, lowered);
    g_autofree char *cfg5 = iothreadids(dom, VIR_DOMAIN_XML_INACTIVE);
    g_assert_cmpstr(cfg5, ==, defined);

    /* both definitions: checked in both before either changes */
    g_assert_cmpint(iot_set(dom, 2, "thread_pool_min=2",
                            VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_QEMU,
                 "Requested operation is not valid: thread_pool_min (2) can't be greater than "
                 "thread_pool_max (-1)");
    g_autofree char *live4 = iothreadids(dom, 0);
    g_assert_cmpstr(live4, ==, lowered);
    g_assert_cmpint(iot_set(dom, 1, "thread_pool_max=5",
                            VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    const char *both_live = "<iothread id='1' thread_pool_min='1' thread_pool_max='5'/> "
                            "<iothread id='2' thread_pool_max='3'/>";
    g_autofree char *live5 = iothreadids(dom, 0);
    g_assert_cmpstr(live5, ==, both_live);
    g_autofree char *cfg6 = iothreadids(dom, VIR_DOMAIN_XML_INACTIVE);
    g_assert_cmpstr(cfg6, ==, "<iothread id='1' thread_pool_min='2' thread_pool_max='5'/> "
                              "<iothread id='2'/>");
    g_free(saved);
    saved = NULL;
    g_assert_true(g_file_get_contents(saved_path, &saved, NULL, NULL));
    g_assert_nonnull(strstr(saved, "<iothread id='1' thread_pool_min='2' thread_pool_max='5'/>"));

    /* the live sizes are in the status: the state loaded again keeps them.
     * Meanwhile, with this process's state closed (its QEMU monitor
     * released), mvsh's iothreadset and domstats --iothread on the guest. */
    virDomainFree(dom);
    qt_fx_close_last(&fx);
    int status = 0;
    g_autofree char *set_out = qt_mvsh(&fx, &status, "iothreadset iop 2 --poll-grow 5 --live");
    if (set_out) {
        if (status != 0)
            g_error("mvsh iothreadset: %s", set_out);
        g_autofree char *stats_out = qt_mvsh(&fx, &status, "domstats iop --iothread");
        g_assert_cmpint(status, ==, 0);
        g_assert_cmpstr(stats_out, ==, "Domain: 'iop'\n"
                                       "  iothread.count=2\n"
                                       "  iothread.2.poll-max-ns=32768\n"
                                       "  iothread.2.poll-grow=5\n"
                                       "  iothread.2.poll-shrink=0\n"
                                       "  iothread.1.poll-max-ns=7\n"
                                       "  iothread.1.poll-grow=7\n"
                                       "  iothread.1.poll-shrink=3");
        g_autofree char *bad_out = qt_mvsh(&fx, &status, "iothreadset iop 9 --poll-grow 5");
        g_assert_cmpint(status, ==, 1);
        g_assert_cmpstr(bad_out, ==,
                        "error: invalid argument: cannot find IOThread '9' in iothreadids");
    }
    qt_fx_reopen(&fx);
    dom = virDomainLookupByName(fx.conn, "iop");
    g_assert_nonnull(dom);
    g_autofree char *live6 = iothreadids(dom, 0);
    g_assert_cmpstr(live6, ==, both_live);

    /* stopped again: no statistics, the persistent sizes back in force */
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    g_autofree char *st3 = iothread_stats(dom);
    g_assert_cmpstr(st3, ==, "");
    g_autofree char *live7 = iothreadids(dom, 0);
    g_assert_cmpstr(live7, ==, "<iothread id='1' thread_pool_min='2' thread_pool_max='5'/> "
                               "<iothread id='2'/>");
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);

    /* a running guest without I/O threads: no statistics either */
    dom = virDomainCreateXML(fx.conn, IOT_GUEST_XML("noiot", ""), 0);
    g_assert_nonnull(dom);
    g_autofree char *st4 = iothread_stats(dom);
    g_assert_cmpstr(st4, ==, "");
    g_assert_cmpint(iot_set(dom, 1, "poll_grow=1", 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_QEMU,
                 "invalid argument: cannot find IOThread '1' in iothreadids");
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    virDomainFree(dom);
    qt_fx_close(&fx);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_data_func("/qemu/lifecycle/tcg", "qemu", test_lifecycle);
    g_test_add_data_func("/qemu/lifecycle/kvm", "kvm", test_lifecycle);
    g_test_add_func("/qemu/crash", test_crash);
    g_test_add_func("/qemu/reattach", test_reattach);
    g_test_add_func("/qemu/vnc", test_vnc);
    g_test_add_func("/qemu/resources", test_resources);
    g_test_add_func("/qemu/vcpu-pinning", test_vcpu_pinning);
    g_test_add_func("/qemu/vcpu-pins-at-start", test_vcpu_pins_at_start);
    g_test_add_func("/qemu/save-restore", test_save_restore);
    g_test_add_func("/qemu/autostart", test_autostart);
    g_test_add_func("/qemu/metadata", test_metadata);
    g_test_add_func("/qemu/readonly", test_readonly);
    g_test_add_func("/qemu/ids", test_ids);
    g_test_add_func("/qemu/full-disk", test_full_disk);
    g_test_add_func("/qemu/refusals", test_refusals);
    g_test_add_func("/qemu/storage-network", test_storage_network);
    g_test_add_func("/qemu/second-start", test_second_start);
    g_test_add_func("/qemu/stats", test_stats);
    g_test_add_func("/qemu/iotune", test_iotune);
    g_test_add_func("/qemu/iotune-refused", test_iotune_refused);
    g_test_add_func("/qemu/iotune-groups", test_iotune_groups);
    g_test_add_func("/qemu/iothread-params", test_iothread_params);
    return g_test_run();
}
