/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* example-client.c — drives the example plugin through the public libvirt
 * API only, as any application would, and reports TAP.
 *
 *   MODVIRT_PLUGIN_DIR=<dir with example.so> ./example-client
 *
 * Every check prints "ok N - what" or "not ok N - what"; the exit status is
 * non-zero when any check failed.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#define URI "example:///default"

#define GAMMA_UUID "5e8d3a52-0b6e-4c4a-9a57-3f1c2d7e8b90"
#define GAMMA_XML(mem) \
    "<domain type='example'>\n" \
    "  <name>gamma</name>\n" \
    "  <uuid>" GAMMA_UUID "</uuid>\n" \
    "  <memory unit='MiB'>" mem "</memory>\n" \
    "  <vcpu>2</vcpu>\n" \
    "  <os>\n" \
    "    <type>hvm</type>\n" \
    "  </os>\n" \
    "</domain>\n"

/* A domain the driver accepts, around the elements NAME_UUID (<name>, and
 * <uuid> if wanted), MEM (<memory>) and VCPU (<vcpu>). */
#define DOMAIN_XML(name_uuid, mem, vcpu) \
    "<domain type='example'>" name_uuid mem vcpu "<os><type>hvm</type></os></domain>"

static int checks;
static int failures;

/* Errors are checked through virGetLastError; keep them off stderr. */
static void quiet_errors(void *opaque, virErrorPtr err)
{
}

static bool check(bool cond, const char *fmt, ...)
{
    va_list ap;

    checks++;
    printf("%s %d - ", cond ? "ok" : "not ok", checks);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (!cond) {
        virErrorPtr err = virGetLastError();

        failures++;
        if (err)
            printf("#   last error: code %d, domain %d: %s\n",
                   err->code, err->domain, err->message ? err->message : "(no message)");
        else
            printf("#   no error is set\n");
    }
    fflush(stdout);
    return cond;
}

/* The last call failed with CODE. */
static bool failed_with(int code)
{
    virErrorPtr err = virGetLastError();

    return err && err->code == code;
}

/* The last call failed with CODE and a message containing TEXT. */
static bool failed_saying(int code, const char *text)
{
    virErrorPtr err = virGetLastError();

    return failed_with(code) && err->message && strstr(err->message, text);
}

static void bail_out(const char *what)
{
    virErrorPtr err = virGetLastError();

    printf("Bail out! %s: %s\n", what, err && err->message ? err->message : "no error set");
    fprintf(stderr, "example-client: %s\n", what);
    exit(1);
}

static bool has_state(virDomainPtr dom, int want)
{
    int state = -1, reason = -1;

    return dom && virDomainGetState(dom, &state, &reason, 0) == 0 && state == want;
}

/* The names of the domains ListAll returns with FLAGS, comma-separated. */
static char *list_names(virConnectPtr conn, unsigned int flags)
{
    virDomainPtr *doms = NULL;
    char *out;
    size_t len = 0;
    int n;

    if ((n = virConnectListAllDomains(conn, &doms, flags)) < 0)
        return strdup("(error)");
    out = calloc(1, 1024);
    for (int i = 0; i < n; i++) {
        const char *name = virDomainGetName(doms[i]);

        if (out && name && len < 1024)
            len += (size_t)snprintf(out + len, 1024 - len, "%s%s", i ? "," : "", name);
        virDomainFree(doms[i]);
    }
    free(doms);
    return out;
}

