/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/test/test-domain.c — the test driver's domains against what
 * libvirt 9.0's test driver does (values taken from it): the state machine
 * with reasons, lifecycle events with their details, transient and
 * persistent semantics, duplicates, save/restore, memory and vCPU bounds,
 * listing filters and the errors (code, domain, text) of each misuse. */
#include "testdrv.h"

#include <libvirt/libvirt-qemu.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void assert_state(virDomainPtr d, int state, int reason)
{
    int s = -1, r = -1;
    g_assert_cmpint(virDomainGetState(d, &s, &r, 0), ==, 0);
    g_assert_cmpint(s, ==, state);
    g_assert_cmpint(r, ==, reason);
}

/* --- events ------------------------------------------------------------ */

static GString *seen;

static int on_lifecycle(virConnectPtr c, virDomainPtr d, int event, int detail, void *opaque)
{
    g_string_append_printf(seen, "%s:%d:%d:%d ", virDomainGetName(d), (int)virDomainGetID(d),
                           event, detail);
    return 0;
}

static void on_timeout(int timer, void *opaque)
{
    *(bool *)opaque = true;
}

/* Runs the loop until EXPECTED arrived (or 2 s passed), then compares. */
static void expect_events(const char *expected)
{
    bool timed_out = false;
    int t = virEventAddTimeout(2000, on_timeout, &timed_out, NULL);
    while (strcmp(seen->str, expected) != 0 && !timed_out &&
           strlen(seen->str) < strlen(expected))
        virEventRunDefaultImpl();
    virEventRemoveTimeout(t);
    g_assert_cmpstr(seen->str, ==, expected);
    g_string_truncate(seen, 0);
}

static virConnectPtr open_default(int *cb)
{
    virConnectPtr c = virConnectOpen(testdrv_default_uri());
    g_assert_nonnull(c);
    *cb = virConnectDomainEventRegisterAny(c, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                           VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), NULL, NULL);
    g_assert_cmpint(*cb, >=, 0);
    g_string_truncate(seen, 0);
    return c;
}

static void close_default(virConnectPtr c, int cb)
{
    virConnectDomainEventDeregisterAny(c, cb);
    g_assert_cmpint(virConnectClose(c), ==, 0);
}

#define T2_XML \
    "<domain type='test'><name>t2</name><uuid>11111111-2222-3333-4444-555555555555</uuid>" \
    "<memory>1024</memory><os><type>hvm</type></os><devices>" \
    "<interface type='network'><source network='default'/><target dev='foo'/></interface>" \
    "<interface type='bridge'><source bridge='br0'/></interface>" \
    "</devices></domain>"

/* --- tests ------------------------------------------------------------- */

static void test_lifecycle(void)
{
    int cb;
    virConnectPtr c = open_default(&cb);
    virDomainPtr d = virDomainLookupByName(c, "test");

    g_assert_cmpint(virDomainSuspend(d), ==, 0);
    assert_state(d, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER);
    g_assert_cmpint(virDomainSuspend(d), ==, -1);
    assert_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST, "internal error: domain 'test' not running");
    g_assert_cmpint(virDomainResume(d), ==, 0);
    assert_state(d, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_UNPAUSED);
    g_assert_cmpint(virDomainResume(d), ==, -1);
    assert_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST, "internal error: domain 'test' not paused");
    /* libvirt's test driver reboots in place, with no event. */
    g_assert_cmpint(virDomainReboot(d, 0), ==, 0);
    assert_state(d, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
    expect_events("test:1:3:0 test:1:4:0 ");

    g_assert_cmpint(virDomainCreate(d), ==, -1);
    assert_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST, "internal error: Domain 'test' is already running");
    g_assert_cmpint(virDomainShutdown(d), ==, 0);
    assert_state(d, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_SHUTDOWN);
    /* In-process the driver updates the handle; through a daemon, as with
     * libvirt's remote driver, the reply carries no id and the handle keeps
     * the one it had until it is looked up again. */
    if (!g_getenv("MV_TEST_DEFAULT_URI"))
        g_assert_cmpint((int)virDomainGetID(d), ==, -1);
    g_assert_cmpint(virDomainShutdown(d), ==, -1);
    assert_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST, "internal error: domain 'test' not running");
    g_assert_cmpint(virDomainDestroy(d), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                 "Requested operation is not valid: domain is not running");
    g_assert_cmpint(virDomainReboot(d, 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, NULL);
    g_assert_cmpint(virDomainCreate(d), ==, 0);
    g_assert_cmpint((int)virDomainGetID(d), ==, 2);
    assert_state(d, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
    g_assert_cmpint(virDomainDestroy(d), ==, 0);
    assert_state(d, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_DESTROYED);
    g_assert_cmpint(virDomainCreateWithFlags(d, VIR_DOMAIN_START_PAUSED), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "unsupported flags (0x1) in function testDomainCreateWithFlags");
    expect_events("test:-1:5:0 test:2:2:0 test:-1:5:1 ");

    g_assert_cmpint(virDomainUndefine(d), ==, 0);
    expect_events("test:-1:1:0 ");
    g_assert_cmpint(virDomainIsActive(d), ==, -1);
    assert_error(VIR_ERR_NO_DOMAIN, VIR_FROM_TEST,
                 "Domain not found: no domain with matching uuid '6695eb01-f6a4-8304-79aa-97f2502e193f' (test)");
    g_assert_null(virDomainLookupByName(c, "test"));
    assert_error(VIR_ERR_NO_DOMAIN, VIR_FROM_TEST, "Domain not found");
    g_assert_null(virDomainLookupByID(c, 1));
    assert_error(VIR_ERR_NO_DOMAIN, VIR_FROM_TEST, "Domain not found");
    virDomainFree(d);
    close_default(c, cb);
}

static void test_transient_and_define(void)
{
    int cb;
    virConnectPtr c = open_default(&cb);
    virDomainPtr t = virDomainCreateXML(c, T2_XML, 0);

    g_assert_nonnull(t);
    g_assert_cmpint((int)virDomainGetID(t), ==, 2);
    g_assert_cmpint(virDomainIsPersistent(t), ==, 0);
    assert_state(t, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
    g_autofree char *xml = virDomainGetXMLDesc(t, 0);
    /* NICs without a target get testnetN, counting those named. */
    g_assert_nonnull(strstr(xml, "<target dev='foo'/>"));
    g_assert_nonnull(strstr(xml, "<source bridge='br0'/>\n      <target dev='testnet0'/>"));
    g_assert_null(virDomainCreateXML(c, T2_XML, 0));
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                 "Requested operation is not valid: domain 't2' is already active");
    g_assert_null(virDomainCreateXML(c, T2_XML, VIR_DOMAIN_START_PAUSED));
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "unsupported flags (0x1) in function testDomainCreateXML");

    /* Defining a running transient domain makes it persistent. */
    virDomainPtr d = virDomainDefineXML(c, T2_XML);
    g_assert_nonnull(d);
    g_assert_cmpint((int)virDomainGetID(d), ==, 2);
    g_assert_cmpint(virDomainIsPersistent(t), ==, 1);
    g_assert_cmpint(virDomainIsUpdated(t), ==, 0);
    virDomainFree(d);
    g_assert_cmpint(virDomainDestroy(t), ==, 0);
    assert_state(t, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_DESTROYED);
    expect_events("t2:2:2:0 t2:2:0:0 t2:-1:5:1 ");

    /* Redefinition of a running domain: the new definition waits. */
    g_assert_cmpint(virDomainCreate(t), ==, 0);
    g_autofree char *bigger = g_strdup(T2_XML);
    memcpy(strstr(bigger, "1024"), "2048", 4);
    d = virDomainDefineXML(c, bigger);
    g_assert_nonnull(d);
    virDomainFree(d);
    g_assert_cmpuint(virDomainGetMaxMemory(t), ==, 1024);
    g_autofree char *inactive = virDomainGetXMLDesc(t, VIR_DOMAIN_XML_INACTIVE);
    g_assert_nonnull(strstr(inactive, "<memory unit='KiB'>2048</memory>"));
    g_assert_null(strstr(inactive, " id='"));
    g_assert_cmpint(virDomainUndefine(t), ==, 0);
    g_assert_cmpint(virDomainIsPersistent(t), ==, 0);
    assert_state(t, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
    expect_events("t2:3:2:0 t2:3:0:1 t2:3:1:0 ");
    /* libvirt's test driver takes both on a transient domain. */
    g_assert_cmpint(virDomainUndefine(t), ==, 0);
    expect_events("t2:3:1:0 ");
    g_assert_cmpint(virDomainSetAutostart(t, 1), ==, 0);
    /* A transient domain vanishes when it stops; its event keeps the id. */
    g_assert_cmpint(virDomainDestroy(t), ==, 0);
    expect_events("t2:3:5:1 ");
    g_assert_cmpint(virDomainIsActive(t), ==, -1);
    assert_error(VIR_ERR_NO_DOMAIN, VIR_FROM_TEST, NULL);
    virDomainFree(t);

    /* Duplicates, with libvirt's texts. */
    g_assert_null(virDomainDefineXML(c,
        "<domain type='test'><name>t3</name><uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>"
        "<memory>1024</memory><os><type>hvm</type></os></domain>"));
    assert_error(VIR_ERR_OPERATION_FAILED, VIR_FROM_DOMAIN,
                 "operation failed: domain 'test' is already defined with uuid 6695eb01-f6a4-8304-79aa-97f2502e193f");
    g_assert_null(virDomainCreateXML(c,
        "<domain type='test'><name>test</name><uuid>6695eb01-f6a4-8304-79aa-97f2502e1930</uuid>"
        "<memory>1024</memory><os><type>hvm</type></os></domain>", 0));
    assert_error(VIR_ERR_OPERATION_FAILED, VIR_FROM_DOMAIN,
                 "operation failed: domain 'test' already exists with uuid 6695eb01-f6a4-8304-79aa-97f2502e193f");
    close_default(c, cb);
}

static void test_save_restore(void)
{
    int cb;
    virConnectPtr c = open_default(&cb);
    virDomainPtr d = virDomainLookupByName(c, "test");
    g_autofree char *dir = g_dir_make_tmp("testdrv-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "test.save", NULL);
    g_autofree char *junk = g_build_filename(dir, "junk.save", NULL);
    g_autofree char *missing = g_build_filename(dir, "missing.save", NULL);

    g_assert_cmpint(virDomainSaveFlags(d, path, "<domain/>", 0), ==, -1);
    assert_error(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_TEST,
                 "argument unsupported: xml modification unsupported");
    g_assert_cmpint(virDomainSuspend(d), ==, 0);
    g_assert_cmpint(virDomainSave(d, path), ==, 0);
    assert_state(d, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_SAVED);
    g_assert_cmpint(virDomainSave(d, path), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, NULL);
    g_assert_cmpint(virDomainRestore(c, path), ==, 0);
    assert_state(d, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_RESTORED);
    g_assert_cmpint(virDomainIsPersistent(d), ==, 1);
    expect_events("test:1:3:0 test:-1:5:4 test:2:2:2 ");
    g_assert_cmpint(virDomainRestore(c, path), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                 "Requested operation is not valid: domain 'test' is already active");

    g_assert_cmpint(virDomainRestore(c, missing), ==, -1);
    g_autofree char *msg = g_strdup_printf("cannot read domain image '%s': No such file or directory", missing);
    assert_error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_TEST, msg);
    g_assert_true(g_file_set_contents(junk, "junkjunkjunkjunkjunkjunk", -1, NULL));
    g_assert_cmpint(virDomainRestore(c, junk), ==, -1);
    assert_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST, "internal error: mismatched header magic");
    g_unlink(path);
    g_unlink(junk);
    g_rmdir(dir);
    virDomainFree(d);
    close_default(c, cb);
}

/* A save image is a regular file of bounded size: a FIFO (whose open used
 * to block forever) and /dev/zero (read until memory ran out) are refused
 * at once. */
static void test_restore_not_regular(void)
{
    int cb;
    virConnectPtr c = open_default(&cb);
    g_autofree char *dir = g_dir_make_tmp("testdrv-XXXXXX", NULL);
    g_autofree char *fifo = g_build_filename(dir, "fifo.save", NULL);
    g_autofree char *big = g_build_filename(dir, "big.save", NULL);
    g_assert_cmpint(mkfifo(fifo, 0600), ==, 0);
    const char *const paths[] = { fifo, "/dev/zero", dir };

    for (size_t i = 0; i < G_N_ELEMENTS(paths); i++) {
        gint64 t0 = g_get_monotonic_time();
        g_assert_cmpint(virDomainRestore(c, paths[i]), ==, -1);
        g_assert_cmpint(g_get_monotonic_time() - t0, <, G_USEC_PER_SEC);
        g_autofree char *msg = g_strdup_printf("cannot read domain image '%s': not a regular file",
                                               paths[i]);
        assert_error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_TEST, msg);
    }
    g_assert_true(g_file_set_contents(big, "", 0, NULL));
    g_assert_cmpint(truncate(big, 64 * 1024 * 1024), ==, 0);
    g_assert_cmpint(virDomainRestore(c, big), ==, -1);
    assert_error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_TEST, NULL);
    g_assert_nonnull(strstr(virGetLastErrorMessage(), "': larger than "));
    g_unlink(fifo);
    g_unlink(big);
    g_rmdir(dir);
    close_default(c, cb);
}

