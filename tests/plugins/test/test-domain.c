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
    g_test_add_func("/testdrv/domain/scheduler", test_scheduler);
    g_test_add_func("/testdrv/domain/metadata", test_metadata);
    g_test_add_func("/testdrv/domain/disk-errors", test_disk_errors);
    g_test_add_func("/testdrv/domain/screenshot", test_screenshot);
    int ret = g_test_run();
    g_string_free(seen, TRUE);
    return ret;
}