static void check_listing(virConnectPtr conn)
{
    char *all = list_names(conn, 0);
    char *active = list_names(conn, VIR_CONNECT_LIST_DOMAINS_ACTIVE);
    char *inactive = list_names(conn, VIR_CONNECT_LIST_DOMAINS_INACTIVE);
    char *autostart = list_names(conn, VIR_CONNECT_LIST_DOMAINS_AUTOSTART);
    char *shutoff = list_names(conn, VIR_CONNECT_LIST_DOMAINS_PERSISTENT |
                                     VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART |
                                     VIR_CONNECT_LIST_DOMAINS_SHUTOFF);
    virDomainPtr *doms = NULL;

    check(all && strcmp(all, "alpha,beta") == 0, "list all domains: %s", all);
    check(active && strcmp(active, "alpha") == 0, "list active domains: %s", active);
    check(inactive && strcmp(inactive, "beta") == 0, "list inactive domains: %s", inactive);
    check(autostart && strcmp(autostart, "") == 0, "no domain autostarts: '%s'", autostart);
    check(shutoff && strcmp(shutoff, "beta") == 0,
          "persistent, no autostart, shut off: %s", shutoff);
    check(virConnectListAllDomains(conn, &doms, 1u << 31) < 0 && !doms &&
          failed_with(VIR_ERR_INVALID_ARG), "ListAll with an unknown flag fails with VIR_ERR_INVALID_ARG");
    check(virConnectListAllDomains(conn, NULL, 0) == 2, "ListAll without an array counts");
    check(virConnectNumOfDomains(conn) == 1, "virConnectNumOfDomains is 1");
    check(virConnectNumOfDefinedDomains(conn) == 1, "virConnectNumOfDefinedDomains is 1");
    free(all);
    free(active);
    free(inactive);
    free(autostart);
    free(shutoff);
}

static void check_lookups(virConnectPtr conn)
{
    virDomainPtr alpha, byid, byuuid, missing;
    unsigned char uuid[VIR_UUID_BUFLEN];
    virDomainInfo info;
    char *xml, *ostype;

    alpha = virDomainLookupByName(conn, "alpha");
    if (!check(alpha != NULL, "lookup by name 'alpha'"))
        return;
    check(virDomainGetID(alpha) == 1, "alpha has id 1 (got %d)", (int)virDomainGetID(alpha));

    byid = virDomainLookupByID(conn, 1);
    check(byid && strcmp(virDomainGetName(byid), "alpha") == 0, "lookup by id 1 gives alpha");

    check(virDomainGetUUID(alpha, uuid) == 0, "alpha's uuid");
    byuuid = virDomainLookupByUUID(conn, uuid);
    check(byuuid && strcmp(virDomainGetName(byuuid), "alpha") == 0,
          "lookup by uuid gives alpha");

    missing = virDomainLookupByName(conn, "nosuch");
    check(!missing && failed_with(VIR_ERR_NO_DOMAIN), "lookup of 'nosuch' fails with VIR_ERR_NO_DOMAIN");
    check(strcmp(virGetLastErrorMessage(),
                 "Domain not found: no domain with matching name 'nosuch'") == 0,
          "the message names the domain: %s", virGetLastErrorMessage());
    missing = virDomainLookupByID(conn, 4242);
    check(!missing && failed_with(VIR_ERR_NO_DOMAIN), "lookup of id 4242 fails with VIR_ERR_NO_DOMAIN");

    check(virDomainGetInfo(alpha, &info) == 0 && info.state == VIR_DOMAIN_RUNNING &&
          info.maxMem == 524288 && info.nrVirtCpu == 2,
          "alpha's info: running, 524288 KiB, 2 vcpus");
    check(virDomainGetMaxMemory(alpha) == 524288, "alpha's max memory");
    ostype = virDomainGetOSType(alpha);
    check(ostype && strcmp(ostype, "hvm") == 0, "alpha's OS type is hvm");
    free(ostype);
    check(virDomainIsActive(alpha) == 1 && virDomainIsPersistent(alpha) == 1,
          "alpha is active and persistent");

    xml = virDomainGetXMLDesc(alpha, 0);
    check(xml && strstr(xml, "<domain type='example' id='1'>") &&
          strstr(xml, "<name>alpha</name>") &&
          strstr(xml, "<memory unit='KiB'>524288</memory>"),
          "alpha's XML has its type, id, name and memory");
    if (xml) {
        virDomainPtr again = virDomainCreateXML(conn, xml, 0);

        check(!again && failed_with(VIR_ERR_OPERATION_INVALID),
              "creating alpha from its own XML fails: it is already running");
    }
    free(xml);

    if (byuuid)
        virDomainFree(byuuid);
    if (byid)
        virDomainFree(byid);
    virDomainFree(alpha);
}