static void test_memory_vcpus(void)
{
    int cb;
    virConnectPtr c = open_default(&cb);
    virDomainPtr d = virDomainLookupByName(c, "test");
    virDomainInfo info;

    g_assert_cmpint(virDomainGetInfo(d, &info), ==, 0);
    g_assert_cmpint(info.state, ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpuint(info.maxMem, ==, 8388608);
    g_assert_cmpuint(info.memory, ==, 2097152);
    g_assert_cmpuint(info.nrVirtCpu, ==, 2);
    g_assert_cmpuint(info.cpuTime, >, 0);

    g_assert_cmpint(virDomainSetMemory(d, 9000000), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "invalid argument: cannot set memory higher than max memory");
    g_assert_cmpint(virDomainSetMaxMemory(d, 9000000), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
                 "Requested operation is not valid: cannot resize the maximum memory on an active domain");
    g_assert_cmpint(virDomainSetMemoryFlags(d, 4096, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, NULL);
    g_assert_cmpint(virDomainSetMemory(d, 1048576), ==, 0);
    g_assert_cmpint(virDomainSetMemoryFlags(d, 9000000, VIR_DOMAIN_MEM_MAXIMUM | VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_assert_cmpint(virDomainGetInfo(d, &info), ==, 0);
    g_assert_cmpuint(info.maxMem, ==, 8388608);
    g_assert_cmpuint(info.memory, ==, 1048576);

    g_assert_cmpint(virDomainSetVcpus(d, 40), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "invalid argument: requested cpu amount exceeds maximum supported amount (40 > 32)");
    g_assert_cmpint(virDomainSetVcpus(d, 3), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "invalid argument: requested cpu amount exceeds maximum (3 > 2)");
    g_assert_cmpint(virDomainSetVcpus(d, 1), ==, 0);
    g_assert_cmpint(virDomainSetVcpusFlags(d, 4, VIR_DOMAIN_VCPU_MAXIMUM | VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_assert_cmpint(virDomainGetVcpusFlags(d, VIR_DOMAIN_AFFECT_LIVE), ==, 1);
    g_assert_cmpint(virDomainGetVcpusFlags(d, VIR_DOMAIN_AFFECT_CONFIG), ==, 2);
    g_assert_cmpint(virDomainGetVcpusFlags(d, VIR_DOMAIN_AFFECT_CONFIG | VIR_DOMAIN_VCPU_MAXIMUM), ==, 4);
    g_assert_cmpint(virDomainGetMaxVcpus(d), ==, 2);
    g_assert_cmpint(virDomainSetVcpusFlags(d, 1, VIR_DOMAIN_VCPU_GUEST), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "unsupported flags (0x8) in function testDomainSetVcpusFlags");

    /* Stopped: the persistent definition is back, live calls fail. */
    g_assert_cmpint(virDomainDestroy(d), ==, 0);
    g_assert_cmpint(virDomainGetInfo(d, &info), ==, 0);
    g_assert_cmpuint(info.maxMem, ==, 9000000);
    g_assert_cmpuint(info.memory, ==, 2097152);
    g_assert_cmpuint(info.nrVirtCpu, ==, 2);
    g_assert_cmpint(virDomainSetMemory(d, 1000), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                 "Requested operation is not valid: domain is not running");
    g_assert_cmpint(virDomainSetMemoryFlags(d, 1000, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_assert_cmpint(virDomainGetInfo(d, &info), ==, 0);
    g_assert_cmpuint(info.memory, ==, 1000);
    g_assert_cmpint(virDomainGetMaxVcpus(d), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, NULL);
    virDomainFree(d);
    close_default(c, cb);
}

static void test_listing(void)
{
    int cb;
    virConnectPtr c = open_default(&cb);
    virDomainPtr d = virDomainDefineXML(c,
        "<domain type='test'><name>off</name><memory>1024</memory><os><type>hvm</type></os></domain>");
    virDomainPtr *list = NULL;
    static const struct { unsigned int flags; int n; const char *first; } cases[] = {
        { 0, 2, "test" },
        { VIR_CONNECT_LIST_DOMAINS_ACTIVE, 1, "test" },
        { VIR_CONNECT_LIST_DOMAINS_INACTIVE, 1, "off" },
        { VIR_CONNECT_LIST_DOMAINS_TRANSIENT, 0, NULL },
        { VIR_CONNECT_LIST_DOMAINS_SHUTOFF, 1, "off" },
        { VIR_CONNECT_LIST_DOMAINS_PAUSED | VIR_CONNECT_LIST_DOMAINS_OTHER, 0, NULL },
        { VIR_CONNECT_LIST_DOMAINS_AUTOSTART, 1, "off" },
        { VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART, 1, "test" },
        { VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT, 0, NULL },
        { VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT, 2, "test" },
        { VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE, 0, NULL },
        { VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT, 2, "test" },
    };

    g_assert_nonnull(d);
    g_assert_cmpint(virDomainSetAutostart(d, 1), ==, 0);
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        int n = virConnectListAllDomains(c, &list, cases[i].flags);
        g_assert_cmpint(n, ==, cases[i].n);
        if (n > 0)
            g_assert_cmpstr(virDomainGetName(list[0]), ==, cases[i].first);
        for (int k = 0; k < n; k++)
            virDomainFree(list[k]);
        free(list);
    }
    g_assert_cmpint(virConnectListAllDomains(c, &list, 1u << 20), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "unsupported flags (0x100000) in function testConnectListAllDomains");
    g_assert_cmpint(virConnectNumOfDomains(c), ==, 1);
    g_assert_cmpint(virConnectNumOfDefinedDomains(c), ==, 1);
    expect_events("off:-1:0:0 ");
    virDomainFree(d);
    close_default(c, cb);
}

/* --- the guest's buttons and its own answers --------------------------- */

static void test_guest(void)
{
    int cb;
    virConnectPtr c = open_default(&cb);
    virDomainPtr d = virDomainLookupByName(c, "test");
    long long secs = 0;
    unsigned int nsecs = 1;

    g_assert_cmpint(virDomainReset(d, 0), ==, 0);
    g_assert_cmpint(virDomainInjectNMI(d, 0), ==, 0);
    g_assert_cmpint(virDomainIsActive(d), ==, 1);
    char *host = virDomainGetHostname(d, 0);
    g_assert_cmpstr(host, ==, "testhost");
    free(host);
    g_assert_null(virDomainGetHostname(d, VIR_DOMAIN_GET_HOSTNAME_LEASE));
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "unsupported flags (0x1) in function testDomainGetHostname");

    /* The clock reads libvirt's fixed value until set, then what was set,
     * through a stop and start of the domain. */
    /* libvirt's test driver has no guest agent command; through modvirtd
     * the call and its error take libvirt-qemu's program. */
    g_assert_null(virDomainQemuAgentCommand(d, "{\"execute\":\"guest-ping\"}", -1, 0));
    assert_error(VIR_ERR_NO_SUPPORT, VIR_FROM_NONE, "this function is not supported by the "
                 "connection driver: virDomainQemuAgentCommand");
    /* Any password is taken while the domain runs. */
    g_assert_cmpint(virDomainSetUserPassword(d, "root", "pw", 0), ==, 0);
    g_assert_cmpint(virDomainSetUserPassword(d, "root", "$6$x$y",
                                             VIR_DOMAIN_PASSWORD_ENCRYPTED), ==, 0);
    g_assert_cmpint(virDomainSetUserPassword(d, "root", "pw", 2), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "unsupported flags (0x2) in function testDomainSetUserPassword");
    g_assert_cmpint(virDomainSetUserPassword(d, NULL, "pw", 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);
    g_assert_cmpint(virDomainGetTime(d, &secs, &nsecs, 0), ==, 0);
    g_assert_cmpint(secs, ==, 627319920);
    g_assert_cmpuint(nsecs, ==, 0);
    g_assert_cmpint(virDomainSetTime(d, 1000, 5, 0), ==, 0);
    g_assert_cmpint(virDomainGetTime(d, &secs, &nsecs, 0), ==, 0);
    g_assert_cmpint(secs, ==, 1000);
    g_assert_cmpuint(nsecs, ==, 5);
    g_assert_cmpint(virDomainSetTime(d, -5, 0, VIR_DOMAIN_TIME_SYNC), ==, 0);
    g_assert_cmpint(virDomainGetTime(d, &secs, &nsecs, 1), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);

    /* Stopped: every one is refused as libvirt's test driver refuses. */
    g_assert_cmpint(virDomainDestroy(d), ==, 0);
    expect_events("test:-1:5:1 ");
    g_assert_cmpint(virDomainReset(d, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OPERATION_INVALID);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "Requested operation is not valid: domain is not running");
    g_assert_cmpint(virDomainInjectNMI(d, 0), ==, -1);
    g_assert_null(virDomainGetHostname(d, 0));
    g_assert_cmpint(virDomainGetTime(d, &secs, &nsecs, 0), ==, -1);
    g_assert_cmpint(virDomainSetTime(d, 1, 0, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OPERATION_INVALID);
    g_assert_cmpint(virDomainSetUserPassword(d, "root", "pw", 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                 "Requested operation is not valid: domain is not running");
    g_assert_cmpint(virDomainCreate(d), ==, 0);
    g_string_truncate(seen, 0);
    g_assert_cmpint(virDomainGetTime(d, &secs, &nsecs, 0), ==, 0);
    g_assert_cmpint(secs, ==, -5);

    /* Read-only connections get none of it. */
    virConnectPtr ro = virConnectOpenReadOnly(testdrv_default_uri());
    g_assert_nonnull(ro);
    virDomainPtr rd = virDomainLookupByName(ro, "test");
    g_assert_cmpint(virDomainReset(rd, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OPERATION_DENIED);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "operation forbidden: read only access prevents virDomainReset");
    g_assert_null(virDomainGetHostname(rd, 0));
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OPERATION_DENIED);
    g_assert_cmpint(virDomainGetTime(rd, &secs, &nsecs, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OPERATION_DENIED);
    g_assert_null(virDomainQemuAgentCommand(rd, "{\"execute\":\"guest-ping\"}", -1, 0));
    assert_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_NONE,
                 "operation forbidden: read only access prevents virDomainQemuAgentCommand");
    virDomainFree(rd);
    g_assert_cmpint(virConnectClose(ro), ==, 0);

    virDomainFree(d);
    close_default(c, cb);
}

/* libvirt's test guest has "/" and "/boot": each freeze or thaw counts the
 * filesystems whose state it changed; an unknown mount point changes
 * nothing. */
static void test_guest_fs(void)
{
    int cb;
    virConnectPtr c = open_default(&cb);
    virDomainPtr d = virDomainLookupByName(c, "test");
    const char *root[] = { "/" };
    const char *both_twice[] = { "/boot", "/", "/" };
    const char *bad[] = { "/boot", "/nope" };

    g_assert_cmpint(virDomainFSThaw(d, NULL, 0, 0), >=, 0);
    g_assert_cmpint(virDomainFSFreeze(d, root, 1, 0), ==, 1);
    g_assert_cmpint(virDomainFSFreeze(d, root, 1, 0), ==, 0);
    g_assert_cmpint(virDomainFSFreeze(d, bad, 2, 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
                 "Requested operation is not valid: mount point not found: /nope");
    g_assert_cmpint(virDomainFSFreeze(d, NULL, 0, 0), ==, 1);
    g_assert_cmpint(virDomainFSThaw(d, both_twice, 3, 0), ==, 2);
    g_assert_cmpint(virDomainFSFreeze(d, both_twice, 3, 0), ==, 2);
    g_assert_cmpint(virDomainFSThaw(d, NULL, 0, 0), ==, 2);
    g_assert_cmpint(virDomainFSThaw(d, NULL, 0, 0), ==, 0);
    g_assert_cmpint(virDomainFSFreeze(d, NULL, 0, 1), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "unsupported flags (0x1) in function testDomainFSFreeze");
    g_assert_cmpint(virDomainFSThaw(d, NULL, 0, 1), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "unsupported flags (0x1) in function testDomainFSThaw");
    g_assert_cmpint(virDomainFSFreeze(d, NULL, 1, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);

    /* The state lives on across a restart, as in libvirt's driver. */
    g_assert_cmpint(virDomainFSFreeze(d, NULL, 0, 0), ==, 2);
    g_assert_cmpint(virDomainDestroy(d), ==, 0);
    g_assert_cmpint(virDomainFSThaw(d, NULL, 0, 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                 "Requested operation is not valid: domain is not running");
    g_assert_cmpint(virDomainCreate(d), ==, 0);
    g_assert_cmpint(virDomainFSThaw(d, NULL, 0, 0), ==, 2);

    virConnectPtr ro = virConnectOpenReadOnly(testdrv_default_uri());
    g_assert_nonnull(ro);
    virDomainPtr rd = virDomainLookupByName(ro, "test");
    g_assert_cmpint(virDomainFSFreeze(rd, NULL, 0, 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                 "operation forbidden: read only access prevents virDomainFSFreeze");
    g_assert_cmpint(virDomainFSThaw(rd, NULL, 0, 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                 "operation forbidden: read only access prevents virDomainFSThaw");
    virDomainFree(rd);
    g_assert_cmpint(virConnectClose(ro), ==, 0);

    virDomainFree(d);
    g_string_truncate(seen, 0);
    close_default(c, cb);
}

/* libvirt's test driver makes the addresses up from the interface's kind,
 * the domain's id and the interface's index; every source gives them. */
static void test_interface_addresses(void)
{
    int cb;
    virConnectPtr c = open_default(&cb);
    virDomainPtr d = virDomainLookupByName(c, "test");
    virDomainInterfacePtr *ifaces = NULL;

    for (unsigned int src = 0; src <= VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP; src++) {
        g_assert_cmpint(virDomainInterfaceAddresses(d, &ifaces, src, 0), ==, 1);
        g_assert_cmpstr(ifaces[0]->name, ==, "testnet0");
        g_assert_cmpstr(ifaces[0]->hwaddr, ==, "aa:bb:cc:dd:ee:ff");
        g_assert_cmpuint(ifaces[0]->naddrs, ==, 1);
        g_assert_cmpint(ifaces[0]->addrs[0].type, ==, VIR_IP_ADDR_TYPE_IPV4);
        g_autofree char *want = g_strdup_printf("192.168.122.%d", 3 + (virDomainGetID(d) - 1) * 20);
        g_assert_cmpstr(ifaces[0]->addrs[0].addr, ==, want);
        g_assert_cmpuint(ifaces[0]->addrs[0].prefix, ==, 24);
        virDomainInterfaceFree(ifaces[0]);
        free(ifaces);
    }
    g_assert_cmpint(virDomainInterfaceAddresses(d, &ifaces, 3, 0), ==, -1);
    assert_error(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_TEST,
                 "argument unsupported: Unknown IP address data source 3");
    g_assert_null(ifaces);
    g_assert_cmpint(virDomainInterfaceAddresses(d, &ifaces, 0, 1), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "unsupported flags (0x1) in function testDomainInterfaceAddresses");
    g_assert_cmpint(virDomainInterfaceAddresses(d, NULL, 0, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);
    virDomainInterfaceFree(NULL);

    /* libvirt's test driver has no guest information. */
    virTypedParameterPtr info = NULL;
    int ninfo = 0;
    g_assert_cmpint(virDomainGetGuestInfo(d, 0, &info, &ninfo, 0), ==, -1);
    assert_error(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN, "this function is not supported by the "
                 "connection driver: virDomainGetGuestInfo");
    g_assert_cmpint(virDomainGetGuestInfo(d, 0, NULL, &ninfo, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);
    /* Nor authorized SSH keys; the flags are checked before. */
    char **keys = NULL;
    const char *key[] = { "ssh-ed25519 AAAA k@h" };
    g_assert_cmpint(virDomainAuthorizedSSHKeysGet(d, "root", &keys, 0), ==, -1);
    assert_error(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN, "this function is not supported by the "
                 "connection driver: virDomainAuthorizedSSHKeysGet");
    g_assert_cmpint(virDomainAuthorizedSSHKeysSet(d, "root", key, 1, 0), ==, -1);
    assert_error(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN, "this function is not supported by the "
                 "connection driver: virDomainAuthorizedSSHKeysSet");
    g_assert_cmpint(virDomainAuthorizedSSHKeysSet(d, "root", key, 1,
                                                  VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_APPEND |
                                                  VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_REMOVE), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "Flags 'VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_APPEND' and "
                 "'VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_REMOVE' are mutually exclusive");
    g_assert_cmpint(virDomainAuthorizedSSHKeysGet(d, NULL, &keys, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);

    /* A user, a network and a bridge interface: the second in the
     * network's range, the others in 192.168.0.0/24 by their index. */
    virDomainPtr n = virDomainCreateXML(c,
        "<domain type='test'><name>nics</name><memory>1024</memory>"
        "<os><type>hvm</type></os><devices>"
        "<interface type='user'><mac address='52:54:00:00:00:01'/></interface>"
        "<interface type='network'><mac address='52:54:00:00:00:02'/>"
        "<source network='default'/></interface>"
        "<interface type='bridge'><mac address='52:54:00:00:00:03'/>"
        "<source bridge='br0'/><target dev='tap-nics'/></interface>"
        "</devices></domain>", 0);
    g_assert_nonnull(n);
    g_assert_cmpint(virDomainInterfaceAddresses(n, &ifaces, 0, 0), ==, 3);
    const char *names[] = { "testnet0", "testnet1", "tap-nics" };
    for (int i = 0; i < 3; i++) {
        g_autofree char *mac = g_strdup_printf("52:54:00:00:00:%02d", i + 1);
        g_autofree char *addr = i == 1
            ? g_strdup_printf("192.168.122.%d", 3 + (virDomainGetID(n) - 1) * 20 + 1)
            : g_strdup_printf("192.168.0.%d", i + 1);
        g_assert_cmpstr(ifaces[i]->name, ==, names[i]);
        g_assert_cmpstr(ifaces[i]->hwaddr, ==, mac);
        g_assert_cmpstr(ifaces[i]->addrs[0].addr, ==, addr);
        virDomainInterfaceFree(ifaces[i]);
    }
    free(ifaces);
    g_assert_cmpint(virDomainDestroy(n), ==, 0);
    g_assert_cmpint(virDomainInterfaceAddresses(n, &ifaces, 0, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_NO_DOMAIN);
    virDomainFree(n);

    g_assert_cmpint(virDomainDestroy(d), ==, 0);
    g_assert_cmpint(virDomainInterfaceAddresses(d, &ifaces, 0, 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                 "Requested operation is not valid: domain is not running");
    g_assert_cmpint(virDomainCreate(d), ==, 0);

    /* Read-only: the leases and the ARP table, not the agent. */
    virConnectPtr ro = virConnectOpenReadOnly(testdrv_default_uri());
    g_assert_nonnull(ro);
    virDomainPtr rd = virDomainLookupByName(ro, "test");
    g_assert_cmpint(virDomainInterfaceAddresses(rd, &ifaces, 0, 0), ==, 1);
    virDomainInterfaceFree(ifaces[0]);
    free(ifaces);
    g_assert_cmpint(virDomainInterfaceAddresses(rd, &ifaces, 2, 0), ==, 1);
    virDomainInterfaceFree(ifaces[0]);
    free(ifaces);
    g_assert_cmpint(virDomainInterfaceAddresses(rd, &ifaces, 1, 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                 "operation forbidden: read only access prevents virDomainInterfaceAddresses");
    g_assert_cmpint(virDomainGetGuestInfo(rd, 0, &info, &ninfo, 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                 "operation forbidden: read only access prevents virDomainGetGuestInfo");
    g_assert_cmpint(virDomainAuthorizedSSHKeysGet(rd, "root", &keys, 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                 "operation forbidden: read only access prevents virDomainAuthorizedSSHKeysGet");
    g_assert_cmpint(virDomainAuthorizedSSHKeysSet(rd, "root", key, 1, 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                 "operation forbidden: read only access prevents virDomainAuthorizedSSHKeysSet");
    virDomainFree(rd);
    g_assert_cmpint(virConnectClose(ro), ==, 0);

    virDomainFree(d);
    g_string_truncate(seen, 0);
    close_default(c, cb);
}

/* --- title, description and <metadata>, and their event ---------------- */

static int on_metadata(virConnectPtr c, virDomainPtr d, int type, const char *nsuri,
                       void *opaque)
{
    g_string_append_printf(seen, "%s:%d:%s ", virDomainGetName(d), type, nsuri ? nsuri : "-");
    return 0;
}

static void test_metadata(void)
{
    int cb;
    virConnectPtr c = open_default(&cb);
    int mcb = virConnectDomainEventRegisterAny(c, NULL, VIR_DOMAIN_EVENT_ID_METADATA_CHANGE,
                                               VIR_DOMAIN_EVENT_CALLBACK(on_metadata), NULL, NULL);
    g_assert_cmpint(mcb, >=, 0);
    virDomainPtr d = virDomainLookupByName(c, "test");
    const char *ns = "http://example.org/app/";

    g_assert_null(virDomainGetMetadata(d, VIR_DOMAIN_METADATA_ELEMENT, ns, 0));
    assert_error(VIR_ERR_NO_DOMAIN_METADATA, VIR_FROM_DOMAIN,
                 "metadata not found: Requested metadata element is not present");
    g_assert_cmpint(virDomainSetMetadata(d, VIR_DOMAIN_METADATA_ELEMENT,
                                         "<app><owner>ops</owner></app>", "a", ns,
                                         VIR_DOMAIN_AFFECT_LIVE), ==, 0);
    g_assert_cmpint(virDomainSetMetadata(d, VIR_DOMAIN_METADATA_TITLE, "Web front", NULL, NULL,
                                         0), ==, 0);
    expect_events("test:2:http://example.org/app/ test:1:- ");

    /* The element comes back out of its namespace; the live definition
     * has it, the persistent one does not. */
    char *md = virDomainGetMetadata(d, VIR_DOMAIN_METADATA_ELEMENT, ns, 0);
    g_assert_cmpstr(md, ==, "<app>\n  <owner>ops</owner>\n</app>");
    free(md);
    g_assert_null(virDomainGetMetadata(d, VIR_DOMAIN_METADATA_ELEMENT, ns,
                                       VIR_DOMAIN_AFFECT_CONFIG));
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_NO_DOMAIN_METADATA);
    char *xml = virDomainGetXMLDesc(d, 0);
    g_assert_nonnull(strstr(xml, "<title>Web front</title>"));
    g_assert_nonnull(strstr(xml, "<a:app xmlns:a=\"http://example.org/app/\">"));
    free(xml);
    char *title = virDomainGetMetadata(d, VIR_DOMAIN_METADATA_TITLE, NULL, 0);
    g_assert_cmpstr(title, ==, "Web front");
    free(title);

    /* Removing: the element goes, an empty title is none. */
    g_assert_cmpint(virDomainSetMetadata(d, VIR_DOMAIN_METADATA_ELEMENT, NULL, NULL, ns, 0), ==, 0);
    g_assert_cmpint(virDomainSetMetadata(d, VIR_DOMAIN_METADATA_TITLE, "", NULL, NULL, 0), ==, 0);
    expect_events("test:2:http://example.org/app/ test:1:- ");
    g_assert_null(virDomainGetMetadata(d, VIR_DOMAIN_METADATA_TITLE, NULL, 0));
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_NO_DOMAIN_METADATA);

    /* libvirt's argument checks, and a bad element changes nothing. */
    g_assert_cmpint(virDomainSetMetadata(d, VIR_DOMAIN_METADATA_TITLE, "a\nb", NULL, NULL, 0),
                    ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "metadata title can't contain newlines");
    g_assert_cmpint(virDomainSetMetadata(d, VIR_DOMAIN_METADATA_DESCRIPTION, "x", NULL, ns, 0),
                    ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "uri in virDomainSetMetadata must be NULL");
    g_assert_cmpint(virDomainSetMetadata(d, VIR_DOMAIN_METADATA_ELEMENT, "<a/>", NULL, ns, 0),
                    ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "key in virDomainSetMetadata must not be NULL");
    g_assert_null(virDomainGetMetadata(d, VIR_DOMAIN_METADATA_ELEMENT, NULL, 0));
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "uri in virDomainGetMetadata must not be NULL");
    g_assert_null(virDomainGetMetadata(d, VIR_DOMAIN_METADATA_TITLE, NULL,
                                       VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG));
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually "
                 "exclusive");
    g_assert_null(virDomainGetMetadata(d, 7, NULL, 0));
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "invalid argument: unknown metadata type '7'");
    g_assert_cmpint(virDomainSetMetadata(d, VIR_DOMAIN_METADATA_ELEMENT, "<a", "k", ns, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_XML_DETAIL);
    g_assert_null(virDomainGetMetadata(d, VIR_DOMAIN_METADATA_ELEMENT, ns, 0));
    expect_events("");

    /* Read-only connections read but do not set. */
    virConnectPtr ro = virConnectOpenReadOnly(testdrv_default_uri());
    virDomainPtr rd = virDomainLookupByName(ro, "test");
    g_assert_cmpint(virDomainSetMetadata(rd, VIR_DOMAIN_METADATA_TITLE, "x", NULL, NULL, 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                 "operation forbidden: read only access prevents virDomainSetMetadata");
    g_assert_null(virDomainGetMetadata(rd, VIR_DOMAIN_METADATA_TITLE, NULL, 0));
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_NO_DOMAIN_METADATA);
    virDomainFree(rd);
    g_assert_cmpint(virConnectClose(ro), ==, 0);

    virConnectDomainEventDeregisterAny(c, mcb);
    virDomainFree(d);
    close_default(c, cb);
}

/* --- disk errors, as libvirt's test driver makes them up --------------- */

static void test_disk_errors(void)
{
    int cb;
    virConnectPtr c = open_default(&cb);
    virDomainPtr d = virDomainLookupByName(c, "test");
    virDomainDiskError errs[4];

    g_assert_cmpint(virDomainGetDiskErrors(d, NULL, 0, 0), ==, 1);
    g_assert_cmpint(virDomainGetDiskErrors(d, errs, 4, 0), ==, 1);
    g_assert_cmpstr(errs[0].disk, ==, "vda");
    g_assert_cmpint(errs[0].error, ==, VIR_DOMAIN_DISK_ERROR_UNSPEC);
    free(errs[0].disk);

    /* A domain with two disks: the second one is out of space. */
    g_assert_cmpint(virDomainDestroy(d), ==, 0);
    g_assert_cmpint(virDomainGetDiskErrors(d, NULL, 0, 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                 "Requested operation is not valid: domain is not running");
    virDomainPtr t = virDomainCreateXML(c,
        "<domain type='test'><name>disks</name><memory>1024</memory><os><type>hvm</type></os>"
        "<devices><disk type='file' device='disk'><source file='/a'/>"
        "<target dev='vda' bus='virtio'/></disk><disk type='file' device='disk'>"
        "<source file='/b'/><target dev='vdb' bus='virtio'/></disk></devices></domain>", 0);
    g_assert_nonnull(t);
    g_assert_cmpint(virDomainGetDiskErrors(t, errs, 1, 0), ==, 1);
    g_assert_cmpstr(errs[0].disk, ==, "vda");
    free(errs[0].disk);
    g_assert_cmpint(virDomainGetDiskErrors(t, errs, 4, 0), ==, 2);
    g_assert_cmpstr(errs[1].disk, ==, "vdb");
    g_assert_cmpint(errs[1].error, ==, VIR_DOMAIN_DISK_ERROR_NO_SPACE);
    free(errs[0].disk);
    free(errs[1].disk);

    /* libvirt's argument checks */
    g_assert_cmpint(virDomainGetDiskErrors(t, NULL, 2, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "errors in virDomainGetDiskErrors must not be NULL");
    g_assert_cmpint(virDomainGetDiskErrors(t, errs, 0, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "errors in virDomainGetDiskErrors must be NULL");
    g_assert_cmpint(virDomainDestroy(t), ==, 0);
    virDomainFree(t);
    g_assert_cmpint(virDomainCreate(d), ==, 0);
    virDomainFree(d);
    close_default(c, cb);
}

/* --- a screenshot: a PNG on a stream ---------------------------------- */

static int collect(virStreamPtr st, const char *buf, size_t n, void *opaque)
{
    g_byte_array_append(opaque, (const guint8 *)buf, (guint)n);
    return (int)n;
}

static guint32 be32(const guint8 *p)
{
    return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

static void test_screenshot(void)
{
    int cb;
    virConnectPtr c = open_default(&cb);
    virDomainPtr d = virDomainLookupByName(c, "test");
    virStreamPtr st = virStreamNew(c, 0);
    char *mime = virDomainScreenshot(d, st, 0, 0);
    g_assert_cmpstr(mime, ==, "image/png");
    free(mime);
    GByteArray *img = g_byte_array_new();
    g_assert_cmpint(virStreamRecvAll(st, collect, img), ==, 0);
    g_assert_cmpint(virStreamFinish(st), ==, 0);
    virStreamFree(st);
    /* a PNG whose header chunk says 64 x 48, ending with IEND */
    g_assert_cmpuint(img->len, >, 33 + 12);
    g_assert_cmpmem(img->data, 8, "\x89PNG\r\n\x1a\n", 8);
    g_assert_cmpmem(img->data + 12, 4, "IHDR", 4);
    g_assert_cmpuint(be32(img->data + 16), ==, 64);
    g_assert_cmpuint(be32(img->data + 20), ==, 48);
    g_assert_cmpmem(img->data + img->len - 8, 4, "IEND", 4);
    g_byte_array_unref(img);

    virConnectPtr ro = virConnectOpenReadOnly(testdrv_default_uri());
    virDomainPtr rd = virDomainLookupByName(ro, "test");
    virStreamPtr rst = virStreamNew(ro, 0);
    g_assert_null(virDomainScreenshot(rd, rst, 0, 0));
    assert_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                 "operation forbidden: read only access prevents virDomainScreenshot");
    virStreamFree(rst);
    virDomainFree(rd);
    g_assert_cmpint(virConnectClose(ro), ==, 0);
    virDomainFree(d);
    close_default(c, cb);
}

/* --- the scheduler, its parameters typed ------------------------------- */

static void test_scheduler(void)
{
    int cb;
    virConnectPtr c = open_default(&cb);
    virDomainPtr d = virDomainLookupByName(c, "test");
    int n = -1;

    char *type = virDomainGetSchedulerType(d, &n);
    g_assert_cmpstr(type, ==, "fair");
    g_assert_cmpint(n, ==, 1);
    free(type);

    virTypedParameter params[2];
    memset(params, 0, sizeof(params));
    n = 2;
    g_assert_cmpint(virDomainGetSchedulerParameters(d, params, &n), ==, 0);
    g_assert_cmpint(n, ==, 1);
    g_assert_cmpstr(params[0].field, ==, VIR_DOMAIN_SCHEDULER_WEIGHT);
    g_assert_cmpint(params[0].type, ==, VIR_TYPED_PARAM_UINT);
    g_assert_cmpuint(params[0].value.ui, ==, 50);

    /* The Flags read carries VIR_TYPED_PARAM_STRING_OKAY, which libvirt's
     * test driver refuses as any flag. */
    n = 1;
    g_assert_cmpint(virDomainGetSchedulerParametersFlags(d, params, &n, 0), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "unsupported flags (0x4) in function testDomainGetSchedulerParametersFlags");
    n = 0;
    g_assert_cmpint(virDomainGetSchedulerParameters(d, params, &n), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);

    /* A set checks its parameters and keeps nothing. */
    virTypedParameterPtr set = NULL;
    int nset = 0, max = 0;
    g_assert_cmpint(virTypedParamsAddUInt(&set, &nset, &max, VIR_DOMAIN_SCHEDULER_WEIGHT, 100), ==, 0);
    g_assert_cmpint(virDomainSetSchedulerParameters(d, set, nset), ==, 0);
    n = 1;
    g_assert_cmpint(virDomainGetSchedulerParameters(d, params, &n), ==, 0);
    g_assert_cmpuint(params[0].value.ui, ==, 50);
    g_assert_cmpint(virTypedParamsAddString(&set, &nset, &max, "foo", "bar"), ==, 0);
    g_assert_cmpint(virDomainSetSchedulerParameters(d, set, nset), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_ARGUMENT_UNSUPPORTED);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "argument unsupported: parameter 'foo' not supported");
    virTypedParamsFree(set, nset);
    set = NULL;
    nset = max = 0;
    g_assert_cmpint(virTypedParamsAddInt(&set, &nset, &max, VIR_DOMAIN_SCHEDULER_WEIGHT, 1), ==, 0);
    g_assert_cmpint(virDomainSetSchedulerParameters(d, set, nset), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "invalid argument: invalid type 'int' for parameter 'weight', expected 'uint'");
    virTypedParamsFree(set, nset);

    /* Read-only connections read, and may not set. */
    virConnectPtr ro = virConnectOpenReadOnly(testdrv_default_uri());
    virDomainPtr rd = virDomainLookupByName(ro, "test");
    n = 1;
    g_assert_cmpint(virDomainGetSchedulerParameters(rd, params, &n), ==, 0);
    g_assert_cmpint(virDomainSetSchedulerParameters(rd, params, n), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OPERATION_DENIED);
    virDomainFree(rd);
    g_assert_cmpint(virConnectClose(ro), ==, 0);

    virDomainFree(d);
    close_default(c, cb);
}

/* --- managed save, core dumps and jobs ------------------------------- */

static void test_managed_save(void)
{
    int cb;
    virConnectPtr c = open_default(&cb);
    virDomainPtr d = virDomainLookupByName(c, "test");
    virDomainPtr *list = NULL;

    g_assert_cmpint(virDomainHasManagedSaveImage(d, 0), ==, 0);
    g_assert_cmpint(virDomainManagedSave(d, VIR_DOMAIN_SAVE_RUNNING | VIR_DOMAIN_SAVE_PAUSED),
                    ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "Flags 'VIR_DOMAIN_SAVE_RUNNING' and "
                    "'VIR_DOMAIN_SAVE_PAUSED' are mutually exclusive");
    g_assert_cmpint(virDomainManagedSave(d, VIR_DOMAIN_SAVE_RESET_NVRAM), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "unsupported flags (0x8) in function testDomainManagedSave");
    g_assert_cmpint(virDomainIsActive(d), ==, 1);

    /* Saved: shut off for that reason, with an image the listing sees. */
    g_assert_cmpint(virDomainManagedSave(d, VIR_DOMAIN_SAVE_PAUSED), ==, 0);
    expect_events("test:-1:5:4 ");
    assert_state(d, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_SAVED);
    g_assert_cmpint(virDomainHasManagedSaveImage(d, 0), ==, 1);
    g_assert_cmpint(virConnectListAllDomains(c, &list, VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE), ==, 1);
    g_assert_cmpstr(virDomainGetName(list[0]), ==, "test");
    virDomainFree(list[0]);
    free(list);
    g_assert_cmpint(virConnectListAllDomains(c, &list, VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE),
                    ==, 0);
    free(list);
    g_assert_cmpint(virDomainManagedSave(d, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OPERATION_INVALID);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "Requested operation is not valid: domain is not running");

    /* The image keeps the domain from a plain undefine. */
    g_assert_cmpint(virDomainUndefine(d), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OPERATION_INVALID);
    g_assert_cmpstr(virGetLastErrorMessage(), ==, "Requested operation is not valid: "
                    "Refusing to undefine while domain managed save image exists");

    /* A start consumes the image (libvirt's test driver boots afresh). */
    g_assert_cmpint(virDomainCreate(d), ==, 0);
    g_autofree char *started = g_strdup_printf("test:%u:2:0 ", virDomainGetID(d));
    expect_events(started);
    assert_state(d, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
    g_assert_cmpint(virDomainHasManagedSaveImage(d, 0), ==, 0);

    /* Removal works whether or not there is an image. */
    g_assert_cmpint(virDomainManagedSave(d, 0), ==, 0);
    expect_events("test:-1:5:4 ");
    g_assert_cmpint(virDomainManagedSaveRemove(d, 0), ==, 0);
    g_assert_cmpint(virDomainHasManagedSaveImage(d, 0), ==, 0);
    g_assert_cmpint(virDomainManagedSaveRemove(d, 0), ==, 0);
    g_assert_cmpint(virDomainManagedSaveRemove(d, 1), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "unsupported flags (0x1) in function testDomainManagedSaveRemove");
    g_assert_cmpint(virDomainHasManagedSaveImage(d, 1), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "unsupported flags (0x1) in function testDomainHasManagedSaveImage");
    g_assert_cmpint(virDomainCreate(d), ==, 0);
    g_string_truncate(seen, 0);

    /* A transient domain has nowhere to come back from. */
    virDomainPtr t2 = virDomainCreateXML(c, T2_XML, 0);
    g_assert_nonnull(t2);
    g_assert_cmpint(virDomainManagedSave(t2, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OPERATION_INVALID);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "Requested operation is not valid: cannot do managed save for transient domain");
    g_assert_cmpint(virDomainDestroy(t2), ==, 0);
    virDomainFree(t2);
    g_string_truncate(seen, 0);

    /* The image's XML is not something libvirt's test driver has. */
    g_assert_null(virDomainManagedSaveGetXMLDesc(d, 0));
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_NO_SUPPORT);

    /* Read-only connections ask, and change nothing. */
    virConnectPtr ro = virConnectOpenReadOnly(testdrv_default_uri());
    virDomainPtr rd = virDomainLookupByName(ro, "test");
    g_assert_cmpint(virDomainHasManagedSaveImage(rd, 0), ==, 0);
    g_assert_cmpint(virDomainManagedSave(rd, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OPERATION_DENIED);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "operation forbidden: read only access prevents virDomainManagedSave");
    g_assert_cmpint(virDomainManagedSaveRemove(rd, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OPERATION_DENIED);
    g_assert_null(virDomainManagedSaveGetXMLDesc(rd, VIR_DOMAIN_SAVE_IMAGE_XML_SECURE));
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "operation forbidden: virDomainManagedSaveGetXMLDesc with secure flag");
    virDomainFree(rd);
    g_assert_cmpint(virConnectClose(ro), ==, 0);
    g_assert_cmpint(virDomainIsActive(d), ==, 1);

    virDomainFree(d);
    close_default(c, cb);
}

static void test_core_dump(void)
{
    int cb;
    virConnectPtr c = open_default(&cb);
    virDomainPtr d = virDomainLookupByName(c, "test");
    g_autofree char *dir = g_dir_make_tmp("mv-dump-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "core", NULL);
    g_autofree char *missing = g_build_filename(dir, "no", "core", NULL);
    g_autofree char *data = NULL;
    gsize len = 0;
    GStatBuf st;

    /* libvirt's checks come first. */
    g_assert_cmpint(virDomainCoreDump(d, NULL, 0), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "to in virDomainCoreDump must not be NULL");
    g_assert_cmpint(virDomainCoreDump(d, path, VIR_DUMP_CRASH | VIR_DUMP_LIVE), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==, "Flags 'VIR_DUMP_CRASH' "
                    "and 'VIR_DUMP_LIVE' are mutually exclusive");
    g_assert_cmpint(virDomainCoreDump(d, path, VIR_DUMP_LIVE | VIR_DUMP_RESET), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==, "Flags 'VIR_DUMP_LIVE' "
                    "and 'VIR_DUMP_RESET' are mutually exclusive");
    g_assert_cmpint(virDomainCoreDumpWithFormat(d, path, 5, 0), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "dumpformat '5' is not supported");
    g_assert_cmpint(virDomainCoreDump(d, path, VIR_DUMP_MEMORY_ONLY), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "unsupported flags (0x10) in function testDomainCoreDumpWithFormat");
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));

    /* The dump is libvirt's test header, readable by its owner only. */
    g_assert_cmpint(virDomainCoreDump(d, path, 0), ==, 0);
    g_assert_true(g_file_get_contents(path, &data, &len, NULL));
    g_assert_cmpuint(len, ==, 15);
    g_assert_cmpmem(data, len, "TestGuestMagic", 15);
    g_assert_cmpint(g_stat(path, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 0777, ==, 0600);
    g_assert_cmpint(virDomainIsActive(d), ==, 1);
    g_assert_cmpint(virDomainCoreDump(d, missing, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_SYSTEM_ERROR);
    g_autofree char *msg = g_strdup_printf("domain 'test' coredump: failed to open %s: "
                                           "No such file or directory", missing);
    g_assert_cmpstr(virGetLastErrorMessage(), ==, msg);

    /* Compressed formats: the header is written, then the format refused. */
    g_assert_cmpint(g_unlink(path), ==, 0);
    g_assert_cmpint(virDomainCoreDumpWithFormat(d, path, VIR_DOMAIN_CORE_DUMP_FORMAT_KDUMP_ZLIB,
                                                VIR_DUMP_CRASH), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OPERATION_UNSUPPORTED);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "Operation not supported: kdump-compressed format is not supported here");
    g_assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
    g_assert_cmpint(virDomainIsActive(d), ==, 1);

    /* A crash dump leaves the domain crashed. */
    g_assert_cmpint(virDomainCoreDumpWithFormat(d, path, VIR_DOMAIN_CORE_DUMP_FORMAT_RAW,
                                                VIR_DUMP_CRASH), ==, 0);
    expect_events("test:-1:5:2 ");
    assert_state(d, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_CRASHED);
    g_assert_cmpint(virDomainCoreDump(d, path, 0), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "Requested operation is not valid: domain is not running");
    g_assert_cmpint(virDomainCreate(d), ==, 0);
    g_string_truncate(seen, 0);

    /* Read-only connections may not dump. */
    virConnectPtr ro = virConnectOpenReadOnly(testdrv_default_uri());
    virDomainPtr rd = virDomainLookupByName(ro, "test");
    g_assert_cmpint(virDomainCoreDumpWithFormat(rd, path, 0, 0), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "operation forbidden: read only access prevents virDomainCoreDumpWithFormat");
    virDomainFree(rd);
    g_assert_cmpint(virConnectClose(ro), ==, 0);

    g_assert_cmpint(g_unlink(path), ==, 0);
    g_assert_cmpint(g_rmdir(dir), ==, 0);
    virDomainFree(d);
    close_default(c, cb);
}

/* libvirt's test driver runs no jobs: the calls are unsupported, after
 * libvirt's own argument checks. */
static void test_jobs(void)
{
    virConnectPtr c = virConnectOpen(testdrv_default_uri());
    virDomainPtr d = virDomainLookupByName(c, "test");
    virDomainJobInfo info;
    virTypedParameterPtr params = NULL;
    int type = -1, n = -1;

    g_assert_cmpint(virDomainGetJobInfo(d, &info), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_NO_SUPPORT);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "this function is not supported by the connection driver: virDomainGetJobInfo");
    g_assert_cmpint(virDomainGetJobStats(d, &type, &params, &n,
                                         VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);
    g_assert_cmpstr(virGetLastErrorMessage(), ==, "Flag "
                    "'VIR_DOMAIN_JOB_STATS_COMPLETED' is required by flag "
                    "'VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED'");
    g_assert_cmpint(virDomainGetJobStats(d, &type, &params, &n, 0), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "this function is not supported by the connection driver: virDomainGetJobStats");
    g_assert_cmpint(virDomainAbortJob(d), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "this function is not supported by the connection driver: virDomainAbortJob");
    g_assert_cmpint(virDomainAbortJobFlags(d, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_NO_SUPPORT);

    virConnectPtr ro = virConnectOpenReadOnly(testdrv_default_uri());
    virDomainPtr rd = virDomainLookupByName(ro, "test");
    g_assert_cmpint(virDomainAbortJob(rd), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "operation forbidden: read only access prevents virDomainAbortJob");
    g_assert_cmpint(virDomainGetJobInfo(rd, &info), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_NO_SUPPORT);
    virDomainFree(rd);
    g_assert_cmpint(virConnectClose(ro), ==, 0);
    virDomainFree(d);
    g_assert_cmpint(virConnectClose(c), ==, 0);
}

/* --- statistics, as libvirt's test driver gives them --------------------- */

#define T3_XML \
    "<domain type='test'><name>t3</name><memory>1000000</memory>" \
    "<currentMemory>600000</currentMemory><os><type>hvm</type></os><devices>" \
    "<disk type='file' device='disk'><source file='/x/img'/><target dev='sdb' bus='scsi'/></disk>" \
    "<disk type='file' device='cdrom'><target dev='hdc' bus='ide'/></disk>" \
    "<memballoon model='virtio'/></devices></domain>"

static void test_stats_counters(void)
{
    int cb;
    virConnectPtr c = open_default(&cb);
    virDomainPtr d = virDomainLookupByName(c, "test");

    /* The balloon's figures follow the current memory (2 GiB for "test"). */
    virDomainMemoryStatStruct mem[VIR_DOMAIN_MEMORY_STAT_NR + 2];
    g_assert_cmpint(virDomainMemoryStats(d, mem, G_N_ELEMENTS(mem), 0), ==, 13);
    g_assert_cmpint(mem[0].tag, ==, VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON);
    g_assert_cmpuint(mem[0].val, ==, 2097152);
    g_assert_cmpint(mem[5].tag, ==, VIR_DOMAIN_MEMORY_STAT_UNUSED);
    g_assert_cmpuint(mem[5].val, ==, 1048576);
    g_assert_cmpint(mem[8].tag, ==, VIR_DOMAIN_MEMORY_STAT_LAST_UPDATE);
    g_assert_cmpuint(mem[8].val, ==, 627319920);
    g_assert_cmpint(mem[9].tag, ==, VIR_DOMAIN_MEMORY_STAT_DISK_CACHES);
    g_assert_cmpuint(mem[9].val, ==, 262144);
    g_assert_cmpint(mem[12].tag, ==, VIR_DOMAIN_MEMORY_STAT_RSS);
    g_assert_cmpint(virDomainMemoryStats(d, mem, 2, 0), ==, 2);
    g_assert_cmpint(mem[1].tag, ==, VIR_DOMAIN_MEMORY_STAT_SWAP_IN);
    g_assert_cmpint(virDomainMemoryStats(d, mem, 0, 0), ==, 0);
    g_assert_cmpint(virDomainMemoryStats(d, mem, 13, 1), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "unsupported flags (0x1) in function testDomainMemoryStats");
    g_assert_cmpint(virDomainSetMemoryStatsPeriod(d, -1, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "period in virDomainSetMemoryStatsPeriod must be zero or greater");
    g_assert_cmpint(virDomainSetMemoryStatsPeriod(d, 10, 0), ==, 0);
    char *xml = virDomainGetXMLDesc(d, 0);
    g_assert_nonnull(strstr(xml, "<stats period='10'/>"));
    free(xml);

    /* Block and interface counters grow with the clock; devices are found
     * by target or source, by name or MAC. */
    virDomainBlockStatsStruct b1, b2;
    g_assert_cmpint(virDomainBlockStats(d, "vda", &b1, sizeof(b1)), ==, 0);
    g_assert_cmpint(virDomainBlockStats(d, "/guest/diskimage1", &b2, sizeof(b2)), ==, 0);
    g_assert_cmpint(b1.rd_req, >, 0);
    g_assert_cmpint(b2.rd_req, >=, b1.rd_req);
    g_assert_cmpint(b1.rd_req, ==, b1.rd_bytes * 2 + (b1.rd_req & 1));
    g_assert_cmpint(virDomainBlockStats(d, "vdb", &b1, sizeof(b1)), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: invalid path: vdb");
    g_assert_cmpint(virDomainBlockStats(d, "", &b1, sizeof(b1)), ==, -1);
    assert_error(VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_TEST,
                 "Operation not supported: summary statistics are not supported yet");
    g_assert_cmpint(virDomainBlockStats(d, "vda", &b1, sizeof(b1) + 1), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);
    int n = 0;
    g_assert_cmpint(virDomainBlockStatsFlags(d, "vda", NULL, &n, 0), ==, -1);
    assert_error(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN, "this function is not supported by the connection driver: "
                                     "virDomainBlockStatsFlags");

    virDomainInterfaceStatsStruct ifs;
    memset(&ifs, 0, sizeof(ifs));
    g_assert_cmpint(virDomainInterfaceStats(d, "testnet0", &ifs, sizeof(ifs)), ==, 0);
    g_assert_cmpint(ifs.rx_bytes, >, ifs.rx_packets);
    g_assert_cmpint(virDomainInterfaceStats(d, "aa:bb:cc:dd:ee:ff", &ifs, sizeof(ifs)), ==, 0);
    g_assert_cmpint(virDomainInterfaceStats(d, "eth0", &ifs, sizeof(ifs)), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "invalid argument: 'eth0' is not a known interface");

    virDomainBlockInfo info;
    g_assert_cmpint(virDomainGetBlockInfo(d, "vda", &info, 0), ==, 0);
    g_assert_cmpuint(info.capacity, ==, 1099506450432ULL);
    g_assert_cmpuint(info.allocation, ==, 1099511627776ULL);
    g_assert_cmpuint(info.physical, ==, 1099511627776ULL);
    g_assert_cmpint(virDomainGetBlockInfo(d, "vdb", &info, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: invalid path vdb not assigned to domain");
    g_assert_cmpint(virDomainGetBlockInfo(d, "vda", &info, 1), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "unsupported flags (0x1) in function testDomainGetBlockInfo");

    /* A domain without a balloon has no memory statistics; a stopped one
     * has no counters, but its disks still have sizes. */
    virDomainPtr t3 = virDomainDefineXML(c, T3_XML);
    g_assert_nonnull(t3);
    g_assert_cmpint(virDomainMemoryStats(t3, mem, 13, 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, "Requested operation is not valid: domain is not running");
    g_assert_cmpint(virDomainBlockStats(t3, "sdb", &b1, sizeof(b1)), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, "Requested operation is not valid: domain is not running");
    g_assert_cmpint(virDomainGetBlockInfo(t3, "/x/img", &info, 0), ==, 0);
    g_assert_cmpint(virDomainGetBlockInfo(t3, "hdc", &info, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "invalid argument: disk 'hdc' does not currently have a source assigned");
    g_assert_cmpint(virDomainSetMemoryStatsPeriod(t3, 5, VIR_DOMAIN_AFFECT_LIVE), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, "Requested operation is not valid: domain is not running");
    g_assert_cmpint(virDomainSetMemoryStatsPeriod(t3, 5, 0), ==, 0);
    g_assert_cmpint(virDomainCreate(t3), ==, 0);
    g_assert_cmpint(virDomainMemoryStats(t3, mem, 13, 0), ==, 13);
    g_assert_cmpuint(mem[0].val, ==, 600000);
    g_assert_cmpuint(mem[12].val, ==, 300000);
    g_assert_cmpint(virDomainDestroy(t3), ==, 0);
    g_assert_cmpint(virDomainUndefine(t3), ==, 0);
    virDomainFree(t3);
    virDomainPtr t4 = virDomainCreateXML(c,
        "<domain type='test'><name>t4</name><memory>1024</memory><os><type>hvm</type></os>"
        "<devices><memballoon model='none'/></devices></domain>", 0);
    g_assert_nonnull(t4);
    g_assert_cmpint(virDomainMemoryStats(t4, mem, 13, 0), ==, 0);
    g_assert_cmpint(virDomainSetMemoryStatsPeriod(t4, 5, 0), ==, -1);
    assert_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST, "internal error: No memory balloon device configured, "
                                         "can not set the collection period");
    g_assert_cmpint(virDomainDestroy(t4), ==, 0);
    virDomainFree(t4);
    g_string_truncate(seen, 0);

    /* Read-only connections read, and may not set the period. */
    virConnectPtr ro = virConnectOpenReadOnly(testdrv_default_uri());
    virDomainPtr rd = virDomainLookupByName(ro, "test");
    g_assert_cmpint(virDomainMemoryStats(rd, mem, 13, 0), ==, 13);
    g_assert_cmpint(virDomainSetMemoryStatsPeriod(rd, 10, 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                 "operation forbidden: read only access prevents virDomainSetMemoryStatsPeriod");
    virDomainFree(rd);
    g_assert_cmpint(virConnectClose(ro), ==, 0);

    virDomainFree(d);
    close_default(c, cb);
}

static void add_ull(virTypedParameterPtr *p, int *n, int *max, const char *name,
                    unsigned long long v)
{
    g_assert_cmpint(virTypedParamsAddULLong(p, n, max, name, v), ==, 0);
}

/* The value of NAME among the N parameters of a block I/O tune read. */
static unsigned long long tune_value(virTypedParameterPtr p, int n, const char *name)
{
    unsigned long long v = 0;
    g_assert_cmpint(virTypedParamsGetULLong(p, n, name, &v), ==, 1);
    return v;
}

static void test_stats_iotune(void)
{
    int cb;
    virConnectPtr c = open_default(&cb);
    virDomainPtr d = virDomainLookupByName(c, "test");
    virTypedParameter got[20];
    virTypedParameterPtr set = NULL;
    int n = 0, nset = 0, max = 0;

    g_assert_cmpint(virDomainGetBlockIoTune(d, NULL, NULL, &n, 0), ==, 0);
    g_assert_cmpint(n, ==, 20);
    g_assert_cmpint(virDomainGetBlockIoTune(d, "vda", got, &n, 0), ==, 0);
    g_assert_cmpint(n, ==, 20);
    g_assert_cmpstr(got[0].field, ==, "total_bytes_sec");
    g_assert_cmpstr(got[13].field, ==, "group_name");
    g_assert_cmpstr(got[13].value.s, ==, "");
    g_assert_cmpstr(got[19].field, ==, "write_iops_sec_max_length");
    virTypedParamsClear(got, n);
    g_assert_cmpint(virDomainGetBlockIoTune(d, "vdb", got, &n, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "invalid argument: disk 'vdb' was not found in the domain config");
    g_assert_cmpint(virDomainGetBlockIoTune(d, NULL, got, &n, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "disk in virDomainGetBlockIoTune must not be NULL");

    /* libvirt's rules: a rate needs a burst at least as high, and total
     * excludes read and write; a refused set changes nothing. */
    add_ull(&set, &nset, &max, "total_bytes_sec", 1000);
    g_assert_cmpint(virDomainSetBlockIoTune(d, "vda", set, nset, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "invalid argument: total_bytes_sec cannot be set higher than total_bytes_sec_max ");
    add_ull(&set, &nset, &max, "total_bytes_sec_max", 5000);
    add_ull(&set, &nset, &max, "read_iops_sec", 10);
    add_ull(&set, &nset, &max, "total_iops_sec", 3);
    g_assert_cmpint(virDomainSetBlockIoTune(d, "vda", set, nset, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: total and read/write of iops_sec "
                                      "cannot be set at the same time");
    virTypedParamsFree(set, nset);
    set = NULL;
    nset = max = 0;
    add_ull(&set, &nset, &max, "total_bytes_sec_max", 10000000000000000ULL);
    g_assert_cmpint(virDomainSetBlockIoTune(d, "vda", set, nset, 0), ==, -1);
    assert_error(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_TEST, "argument unsupported: block I/O throttle limit "
                                               "value must be no more than 1000000000000000");
    virTypedParamsFree(set, nset);
    set = NULL;
    nset = max = 0;
    add_ull(&set, &nset, &max, "bogus", 1);
    g_assert_cmpint(virDomainSetBlockIoTune(d, "vda", set, nset, 0), ==, -1);
    assert_error(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_NONE, "argument unsupported: parameter 'bogus' not supported");
    virTypedParamsFree(set, nset);
    set = NULL;
    nset = max = 0;
    g_assert_cmpint(virTypedParamsAddUInt(&set, &nset, &max, "total_bytes_sec", 1), ==, 0);
    g_assert_cmpint(virDomainSetBlockIoTune(d, "vda", set, nset, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_NONE, "invalid argument: invalid type 'uint' for parameter "
                                      "'total_bytes_sec', expected 'ullong'");
    virTypedParamsFree(set, nset);
    set = NULL;
    nset = max = 0;
    n = 20;
    g_assert_cmpint(virDomainGetBlockIoTune(d, "vda", got, &n, 0), ==, 0);
    g_assert_cmpuint(tune_value(got, n, "total_bytes_sec_max"), ==, 0);
    virTypedParamsClear(got, n);

    /* Accepted settings are kept, the live ones apart from the persistent
     * ones while the domain runs. */
    add_ull(&set, &nset, &max, "total_bytes_sec", 10);
    add_ull(&set, &nset, &max, "total_bytes_sec_max", 1000);
    g_assert_cmpint(virDomainSetBlockIoTune(d, "vda", set, nset, 0), ==, 0);
    n = 20;
    g_assert_cmpint(virDomainGetBlockIoTune(d, "/guest/diskimage1", got, &n, 0), ==, 0);
    g_assert_cmpuint(tune_value(got, n, "total_bytes_sec"), ==, 10);
    g_assert_cmpuint(tune_value(got, n, "total_bytes_sec_max"), ==, 1000);
    virTypedParamsClear(got, n);
    n = 20;
    g_assert_cmpint(virDomainGetBlockIoTune(d, "vda", got, &n, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_assert_cmpuint(tune_value(got, n, "total_bytes_sec"), ==, 0);
    virTypedParamsClear(got, n);
    g_assert_cmpint(virDomainSetBlockIoTune(d, "vda", set, nset, 3), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "Flags 'VIR_DOMAIN_AFFECT_LIVE' and "
                                      "'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
    g_assert_cmpint(virDomainSetBlockIoTune(d, "vda", set, nset, 4), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "unsupported flags (0x4) in function testDomainSetBlockIoTune");
    g_assert_cmpint(virDomainSetBlockIoTune(d, "vdb", set, nset, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "invalid argument: missing persistent configuration for disk 'vdb'");
    g_assert_cmpint(virDomainSetBlockIoTune(d, "vda", set, 0, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "nparams in virDomainSetBlockIoTune must be greater than zero");

    virConnectPtr ro = virConnectOpenReadOnly(testdrv_default_uri());
    virDomainPtr rd = virDomainLookupByName(ro, "test");
    n = 20;
    g_assert_cmpint(virDomainGetBlockIoTune(rd, "vda", got, &n, 0), ==, 0);
    virTypedParamsClear(got, n);
    g_assert_cmpint(virDomainSetBlockIoTune(rd, "vda", set, nset, 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                 "operation forbidden: read only access prevents virDomainSetBlockIoTune");
    virDomainFree(rd);
    g_assert_cmpint(virConnectClose(ro), ==, 0);

    /* Back to none, for the other programs sharing test:///default. */
    virTypedParamsFree(set, nset);
    set = NULL;
    nset = max = 0;
    add_ull(&set, &nset, &max, "total_bytes_sec", 0);
    add_ull(&set, &nset, &max, "total_bytes_sec_max", 0);
    g_assert_cmpint(virDomainSetBlockIoTune(d, "vda", set, nset, 0), ==, 0);
    virTypedParamsFree(set, nset);
    virDomainFree(d);
    close_default(c, cb);
}

/* The <disk> elements of D's definition (FLAGS: 0 or INACTIVE), from the
 * first <disk to the last </disk>. */
static char *disks_xml(virDomainPtr d, unsigned int flags)
{
    g_autofree char *xml = virDomainGetXMLDesc(d, flags);
    g_assert_nonnull(xml);
    const char *from = strstr(xml, "<disk");
    const char *to = g_strrstr(xml, "</disk>");
    g_assert_true(from && to);
    return g_strndup(from, (size_t)(to + strlen("</disk>") - from));
}

#define IOTUNE_DISK_A(extra_rates, extra_max)                                    \
    "<disk type='file' device='disk'>\n"                                         \
    "      <source file='/a'/>\n"                                                \
    "      <target dev='vda' bus='virtio'/>\n"                                   \
    "      <iotune>\n"                                                           \
    "        <total_bytes_sec>100</total_bytes_sec>\n" extra_rates               \
    "        <total_bytes_sec_max>200</total_bytes_sec_max>\n" extra_max         \
    "        <group_name>g0</group_name>\n"                                      \
    "      </iotune>\n"                                                          \
    "    </disk>\n"
#define IOTUNE_DISK_B(iotune)                                                    \
    "    <disk type='file' device='disk'>\n"                                     \
    "      <source file='/b'/>\n"                                                \
    "      <target dev='vdb' bus='virtio'/>\n" iotune                            \
    "    </disk>"
#define IOTUNE_VDB_CONFIG                                                        \
    "      <iotune>\n"                                                           \
    "        <write_bytes_sec>7</write_bytes_sec>\n"                             \
    "        <write_bytes_sec_max>8</write_bytes_sec_max>\n"                     \
    "        <group_name>g1</group_name>\n"                                      \
    "      </iotune>\n"

/* Throttling lives in the disks' <iotune>: read from the definition,
 * changed in the live or the persistent one, shown by dumpxml exactly as
 * libvirt 9.0's test driver shows it. */
static void test_stats_iotune_xml(void)
{
    int cb;
    virConnectPtr c = open_default(&cb);
    virDomainPtr d = virDomainDefineXML(c,
        "<domain type='test'><name>iotune</name><memory>1024</memory><os><type>hvm</type></os>"
        "<devices><disk type='file' device='disk'><source file='/a'/>"
        "<target dev='vda' bus='virtio'/><iotune><total_bytes_sec_max>200</total_bytes_sec_max>"
        "<group_name>g0</group_name><total_bytes_sec>100</total_bytes_sec></iotune></disk>"
        "<disk type='file' device='disk'><source file='/b'/><target dev='vdb' bus='virtio'/>"
        "</disk></devices></domain>");
    g_assert_nonnull(d);
    g_assert_cmpint(virDomainCreate(d), ==, 0);
    virTypedParameter got[20];
    virTypedParameterPtr set = NULL;
    int n = 20, nset = 0, max = 0;
    const char *group = NULL;

    /* The running guest starts with the definition's values. */
    g_assert_cmpint(virDomainGetBlockIoTune(d, "vda", got, &n, 0), ==, 0);
    g_assert_cmpuint(tune_value(got, n, "total_bytes_sec"), ==, 100);
    g_assert_cmpuint(tune_value(got, n, "total_bytes_sec_max"), ==, 200);
    g_assert_cmpint(virTypedParamsGetString(got, n, "group_name", &group), ==, 1);
    g_assert_cmpstr(group, ==, "g0");
    virTypedParamsClear(got, n);

    /* A live change merges into the live definition only. */
    add_ull(&set, &nset, &max, "read_iops_sec", 5);
    add_ull(&set, &nset, &max, "read_iops_sec_max", 6);
    g_assert_cmpint(virDomainSetBlockIoTune(d, "vda", set, nset, VIR_DOMAIN_AFFECT_LIVE), ==, 0);
    virTypedParamsFree(set, nset);
    set = NULL;
    nset = max = 0;
    g_autofree char *live = disks_xml(d, 0);
    g_assert_cmpstr(live, ==,
                    IOTUNE_DISK_A("        <read_iops_sec>5</read_iops_sec>\n",
                                  "        <read_iops_sec_max>6</read_iops_sec_max>\n")
                    IOTUNE_DISK_B(""));
    g_autofree char *inactive = disks_xml(d, VIR_DOMAIN_XML_INACTIVE);
    g_assert_cmpstr(inactive, ==, IOTUNE_DISK_A("", "") IOTUNE_DISK_B(""));

    /* A persistent change reaches the persistent definition only. */
    add_ull(&set, &nset, &max, "write_bytes_sec", 7);
    add_ull(&set, &nset, &max, "write_bytes_sec_max", 8);
    g_assert_cmpint(virTypedParamsAddString(&set, &nset, &max, "group_name", "g1"), ==, 0);
    g_assert_cmpint(virDomainSetBlockIoTune(d, "vdb", set, nset, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    virTypedParamsFree(set, nset);
    set = NULL;
    nset = max = 0;
    g_autofree char *live2 = disks_xml(d, 0);
    g_assert_cmpstr(live2, ==, live);
    g_autofree char *inactive2 = disks_xml(d, VIR_DOMAIN_XML_INACTIVE);
    g_assert_cmpstr(inactive2, ==, IOTUNE_DISK_A("", "") IOTUNE_DISK_B(IOTUNE_VDB_CONFIG));

    /* A refused change leaves the definition as it was. */
    add_ull(&set, &nset, &max, "total_bytes_sec", 1);
    g_assert_cmpint(virDomainSetBlockIoTune(d, "vdb", set, nset, VIR_DOMAIN_AFFECT_CONFIG), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: total and read/write of "
                                      "bytes_sec cannot be set at the same time");
    virTypedParamsFree(set, nset);
    g_autofree char *inactive3 = disks_xml(d, VIR_DOMAIN_XML_INACTIVE);
    g_assert_cmpstr(inactive3, ==, inactive2);
    n = 20;
    g_assert_cmpint(virDomainGetBlockIoTune(d, "vdb", got, &n, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_assert_cmpuint(tune_value(got, n, "write_bytes_sec"), ==, 7);
    g_assert_cmpint(virTypedParamsGetString(got, n, "group_name", &group), ==, 1);
    g_assert_cmpstr(group, ==, "g1");
    virTypedParamsClear(got, n);

    /* Once stopped, the persistent values are what remains. */
    g_assert_cmpint(virDomainDestroy(d), ==, 0);
    g_autofree char *after = disks_xml(d, 0);
    g_assert_cmpstr(after, ==, inactive2);
    g_assert_cmpint(virDomainUndefine(d), ==, 0);
    virDomainFree(d);
    close_default(c, cb);
}

/* The record of domain NAME in STATS, or NULL. */
static virDomainStatsRecordPtr record_of(virDomainStatsRecordPtr *stats, const char *name)
{
    for (; *stats; stats++)
        if (!strcmp(virDomainGetName((*stats)->dom), name))
            return *stats;
    return NULL;
}

static void test_stats_bulk(void)
{
    int cb;
    virConnectPtr c = open_default(&cb);
    virDomainPtr d = virDomainLookupByName(c, "test");
    virDomainPtr t3 = virDomainDefineXML(c, T3_XML);
    virDomainStatsRecordPtr *stats = NULL;
    int state = -1;

    /* Every domain, the state group by default and on request. */
    g_assert_cmpint(virConnectGetAllDomainStats(c, 0, &stats, 0), ==, 2);
    virDomainStatsRecordPtr rec = record_of(stats, "test");
    g_assert_nonnull(rec);
    g_assert_cmpint(rec->nparams, ==, 2);
    g_assert_cmpstr(rec->params[0].field, ==, "state.state");
    g_assert_cmpint(virTypedParamsGetInt(rec->params, rec->nparams, "state.state", &state), ==, 1);
    g_assert_cmpint(state, ==, VIR_DOMAIN_RUNNING);
    rec = record_of(stats, "t3");
    g_assert_nonnull(rec);
    g_assert_cmpint(virTypedParamsGetInt(rec->params, rec->nparams, "state.state", &state), ==, 1);
    g_assert_cmpint(state, ==, VIR_DOMAIN_SHUTOFF);
    virDomainStatsRecordListFree(stats);

    /* Groups the driver lacks give empty records, or an error enforced. */
    g_assert_cmpint(virConnectGetAllDomainStats(c, VIR_DOMAIN_STATS_BLOCK, &stats, 0), ==, 2);
    g_assert_cmpint(stats[0]->nparams, ==, 0);
    virDomainStatsRecordListFree(stats);
    g_assert_cmpint(virConnectGetAllDomainStats(c, VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_BLOCK,
                                                &stats,
                                                VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS),
                    ==, -1);
    g_assert_null(stats);
    assert_error(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_TEST,
                 "argument unsupported: Stats types bits 0x20 are not supported by this daemon");
    g_assert_cmpint(virConnectGetAllDomainStats(c, 0, &stats, 1 << 8), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "unsupported flags (0x100) in function testConnectGetAllDomainStats");

    /* The filters of virConnectListAllDomains. */
    g_assert_cmpint(virConnectGetAllDomainStats(c, VIR_DOMAIN_STATS_STATE, &stats,
                                                VIR_CONNECT_GET_ALL_DOMAINS_STATS_SHUTOFF), ==, 1);
    g_assert_cmpstr(virDomainGetName(stats[0]->dom), ==, "t3");
    g_assert_null(stats[1]);
    virDomainStatsRecordListFree(stats);

    /* The caller's domains, filtered the same way. */
    virDomainPtr doms[] = { t3, d, NULL };
    g_assert_cmpint(virDomainListGetStats(doms, 0, &stats, 0), ==, 2);
    g_assert_cmpstr(virDomainGetName(stats[0]->dom), ==, "t3");
    g_assert_cmpstr(virDomainGetName(stats[1]->dom), ==, "test");
    virDomainStatsRecordListFree(stats);
    g_assert_cmpint(virDomainListGetStats(doms, 0, &stats,
                                          VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE), ==, 1);
    g_assert_cmpstr(virDomainGetName(stats[0]->dom), ==, "test");
    virDomainStatsRecordListFree(stats);
    virDomainPtr none[] = { NULL };
    g_assert_cmpint(virDomainListGetStats(none, 0, &stats, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "invalid argument: doms array in virDomainListGetStats "
                                      "must contain at least one domain");
    virDomainStatsRecordListFree(NULL);

    g_assert_cmpint(virDomainUndefine(t3), ==, 0);
    virDomainFree(t3);
    virDomainFree(d);
    close_default(c, cb);
}

/* --- virtual CPUs, pinning, CPU counters ------------------------------ */

static void test_vcpus(void)
{
    int cb;
    virConnectPtr c = open_default(&cb);
    virDomainPtr d = virDomainLookupByName(c, "test");
    virVcpuInfo info[4];
    unsigned char maps[8], map[4];

    /* Two running vCPUs on all 16 host CPUs of the test node, each on the
     * last one, with the clock as CPU time. */
    memset(maps, 0xaa, sizeof(maps));
    gint64 before = g_get_real_time() / 10;
    g_assert_cmpint(virDomainGetVcpus(d, info, 4, maps, 2), ==, 2);
    g_assert_cmpuint(info[1].number, ==, 1);
    g_assert_cmpint(info[1].state, ==, VIR_VCPU_RUNNING);
    g_assert_cmpint(info[0].cpu, ==, 15);
    g_assert_cmpuint(info[0].cpuTime, >=, (guint64)before);
    g_assert_cmpmem(maps, 4, "\xff\xff\xff\xff", 4);

    /* A pin is the vCPU's map from then on; an empty map is accepted. */
    map[0] = 0;
    map[1] = 0x01;   /* CPU 8 */
    g_assert_cmpint(virDomainPinVcpu(d, 0, map, 2), ==, 0);
    map[0] = 0;
    g_assert_cmpint(virDomainPinVcpuFlags(d, 1, map, 1, 0), ==, 0);
    g_assert_cmpint(virDomainGetVcpus(d, info, 2, maps, 1), ==, 2);
    g_assert_cmpint(info[0].cpu, ==, 8);
    g_assert_cmpint(info[1].cpu, ==, -1);
    g_assert_cmpint(maps[0], ==, 0);
    g_assert_cmpint(virDomainGetVcpuPinInfo(d, 4, maps, 2, 0), ==, 2);
    g_assert_cmpmem(maps, 4, "\x00\x01\x00\x00", 4);
    /* The live definition shows them, as libvirt's test driver. */
    char *xml = virDomainGetXMLDesc(d, 0);
    g_assert_nonnull(strstr(xml, "  <cputune>\n    <vcpupin vcpu='0' cpuset='8'/>\n"
                                 "    <vcpupin vcpu='1' cpuset=''/>\n  </cputune>\n"));
    free(xml);
    /* The persistent definition has no pins. */
    g_assert_cmpint(virDomainGetVcpuPinInfo(d, 1, maps, 2, VIR_DOMAIN_AFFECT_CONFIG), ==, 1);
    g_assert_cmpmem(maps, 2, "\xff\xff", 2);

    /* libvirt's argument checks, then its test driver's. */
    g_assert_cmpint(virDomainPinVcpu(d, 2, map, 1), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "invalid argument: requested vcpu '2' is not present in the domain");
    g_assert_cmpint(virDomainPinVcpuFlags(d, 0, map, 1, VIR_DOMAIN_AFFECT_CONFIG), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "unsupported flags (0x2) in function testDomainPinVcpuFlags");
    g_assert_cmpint(virDomainPinVcpu(d, 0, map, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "maplen in virDomainPinVcpu must be greater than zero");
    g_assert_cmpint(virDomainPinVcpu(d, 0, NULL, 1), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "cpumap in virDomainPinVcpu must not be NULL");
    g_assert_cmpint(virDomainGetVcpus(d, info, 2, NULL, 1), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "maplen in virDomainGetVcpus must not be zero");
    g_assert_cmpint(virDomainGetVcpus(d, info, 0, maps, 1), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "maxinfo in virDomainGetVcpus must be greater than zero");
    g_assert_cmpint(virDomainGetVcpuPinInfo(d, 1, maps, 1,
                                            VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG),
                    ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");

    /* The emulator: live and config apart; an empty map refused. */
    g_assert_cmpint(virDomainGetEmulatorPinInfo(d, map, 3, 0), ==, 1);
    g_assert_cmpmem(map, 3, "\xff\xff\x00", 3);
    map[0] = 0;
    g_assert_cmpint(virDomainPinEmulator(d, map, 1, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: Empty cpu list for pinning");
    map[0] = 0x02;
    g_assert_cmpint(virDomainPinEmulator(d, map, 1, VIR_DOMAIN_AFFECT_LIVE), ==, 0);
    map[0] = 0x04;
    g_assert_cmpint(virDomainPinEmulator(d, map, 1, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_assert_cmpint(virDomainGetEmulatorPinInfo(d, map, 2, 0), ==, 1);
    g_assert_cmpmem(map, 2, "\x02\x00", 2);
    g_assert_cmpint(virDomainGetEmulatorPinInfo(d, map, 2, VIR_DOMAIN_AFFECT_CONFIG), ==, 1);
    g_assert_cmpmem(map, 2, "\x04\x00", 2);
    xml = virDomainGetXMLDesc(d, 0);
    g_assert_nonnull(strstr(xml, "    <emulatorpin cpuset='1'/>\n  </cputune>\n"));
    free(xml);
    xml = virDomainGetXMLDesc(d, VIR_DOMAIN_XML_INACTIVE);
    g_assert_nonnull(strstr(xml, "  <cputune>\n    <emulatorpin cpuset='2'/>\n  </cputune>\n"));
    free(xml);

    /* CPU time: libvirt's figures for two host CPUs and in total. */
    virTypedParameter p[6];
    g_assert_cmpint(virDomainGetCPUStats(d, NULL, 0, 0, 0, 0), ==, 2);
    g_assert_cmpint(virDomainGetCPUStats(d, NULL, 0, -1, 1, 0), ==, 3);
    g_assert_cmpint(virDomainGetCPUStats(d, p, 3, -1, 1, 0), ==, 3);
    g_assert_cmpstr(p[2].field, ==, VIR_DOMAIN_CPU_STATS_SYSTEMTIME);
    g_assert_cmpuint(p[0].value.ul, ==, 48772617035ULL);
    memset(p, 0, sizeof(p));
    g_assert_cmpint(virDomainGetCPUStats(d, p, 3, 1, 2, 0), ==, 2);
    g_assert_cmpstr(p[0].field, ==, VIR_DOMAIN_CPU_STATS_CPUTIME);
    g_assert_cmpuint(p[0].value.ul, ==, 24386308518ULL);
    g_assert_cmpstr(p[1].field, ==, VIR_DOMAIN_CPU_STATS_VCPUTIME);
    g_assert_cmpuint(p[1].value.ul, ==, 23151740628ULL);
    g_assert_cmpstr(p[3].field, ==, "");
    g_assert_cmpint(virDomainGetCPUStats(d, p, 2, 2, 1, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "invalid argument: start_cpu 2 larger than maximum of 1");
    g_assert_cmpint(virDomainGetCPUStats(d, p, 2, -1, 2, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "ncpus must be 1 when start_cpu is -1");
    g_assert_cmpint(virDomainGetCPUStats(d, p, 2, 0, 1, 1), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "unsupported flags (0x1) in function testDomainGetCPUStats");

    /* The host: its four fixed counters, its CPU map; no memory counters. */
    virNodeCPUStats ns[4];
    int n = 0;
    g_assert_cmpint(virNodeGetCPUStats(c, -1, NULL, &n, 0), ==, 0);
    g_assert_cmpint(n, ==, 4);
    g_assert_cmpint(virNodeGetCPUStats(c, 0, ns, &n, 0), ==, 0);
    g_assert_cmpstr(ns[1].field, ==, VIR_NODE_CPU_STATS_KERNEL);
    g_assert_cmpuint(ns[1].value, ==, 34678723400000ULL);
    g_assert_cmpint(virNodeGetCPUStats(c, -2, ns, &n, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "cpuNum in virNodeGetCPUStats only accepts -1 as a negative value");
    virNodeMemoryStats ms[4];
    n = 4;
    g_assert_cmpint(virNodeGetMemoryStats(c, -1, ms, &n, 0), ==, -1);
    assert_error(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN,
                 "this function is not supported by the connection driver: virNodeGetMemoryStats");
    unsigned char *cpus = NULL;
    unsigned int online = 0;
    g_assert_cmpint(virNodeGetCPUMap(c, &cpus, &online, 0), ==, 8);
    g_assert_cmpint(cpus[0], ==, 0x15);
    g_assert_cmpuint(online, ==, 3);
    free(cpus);

    /* Read-only connections read, and may not pin. */
    virConnectPtr ro = virConnectOpenReadOnly(testdrv_default_uri());
    virDomainPtr rd = virDomainLookupByName(ro, "test");
    g_assert_cmpint(virDomainGetVcpus(rd, info, 2, NULL, 0), ==, 2);
    g_assert_cmpint(virDomainPinVcpu(rd, 0, map, 1), ==, -1);
    assert_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                 "operation forbidden: read only access prevents virDomainPinVcpu");
    g_assert_cmpint(virDomainPinEmulator(rd, map, 1, 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                 "operation forbidden: read only access prevents virDomainPinEmulator");
    virDomainFree(rd);
    g_assert_cmpint(virConnectClose(ro), ==, 0);

    /* Stopped: no vCPUs to list or pin, the config read; a start gives
     * the live emulator pin the config's and clears the vCPU pins. */
    g_assert_cmpint(virDomainDestroy(d), ==, 0);
    g_assert_cmpint(virDomainGetVcpus(d, info, 2, maps, 1), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
                 "Requested operation is not valid: cannot list vcpus for an inactive domain");
    g_assert_cmpint(virDomainPinVcpu(d, 0, map, 1), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
                 "Requested operation is not valid: cannot pin vcpus on an inactive domain");
    g_assert_cmpint(virDomainGetCPUStats(d, p, 2, 0, 1, 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                 "Requested operation is not valid: domain is not running");
    g_assert_cmpint(virDomainGetEmulatorPinInfo(d, map, 1, VIR_DOMAIN_AFFECT_LIVE), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                 "Requested operation is not valid: domain is not running");
    g_assert_cmpint(virDomainGetEmulatorPinInfo(d, map, 1, 0), ==, 1);
    g_assert_cmpint(map[0], ==, 0x04);
    g_assert_cmpint(virDomainCreate(d), ==, 0);
    g_string_truncate(seen, 0);
    g_assert_cmpint(virDomainGetEmulatorPinInfo(d, map, 1, 0), ==, 1);
    g_assert_cmpint(map[0], ==, 0x04);
    g_assert_cmpint(virDomainGetVcpus(d, info, 2, maps, 1), ==, 2);
    g_assert_cmpint(info[0].cpu, ==, 15);

    /* A transient domain: its <vcpu cpuset> is every map; no config. */
    virDomainPtr t = virDomainCreateXML(c,
        "<domain type='test'><name>vcpus</name><memory>1024</memory>"
        "<vcpu cpuset='1-2'>3</vcpu><os><type>hvm</type></os></domain>", 0);
    g_assert_nonnull(t);
    g_assert_cmpint(virDomainGetVcpus(t, info, 4, maps, 1), ==, 3);
    g_assert_cmpint(info[2].cpu, ==, 2);
    g_assert_cmpint(maps[2], ==, 0x06);
    g_assert_cmpint(virDomainGetEmulatorPinInfo(t, map, 1, VIR_DOMAIN_AFFECT_CONFIG), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                 "Requested operation is not valid: transient domains do not have any persistent config");
    g_assert_cmpint(virDomainDestroy(t), ==, 0);
    g_string_truncate(seen, 0);
    virDomainFree(t);

    virDomainFree(d);
    close_default(c, cb);
}

/* --- memory and block I/O tunables -------------------------------------- */

static void set_ull(virDomainPtr d, const char *field, unsigned long long v, unsigned int flags,
                    int expect)
{
    virTypedParameterPtr p = NULL;
    int n = 0, max = 0;
    g_assert_cmpint(virTypedParamsAddULLong(&p, &n, &max, field, v), ==, 0);
    g_assert_cmpint(virDomainSetMemoryParameters(d, p, n, flags), ==, expect);
    virTypedParamsFree(p, n);
}

static void test_tunables(void)
{
    int cb;
    virConnectPtr c = open_default(&cb);
    virDomainPtr d = virDomainLookupByName(c, "test");
    virTypedParameter params[8];

    /* How many there are, then all of them: no limits at first. */
    int n = 0;
    g_assert_cmpint(virDomainGetMemoryParameters(d, NULL, &n, 0), ==, 0);
    g_assert_cmpint(n, ==, 3);
    n = 8;
    memset(params, 0, sizeof(params));
    g_assert_cmpint(virDomainGetMemoryParameters(d, params, &n, 0), ==, 0);
    g_assert_cmpint(n, ==, 3);
    g_assert_cmpstr(params[0].field, ==, VIR_DOMAIN_MEMORY_HARD_LIMIT);
    g_assert_cmpstr(params[1].field, ==, VIR_DOMAIN_MEMORY_SOFT_LIMIT);
    g_assert_cmpstr(params[2].field, ==, VIR_DOMAIN_MEMORY_SWAP_HARD_LIMIT);
    g_assert_cmpint(params[0].type, ==, VIR_TYPED_PARAM_ULLONG);
    g_assert_cmpuint(params[0].value.ul, ==, VIR_DOMAIN_MEMORY_PARAM_UNLIMITED);

    /* A live limit shows in the live definition only. */
    set_ull(d, VIR_DOMAIN_MEMORY_HARD_LIMIT, 1000, 0, 0);
    n = 1;
    g_assert_cmpint(virDomainGetMemoryParameters(d, params, &n, 0), ==, 0);
    g_assert_cmpint(n, ==, 1);
    g_assert_cmpuint(params[0].value.ul, ==, 1000);
    n = 3;
    g_assert_cmpint(virDomainGetMemoryParameters(d, params, &n, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_assert_cmpuint(params[0].value.ul, ==, VIR_DOMAIN_MEMORY_PARAM_UNLIMITED);
    char *xml = virDomainGetXMLDesc(d, 0);
    g_assert_nonnull(strstr(xml, "  <memtune>\n    <hard_limit unit='KiB'>1000</hard_limit>\n"
                                 "  </memtune>\n  <vcpu"));
    free(xml);

    /* The hard limit may not pass the swap limit; min_guarantee is not
     * taken; nothing changes. */
    set_ull(d, VIR_DOMAIN_MEMORY_SWAP_HARD_LIMIT, 999, 0, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "invalid argument: memory hard_limit tunable value must be lower than or "
                    "equal to swap_hard_limit");
    set_ull(d, VIR_DOMAIN_MEMORY_MIN_GUARANTEE, 10, 0, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_ARGUMENT_UNSUPPORTED);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "argument unsupported: parameter 'min_guarantee' not supported");
    n = 3;
    g_assert_cmpint(virDomainGetMemoryParameters(d, params, &n, 0), ==, 0);
    g_assert_cmpuint(params[0].value.ul, ==, 1000);
    g_assert_cmpuint(params[2].value.ul, ==, VIR_DOMAIN_MEMORY_PARAM_UNLIMITED);
    set_ull(d, VIR_DOMAIN_MEMORY_HARD_LIMIT, VIR_DOMAIN_MEMORY_PARAM_UNLIMITED, 0, 0);

    /* libvirt's argument checks. */
    n = 2;
    g_assert_cmpint(virDomainGetMemoryParameters(d, NULL, &n, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_INVALID_ARG);
    n = -1;
    g_assert_cmpint(virDomainGetBlkioParameters(d, params, &n, 0), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "*nparams in virDomainGetBlkioParameters must be zero or greater");
    n = 3;
    g_assert_cmpint(virDomainGetMemoryParameters(d, params, &n, VIR_DOMAIN_AFFECT_LIVE |
                                                 VIR_DOMAIN_AFFECT_CONFIG), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually "
                    "exclusive");
    g_assert_cmpint(virDomainSetMemoryParameters(d, params, 0, 0), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "nparams in virDomainSetMemoryParameters must be greater than zero");
    g_assert_cmpint(virDomainSetBlkioParameters(d, params, 0, 0), ==, 0);

    /* Block I/O: the weight and the per-device lists, merged by path. */
    n = 0;
    g_assert_cmpint(virDomainGetBlkioParameters(d, NULL, &n, 0), ==, 0);
    g_assert_cmpint(n, ==, 6);
    virTypedParameterPtr set = NULL;
    int nset = 0, max = 0;
    virTypedParamsAddUInt(&set, &nset, &max, VIR_DOMAIN_BLKIO_WEIGHT, 500);
    virTypedParamsAddString(&set, &nset, &max, VIR_DOMAIN_BLKIO_DEVICE_WEIGHT,
                            "/dev/sda,300,/dev/sdb,0");
    virTypedParamsAddString(&set, &nset, &max, VIR_DOMAIN_BLKIO_DEVICE_READ_BPS,
                            "/dev/sdb,4096");
    g_assert_cmpint(virDomainSetBlkioParameters(d, set, nset, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    virTypedParamsFree(set, nset);
    n = 6;
    g_assert_cmpint(virDomainGetBlkioParameters(d, params, &n, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_assert_cmpint(n, ==, 6);
    g_assert_cmpstr(params[0].field, ==, VIR_DOMAIN_BLKIO_WEIGHT);
    g_assert_cmpuint(params[0].value.ui, ==, 500);
    g_assert_cmpstr(params[1].field, ==, VIR_DOMAIN_BLKIO_DEVICE_WEIGHT);
    g_assert_cmpstr(params[1].value.s, ==, "/dev/sda,300");
    g_assert_cmpstr(params[4].field, ==, VIR_DOMAIN_BLKIO_DEVICE_READ_BPS);
    g_assert_cmpstr(params[4].value.s, ==, "/dev/sdb,4096");
    g_assert_cmpstr(params[5].value.s, ==, "");
    virTypedParamsClear(params, n);
    xml = virDomainGetXMLDesc(d, VIR_DOMAIN_XML_INACTIVE);
    g_assert_nonnull(strstr(xml, "</currentMemory>\n  <blkiotune>\n    <weight>500</weight>\n"
                                 "    <device>\n      <path>/dev/sda</path>\n"
                                 "      <weight>300</weight>\n    </device>\n"
                                 "    <device>\n      <path>/dev/sdb</path>\n"
                                 "      <read_bytes_sec>4096</read_bytes_sec>\n"
                                 "    </device>\n  </blkiotune>\n"));
    free(xml);
    /* The running domain's definition did not change. */
    n = 1;
    g_assert_cmpint(virDomainGetBlkioParameters(d, params, &n, 0), ==, 0);
    g_assert_cmpint(n, ==, 1);
    g_assert_cmpuint(params[0].value.ui, ==, 0);

    set = NULL;
    nset = max = 0;
    virTypedParamsAddString(&set, &nset, &max, VIR_DOMAIN_BLKIO_DEVICE_WEIGHT, "/dev/sda");
    g_assert_cmpint(virDomainSetBlkioParameters(d, set, nset, 0), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "invalid argument: unable to parse blkio device 'device_weight' '/dev/sda'");
    virTypedParamsFree(set, nset);
    set = NULL;
    nset = max = 0;
    virTypedParamsAddInt(&set, &nset, &max, VIR_DOMAIN_BLKIO_WEIGHT, 5);
    g_assert_cmpint(virDomainSetBlkioParameters(d, set, nset, 0), ==, -1);
    g_assert_cmpstr(virGetLastErrorMessage(), ==,
                    "invalid argument: invalid type 'int' for parameter 'weight', expected "
                    "'uint'");
    virTypedParamsFree(set, nset);

    /* Back as it was, for the programs that follow. */
    set = NULL;
    nset = max = 0;
    virTypedParamsAddUInt(&set, &nset, &max, VIR_DOMAIN_BLKIO_WEIGHT, 0);
    virTypedParamsAddString(&set, &nset, &max, VIR_DOMAIN_BLKIO_DEVICE_WEIGHT, "/dev/sda,0");
    virTypedParamsAddString(&set, &nset, &max, VIR_DOMAIN_BLKIO_DEVICE_READ_BPS,
                            "/dev/sdb,0");
    g_assert_cmpint(virDomainSetBlkioParameters(d, set, nset, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    virTypedParamsFree(set, nset);
    xml = virDomainGetXMLDesc(d, VIR_DOMAIN_XML_INACTIVE);
    g_assert_null(strstr(xml, "<blkiotune>"));
    free(xml);

    /* Read-only connections read, and may not set. */
    virConnectPtr ro = virConnectOpenReadOnly(testdrv_default_uri());
    virDomainPtr rd = virDomainLookupByName(ro, "test");
    n = 3;
    g_assert_cmpint(virDomainGetMemoryParameters(rd, params, &n, 0), ==, 0);
    g_assert_cmpint(virDomainSetMemoryParameters(rd, params, n, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OPERATION_DENIED);
    g_assert_cmpint(virDomainSetBlkioParameters(rd, params, 1, 0), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OPERATION_DENIED);
    virDomainFree(rd);
    g_assert_cmpint(virConnectClose(ro), ==, 0);

    virDomainFree(d);
    close_default(c, cb);
}

static void free_iothreads(virDomainIOThreadInfoPtr *info, int n)
{
    for (int i = 0; i < n; i++)
        virDomainIOThreadInfoFree(info[i]);
    free(info);
}

/* The I/O threads as libvirt 9.0's test driver keeps them (checked against
 * it with virsh): the list with each thread's CPU map, pins, additions and
 * removals in the definition the flags name, and libvirt's errors. */
static void test_iothreads(void)
{
    int cb;
    virConnectPtr c = open_default(&cb);
    virDomainPtr d = virDomainDefineXML(c,
        "<domain type='test'><name>io</name><memory>1048576</memory>"
        "<vcpu cpuset='1'>2</vcpu><iothreads>2</iothreads><os><type>hvm</type></os>"
        "<devices><disk type='file' device='disk'><driver iothread='2'/>"
        "<source file='/x.img'/><target dev='vda' bus='virtio'/></disk></devices></domain>");
    g_assert_nonnull(d);
    virDomainIOThreadInfoPtr *info = NULL;

    /* Inactive: the persistent definition; unpinned threads run where the
     * <vcpu cpuset> says. */
    g_assert_cmpint(virDomainGetIOThreadInfo(d, &info, 0), ==, 2);
    g_assert_cmpuint(info[0]->iothread_id, ==, 1);
    g_assert_cmpuint(info[1]->iothread_id, ==, 2);
    g_assert_cmpint(info[1]->cpumaplen, ==, 1);
    g_assert_cmpuint(info[1]->cpumap[0], ==, 0x02);
    free_iothreads(info, 2);
    info = NULL;
    g_assert_cmpint(virDomainGetIOThreadInfo(d, &info, VIR_DOMAIN_AFFECT_LIVE), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                 "Requested operation is not valid: domain is not running");
    g_assert_null(info);
    g_assert_cmpint(virDomainAddIOThread(d, 5, VIR_DOMAIN_AFFECT_LIVE), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                 "Requested operation is not valid: domain is not running");
    g_assert_cmpint(virDomainAddIOThread(d, 5, 0), ==, 0);
    g_assert_cmpint(virDomainAddIOThread(d, 5, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "invalid argument: an IOThread is already using iothread_id '5'");
    g_assert_cmpint(virDomainAddIOThread(d, 0, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "invalid argument: invalid value of 0 for iothread_id");
    g_assert_cmpint(virDomainDelIOThread(d, 2, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "invalid argument: cannot remove IOThread 2 since it is being used by disk 'vda'");
    g_assert_cmpint(virDomainDelIOThread(d, 7, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "invalid argument: cannot find IOThread '7' in iothreadids list");
    g_assert_cmpint(virDomainDelIOThread(d, 0, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "iothread_id in virDomainDelIOThread must not be zero");

    unsigned char map[2] = { 0x05, 0x00 };
    g_assert_cmpint(virDomainPinIOThread(d, 1, map, 2, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    g_assert_cmpint(virDomainPinIOThread(d, 9, map, 1, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: iothreadid 9 not found");
    map[0] = 0;
    g_assert_cmpint(virDomainPinIOThread(d, 1, map, 1, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "invalid argument: Empty iothread cpumap list for pinning");
    g_assert_cmpint(virDomainPinIOThread(d, 1, NULL, 1, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "cpumap in virDomainPinIOThread must not be NULL");
    g_assert_cmpint(virDomainPinIOThread(d, 1, map, 0, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "maplen in virDomainPinIOThread must be greater than zero");
    g_assert_cmpint(virDomainGetIOThreadInfo(d, &info, VIR_DOMAIN_AFFECT_LIVE |
                                             VIR_DOMAIN_AFFECT_CONFIG), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are "
                 "mutually exclusive");
    g_assert_cmpint(virDomainGetIOThreadInfo(d, NULL, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "info in virDomainGetIOThreadInfo must not be NULL");
    g_assert_cmpint(virDomainDelIOThread(d, 1, 0), ==, 0);   /* pinned, unused */
    char *xml = virDomainGetXMLDesc(d, 0);
    g_assert_nonnull(strstr(xml, "  <iothreads>2</iothreads>\n  <iothreadids>\n"
                                 "    <iothread id='2'/>\n    <iothread id='5'/>\n"
                                 "  </iothreadids>\n"));
    g_assert_null(strstr(xml, "iothreadpin"));
    free(xml);
    g_assert_cmpint(virDomainPinIOThread(d, 5, (unsigned char[]){ 0x09 }, 1, 0), ==, 0);
    xml = virDomainGetXMLDesc(d, 0);
    g_assert_nonnull(strstr(xml, "  <cputune>\n    <iothreadpin iothread='5' cpuset='0,3'/>\n"));
    free(xml);

    /* The polling parameters: the running or current definition only, and
     * only threads added through the API (the others fail, as libvirt's
     * test driver fails them, without a cause). */
    virTypedParameter p[2];
    memset(p, 0, sizeof(p));
    g_strlcpy(p[0].field, VIR_DOMAIN_IOTHREAD_POLL_MAX_NS, sizeof(p[0].field));
    p[0].type = VIR_TYPED_PARAM_ULLONG;
    p[0].value.ul = 100;
    g_assert_cmpint(virDomainSetIOThreadParams(d, 5, p, 1, 0), ==, 0);
    g_assert_cmpint(virDomainSetIOThreadParams(d, 2, p, 1, 0), ==, -1);
    g_assert_cmpint(virDomainSetIOThreadParams(d, 5, p, 1, VIR_DOMAIN_AFFECT_CONFIG), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "unsupported flags (0x2) in function testDomainSetIOThreadParams");
    g_assert_cmpint(virDomainSetIOThreadParams(d, 5, p, 1, VIR_DOMAIN_AFFECT_LIVE), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                 "Requested operation is not valid: domain is not running");
    g_assert_cmpint(virDomainSetIOThreadParams(d, 9, p, 1, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "invalid argument: cannot find IOThread '9' in iothreadids");
    g_strlcpy(p[1].field, VIR_DOMAIN_IOTHREAD_THREAD_POOL_MAX, sizeof(p[1].field));
    p[1].type = VIR_TYPED_PARAM_INT;
    g_assert_cmpint(virDomainSetIOThreadParams(d, 5, p, 2, 0), ==, -1);
    assert_error(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_NONE,
                 "argument unsupported: parameter 'thread_pool_max' not supported");
    /* Of several unknown ones, the first by name is named (libvirt 9.0
     * with thread_pool_min, then thread_pool_max). */
    virTypedParameter two[2];
    memset(two, 0, sizeof(two));
    g_strlcpy(two[0].field, VIR_DOMAIN_IOTHREAD_THREAD_POOL_MIN, sizeof(two[0].field));
    g_strlcpy(two[1].field, VIR_DOMAIN_IOTHREAD_THREAD_POOL_MAX, sizeof(two[1].field));
    two[0].type = two[1].type = VIR_TYPED_PARAM_INT;
    two[0].value.i = 1;
    two[1].value.i = 4;
    g_assert_cmpint(virDomainSetIOThreadParams(d, 5, two, 2, 0), ==, -1);
    assert_error(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_NONE,
                 "argument unsupported: parameter 'thread_pool_max' not supported");
    g_assert_cmpint(virDomainSetIOThreadParams(d, 0, p, 1, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "invalid argument: invalid value of 0 for iothread_id");
    g_assert_cmpint(virDomainSetIOThreadParams(d, 5, NULL, 1, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "params in virDomainSetIOThreadParams must not be NULL");
    g_assert_cmpint(virDomainSetIOThreadParams(d, 5, p, 0, 0), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "nparams in virDomainSetIOThreadParams must be greater than zero");

    /* Running: the live definition, a copy of the persistent one. */
    g_assert_cmpint(virDomainCreate(d), ==, 0);
    g_assert_cmpint(virDomainAddIOThread(d, 3, VIR_DOMAIN_AFFECT_LIVE), ==, 0);
    g_assert_cmpint(virDomainAddIOThread(d, 4, VIR_DOMAIN_AFFECT_LIVE |
                                         VIR_DOMAIN_AFFECT_CONFIG), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are "
                 "mutually exclusive");
    g_assert_cmpint(virDomainGetIOThreadInfo(d, &info, 0), ==, 3);
    g_assert_cmpuint(info[2]->iothread_id, ==, 3);
    g_assert_cmpuint(info[1]->cpumap[0], ==, 0x09);
    free_iothreads(info, 3);
    info = NULL;
    g_assert_cmpint(virDomainGetIOThreadInfo(d, &info, VIR_DOMAIN_AFFECT_CONFIG), ==, 2);
    free_iothreads(info, 2);
    g_assert_cmpint(virDomainSetIOThreadParams(d, 3, p, 1, VIR_DOMAIN_AFFECT_LIVE), ==, 0);
    g_assert_cmpint(virDomainDestroy(d), ==, 0);

    /* Read-only connections list, and change nothing. */
    virConnectPtr ro = virConnectOpenReadOnly(testdrv_default_uri());
    virDomainPtr rd = virDomainLookupByName(ro, "test");
    info = NULL;
    g_assert_cmpint(virDomainGetIOThreadInfo(rd, &info, 0), ==, 0);
    g_assert_null(info);
    g_assert_cmpint(virDomainAddIOThread(rd, 1, 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                 "operation forbidden: read only access prevents virDomainAddIOThread");
    g_assert_cmpint(virDomainDelIOThread(rd, 0, 0), ==, -1);   /* refused before the id */
    assert_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                 "operation forbidden: read only access prevents virDomainDelIOThread");
    g_assert_cmpint(virDomainPinIOThread(rd, 1, map, 1, 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                 "operation forbidden: read only access prevents virDomainPinIOThread");
    g_assert_cmpint(virDomainSetIOThreadParams(rd, 1, p, 1, 0), ==, -1);
    assert_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                 "operation forbidden: read only access prevents virDomainSetIOThreadParams");
    virDomainFree(rd);
    g_assert_cmpint(virConnectClose(ro), ==, 0);

    g_assert_cmpint(virDomainUndefine(d), ==, 0);
    virDomainFree(d);
    close_default(c, cb);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    seen = g_string_new(NULL);
    g_assert_cmpint(virEventRegisterDefaultImpl(), ==, 0);
    g_test_add_func("/testdrv/domain/lifecycle", test_lifecycle);
    g_test_add_func("/testdrv/domain/transient-define", test_transient_and_define);
    g_test_add_func("/testdrv/domain/save-restore", test_save_restore);
    g_test_add_func("/testdrv/domain/restore-not-regular", test_restore_not_regular);
    g_test_add_func("/testdrv/domain/memory-vcpus", test_memory_vcpus);
    g_test_add_func("/testdrv/domain/listing", test_listing);
    g_test_add_func("/testdrv/domain/guest", test_guest);
    g_test_add_func("/testdrv/domain/guest-fs", test_guest_fs);
    g_test_add_func("/testdrv/domain/interface-addresses", test_interface_addresses);
    g_test_add_func("/testdrv/domain/scheduler", test_scheduler);
    g_test_add_func("/testdrv/domain/metadata", test_metadata);
    g_test_add_func("/testdrv/domain/disk-errors", test_disk_errors);
    g_test_add_func("/testdrv/domain/screenshot", test_screenshot);
    g_test_add_func("/testdrv/domain/managed-save", test_managed_save);
    g_test_add_func("/testdrv/domain/core-dump", test_core_dump);
    g_test_add_func("/testdrv/domain/jobs", test_jobs);
    g_test_add_func("/testdrv/domain/stats-counters", test_stats_counters);
    g_test_add_func("/testdrv/domain/stats-iotune", test_stats_iotune);
    g_test_add_func("/testdrv/domain/stats-iotune-xml", test_stats_iotune_xml);
    g_test_add_func("/testdrv/domain/stats-bulk", test_stats_bulk);
    g_test_add_func("/testdrv/domain/vcpus", test_vcpus);
    g_test_add_func("/testdrv/domain/tunables", test_tunables);
    g_test_add_func("/testdrv/domain/iothreads", test_iothreads);
    int ret = g_test_run();
    g_string_free(seen, TRUE);
    return ret;
}
