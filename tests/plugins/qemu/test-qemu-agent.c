/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/qemu/test-qemu-agent.c — the QEMU guest agent with a real
 * qemu-ga: the small Linux guest (make-linux-guest.py, with Debian's
 * qemu-ga in its initramfs) booted under TCG with the agent channel.
 *
 * - the agent lifecycle events: disconnected at start (reason domain
 *   started), connected once qemu-ga opens its port (reason channel), and
 *   the live XML's channel (socket path, state, alias, virtio-serial
 *   address);
 * - virDomainQemuAgentCommand (libmodvirt-qemu): guest-ping's empty
 *   answer, the agent's error for a command it does not know;
 * - virDomainSetUserPassword, crypted and not: the guest's /etc/shadow
 *   (read back through the agent's guest-file-* commands) has the hash;
 * - virDomainGetHostname (the name the guest's init set), GetTime (the
 *   guest's clock, which runs on the host's), SetTime (a given time, read
 *   back) through the agent;
 * - libvirt's errors: a guest without the channel gets "QEMU guest agent
 *   is not configured", one whose port nobody opened (no kernel: the
 *   firmware waits for a boot disk) "QEMU guest agent is not connected";
 * - virDomainFSFreeze / FSThaw: the guest runs from its initramfs (rootfs,
 *   proc, sysfs, devtmpfs), none of which can be frozen: qemu-ga skips
 *   them, counts 0 and, having frozen nothing, stays thawed (its
 *   guest-fsfreeze-status); a thaw with mount points is refused as
 *   libvirt refuses it;
 * - virDomainInterfaceAddresses: from the agent, the guest's loopback
 *   with 127.0.0.1/8 (its only interface: the guest has no NIC), which
 *   neither the leases nor the ARP table know of;
 * - virDomainGetGuestInfo: what qemu-ga says of this guest (no user, the
 *   kernel but no os-release, UTC, its host name, no filesystem or disk
 *   it reports, lo), one type alone, an unknown type refused;
 * - virDomainAuthorizedSSHKeysSet/Get: root's keys replaced, appended and
 *   removed, read back through the agent and from the guest's file;
 * - a guest with two virtio disks, one with an ext4 filesystem made here
 *   (mkfs.ext4) that the guest mounts at /mnt, their PCI slots crossed
 *   with their targets: FSFreeze and FSThaw count that filesystem (all, or
 *   by mount point) and guest-fsfreeze-status follows; GetGuestInfo's
 *   filesystem and disk sections in libvirt's order, each disk with the
 *   domain's target as alias (matched by PCI address, as libvirt) and its
 *   serial; mvsh guestinfo prints them;
 * - a guest on a bridge-net network with DHCP (dnsmasq), in a network
 *   namespace the program enters at its start (root only; the other tests
 *   run there too): the lease (waited for on the lease file) gives
 *   InterfaceAddresses(LEASE) the tap, the MAC, the address and the
 *   network's prefix (mvsh domifaddr prints it); once the guest answers at
 *   that address, the agent gives eth0 with it and the ARP table the MAC
 *   with it. */
#include "qemu-test.h"

#include <libvirt/libvirt-qemu.h>

#include <fcntl.h>
#include <sched.h>
#include <sys/inotify.h>

#define AGENT_CHANNEL \
    "    <channel type='unix'>\n" \
    "      <source mode='bind'/>\n" \
    "      <target type='virtio' name='org.qemu.guest_agent.0'/>\n" \
    "    </channel>\n"

typedef struct {
    GAsyncQueue *q;   /* "NAME STATE REASON" */
} agent_events;

static void on_agent(virConnectPtr conn, virDomainPtr dom, int state, int reason, void *opaque)
{
    (void)conn;
    agent_events *ev = opaque;
    g_async_queue_push(ev->q, g_strdup_printf("%s %d %d", virDomainGetName(dom), state, reason));
}

static char *next_agent_event(agent_events *ev, int ms)
{
    return g_async_queue_timeout_pop(ev->q, (guint64)ms * 1000);
}

static void assert_error(int code, const char *msg)
{
    virErrorPtr e = virGetLastError();
    g_assert_nonnull(e);
    g_assert_cmpint(e->code, ==, code);
    g_assert_cmpstr(e->message, ==, msg);
}

/* The guest file PATH, read through the agent. */
static char *guest_file(virDomainPtr dom, const char *path)
{
    g_autofree char *open_cmd = g_strdup_printf(
        "{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"%s\"}}", path);
    g_autofree char *opened = virDomainQemuAgentCommand(dom, open_cmd, 30, 0);
    g_assert_nonnull(opened);
    long long handle = 0;
    g_assert_cmpint(sscanf(opened, "{\"return\":%lld}", &handle), ==, 1);
    g_autofree char *read_cmd = g_strdup_printf(
        "{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":%lld,\"count\":4096}}",
        handle);
    g_autofree char *got = virDomainQemuAgentCommand(dom, read_cmd, 30, 0);
    g_assert_nonnull(got);
    g_autofree char *close_cmd = g_strdup_printf(
        "{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":%lld}}", handle);
    g_autofree char *closed = virDomainQemuAgentCommand(dom, close_cmd, 30, 0);
    g_assert_nonnull(closed);
    const char *b64 = strstr(got, "\"buf-b64\":\"");
    g_assert_nonnull(b64);
    b64 += strlen("\"buf-b64\":\"");
    g_autofree char *enc = g_strndup(b64, strcspn(b64, "\""));
    gsize len = 0;
    guchar *raw = g_base64_decode(enc, &len);
    char *text = g_strndup((const char *)raw, len);
    g_free(raw);
    return text;
}

/* The small Linux guest NAME (kernel and initrd in PATHS) with the agent
 * channel and the devices EXTRA. */
static char *agent_guest_xml(const char *name, char **paths, const char *extra)
{
    return g_strdup_printf(
        "<domain type='qemu'>\n"
        "  <name>%s</name>\n"
        "  <memory unit='MiB'>256</memory>\n"
        "  <vcpu>1</vcpu>\n"
        "  <os><type arch='x86_64' machine='pc'>hvm</type>\n"
        "    <kernel>%s</kernel><initrd>%s</initrd>\n"
        "    <cmdline>console=ttyS0 rdinit=/init panic=-1 quiet</cmdline></os>\n"
        "  <features><acpi/></features>\n"
        "  <devices>\n"
        "    <emulator>" QT_EMULATOR "</emulator>\n"
        "    <serial type='pty'/>\n"
        AGENT_CHANNEL
        "%s"
        "    <memballoon model='none'/>\n"
        "  </devices>\n"
        "</domain>\n", name, paths[0], paths[1], extra ? extra : "");
}

/* The guest's kernel and initramfs, when QEMU, qemu-ga and the guest can
 * be had here; NULL after skipping the test with the reason. */