static void check_define_and_life_cycle(virConnectPtr conn)
{
    virDomainPtr gamma, dup, noname, again, bad;
    char *xml;
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    virDomainInfo info;
    int id;

    /* Errors of the core's parser are libvirt's, codes and messages. */
    noname = virDomainDefineXML(conn, DOMAIN_XML("", "<memory>1024</memory>", ""));
    check(!noname && failed_with(VIR_ERR_NO_NAME), "XML without a name fails with VIR_ERR_NO_NAME");

    bad = virDomainDefineXML(conn, DOMAIN_XML("<name>x</name><uuid>not-a-uuid</uuid>",
                                              "<memory>1024</memory>", ""));
    check(!bad && failed_saying(VIR_ERR_INTERNAL_ERROR, "malformed uuid element"),
          "a malformed uuid fails: %s", virGetLastErrorMessage());
    bad = virDomainDefineXML(conn, DOMAIN_XML("<name>x</name>",
                                              "<memory unit='parsecs'>1</memory>", ""));
    check(!bad && failed_saying(VIR_ERR_INVALID_ARG, "unknown suffix 'parsecs'"),
          "an unknown memory unit fails: %s", virGetLastErrorMessage());
    bad = virDomainDefineXML(conn, "<network><name>x</name></network>");
    check(!bad && failed_with(VIR_ERR_XML_ERROR), "a document that is not a domain fails with VIR_ERR_XML_ERROR");
    bad = virDomainDefineXML(conn, "<domain type='kvm'><name>x</name><memory>1024</memory>"
                                   "<os><type>hvm</type></os></domain>");
    check(!bad && failed_with(VIR_ERR_CONFIG_UNSUPPORTED),
          "another driver's domain type fails with VIR_ERR_CONFIG_UNSUPPORTED");
    /* The driver's own check, after the core's. */
    bad = virDomainDefineXML(conn, DOMAIN_XML("<name>x</name>", "<memory>1024</memory>",
                                              "<vcpu>65</vcpu>"));
    check(!bad && failed_saying(VIR_ERR_CONFIG_UNSUPPORTED, "at most 64"),
          "65 vCPUs fail: %s", virGetLastErrorMessage());

    gamma = virDomainDefineXML(conn, GAMMA_XML("256"));
    if (!check(gamma != NULL, "define gamma"))
        return;
    check(virDomainGetUUIDString(gamma, uuidstr) == 0 && strcmp(uuidstr, GAMMA_UUID) == 0,
          "gamma keeps the uuid from its XML");
    check(virDomainGetID(gamma) == (unsigned int)-1, "gamma has no id while shut off");
    check(virDomainIsActive(gamma) == 0 && virDomainIsPersistent(gamma) == 1,
          "gamma is inactive and persistent");
    check(virDomainGetInfo(gamma, &info) == 0 && info.maxMem == 262144 && info.nrVirtCpu == 2,
          "gamma's info: 262144 KiB, 2 vcpus");
    xml = virDomainGetXMLDesc(gamma, 0);
    check(xml && strstr(xml, "<domain type='example'>") &&
          strstr(xml, "<uuid>" GAMMA_UUID "</uuid>"),
          "gamma's XML has its type and uuid and no id");
    free(xml);

    dup = virDomainDefineXML(conn,
                             DOMAIN_XML("<name>gamma</name>"
                                        "<uuid>00000000-0000-4000-8000-000000000001</uuid>",
                                        "<memory>1024</memory>", ""));
    /* libvirt's code and text for a name another domain has. */
    check(!dup && failed_saying(VIR_ERR_OPERATION_FAILED,
                                "domain 'gamma' already exists with uuid " GAMMA_UUID),
          "gamma with another uuid fails: %s", virGetLastErrorMessage());
    dup = virDomainDefineXML(conn,
                             DOMAIN_XML("<name>other</name><uuid>" GAMMA_UUID "</uuid>",
                                        "<memory>1024</memory>", ""));
    check(!dup && failed_saying(VIR_ERR_OPERATION_FAILED,
                                "domain 'gamma' is already defined with uuid " GAMMA_UUID),
          "another name with gamma's uuid fails: %s", virGetLastErrorMessage());

    again = virDomainDefineXML(conn, GAMMA_XML("512"));
    check(again && virDomainGetMaxMemory(again) == 524288, "redefining gamma updates its memory");
    if (again)
        virDomainFree(again);

    check(virDomainCreate(gamma) == 0, "start gamma");
    id = (int)virDomainGetID(gamma);
    check(id > 1, "gamma got an id (%d)", id);
    check(has_state(gamma, VIR_DOMAIN_RUNNING), "gamma is running");
    check(virDomainCreate(gamma) < 0 && failed_with(VIR_ERR_OPERATION_INVALID),
          "starting gamma again fails with VIR_ERR_OPERATION_INVALID");
    again = virDomainLookupByID(conn, id);
    check(again && strcmp(virDomainGetName(again), "gamma") == 0, "lookup by gamma's id");
    if (again)
        virDomainFree(again);

    check(virDomainSuspend(gamma) == 0 && has_state(gamma, VIR_DOMAIN_PAUSED), "suspend gamma");
    check(virDomainResume(gamma) == 0 && has_state(gamma, VIR_DOMAIN_RUNNING), "resume gamma");
    check(virDomainResume(gamma) < 0 && failed_with(VIR_ERR_OPERATION_INVALID),
          "resuming a running domain fails with VIR_ERR_OPERATION_INVALID");

    check(virDomainDestroy(gamma) == 0 && has_state(gamma, VIR_DOMAIN_SHUTOFF), "destroy gamma");
    check(virDomainGetID(gamma) == (unsigned int)-1, "gamma has no id after destroy");
    check(virDomainDestroy(gamma) < 0 && failed_with(VIR_ERR_OPERATION_INVALID),
          "destroying it again fails with VIR_ERR_OPERATION_INVALID");
    check(virDomainSuspend(gamma) < 0 && failed_with(VIR_ERR_OPERATION_INVALID),
          "suspending a shut off domain fails with VIR_ERR_OPERATION_INVALID");

    check(virDomainUndefine(gamma) == 0, "undefine gamma");
    again = virDomainLookupByName(conn, "gamma");
    check(!again && failed_with(VIR_ERR_NO_DOMAIN), "gamma is gone");
    check(virDomainIsActive(gamma) < 0 && failed_with(VIR_ERR_NO_DOMAIN),
          "a stale handle reports VIR_ERR_NO_DOMAIN");
    virDomainFree(gamma);
}

