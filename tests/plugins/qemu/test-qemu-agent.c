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
 *   removed, read back through the agent and from the guest's file. */
#include "qemu-test.h"

#include <libvirt/libvirt-qemu.h>

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
    if (!qt_have_qemu()) {
        g_test_skip("needs " QT_EMULATOR " (Debian qemu-system-x86)");
        return;
    }
    if (access("/usr/sbin/qemu-ga", X_OK) != 0) {
        g_test_skip("needs /usr/sbin/qemu-ga for the guest (Debian qemu-guest-agent)");
        return;
    }
    g_autofree char *why = NULL;
    g_auto(GStrv) paths = qt_linux_guest(&why);
    if (!paths) {
        g_test_skip(why);
        return;
    }
    qt_fx fx;
    qt_fx_open(&fx);
    agent_events ev = { g_async_queue_new_full(g_free) };
    int cb = virConnectDomainEventRegisterAny(fx.conn, NULL, VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE,
                                              VIR_DOMAIN_EVENT_CALLBACK(on_agent), &ev, NULL);
    g_assert_cmpint(cb, >=, 0);
    g_autofree char *xml = g_strdup_printf(
        "<domain type='qemu'>\n"
        "  <name>agent</name>\n"
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
        "    <memballoon model='none'/>\n"
        "  </devices>\n"
        "</domain>\n", paths[0], paths[1]);
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
    if (!qt_have_qemu()) {
        g_test_skip("needs " QT_EMULATOR " (Debian qemu-system-x86)");
        return;
    }
    if (access("/usr/sbin/qemu-ga", X_OK) != 0) {
        g_test_skip("needs /usr/sbin/qemu-ga for the guest (Debian qemu-guest-agent)");
        return;
    }
    g_autofree char *why = NULL;
    g_auto(GStrv) paths = qt_linux_guest(&why);
    if (!paths) {
        g_test_skip(why);
        return;
    }
    qt_fx fx;
    qt_fx_open(&fx);
    agent_events ev = { g_async_queue_new_full(g_free) };
    int cb = virConnectDomainEventRegisterAny(fx.conn, NULL, VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE,
                                              VIR_DOMAIN_EVENT_CALLBACK(on_agent), &ev, NULL);
    g_assert_cmpint(cb, >=, 0);
    g_autofree char *xml = g_strdup_printf(
        "<domain type='qemu'>\n"
        "  <name>keys</name>\n"
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
        "    <memballoon model='none'/>\n"
        "  </devices>\n"
        "</domain>\n", paths[0], paths[1]);
    virDomainPtr dom = virDomainCreateXML(fx.conn, xml, 0);
    g_assert_nonnull(dom);
    /* The boot under TCG and qemu-ga's start: a guard, not a pace. */
    g_autofree char *connected = g_strdup_printf(
        "keys %d %d", VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_STATE_CONNECTED,
        VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_REASON_CHANNEL);
    for (;;) {
        g_autofree char *e = next_agent_event(&ev, 300000);
        g_assert_nonnull(e);
        if (g_str_equal(e, connected))
            break;
    }

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

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qemu/agent/errors", test_errors);
    g_test_add_func("/qemu/agent/real-qemu-ga", test_agent);
    g_test_add_func("/qemu/agent/mvsh-sshkeys", test_mvsh_sshkeys);
    return g_test_run();
}