static char **agent_guest_or_skip(void)
{
    if (!qt_have_qemu()) {
        g_test_skip("needs " QT_EMULATOR " (Debian qemu-system-x86)");
        return NULL;
    }
    if (access("/usr/sbin/qemu-ga", X_OK) != 0) {
        g_test_skip("needs /usr/sbin/qemu-ga for the guest (Debian qemu-guest-agent)");
        return NULL;
    }
    g_autofree char *why = NULL;
    char **paths = qt_linux_guest(&why);
    if (!paths)
        g_test_skip(why);
    return paths;
}

/* The fixture, its agent lifecycle events queued in EV: the callback's id. */
static int agent_fx_open(qt_fx *fx, agent_events *ev)
{
    qt_fx_open(fx);
    ev->q = g_async_queue_new_full(g_free);
    int cb = virConnectDomainEventRegisterAny(fx->conn, NULL, VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE,
                                              VIR_DOMAIN_EVENT_CALLBACK(on_agent), ev, NULL);
    g_assert_cmpint(cb, >=, 0);
    return cb;
}

/* Starts the guest NAME with the devices EXTRA and waits until its agent
 * is connected. */
static virDomainPtr start_agent_guest(qt_fx *fx, agent_events *ev, const char *name,
                                      char **paths, const char *extra)
{
    g_autofree char *xml = agent_guest_xml(name, paths, extra);
    virDomainPtr dom = virDomainCreateXML(fx->conn, xml, 0);
    if (!dom)
        g_error("%s: %s", name, virGetLastErrorMessage());
    g_autofree char *want = g_strdup_printf(
        "%s %d %d", name, VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_STATE_CONNECTED,
        VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_REASON_CHANNEL);
    /* The boot under TCG and qemu-ga's start: a guard, not a pace. */
    for (;;) {
        g_autofree char *e = next_agent_event(ev, 300000);
        g_assert_nonnull(e);
        if (strcmp(e, want) == 0)
            return dom;
    }
}

static void test_errors(void)
{
    if (!qt_have_qemu()) {
        g_test_skip("needs " QT_EMULATOR " (Debian qemu-system-x86)");
        return;
    }
    qt_fx fx;
    qt_fx_open(&fx);
    g_autofree char *plain_xml = qt_guest_xml("plain", "qemu", NULL);
    virDomainPtr plain = virDomainCreateXML(fx.conn, plain_xml, 0);
    g_assert_nonnull(plain);
    g_assert_null(virDomainGetHostname(plain, 0));
    assert_error(VIR_ERR_ARGUMENT_UNSUPPORTED,
                 "argument unsupported: QEMU guest agent is not configured");
    g_assert_cmpint(virDomainFSFreeze(plain, NULL, 0, 0), ==, -1);
    assert_error(VIR_ERR_ARGUMENT_UNSUPPORTED,
                 "argument unsupported: QEMU guest agent is not configured");
    virDomainInterfacePtr *ifaces = NULL;
    g_assert_cmpint(virDomainInterfaceAddresses(plain, &ifaces,
                                                VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, 0),
                    ==, -1);
    assert_error(VIR_ERR_ARGUMENT_UNSUPPORTED,
                 "argument unsupported: QEMU guest agent is not configured");
    virTypedParameterPtr info = NULL;
    int ninfo = 0;
    g_assert_cmpint(virDomainGetGuestInfo(plain, 0, &info, &ninfo, 0), ==, -1);
    assert_error(VIR_ERR_ARGUMENT_UNSUPPORTED,
                 "argument unsupported: QEMU guest agent is not configured");

    /* The port exists but nothing in the guest opens it. */
    g_autofree char *idle_xml = qt_guest_xml("idle", "qemu", AGENT_CHANNEL);
    virDomainPtr idle = virDomainCreateXML(fx.conn, idle_xml, 0);
    g_assert_nonnull(idle);
    long long sec = 0;
    unsigned int nsec = 0;
    g_assert_cmpint(virDomainGetTime(idle, &sec, &nsec, 0), ==, -1);
    assert_error(VIR_ERR_AGENT_UNRESPONSIVE,
                 "Guest agent is not responding: QEMU guest agent is not connected");
    g_assert_null(virDomainQemuAgentCommand(idle, "{\"execute\":\"guest-ping\"}", -1, 0));
    assert_error(VIR_ERR_AGENT_UNRESPONSIVE,
                 "Guest agent is not responding: QEMU guest agent is not connected");
    g_autofree char *live = virDomainGetXMLDesc(idle, 0);
    g_assert_nonnull(strstr(live, "name='org.qemu.guest_agent.0' state='disconnected'/>\n"
                                  "      <alias name='channel0'/>\n"
                                  "      <address type='virtio-serial' controller='0' bus='0' "
                                  "port='1'/>\n"));
    g_assert_nonnull(strstr(live, "<controller type='virtio-serial' index='0'"));
    /* The socket's path is the driver's: shown live, not in the definition. */
    g_autofree char *path = g_strdup_printf("<source mode='bind' path='%s/run/qemu/channel/"
                                            "target/domain-%d-idle/org.qemu.guest_agent.0'/>",
                                            fx.root, virDomainGetID(idle));
    g_assert_nonnull(strstr(live, path));

    g_assert_cmpint(virDomainDestroy(plain), ==, 0);
    g_assert_cmpint(virDomainDestroy(idle), ==, 0);
    g_assert_cmpint(virDomainInterfaceAddresses(idle, &ifaces,
                                                VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, 0),
                    ==, -1);
    g_assert_null(ifaces);
    /* Its socket and directory went with it. */
    g_autofree char *dir = g_strdup_printf("%s/run/qemu/channel/target", fx.root);
    GDir *d = g_dir_open(dir, 0, NULL);
    if (d) {
        g_assert_null(g_dir_read_name(d));
        g_dir_close(d);
    }
    virDomainFree(plain);
    virDomainFree(idle);
    g_assert_false(qt_any_qemu(&fx));
    qt_fx_close(&fx);
}