static void check_transient(virConnectPtr conn)
{
    virDomainPtr delta, gone;

    delta = virDomainCreateXML(conn,
                               "<?xml version='1.0'?>\n"
                               DOMAIN_XML("<name>delta</name>",
                                          "<memory unit='KiB'>65536</memory>", ""), 0);
    if (!check(delta != NULL, "create transient delta"))
        return;
    check(has_state(delta, VIR_DOMAIN_RUNNING) && virDomainIsPersistent(delta) == 0,
          "delta is running and transient");
    check(virDomainShutdown(delta) == 0, "shut delta down");
    gone = virDomainLookupByName(conn, "delta");
    check(!gone && failed_with(VIR_ERR_NO_DOMAIN), "a transient domain vanishes when it stops");
    virDomainFree(delta);
}

static void check_read_only(void)
{
    virConnectPtr ro = virConnectOpenReadOnly(URI);
    virDomainPtr alpha;

    if (!check(ro != NULL, "open %s read-only", URI))
        return;
    alpha = virDomainLookupByName(ro, "alpha");
    check(alpha != NULL, "a read-only connection can look up alpha");
    if (alpha) {
        check(virDomainDestroy(alpha) < 0 && failed_with(VIR_ERR_OPERATION_DENIED),
              "destroy on a read-only connection fails with VIR_ERR_OPERATION_DENIED");
        check(has_state(alpha, VIR_DOMAIN_RUNNING), "alpha still runs");
        virDomainFree(alpha);
    }
    check(virConnectClose(ro) >= 0, "close the read-only connection");
}

static void check_bad_uris(void)
{
    virConnectPtr c;

    c = virConnectOpen("example:///elsewhere");
    check(!c && failed_with(VIR_ERR_INVALID_ARG),
          "example:///elsewhere fails with VIR_ERR_INVALID_ARG");
    if (c)
        virConnectClose(c);
    c = virConnectOpen("example://host.invalid/default");
    check(!c, "example://host.invalid/default is refused (a server is not ours)");
    if (c)
        virConnectClose(c);
}

#define THREADS 4
#define ROUNDS 100

typedef struct {
    virConnectPtr conn;
    int index;
    int failures;
} worker;

/* Each thread runs its own domain through its life cycle while the others
 * do the same and list: the driver must keep its state consistent. */
static void *work(void *opaque)
{
    worker *w = opaque;
    char xml[256];

    snprintf(xml, sizeof(xml),
             DOMAIN_XML("<name>worker%d</name>", "<memory>65536</memory>", "<vcpu>1</vcpu>"),
             w->index);
    for (int i = 0; i < ROUNDS; i++) {
        virDomainPtr dom = virDomainDefineXML(w->conn, xml);
        virDomainPtr *all = NULL;
        int n;

        if (!dom) {
            w->failures++;
            continue;
        }
        if (virDomainCreate(dom) < 0 || virDomainSuspend(dom) < 0 ||
            virDomainResume(dom) < 0 || virDomainDestroy(dom) < 0 ||
            virDomainUndefine(dom) < 0)
            w->failures++;
        virDomainFree(dom);
        if ((n = virConnectListAllDomains(w->conn, &all, 0)) < 2)
            w->failures++;
        for (int j = 0; j < n; j++)
            virDomainFree(all[j]);
        free(all);
    }
    return NULL;
}

static void check_threads(virConnectPtr conn)
{
    pthread_t tids[THREADS];
    worker workers[THREADS];
    int failed = 0;
    int started = 0;

    for (int i = 0; i < THREADS; i++) {
        workers[i] = (worker){ .conn = conn, .index = i };
        if (pthread_create(&tids[i], NULL, work, &workers[i]) != 0)
            break;
        started++;
    }
    for (int i = 0; i < started; i++) {
        pthread_join(tids[i], NULL);
        failed += workers[i].failures;
    }
    check(started == THREADS && failed == 0,
          "%d threads x %d life cycles at once: %d failures", THREADS, ROUNDS, failed);
    check(virConnectListAllDomains(conn, NULL, 0) == 2, "only alpha and beta are left");
}

int main(void)
{
    virConnectPtr conn;
    unsigned long version = 0;
    virNodeInfo node;
    const char *type;
    int rc;

    virSetErrorFunc(NULL, quiet_errors);

    if (!(conn = virConnectOpen(URI)))
        bail_out("cannot open " URI " (is example.so in MODVIRT_PLUGIN_DIR?)");
    check(true, "open %s", URI);
    type = virConnectGetType(conn);
    check(type && strcmp(type, "EXAMPLE") == 0, "connection type is EXAMPLE (got %s)",
          type ? type : "NULL");
    rc = virConnectGetVersion(conn, &version);
    check(rc == 0 && version == 1000000, "hypervisor version 1.0.0 (got %lu)", version);
    check(virNodeGetInfo(conn, &node) == 0 && node.cpus == 4, "node info");

    check_listing(conn);
    check_lookups(conn);
    check_define_and_life_cycle(conn);
    check_transient(conn);
    check_read_only();
    check_threads(conn);
    check_bad_uris();

    check(virConnectClose(conn) == 0, "close the connection, no reference left");

    printf("1..%d\n", checks);
    if (failures) {
        fprintf(stderr, "example-client: %d of %d checks failed\n", failures, checks);
        return 1;
    }
    return 0;
}