static void test_agent(void)
{
    g_auto(GStrv) paths = agent_guest_or_skip();
    if (!paths)
        return;
    qt_fx fx;
    agent_events ev;
    int cb = agent_fx_open(&fx, &ev);
    g_autofree char *xml = agent_guest_xml("agent", paths, NULL);
    virDomainPtr dom = virDomainCreateXML(fx.conn, xml, 0);
    g_assert_nonnull(dom);

    g_autofree char *first = next_agent_event(&ev, 30000);
    g_autofree char *want_first = g_strdup_printf(
        "agent %d %d", VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_STATE_DISCONNECTED,
        VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_REASON_DOMAIN_STARTED);
    g_assert_cmpstr(first, ==, want_first);
    /* The boot under TCG and qemu-ga's start: a guard, not a pace. */
    g_autofree char *second = next_agent_event(&ev, 300000);
    g_autofree char *want_second = g_strdup_printf(
        "agent %d %d", VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_STATE_CONNECTED,
        VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_REASON_CHANNEL);
    g_assert_cmpstr(second, ==, want_second);
    g_autofree char *live = virDomainGetXMLDesc(dom, 0);
    g_assert_nonnull(strstr(live, "name='org.qemu.guest_agent.0' state='connected'/>"));
    g_autofree char *inactive = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
    g_assert_null(strstr(inactive, "state="));
    g_assert_null(strstr(inactive, "<alias"));

    g_autofree char *pong = virDomainQemuAgentCommand(dom, "{\"execute\": \"guest-ping\"}",
                                                      VIR_DOMAIN_QEMU_AGENT_COMMAND_DEFAULT, 0);
    g_assert_cmpstr(pong, ==, "{\"return\":{}}");
    g_assert_null(virDomainQemuAgentCommand(dom, "{\"execute\":\"guest-no-such\"}", 30, 0));
    virErrorPtr e = virGetLastError();
    g_assert_cmpint(e->code, ==, VIR_ERR_INTERNAL_ERROR);
    g_assert_true(g_str_has_prefix(e->message, "internal error: unable to execute QEMU agent "
                                                "command 'guest-no-such': "));
    /* mvsh qemu-agent-command, from another process. */
    const char *mvsh = g_getenv("MV_TEST_MVSH");
    if (mvsh) {
        const char *margv[] = { mvsh, "-c", fx.uri, "qemu-agent-command", "agent",
                                "--timeout", "30", "{\"execute\":\"guest-ping\"}", NULL };
        g_autofree char *mout = NULL, *merr = NULL;
        int mst = 0;
        g_assert_true(g_spawn_sync(NULL, (char **)margv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &mout, &merr, &mst, NULL));
        g_assert_cmpstr(merr, ==, "");
        g_assert_true(g_str_has_prefix(mout, "{\"return\":{}}\n"));
        g_assert_cmpint(mst, ==, 0);
        /* --pretty: a member a line, two spaces a level. */
        const char *pargv[] = { mvsh, "-c", fx.uri, "qemu-agent-command", "agent", "--pretty",
                                "{\"execute\":\"guest-get-host-name\"}", NULL };
        g_autofree char *pout = NULL, *perr = NULL;
        g_assert_true(g_spawn_sync(NULL, (char **)pargv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &pout, &perr, &mst, NULL));
        g_assert_cmpint(mst, ==, 0);
        g_assert_true(g_str_has_prefix(pout, "{\n  \"return\": {\n    \"host-name\": \""));
    }
    /* A crypted password lands in /etc/shadow as given; a clear one is
     * crypted by the guest (chpasswd). */
    const char *hash = "$6$modvirt$kq0VQjbmbDbPqG1wZnPQeGvJYKJbCfAmv7Q6v8Ce0rDq8oNQWcO7lLx1";
    g_assert_cmpint(virDomainSetUserPassword(dom, "root", hash, VIR_DOMAIN_PASSWORD_ENCRYPTED),
                    ==, 0);
    g_autofree char *shadow = guest_file(dom, "/etc/shadow");
    g_autofree char *want_line = g_strdup_printf("root:%s:", hash);
    g_assert_true(g_str_has_prefix(shadow, want_line));
    g_assert_cmpint(virDomainSetUserPassword(dom, "root", "s3cret", 0), ==, 0);
    g_autofree char *shadow2 = guest_file(dom, "/etc/shadow");
    g_assert_true(g_str_has_prefix(shadow2, "root:$"));
    g_assert_false(g_str_has_prefix(shadow2, want_line));
    g_assert_cmpint(virDomainSetUserPassword(dom, "nobody-here", "x", 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INTERNAL_ERROR);

    g_autofree char *host = virDomainGetHostname(dom, 0);
    g_assert_cmpstr(host, ==, "modvirt-guest");
    g_autofree char *host2 = virDomainGetHostname(dom, VIR_DOMAIN_GET_HOSTNAME_AGENT);
    g_assert_cmpstr(host2, ==, "modvirt-guest");
    /* The lease source looks at the leases of the guest's networks, and
     * this guest is on none; it is one source or the other. */
    g_assert_null(virDomainGetHostname(dom, VIR_DOMAIN_GET_HOSTNAME_LEASE));
    assert_error(VIR_ERR_NO_HOSTNAME, "no hostname found: no hostname found for domain agent");
    g_assert_null(virDomainGetHostname(dom, VIR_DOMAIN_GET_HOSTNAME_LEASE |
                                            VIR_DOMAIN_GET_HOSTNAME_AGENT));
    assert_error(VIR_ERR_INVALID_ARG,
                 "invalid argument: Flags 'VIR_DOMAIN_GET_HOSTNAME_LEASE' and "
                 "'VIR_DOMAIN_GET_HOSTNAME_AGENT' are mutually exclusive");

    /* The guest's clock starts from the RTC QEMU sets to the host's time. */
    long long sec = 0;
    unsigned int nsec = 0;
    g_assert_cmpint(virDomainGetTime(dom, &sec, &nsec, 0), ==, 0);
    long long now = g_get_real_time() / G_USEC_PER_SEC;
    g_assert_cmpint(llabs(sec - now), <, 120);
    g_assert_cmpuint(nsec, <, 1000000000);

    /* A time in the past, read back as the guest keeps it running. */
    g_assert_cmpint(virDomainSetTime(dom, 1500000000, 250000000, 0), ==, 0);
    g_assert_cmpint(virDomainGetTime(dom, &sec, &nsec, 0), ==, 0);
    g_assert_cmpint(sec, >=, 1500000000);
    g_assert_cmpint(sec, <, 1500000000 + 60);
    /* Sync: the guest reads its clock back from the RTC (which the last
     * set wrote: hwclock -w). */
    g_assert_cmpint(virDomainSetTime(dom, 0, 0, VIR_DOMAIN_TIME_SYNC), ==, 0);
    g_assert_cmpint(virDomainGetTime(dom, &sec, &nsec, 0), ==, 0);
    g_assert_cmpint(sec, <, 1500000000 + 120);

    /* Nothing in the initramfs guest can be frozen: the agent freezes 0
     * filesystems and stays thawed. */
    const char *status_cmd = "{\"execute\":\"guest-fsfreeze-status\"}";
    g_assert_cmpint(virDomainFSFreeze(dom, NULL, 0, 0), ==, 0);
    g_autofree char *after_all = virDomainQemuAgentCommand(dom, status_cmd, 30, 0);
    g_assert_cmpstr(after_all, ==, "{\"return\":\"thawed\"}");
    const char *root[] = { "/" };
    g_assert_cmpint(virDomainFSFreeze(dom, root, 1, 0), ==, 0);
    g_autofree char *after_list = virDomainQemuAgentCommand(dom, status_cmd, 30, 0);
    g_assert_cmpstr(after_list, ==, "{\"return\":\"thawed\"}");
    g_assert_cmpint(virDomainFSThaw(dom, root, 1, 0), ==, -1);
    assert_error(VIR_ERR_ARGUMENT_UNSUPPORTED,
                 "argument unsupported: specifying mountpoints is not supported");
    g_assert_cmpint(virDomainFSThaw(dom, NULL, 0, 0), ==, 0);
    g_autofree char *host3 = virDomainGetHostname(dom, VIR_DOMAIN_GET_HOSTNAME_AGENT);
    g_assert_cmpstr(host3, ==, "modvirt-guest");

    virDomainInterfacePtr *ifaces = NULL;
    int nif = virDomainInterfaceAddresses(dom, &ifaces, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT,
                                          0);
    g_assert_cmpint(nif, >=, 1);
    bool lo_v4 = false;
    for (int i = 0; i < nif; i++) {
        if (strcmp(ifaces[i]->name, "lo") == 0) {
            g_assert_cmpstr(ifaces[i]->hwaddr, ==, "00:00:00:00:00:00");
            for (unsigned int j = 0; j < ifaces[i]->naddrs; j++)
                if (ifaces[i]->addrs[j].type == VIR_IP_ADDR_TYPE_IPV4 &&
                    strcmp(ifaces[i]->addrs[j].addr, "127.0.0.1") == 0 &&
                    ifaces[i]->addrs[j].prefix == 8)
                    lo_v4 = true;
        }
        virDomainInterfaceFree(ifaces[i]);
    }
    free(ifaces);
    g_assert_true(lo_v4);
    for (unsigned int src = VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE;
         src <= VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP; src += 2) {
        g_assert_cmpint(virDomainInterfaceAddresses(dom, &ifaces, src, 0), ==, 0);
        g_assert_nonnull(ifaces);
        g_assert_null(ifaces[0]);
        free(ifaces);
    }
    g_assert_cmpint(virDomainInterfaceAddresses(dom, &ifaces, 3, 0), ==, -1);
    assert_error(VIR_ERR_ARGUMENT_UNSUPPORTED,
                 "argument unsupported: Unknown IP address data source 3");

    virTypedParameterPtr info = NULL;
    int ninfo = 0;
    g_assert_cmpint(virDomainGetGuestInfo(dom, 0, &info, &ninfo, 0), ==, 0);
    const char *s = NULL;
    unsigned int u = 99;
    int tz = 99;
    /* Nobody logged in (no utmp), no /etc/os-release: the kernel only. */
    g_assert_cmpint(virTypedParamsGetUInt(info, ninfo, "user.count", &u), ==, 1);
    g_assert_cmpuint(u, ==, 0);
    g_assert_cmpint(virTypedParamsGetString(info, ninfo, "os.machine", &s), ==, 1);
    g_assert_cmpstr(s, ==, "x86_64");
    g_assert_cmpint(virTypedParamsGetString(info, ninfo, "os.kernel-release", &s), ==, 1);
    g_assert_true(g_str_has_suffix(s, "-cloud-amd64"));   /* Debian's cloud kernel */
    g_assert_cmpint(virTypedParamsGetString(info, ninfo, "os.id", &s), ==, 0);
    g_assert_cmpint(virTypedParamsGetString(info, ninfo, "timezone.name", &s), ==, 1);
    g_assert_cmpstr(s, ==, "UTC");
    g_assert_cmpint(virTypedParamsGetInt(info, ninfo, "timezone.offset", &tz), ==, 1);
    g_assert_cmpint(tz, ==, 0);
    g_assert_cmpint(virTypedParamsGetString(info, ninfo, "hostname", &s), ==, 1);
    g_assert_cmpstr(s, ==, "modvirt-guest");
    /* rootfs, proc, sysfs, devtmpfs: qemu-ga reports no filesystem, and
     * the guest has no disk. */
    g_assert_cmpint(virTypedParamsGetUInt(info, ninfo, "fs.count", &u), ==, 1);
    g_assert_cmpuint(u, ==, 0);
    g_assert_cmpint(virTypedParamsGetUInt(info, ninfo, "disk.count", &u), ==, 1);
    g_assert_cmpuint(u, ==, 0);
    g_assert_cmpint(virTypedParamsGetUInt(info, ninfo, "if.count", &u), ==, 1);
    g_assert_cmpuint(u, ==, 1);
    g_assert_cmpint(virTypedParamsGetString(info, ninfo, "if.0.name", &s), ==, 1);
    g_assert_cmpstr(s, ==, "lo");
    g_assert_cmpint(virTypedParamsGetString(info, ninfo, "if.0.addr.0.addr", &s), ==, 1);
    g_assert_cmpstr(s, ==, "127.0.0.1");
    g_assert_cmpint(virTypedParamsGetUInt(info, ninfo, "if.0.addr.0.prefix", &u), ==, 1);
    g_assert_cmpuint(u, ==, 8);
    virTypedParamsFree(info, ninfo);
    /* One type: only its parameters. */
    g_assert_cmpint(virDomainGetGuestInfo(dom, VIR_DOMAIN_GUEST_INFO_HOSTNAME, &info, &ninfo, 0),
                    ==, 0);
    g_assert_cmpint(ninfo, ==, 1);
    g_assert_cmpstr(info[0].field, ==, "hostname");
    g_assert_cmpstr(info[0].value.s, ==, "modvirt-guest");
    virTypedParamsFree(info, ninfo);
    g_assert_cmpint(virDomainGetGuestInfo(dom, 1 << 7, &info, &ninfo, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG,
                 "invalid argument: unsupported guest information types '0x80'");

    /* root's authorized keys (its home is "/"): set, appended, removed,
     * and the file the guest's sshd would read. */
    const char *k1[] = { "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFirstKeyOfTheTest one@host" };
    const char *k2[] = { "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAISecondKeyOfTheTest two@host" };
    char **keys = NULL;
    g_assert_cmpint(virDomainAuthorizedSSHKeysSet(dom, "root", k1, 1, 0), ==, 0);
    g_assert_cmpint(virDomainAuthorizedSSHKeysSet(dom, "root", k2, 1,
                                                  VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_APPEND), ==, 0);
    g_assert_cmpint(virDomainAuthorizedSSHKeysGet(dom, "root", &keys, 0), ==, 2);
    /* In the agent's order (qemu-ga writes an appended key first). */
    g_assert_true(g_strv_contains((const char *const *)keys, k1[0]));
    g_assert_true(g_strv_contains((const char *const *)keys, k2[0]));
    g_assert_null(keys[2]);
    g_strfreev(keys);
    g_assert_cmpint(virDomainAuthorizedSSHKeysSet(dom, "root", k1, 1,
                                                  VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_REMOVE), ==, 0);
    g_autofree char *auth = guest_file(dom, "/.ssh/authorized_keys");
    g_assert_cmpstr(g_strchomp(auth), ==, k2[0]);
    g_assert_cmpint(virDomainAuthorizedSSHKeysSet(dom, "root", k2, 1,
                                                  VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_APPEND |
                                                  VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_REMOVE), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);
    g_assert_cmpint(virDomainAuthorizedSSHKeysGet(dom, "nobody-here", &keys, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INTERNAL_ERROR);

    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    virDomainFree(dom);
    virConnectDomainEventDeregisterAny(fx.conn, cb);
    qt_events_drain();
    g_async_queue_unref(ev.q);
    g_assert_false(qt_any_qemu(&fx));
    qt_fx_close(&fx);
}

/* mvsh with ARGV (after "-c URI"): its exit status, stdout and stderr. */
static int sshkeys_mvsh(const char *mvsh, const char *uri, const char *const *args, char **out,
                        char **err)
{
    GPtrArray *av = g_ptr_array_new();
    g_ptr_array_add(av, (char *)mvsh);
    g_ptr_array_add(av, (char *)"-c");
    g_ptr_array_add(av, (char *)uri);
    for (const char *const *a = args; *a; a++)
        g_ptr_array_add(av, (char *)*a);
    g_ptr_array_add(av, NULL);
    int status = -1;
    g_assert_true(g_spawn_sync(NULL, (char **)av->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out,
                               err, &status, NULL));
    g_ptr_array_free(av, TRUE);
    return g_spawn_check_wait_status(status, NULL) ? 0 : WEXITSTATUS(status);
}

/* mvsh get-user-sshkeys and set-user-sshkeys against the real qemu-ga,
 * from another process: --reset with a file replaces root's keys (a last
 * newline in the file adds no key), --remove takes one out, a plain
 * --file appends, --reset alone empties the file; get prints the keys as
 * virsh 9.0 does, one after another with nothing between them, and the
 * agent's error for an unknown user is virsh's error line. */
static void test_mvsh_sshkeys(void)
{
    const char *mvsh = g_getenv("MV_TEST_MVSH");
    if (!mvsh) {
        g_test_skip("MV_TEST_MVSH is not set");
        return;
    }
    g_auto(GStrv) paths = agent_guest_or_skip();
    if (!paths)
        return;
    qt_fx fx;
    agent_events ev;
    int cb = agent_fx_open(&fx, &ev);
    virDomainPtr dom = start_agent_guest(&fx, &ev, "keys", paths, NULL);

    const char *k1 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMvshFirstKeyOfTheTest one@host";
    const char *k2 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMvshSecondKeyOfTheTest two@host";
    g_autofree char *dir = g_dir_make_tmp("qemu-sshkeys-XXXXXX", NULL);
    g_autofree char *both = g_build_filename(dir, "both", NULL);
    g_autofree char *first = g_build_filename(dir, "first", NULL);
    g_autofree char *both_text = g_strdup_printf("%s\n%s\n", k1, k2);
    g_assert_true(g_file_set_contents(both, both_text, -1, NULL));
    g_assert_true(g_file_set_contents(first, k1, -1, NULL));
    char *out = NULL, *err = NULL;
    char **keys = NULL;

    const char *reset[] = { "set-user-sshkeys", "keys", "root", "--reset", "--file", both, NULL };
    g_assert_cmpint(sshkeys_mvsh(mvsh, fx.uri, reset, &out, &err), ==, 0);
    g_assert_cmpstr(err, ==, "");
    g_assert_cmpstr(out, ==, "\n");
    g_clear_pointer(&out, g_free);
    g_clear_pointer(&err, g_free);
    g_assert_cmpint(virDomainAuthorizedSSHKeysGet(dom, "root", &keys, 0), ==, 2);
    g_assert_true(g_strv_contains((const char *const *)keys, k1));
    g_assert_true(g_strv_contains((const char *const *)keys, k2));
    /* get: the agent's keys in its order, with nothing between them. */
    g_autofree char *want = g_strconcat(keys[0], keys[1], "\n", NULL);
    g_strfreev(keys);
    const char *get[] = { "get-user-sshkeys", "keys", "root", NULL };
    g_assert_cmpint(sshkeys_mvsh(mvsh, fx.uri, get, &out, &err), ==, 0);
    g_assert_cmpstr(err, ==, "");
    g_assert_cmpstr(out, ==, want);
    g_clear_pointer(&out, g_free);
    g_clear_pointer(&err, g_free);

    const char *remove[] = { "set-user-sshkeys", "keys", "root", "--remove", "--file", first,
                             NULL };
    g_assert_cmpint(sshkeys_mvsh(mvsh, fx.uri, remove, &out, &err), ==, 0);
    g_assert_cmpstr(err, ==, "");
    g_clear_pointer(&out, g_free);
    g_clear_pointer(&err, g_free);
    g_autofree char *auth = guest_file(dom, "/.ssh/authorized_keys");
    g_assert_cmpstr(g_strchomp(auth), ==, k2);

    const char *append[] = { "set-user-sshkeys", "keys", "root", "--file", first, NULL };
    g_assert_cmpint(sshkeys_mvsh(mvsh, fx.uri, append, &out, &err), ==, 0);
    g_assert_cmpstr(err, ==, "");
    g_clear_pointer(&out, g_free);
    g_clear_pointer(&err, g_free);
    g_assert_cmpint(virDomainAuthorizedSSHKeysGet(dom, "root", &keys, 0), ==, 2);
    g_assert_true(g_strv_contains((const char *const *)keys, k1));
    g_assert_true(g_strv_contains((const char *const *)keys, k2));
    g_strfreev(keys);

    const char *empty[] = { "set-user-sshkeys", "keys", "root", "--reset", NULL };
    g_assert_cmpint(sshkeys_mvsh(mvsh, fx.uri, empty, &out, &err), ==, 0);
    g_assert_cmpstr(err, ==, "");
    g_clear_pointer(&out, g_free);
    g_clear_pointer(&err, g_free);
    g_assert_cmpint(sshkeys_mvsh(mvsh, fx.uri, get, &out, &err), ==, 0);
    g_assert_cmpstr(out, ==, "\n");
    g_clear_pointer(&out, g_free);
    g_clear_pointer(&err, g_free);

    const char *nobody[] = { "get-user-sshkeys", "keys", "nobody-here", NULL };
    g_assert_cmpint(sshkeys_mvsh(mvsh, fx.uri, nobody, &out, &err), ==, 1);
    g_assert_true(g_str_has_prefix(err, "error: internal error: unable to execute QEMU agent "
                                        "command 'guest-ssh-get-authorized-keys': "));
    g_clear_pointer(&out, g_free);
    g_clear_pointer(&err, g_free);

    g_assert_cmpint(unlink(both), ==, 0);
    g_assert_cmpint(unlink(first), ==, 0);
    g_assert_cmpint(rmdir(dir), ==, 0);
    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    virDomainFree(dom);
    virConnectDomainEventDeregisterAny(fx.conn, cb);
    qt_events_drain();
    g_async_queue_unref(ev.q);
    g_assert_false(qt_any_qemu(&fx));
    qt_fx_close(&fx);
}

/* Why the network test cannot run here (main enters a network namespace
 * of the program's own when it can), or NULL. */
static const char *netns_skip;

/* The guest agent's guest-fsfreeze-status. */
static char *freeze_status(virDomainPtr dom)
{
    return virDomainQemuAgentCommand(dom, "{\"execute\":\"guest-fsfreeze-status\"}", 30, 0);
}

/* The position of FIELD in PARAMS, or -1. */
static int param_at(virTypedParameterPtr params, int n, const char *field)
{
    for (int i = 0; i < n; i++)
        if (strcmp(params[i].field, field) == 0)
            return i;
    return -1;
}

static const char *param_str(virTypedParameterPtr params, int n, const char *field)
{
    const char *s = NULL;
    return virTypedParamsGetString(params, n, field, &s) == 1 ? s : NULL;
}

/* A disk image with an ext4 filesystem, made on the host, and a blank one:
 * the guest mounts the filesystem at /mnt before qemu-ga starts. Their PCI
 * slots are crossed with their targets (the guest's /dev/vda is the
 * domain's vdb), so only a match by address gives the right alias. */
static void test_guest_disk(void)
{
    g_autofree char *mkfs = g_find_program_in_path("mkfs.ext4");
    if (!mkfs && access("/usr/sbin/mkfs.ext4", X_OK) == 0)
        mkfs = g_strdup("/usr/sbin/mkfs.ext4");
    if (!mkfs) {
        g_test_skip("needs mkfs.ext4 for the guest's disk (Debian e2fsprogs)");
        return;
    }
    g_auto(GStrv) paths = agent_guest_or_skip();
    if (!paths)
        return;
    qt_fx fx;
    agent_events ev;
    int cb = agent_fx_open(&fx, &ev);
    g_autofree char *data = g_build_filename(fx.root, "data.img", NULL);
    g_autofree char *blank = g_build_filename(fx.root, "blank.img", NULL);
    for (const char *const *img = (const char *const[]){ data, blank, NULL }; *img; img++) {
        int fd = open(*img, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        g_assert_cmpint(fd, >=, 0);
        g_assert_cmpint(ftruncate(fd, 16 * 1024 * 1024), ==, 0);
        close(fd);
    }
    const char *mkfs_argv[] = { mkfs, "-q", "-F", "-L", "mvdata", data, NULL };
    int st = 0;
    g_assert_true(g_spawn_sync(NULL, (char **)mkfs_argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &st, NULL));
    g_assert_cmpint(st, ==, 0);
    g_autofree char *extra = g_strdup_printf(
        "    <disk type='file' device='disk'><driver name='qemu' type='raw'/>"
        "<source file='%s'/><target dev='vda' bus='virtio'/>"
        "<address type='pci' domain='0x0000' bus='0x00' slot='0x07' function='0x0'/></disk>\n"
        "    <disk type='file' device='disk'><driver name='qemu' type='raw'/>"
        "<source file='%s'/><target dev='vdb' bus='virtio'/><serial>MVDATA1</serial>"
        "<address type='pci' domain='0x0000' bus='0x00' slot='0x06' function='0x0'/></disk>\n",
        blank, data);
    virDomainPtr dom = start_agent_guest(&fx, &ev, "disk", paths, extra);

    /* All filesystems: the one on the disk; thawing counts it again. */
    g_assert_cmpint(virDomainFSFreeze(dom, NULL, 0, 0), ==, 1);
    g_autofree char *frozen = freeze_status(dom);
    g_assert_cmpstr(frozen, ==, "{\"return\":\"frozen\"}");
    g_assert_cmpint(virDomainFSThaw(dom, NULL, 0, 0), ==, 1);
    g_autofree char *thawed = freeze_status(dom);
    g_assert_cmpstr(thawed, ==, "{\"return\":\"thawed\"}");
    /* By mount point. */
    const char *mnt[] = { "/mnt" };
    g_assert_cmpint(virDomainFSFreeze(dom, mnt, 1, 0), ==, 1);
    g_autofree char *frozen2 = freeze_status(dom);
    g_assert_cmpstr(frozen2, ==, "{\"return\":\"frozen\"}");
    g_assert_cmpint(virDomainFSThaw(dom, mnt, 1, 0), ==, -1);
    assert_error(VIR_ERR_ARGUMENT_UNSUPPORTED,
                 "argument unsupported: specifying mountpoints is not supported");
    g_assert_cmpint(virDomainFSThaw(dom, NULL, 0, 0), ==, 1);
    g_autofree char *thawed2 = freeze_status(dom);
    g_assert_cmpstr(thawed2, ==, "{\"return\":\"thawed\"}");

    /* The filesystem and the disks, in libvirt's order and with the
     * domain's targets as aliases. */
    virTypedParameterPtr info = NULL;
    int n = 0;
    g_assert_cmpint(virDomainGetGuestInfo(dom, VIR_DOMAIN_GUEST_INFO_FILESYSTEM |
                                          VIR_DOMAIN_GUEST_INFO_DISKS, &info, &n, 0), ==, 0);
    static const char *const fs_fields[] = {
        "fs.count", "fs.0.name", "fs.0.mountpoint", "fs.0.fstype", "fs.0.total-bytes",
        "fs.0.used-bytes", "fs.0.disk.count", "fs.0.disk.0.alias", "fs.0.disk.0.serial",
        "fs.0.disk.0.device", "disk.count",
    };
    g_assert_cmpint(n, >, (int)G_N_ELEMENTS(fs_fields));
    for (size_t i = 0; i < G_N_ELEMENTS(fs_fields); i++)
        g_assert_cmpstr(info[i].field, ==, fs_fields[i]);
    g_assert_cmpuint(info[0].value.ui, ==, 1);
    g_assert_cmpstr(info[1].value.s, ==, "vda");
    g_assert_cmpstr(info[2].value.s, ==, "/mnt");
    g_assert_cmpstr(info[3].value.s, ==, "ext4");
    g_assert_cmpuint(info[4].value.ul, >, 8 * 1024 * 1024);
    g_assert_cmpuint(info[4].value.ul, <=, 16 * 1024 * 1024);
    g_assert_cmpuint(info[5].value.ul, <, info[4].value.ul);
    g_assert_cmpuint(info[6].value.ui, ==, 1);
    g_assert_cmpstr(info[7].value.s, ==, "vdb");
    g_assert_cmpstr(info[8].value.s, ==, "MVDATA1");
    g_assert_cmpstr(info[9].value.s, ==, "/dev/vda");
    g_assert_cmpuint(info[10].value.ui, ==, 2);
    /* guest-get-disks lists the disks in the guest's order. */
    for (unsigned int i = 0; i < 2; i++) {
        g_autofree char *f_name = g_strdup_printf("disk.%u.name", i);
        g_autofree char *f_part = g_strdup_printf("disk.%u.partition", i);
        g_autofree char *f_serial = g_strdup_printf("disk.%u.serial", i);
        g_autofree char *f_alias = g_strdup_printf("disk.%u.alias", i);
        const char *name = param_str(info, n, f_name);
        g_assert_nonnull(name);
        int part = -1;
        g_assert_cmpint(virTypedParamsGetBoolean(info, n, f_part, &part), ==, 1);
        g_assert_cmpint(part, ==, 0);
        g_assert_cmpint(param_at(info, n, f_part), ==, param_at(info, n, f_name) + 1);
        if (strcmp(name, "/dev/vda") == 0) {
            g_assert_cmpstr(param_str(info, n, f_serial), ==, "MVDATA1");
            g_assert_cmpstr(param_str(info, n, f_alias), ==, "vdb");
            g_assert_cmpint(param_at(info, n, f_serial), ==, param_at(info, n, f_part) + 1);
            g_assert_cmpint(param_at(info, n, f_alias), ==, param_at(info, n, f_serial) + 1);
        } else {
            g_assert_cmpstr(name, ==, "/dev/vdb");
            g_assert_null(param_str(info, n, f_serial));
            g_assert_cmpstr(param_str(info, n, f_alias), ==, "vda");
            g_assert_cmpint(param_at(info, n, f_alias), ==, param_at(info, n, f_part) + 1);
        }
    }
    virTypedParamsFree(info, n);
    /* mvsh guestinfo prints them as virsh does. */
    int mst = 0;
    g_autofree char *mout = qt_mvsh(&fx, &mst, "guestinfo disk --filesystem");
    if (mout) {
        g_assert_cmpint(mst, ==, 0);
        g_assert_true(g_str_has_prefix(mout, "fs.count            : 1\n"
                                             "fs.0.name           : vda\n"
                                             "fs.0.mountpoint     : /mnt\n"
                                             "fs.0.fstype         : ext4\n"));
        g_assert_nonnull(strstr(mout, "\nfs.0.disk.0.alias   : vdb\n"
                                      "fs.0.disk.0.serial  : MVDATA1\n"
                                      "fs.0.disk.0.device  : /dev/vda"));
    }

    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    virDomainFree(dom);
    virConnectDomainEventDeregisterAny(fx.conn, cb);
    qt_events_drain();
    g_async_queue_unref(ev.q);
    g_assert_false(qt_any_qemu(&fx));
    qt_fx_close(&fx);
}

/* Waits (up to MS) until the leases give DOM's interface an address;
 * every change in the network's run directory (dnsmasq rewrites its lease
 * file) is a reason to look again. Returns the count of interfaces. */
static int wait_lease(qt_fx *fx, virDomainPtr dom, virDomainInterfacePtr **ifaces, int ms)
{
    g_autofree char *dir = g_strdup_printf("%s/run/network", fx->root);
    int in = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    g_assert_cmpint(in, >=, 0);
    g_assert_cmpint(inotify_add_watch(in, dir, IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO |
                                               IN_CREATE), >=, 0);
    gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
    int n;
    while ((n = virDomainInterfaceAddresses(dom, ifaces, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE,
                                            0)) == 0) {
        free(*ifaces);
        *ifaces = NULL;
        gint64 left = (end - g_get_monotonic_time()) / 1000;
        struct pollfd p = { .fd = in, .events = POLLIN };
        if (left <= 0 || poll(&p, 1, (int)left) != 1)
            break;
        char buf[4096];
        while (read(in, buf, sizeof(buf)) > 0)
            ;
    }
    close(in);
    return n;
}

static void ifaces_free(virDomainInterfacePtr *ifaces, int n)
{
    for (int i = 0; i < n; i++)
        virDomainInterfaceFree(ifaces[i]);
    free(ifaces);
}

/* The guest on a bridge-net network with DHCP (the network's dnsmasq, in
 * this program's network namespace): it gets a lease, and its addresses
 * come from the three sources as libvirt gives them. */
static void test_guest_network(void)
{
    if (netns_skip) {
        g_test_skip(netns_skip);
        return;
    }
    if (access("/dev/net/tun", R_OK | W_OK) < 0) {
        g_test_skip("needs /dev/net/tun for the guest's tap device");
        return;
    }
    g_autofree char *dnsmasq = g_find_program_in_path("dnsmasq");
    if (!dnsmasq && access("/usr/sbin/dnsmasq", X_OK) != 0) {
        g_test_skip("needs dnsmasq for the network's DHCP (Debian dnsmasq-base)");
        return;
    }
    g_autofree char *ping_bin = g_find_program_in_path("ping");
    g_autofree char *busybox = g_find_program_in_path("busybox");
    if (!ping_bin && !busybox) {
        g_test_skip("needs ping (iputils-ping) or busybox to reach the guest");
        return;
    }
    g_autofree char *ping_cmd = ping_bin ? g_strdup(ping_bin)
                                         : g_strdup_printf("%s ping", busybox);
    g_auto(GStrv) paths = agent_guest_or_skip();
    if (!paths)
        return;
    qt_fx fx;
    agent_events ev;
    int cb = agent_fx_open(&fx, &ev);
    virNetworkPtr net = virNetworkCreateXML(fx.conn,
        "<network><name>gnet</name><bridge name='mvqgbr0' stp='off'/>"
        "<ip address='10.79.0.1' netmask='255.255.255.0'><dhcp>"
        "<range start='10.79.0.10' end='10.79.0.99'/></dhcp></ip></network>");
    if (!net)
        g_error("network: %s", virGetLastErrorMessage());
    const char *mac = "52:54:00:79:00:42";
    g_autofree char *extra = g_strdup_printf(
        "    <interface type='network'><source network='gnet'/><mac address='%s'/>"
        "<model type='virtio'/></interface>\n", mac);
    virDomainPtr dom = start_agent_guest(&fx, &ev, "net", paths, extra);
    g_autofree char *live = virDomainGetXMLDesc(dom, 0);
    char *tdev = strstr(live, "<target dev='");
    g_assert_nonnull(tdev);
    g_autofree char *tap = g_strndup(tdev + 13, strcspn(tdev + 13, "'"));

    /* Lease: the network's lease for the guest's MAC, on the tap. */
    virDomainInterfacePtr *ifaces = NULL;
    int nif = wait_lease(&fx, dom, &ifaces, 120000);
    g_assert_cmpint(nif, ==, 1);
    g_assert_cmpstr(ifaces[0]->name, ==, tap);
    g_assert_cmpstr(ifaces[0]->hwaddr, ==, mac);
    g_assert_cmpuint(ifaces[0]->naddrs, ==, 1);
    g_assert_cmpint(ifaces[0]->addrs[0].type, ==, VIR_IP_ADDR_TYPE_IPV4);
    g_assert_cmpuint(ifaces[0]->addrs[0].prefix, ==, 24);
    g_autofree char *addr = g_strdup(ifaces[0]->addrs[0].addr);
    ifaces_free(ifaces, nif);
    virNetworkDHCPLeasePtr *leases = NULL;
    g_assert_cmpint(virNetworkGetDHCPLeases(net, mac, &leases, 0), ==, 1);
    g_assert_cmpstr(leases[0]->ipaddr, ==, addr);
    g_assert_true(g_str_has_prefix(addr, "10.79.0."));
    g_assert_cmpstr(leases[0]->hostname, ==, "modvirt-guest");
    virNetworkDHCPLeaseFree(leases[0]);
    free(leases);
    /* The hostname the guest's DHCP client sent, from the same lease. */
    g_autofree char *lease_host = virDomainGetHostname(dom, VIR_DOMAIN_GET_HOSTNAME_LEASE);
    g_assert_cmpstr(lease_host, ==, "modvirt-guest");
    /* mvsh domifaddr (the lease is its default source), from another
     * process on the same root. */
    int mst = 0;
    g_autofree char *mout = qt_mvsh(&fx, &mst, "domifaddr net");
    if (mout) {
        g_assert_cmpint(mst, ==, 0);
        /* One line, the last one (the output is stripped). */
        g_autofree char *line = g_strdup_printf("\n %-10s %s    ipv4         %s/24", tap, mac,
                                                addr);
        g_assert_true(g_str_has_suffix(mout, line));
    }

    /* The guest answers at that address once its DHCP client has set it
     * (each try waits a second for the reply); the host has its MAC then. */
    g_autofree char *ping = g_strdup_printf(
        "i=0; while [ $i -lt 60 ]; do %s -c 1 -W 1 %s >/dev/null 2>&1 && exit 0; "
        "i=$((i + 1)); done; exit 1", ping_cmd, addr);
    g_assert_cmpint(system(ping), ==, 0);

    /* Agent: eth0 with the MAC and the leased address, and lo. */
    nif = virDomainInterfaceAddresses(dom, &ifaces, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, 0);
    g_assert_cmpint(nif, ==, 2);
    bool eth0 = false, lo = false;
    for (int i = 0; i < nif; i++) {
        if (strcmp(ifaces[i]->name, "lo") == 0) {
            lo = true;
            continue;
        }
        g_assert_cmpstr(ifaces[i]->name, ==, "eth0");
        g_assert_cmpstr(ifaces[i]->hwaddr, ==, mac);
        for (unsigned int j = 0; j < ifaces[i]->naddrs; j++)
            if (ifaces[i]->addrs[j].type == VIR_IP_ADDR_TYPE_IPV4) {
                g_assert_cmpstr(ifaces[i]->addrs[j].addr, ==, addr);
                g_assert_cmpuint(ifaces[i]->addrs[j].prefix, ==, 24);
                eth0 = true;
            }
    }
    g_assert_true(eth0 && lo);
    ifaces_free(ifaces, nif);

    /* ARP: the host's neighbour entry for the MAC, without a prefix. */
    nif = virDomainInterfaceAddresses(dom, &ifaces, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP, 0);
    g_assert_cmpint(nif, ==, 1);
    g_assert_cmpstr(ifaces[0]->name, ==, tap);
    g_assert_cmpstr(ifaces[0]->hwaddr, ==, mac);
    g_assert_cmpuint(ifaces[0]->naddrs, ==, 1);
    g_assert_cmpint(ifaces[0]->addrs[0].type, ==, VIR_IP_ADDR_TYPE_IPV4);
    g_assert_cmpstr(ifaces[0]->addrs[0].addr, ==, addr);
    g_assert_cmpuint(ifaces[0]->addrs[0].prefix, ==, 0);
    ifaces_free(ifaces, nif);

    /* The guest info's interfaces: the same two. */
    virTypedParameterPtr info = NULL;
    int n = 0;
    g_assert_cmpint(virDomainGetGuestInfo(dom, VIR_DOMAIN_GUEST_INFO_INTERFACES, &info, &n, 0),
                    ==, 0);
    unsigned int count = 0;
    g_assert_cmpint(virTypedParamsGetUInt(info, n, "if.count", &count), ==, 1);
    g_assert_cmpuint(count, ==, 2);
    virTypedParamsFree(info, n);

    g_autofree char *mhost = qt_mvsh(&fx, &mst, "domhostname net --source lease");
    if (mhost) {
        g_assert_cmpint(mst, ==, 0);
        g_assert_cmpstr(mhost, ==, "modvirt-guest");
    }

    g_assert_cmpint(virDomainDestroy(dom), ==, 0);
    virDomainFree(dom);
    virConnectDomainEventDeregisterAny(fx.conn, cb);
    qt_events_drain();
    g_async_queue_unref(ev.q);
    g_assert_cmpint(virNetworkDestroy(net), ==, 0);
    virNetworkFree(net);
    g_assert_false(qt_any_qemu(&fx));
    qt_fx_close(&fx);
}

/* Enters a fresh network namespace for the whole program (before any
 * thread: the threads made later are in it too) and drops its name at
 * once, so it goes when the program does. Returns why it cannot. */
static const char *enter_netns(void)
{
    if (geteuid() != 0)
        return "needs root for a network namespace, a bridge and a tap device";
    g_autofree char *name = g_strdup_printf("mvqa-%d", (int)getpid());
    g_autofree char *add = g_strdup_printf("ip netns add %s 2>/dev/null", name);
    if (system(add) != 0)
        return "cannot create a network namespace (ip netns add failed)";
    g_autofree char *path = g_strdup_printf("/run/netns/%s", name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    bool in = fd >= 0 && setns(fd, CLONE_NEWNET) == 0;
    if (fd >= 0)
        close(fd);
    g_autofree char *del = g_strdup_printf("ip netns del %s", name);
    g_assert_cmpint(system(del), ==, 0);
    if (!in)
        return "cannot enter the new network namespace";
    return system("ip link set lo up") == 0 ? NULL : "cannot bring lo up in the namespace";
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    netns_skip = enter_netns();
    g_test_add_func("/qemu/agent/errors", test_errors);
    g_test_add_func("/qemu/agent/real-qemu-ga", test_agent);
    g_test_add_func("/qemu/agent/guest-disk", test_guest_disk);
    g_test_add_func("/qemu/agent/guest-network", test_guest_network);
    g_test_add_func("/qemu/agent/mvsh-sshkeys", test_mvsh_sshkeys);
    return g_test_run();
}
