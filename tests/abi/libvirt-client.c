/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/abi/libvirt-client.c — an ordinary libvirt client, used to show that
 * a program written for libvirt compiles unchanged against modvirt and
 * behaves the same.
 *
 * Nothing in here knows about modvirt: client-compat.py builds this file
 * once against modvirt and once against libvirt, runs both and compares the
 * output line by line. Every line is one observation, "<call> -> <result>"
 * followed by the thread's last error, in a form that does not depend on
 * the host (no pointers, no times, no host names). "== <name>" starts a
 * section.
 *
 * Usage: libvirt-client [URI]
 * Without a URI only the driver-independent sections run. With one, the
 * "driver" section also opens it and runs a fixed sequence of calls; when
 * the open fails it prints a line starting with DRIVER-OPEN-FAILED.
 */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The client targets libvirt's 9.0 API; refuse older headers at build time. */
#if !LIBVIR_CHECK_VERSION(9, 0, 0)
# error "libvirt-client needs the libvirt 9.0.0 API"
#endif

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static void print_quoted(const char *s)
{
    if (!s) {
        fputs("NULL", stdout);
        return;
    }
    putchar('"');
    for (; *s; s++) {
        if (*s == '\n')
            fputs("\\n", stdout);
        else if (*s == '"' || *s == '\\')
            printf("\\%c", *s);
        else
            putchar(*s);
    }
    putchar('"');
}

/* The last error of this thread, as observed right after a call. */
static void print_last_error(void)
{
    virErrorPtr e = virGetLastError();
    if (!e) {
        fputs(" err=none", stdout);
        return;
    }
    printf(" code=%d domain=%d msg=", e->code, e->domain);
    print_quoted(e->message);
}

static void section(const char *name)
{
    printf("== %s\n", name);
}

static void report_ptr(const char *call, const void *ret)
{
    printf("%s -> %s", call, ret ? "non-NULL" : "NULL");
    print_last_error();
    putchar('\n');
}

static void report_int(const char *call, long long ret)
{
    printf("%s -> %lld", call, ret);
    print_last_error();
    putchar('\n');
}

static void report_str(const char *call, const char *ret)
{
    printf("%s -> ", call);
    print_quoted(ret);
    print_last_error();
    putchar('\n');
}

/* A note that is not a call: a value, a field, a count. */
static void note(const char *what, long long value)
{
    printf("%s = %lld\n", what, value);
}

static void note_str(const char *what, const char *value)
{
    printf("%s = ", what);
    print_quoted(value);
    putchar('\n');
}

/* The call's text is its key in the comparison, so it is the source text. */
#define CALL_P(expr) report_ptr(#expr, (const void *)(expr))
#define CALL_I(expr) report_int(#expr, (long long)(expr))
#define CALL_S(expr) report_str(#expr, (expr))
/* For calls that return an allocated string. */
#define CALL_SF(expr) do { char *s_ = (expr); report_str(#expr, s_); free(s_); } while (0)
/* For calls with no return value. */
#define CALL_V(expr) do { expr; printf("%s -> void", #expr); print_last_error(); putchar('\n'); } while (0)

static void print_error_struct(const char *what, const virError *e)
{
    if (!e) {
        printf("%s: NULL\n", what);
        return;
    }
    printf("%s: code=%d domain=%d level=%d message=", what, e->code, e->domain, e->level);
    print_quoted(e->message);
    fputs(" str1=", stdout);
    print_quoted(e->str1);
    fputs(" str2=", stdout);
    print_quoted(e->str2);
    fputs(" str3=", stdout);
    print_quoted(e->str3);
    /* conn, dom and net are deprecated and not read by this client. */
    printf(" int1=%d int2=%d\n", e->int1, e->int2);
}

/* ---- library ---------------------------------------------------------- */

static void section_library(void)
{
    unsigned long lib = 0, type = 0;

    section("library");
    CALL_I(virInitialize());
    CALL_I(virInitialize());
    CALL_P(virGetLastError());
    CALL_I(virGetVersion(&lib, NULL, NULL));
    note("libVer", (long long)lib);
    note("libVer major", (long long)(lib / 1000000));
    lib = 0;
    CALL_I(virGetVersion(&lib, NULL, &type));
    note("libVer", (long long)lib);
    note("typeVer", (long long)type);
    CALL_I(virGetVersion(NULL, NULL, NULL));
    note("LIBVIR_CHECK_VERSION(9, 0, 0)", LIBVIR_CHECK_VERSION(9, 0, 0));
    note("LIBVIR_CHECK_VERSION(99, 0, 0)", LIBVIR_CHECK_VERSION(99, 0, 0));
    note("LIBVIR_VERSION_NUMBER >= 9000000", LIBVIR_VERSION_NUMBER >= 9000000);
}

/* ---- NULL handles ----------------------------------------------------- */

static void section_null_connect(void)
{
    unsigned long ver = 0;
    int ids[4];
    char *names[4];
    virDomainPtr *doms = NULL;
    virNetworkPtr *nets = NULL;
    virStoragePoolPtr *pools = NULL;
    virInterfacePtr *ifaces = NULL;
    virNodeInfo ninfo;
    unsigned long long cells[2];

    section("null-connect");
    CALL_S(virConnectGetType(NULL));
    CALL_I(virConnectClose(NULL));
    CALL_I(virConnectRef(NULL));
    CALL_SF(virConnectGetURI(NULL));
    CALL_SF(virConnectGetHostname(NULL));
    CALL_SF(virConnectGetCapabilities(NULL));
    CALL_SF(virConnectGetDomainCapabilities(NULL, NULL, NULL, NULL, NULL, 0));
    CALL_I(virConnectGetVersion(NULL, &ver));
    CALL_I(virConnectGetLibVersion(NULL, &ver));
    CALL_I(virConnectGetMaxVcpus(NULL, NULL));
    CALL_I(virConnectIsAlive(NULL));
    CALL_I(virConnectIsSecure(NULL));
    CALL_I(virConnectIsEncrypted(NULL));
    CALL_I(virNodeGetInfo(NULL, &ninfo));
    CALL_I(virNodeGetFreeMemory(NULL));
    CALL_I(virNodeGetCellsFreeMemory(NULL, cells, 0, 2));
    CALL_I(virConnectNumOfDomains(NULL));
    CALL_I(virConnectListDomains(NULL, ids, 4));
    CALL_I(virConnectNumOfDefinedDomains(NULL));
    CALL_I(virConnectListDefinedDomains(NULL, names, 4));
    CALL_I(virConnectListAllDomains(NULL, &doms, 0));
    CALL_I(virConnectNumOfNetworks(NULL));
    CALL_I(virConnectListNetworks(NULL, names, 4));
    CALL_I(virConnectNumOfDefinedNetworks(NULL));
    CALL_I(virConnectListDefinedNetworks(NULL, names, 4));
    CALL_I(virConnectListAllNetworks(NULL, &nets, 0));
    CALL_I(virConnectNumOfStoragePools(NULL));
    CALL_I(virConnectListStoragePools(NULL, names, 4));
    CALL_I(virConnectNumOfDefinedStoragePools(NULL));
    CALL_I(virConnectListDefinedStoragePools(NULL, names, 4));
    CALL_I(virConnectListAllStoragePools(NULL, &pools, 0));
    CALL_SF(virConnectFindStoragePoolSources(NULL, "logical", NULL, 0));
    CALL_I(virConnectNumOfInterfaces(NULL));
    CALL_I(virConnectListInterfaces(NULL, names, 4));
    CALL_I(virConnectNumOfDefinedInterfaces(NULL));
    CALL_I(virConnectListDefinedInterfaces(NULL, names, 4));
    CALL_I(virConnectListAllInterfaces(NULL, &ifaces, 0));
    CALL_I(virInterfaceChangeBegin(NULL, 0));
    CALL_I(virInterfaceChangeCommit(NULL, 0));
    CALL_I(virInterfaceChangeRollback(NULL, 0));
}

static void section_null_domain(void)
{
    unsigned char uuid[VIR_UUID_BUFLEN];
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    virDomainInfo info;
    int state, reason, autostart;

    section("null-domain");
    /* Constructors on a NULL connection. */
    CALL_P(virDomainLookupByName(NULL, "x"));
    CALL_P(virDomainLookupByID(NULL, 1));
    CALL_P(virDomainLookupByUUID(NULL, uuid));
    CALL_P(virDomainLookupByUUIDString(NULL, "00000000-0000-0000-0000-000000000000"));
    CALL_P(virDomainCreateXML(NULL, "<domain/>", 0));
    CALL_P(virDomainDefineXML(NULL, "<domain/>"));
    CALL_P(virDomainDefineXMLFlags(NULL, "<domain/>", 0));
    CALL_I(virDomainRestore(NULL, "/nonexistent"));
    CALL_I(virDomainRestoreFlags(NULL, "/nonexistent", NULL, 0));
    /* Calls on a NULL domain. */
    CALL_I(virDomainFree(NULL));
    CALL_I(virDomainRef(NULL));
    CALL_S(virDomainGetName(NULL));
    CALL_I((int)virDomainGetID(NULL));
    CALL_I(virDomainGetUUID(NULL, uuid));
    CALL_I(virDomainGetUUIDString(NULL, uuidstr));
    CALL_P(virDomainGetConnect(NULL));
    CALL_I(virDomainGetInfo(NULL, &info));
    CALL_I(virDomainGetState(NULL, &state, &reason, 0));
    CALL_SF(virDomainGetOSType(NULL));
    CALL_SF(virDomainGetXMLDesc(NULL, 0));
    CALL_I(virDomainGetMaxMemory(NULL));
    CALL_I(virDomainGetMaxVcpus(NULL));
    CALL_I(virDomainGetVcpusFlags(NULL, 0));
    CALL_I(virDomainGetAutostart(NULL, &autostart));
    CALL_I(virDomainSetAutostart(NULL, 1));
    CALL_I(virDomainIsActive(NULL));
    CALL_I(virDomainIsPersistent(NULL));
    CALL_I(virDomainIsUpdated(NULL));
    CALL_I(virDomainCreate(NULL));
    CALL_I(virDomainCreateWithFlags(NULL, 0));
    CALL_I(virDomainDestroy(NULL));
    CALL_I(virDomainDestroyFlags(NULL, 0));
    CALL_I(virDomainShutdown(NULL));
    CALL_I(virDomainShutdownFlags(NULL, 0));
    CALL_I(virDomainReboot(NULL, 0));
    CALL_I(virDomainSuspend(NULL));
    CALL_I(virDomainResume(NULL));
    CALL_I(virDomainSave(NULL, "/nonexistent"));
    CALL_I(virDomainSaveFlags(NULL, "/nonexistent", NULL, 0));
    CALL_I(virDomainUndefine(NULL));
    CALL_I(virDomainUndefineFlags(NULL, 0));
    CALL_I(virDomainSetMaxMemory(NULL, 1024));
    CALL_I(virDomainSetMemory(NULL, 1024));
    CALL_I(virDomainSetMemoryFlags(NULL, 1024, 0));
    CALL_I(virDomainSetVcpus(NULL, 1));
    CALL_I(virDomainSetVcpusFlags(NULL, 1, 0));
}

static void section_null_network(void)
{
    unsigned char uuid[VIR_UUID_BUFLEN];
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    int autostart;
    virNetworkDHCPLeasePtr *leases = NULL;

    section("null-network");
    CALL_P(virNetworkLookupByName(NULL, "default"));
    CALL_P(virNetworkLookupByUUID(NULL, uuid));
    CALL_P(virNetworkLookupByUUIDString(NULL, "00000000-0000-0000-0000-000000000000"));
    CALL_P(virNetworkCreateXML(NULL, "<network/>"));
    CALL_P(virNetworkCreateXMLFlags(NULL, "<network/>", 0));
    CALL_P(virNetworkDefineXML(NULL, "<network/>"));
    CALL_P(virNetworkDefineXMLFlags(NULL, "<network/>", 0));
    CALL_I(virNetworkFree(NULL));
    CALL_I(virNetworkRef(NULL));
    CALL_S(virNetworkGetName(NULL));
    CALL_I(virNetworkGetUUID(NULL, uuid));
    CALL_I(virNetworkGetUUIDString(NULL, uuidstr));
    CALL_P(virNetworkGetConnect(NULL));
    CALL_SF(virNetworkGetXMLDesc(NULL, 0));
    CALL_SF(virNetworkGetBridgeName(NULL));
    CALL_I(virNetworkGetAutostart(NULL, &autostart));
    CALL_I(virNetworkSetAutostart(NULL, 1));
    CALL_I(virNetworkIsActive(NULL));
    CALL_I(virNetworkIsPersistent(NULL));
    CALL_I(virNetworkCreate(NULL));
    CALL_I(virNetworkDestroy(NULL));
    CALL_I(virNetworkUndefine(NULL));
    CALL_I(virNetworkUpdate(NULL, VIR_NETWORK_UPDATE_COMMAND_ADD_LAST,
                            VIR_NETWORK_SECTION_IP_DHCP_HOST, -1, "<host/>", 0));
    CALL_I(virNetworkGetDHCPLeases(NULL, NULL, &leases, 0));
    CALL_V(virNetworkDHCPLeaseFree(NULL));
}

static void section_null_storage_pool(void)
{
    unsigned char uuid[VIR_UUID_BUFLEN];
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    int autostart;
    char *names[4];
    virStoragePoolInfo info;
    virStorageVolPtr *vols = NULL;

    section("null-storage-pool");
    CALL_P(virStoragePoolLookupByName(NULL, "default"));
    CALL_P(virStoragePoolLookupByUUID(NULL, uuid));
    CALL_P(virStoragePoolLookupByUUIDString(NULL, "00000000-0000-0000-0000-000000000000"));
    CALL_P(virStoragePoolLookupByVolume(NULL));
    CALL_P(virStoragePoolLookupByTargetPath(NULL, "/var/lib/libvirt/images"));
    CALL_P(virStoragePoolCreateXML(NULL, "<pool/>", 0));
    CALL_P(virStoragePoolDefineXML(NULL, "<pool/>", 0));
    CALL_I(virStoragePoolFree(NULL));
    CALL_I(virStoragePoolRef(NULL));
    CALL_S(virStoragePoolGetName(NULL));
    CALL_I(virStoragePoolGetUUID(NULL, uuid));
    CALL_I(virStoragePoolGetUUIDString(NULL, uuidstr));
    CALL_P(virStoragePoolGetConnect(NULL));
    CALL_I(virStoragePoolGetInfo(NULL, &info));
    CALL_SF(virStoragePoolGetXMLDesc(NULL, 0));
    CALL_I(virStoragePoolGetAutostart(NULL, &autostart));
    CALL_I(virStoragePoolSetAutostart(NULL, 1));
    CALL_I(virStoragePoolIsActive(NULL));
    CALL_I(virStoragePoolIsPersistent(NULL));
    CALL_I(virStoragePoolBuild(NULL, 0));
    CALL_I(virStoragePoolCreate(NULL, 0));
    CALL_I(virStoragePoolDestroy(NULL));
    CALL_I(virStoragePoolDelete(NULL, 0));
    CALL_I(virStoragePoolUndefine(NULL));
    CALL_I(virStoragePoolRefresh(NULL, 0));
    CALL_I(virStoragePoolNumOfVolumes(NULL));
    CALL_I(virStoragePoolListVolumes(NULL, names, 4));
    CALL_I(virStoragePoolListAllVolumes(NULL, &vols, 0));
}

static void section_null_storage_vol(void)
{
    virStorageVolInfo info;

    section("null-storage-vol");
    CALL_P(virStorageVolLookupByName(NULL, "vol"));
    CALL_P(virStorageVolLookupByKey(NULL, "/some/key"));
    CALL_P(virStorageVolLookupByPath(NULL, "/some/path"));
    CALL_P(virStorageVolCreateXML(NULL, "<volume/>", 0));
    CALL_P(virStorageVolCreateXMLFrom(NULL, "<volume/>", NULL, 0));
    CALL_I(virStorageVolFree(NULL));
    CALL_I(virStorageVolRef(NULL));
    CALL_S(virStorageVolGetName(NULL));
    CALL_S(virStorageVolGetKey(NULL));
    CALL_SF(virStorageVolGetPath(NULL));
    CALL_P(virStorageVolGetConnect(NULL));
    CALL_I(virStorageVolGetInfo(NULL, &info));
    CALL_I(virStorageVolGetInfoFlags(NULL, &info, 0));
    CALL_SF(virStorageVolGetXMLDesc(NULL, 0));
    CALL_I(virStorageVolDelete(NULL, 0));
    CALL_I(virStorageVolWipe(NULL, 0));
    CALL_I(virStorageVolWipePattern(NULL, VIR_STORAGE_VOL_WIPE_ALG_ZERO, 0));
    CALL_I(virStorageVolResize(NULL, 1024, 0));
}

static void section_null_interface(void)
{
    section("null-interface");
    CALL_P(virInterfaceLookupByName(NULL, "eth0"));
    CALL_P(virInterfaceLookupByMACString(NULL, "52:54:00:00:00:01"));
    CALL_P(virInterfaceDefineXML(NULL, "<interface/>", 0));
    CALL_I(virInterfaceFree(NULL));
    CALL_I(virInterfaceRef(NULL));
    CALL_S(virInterfaceGetName(NULL));
    CALL_S(virInterfaceGetMACString(NULL));
    CALL_P(virInterfaceGetConnect(NULL));
    CALL_SF(virInterfaceGetXMLDesc(NULL, 0));
    CALL_I(virInterfaceIsActive(NULL));
    CALL_I(virInterfaceCreate(NULL, 0));
    CALL_I(virInterfaceDestroy(NULL, 0));
    CALL_I(virInterfaceUndefine(NULL));
}

/* ---- error API ------------------------------------------------------- */

static int cb_calls;
static int cb_last_code;
static int cb_last_domain;
static int cb_userdata_ok;
static char cb_last_message[256];

static void counting_handler(void *userdata, virErrorPtr err)
{
    cb_calls++;
    cb_userdata_ok = userdata && strcmp(userdata, "my-userdata") == 0;
    cb_last_code = err ? err->code : -1;
    cb_last_domain = err ? err->domain : -1;
    snprintf(cb_last_message, sizeof(cb_last_message), "%s",
             err && err->message ? err->message : "(null)");
}

static void note_callback(void)
{
    note("handler calls", cb_calls);
    note("handler last code", cb_last_code);
    note("handler last domain", cb_last_domain);
    note("handler userdata ok", cb_userdata_ok);
    note_str("handler last message", cb_last_message);
}

static void section_errors(void)
{
    virError copy;
    virErrorPtr saved;
    unsigned long lib;

    section("errors-none");
    /* A successful call leaves no error behind. */
    CALL_I(virGetVersion(&lib, NULL, NULL));
    CALL_P(virGetLastError());
    CALL_S(virGetLastErrorMessage());
    CALL_I(virGetLastErrorCode());
    CALL_I(virGetLastErrorDomain());
    memset(&copy, 0x5a, sizeof(copy));
    CALL_I(virCopyLastError(&copy));
    note("copy.code", copy.code);
    note("copy.domain", copy.domain);
    note("copy.level", copy.level);
    note("copy.message is NULL", copy.message == NULL);
    saved = virSaveLastError();
    report_ptr("virSaveLastError()", saved);
    print_error_struct("saved", saved);
    virFreeError(saved);
    CALL_V(virFreeError(NULL));
    CALL_V(virResetLastError());
    CALL_P(virGetLastError());

    section("errors-struct");
    CALL_S(virDomainGetName(NULL));
    print_error_struct("virGetLastError()", virGetLastError());
    CALL_S(virGetLastErrorMessage());
    CALL_I(virGetLastErrorCode());
    CALL_I(virGetLastErrorDomain());
    CALL_I(virNetworkGetUUIDString(NULL, NULL));
    print_error_struct("virGetLastError()", virGetLastError());
    CALL_I(virConnectClose(NULL));
    print_error_struct("virGetLastError()", virGetLastError());
    CALL_S(virConnectGetType(NULL));
    print_error_struct("virGetLastError()", virGetLastError());
    CALL_I(virStoragePoolRefresh(NULL, 0));
    print_error_struct("virGetLastError()", virGetLastError());
    CALL_I(virInterfaceIsActive(NULL));
    print_error_struct("virGetLastError()", virGetLastError());

    section("errors-copy");
    CALL_I(virStorageVolDelete(NULL, 0));
    memset(&copy, 0, sizeof(copy));
    CALL_I(virCopyLastError(&copy));
    print_error_struct("copy", &copy);
    /* The copy is the caller's: resetting the thread's error keeps it. */
    CALL_V(virResetLastError());
    CALL_P(virGetLastError());
    print_error_struct("copy after virResetLastError", &copy);
    CALL_V(virResetError(&copy));
    print_error_struct("copy after virResetError", &copy);
    CALL_V(virResetError(NULL));

    section("errors-save");
    CALL_I(virStoragePoolIsActive(NULL));
    saved = virSaveLastError();
    report_ptr("virSaveLastError()", saved);
    print_error_struct("saved", saved);
    CALL_V(virResetLastError());
    CALL_P(virGetLastError());
    CALL_I(virGetLastErrorCode());
    CALL_S(virGetLastErrorMessage());
    print_error_struct("saved after virResetLastError", saved);
    CALL_V(virFreeError(saved));
    /* A later successful call clears an earlier error. */
    CALL_I(virDomainIsActive(NULL));
    CALL_I(virGetVersion(&lib, NULL, NULL));
    CALL_P(virGetLastError());

    section("errors-callback");
    cb_calls = 0;
    cb_last_code = cb_last_domain = -1;
    strcpy(cb_last_message, "(none)");
    CALL_V(virSetErrorFunc((void *)"my-userdata", counting_handler));
    CALL_S(virNetworkGetName(NULL));
    note_callback();
    CALL_I(virDomainSuspend(NULL));
    note_callback();
    CALL_I(virGetVersion(&lib, NULL, NULL));
    note_callback();
    CALL_I(virStorageVolGetInfo(NULL, NULL));
    note_callback();
    /* Reading and resetting errors does not call the handler. */
    CALL_P(virGetLastError());
    CALL_V(virResetLastError());
    note_callback();
    /* Back to the default handler, which prints to stderr (not compared). */
    CALL_V(virSetErrorFunc(NULL, NULL));
    CALL_I(virInterfaceFree(NULL));
    note_callback();
    CALL_V(virDefaultErrorFunc(virGetLastError()));
    CALL_V(virDefaultErrorFunc(NULL));
    CALL_V(virResetLastError());

    section("errors-conn");
    /* Connection-level error functions given no connection. */
    CALL_I(virDomainGetID(NULL) == (unsigned int)-1);
    CALL_V(virConnSetErrorFunc(NULL, (void *)"my-userdata", counting_handler));
    CALL_P(virConnGetLastError(NULL));
    memset(&copy, 0, sizeof(copy));
    CALL_I(virConnCopyLastError(NULL, &copy));
    note("copy.code", copy.code);
    CALL_V(virConnResetLastError(NULL));
    CALL_I(virConnectNumOfDomains(NULL));
    note_callback();
    CALL_V(virResetLastError());
}

/* ---- driver ---------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_dom(const void *a, const void *b)
{
    return strcmp(virDomainGetName(*(virDomainPtr const *)a),
                  virDomainGetName(*(virDomainPtr const *)b));
}

static void print_names(const char *what, char **names, int n)
{
    if (n < 0)
        return;
    qsort(names, (size_t)n, sizeof(*names), cmp_str);
    printf("%s: [", what);
    for (int i = 0; i < n; i++) {
        printf("%s%s", i ? " " : "", names[i]);
        free(names[i]);
    }
    puts("]");
}

static void driver_connection(virConnectPtr c)
{
    unsigned long ver = 0;
    virNodeInfo ninfo;

    section("driver-connect");
    CALL_S(virConnectGetType(c));
    CALL_SF(virConnectGetURI(c));
    /* virConnectGetHostname: the host's name, so only whether it works. */
    {
        char *h = virConnectGetHostname(c);
        report_ptr("virConnectGetHostname(c)", h);
        free(h);
    }
    CALL_I(virConnectGetLibVersion(c, &ver));
    note("lib version", (long long)ver);
    CALL_I(virConnectGetVersion(c, &ver));
    note("hypervisor version", (long long)ver);
    CALL_I(virConnectIsAlive(c));
    CALL_I(virConnectIsSecure(c));
    CALL_I(virConnectIsEncrypted(c));
    CALL_I(virConnectGetMaxVcpus(c, NULL));
    memset(&ninfo, 0, sizeof(ninfo));
    CALL_I(virNodeGetInfo(c, &ninfo));
    note_str("node model", ninfo.model);
    note("node memory", (long long)ninfo.memory);
    note("node cpus", ninfo.cpus);
    note("node mhz", ninfo.mhz);
    note("node nodes", ninfo.nodes);
    note("node sockets", ninfo.sockets);
    note("node cores", ninfo.cores);
    note("node threads", ninfo.threads);
}

static void driver_domain_details(virDomainPtr d)
{
    char uuid[VIR_UUID_STRING_BUFLEN];
    virDomainInfo info;
    int state = -1, reason = -1, autostart = -1;

    printf("-- domain %s\n", virDomainGetName(d));
    CALL_I((int)virDomainGetID(d));
    CALL_I(virDomainGetUUIDString(d, uuid));
    note_str("uuid", uuid);
    CALL_I(virDomainGetInfo(d, &info));
    /* cpuTime follows the clock, so it is left out. */
    note("info.state", info.state);
    note("info.maxMem", (long long)info.maxMem);
    note("info.memory", (long long)info.memory);
    note("info.nrVirtCpu", info.nrVirtCpu);
    CALL_I(virDomainGetState(d, &state, &reason, 0));
    note("state", state);
    note("reason", reason);
    CALL_I(virDomainIsActive(d));
    CALL_I(virDomainIsPersistent(d));
    CALL_I(virDomainIsUpdated(d));
    CALL_SF(virDomainGetOSType(d));
    CALL_I(virDomainGetMaxMemory(d));
    CALL_I(virDomainGetAutostart(d, &autostart));
    note("autostart", autostart);
    CALL_I(virDomainGetVcpusFlags(d, VIR_DOMAIN_AFFECT_CURRENT));
    CALL_I(virDomainGetVcpusFlags(d, VIR_DOMAIN_VCPU_MAXIMUM));
}

static void driver_domains_ro(virConnectPtr c)
{
    int ids[64];
    char *names[64];
    virDomainPtr *doms = NULL;
    virDomainPtr d, d2;
    char uuid[VIR_UUID_STRING_BUFLEN] = "";
    int n;

    section("driver-domains");
    CALL_I(virConnectNumOfDomains(c));
    n = virConnectListDomains(c, ids, (int)N_ELEMS(ids));
    report_int("virConnectListDomains(c, ids, 64)", n);
    if (n > 0) {
        qsort(ids, (size_t)n, sizeof(int), cmp_int);
        printf("ids: [");
        for (int i = 0; i < n; i++)
            printf("%s%d", i ? " " : "", ids[i]);
        puts("]");
    }
    CALL_I(virConnectNumOfDefinedDomains(c));
    n = virConnectListDefinedDomains(c, names, (int)N_ELEMS(names));
    report_int("virConnectListDefinedDomains(c, names, 64)", n);
    print_names("defined", names, n);

    n = virConnectListAllDomains(c, &doms, 0);
    report_int("virConnectListAllDomains(c, &doms, 0)", n);
    if (n > 0) {
        qsort(doms, (size_t)n, sizeof(*doms), cmp_dom);
        for (int i = 0; i < n; i++) {
            driver_domain_details(doms[i]);
            virDomainFree(doms[i]);
        }
    }
    free(doms);
    doms = NULL;
    CALL_I(virConnectListAllDomains(c, &doms, VIR_CONNECT_LIST_DOMAINS_ACTIVE));
    for (int i = 0; doms && doms[i]; i++)
        virDomainFree(doms[i]);
    free(doms);
    doms = NULL;
    CALL_I(virConnectListAllDomains(c, &doms, VIR_CONNECT_LIST_DOMAINS_INACTIVE));
    for (int i = 0; doms && doms[i]; i++)
        virDomainFree(doms[i]);
    free(doms);
    CALL_I(virConnectListAllDomains(c, NULL, 0));

    section("driver-lookups");
    d = virDomainLookupByName(c, "test");
    report_ptr("virDomainLookupByName(c, \"test\")", d);
    if (d) {
        CALL_S(virDomainGetName(d));
        CALL_I(virDomainGetConnect(d) == c);
        virDomainGetUUIDString(d, uuid);
        d2 = virDomainLookupByUUIDString(c, uuid);
        report_ptr("virDomainLookupByUUIDString(c, uuid)", d2);
        if (d2) {
            CALL_S(virDomainGetName(d2));
            virDomainFree(d2);
        }
        d2 = virDomainLookupByID(c, (int)virDomainGetID(d));
        report_ptr("virDomainLookupByID(c, id of test)", d2);
        if (d2) {
            CALL_S(virDomainGetName(d2));
            virDomainFree(d2);
        }
        CALL_I(virDomainRef(d));
        CALL_I(virDomainFree(d));

        section("driver-readonly");
        /* A read-only connection refuses changes before they happen. */
        CALL_I(virDomainDestroy(d));
        CALL_I(virDomainSuspend(d));
        CALL_I(virDomainShutdown(d));
        CALL_I(virDomainReboot(d, 0));
        CALL_I(virDomainSetMemory(d, 1024));
        CALL_I(virDomainSetAutostart(d, 1));
        CALL_I(virDomainUndefine(d));
        CALL_I(virDomainIsActive(d));
        CALL_I(virDomainFree(d));
    }
    CALL_P(virDomainDefineXML(c, "<domain type='test'><name>ro</name></domain>"));
    CALL_P(virDomainCreateXML(c, "<domain type='test'><name>ro</name></domain>", 0));
    CALL_P(virNetworkDefineXML(c, "<network><name>ro</name></network>"));
    CALL_P(virStoragePoolDefineXML(c, "<pool type='dir'><name>ro</name></pool>", 0));

    section("driver-missing");
    CALL_P(virDomainLookupByName(c, "nosuch"));
    CALL_P(virDomainLookupByID(c, 9999));
    CALL_P(virDomainLookupByUUIDString(c, "00000000-0000-0000-0000-000000000000"));
    CALL_P(virDomainLookupByUUIDString(c, "not-a-uuid"));
    CALL_P(virDomainLookupByName(c, NULL));
    CALL_P(virDomainLookupByID(c, -5));
    CALL_I(virConnectListDomains(c, ids, -1));
    CALL_P(virNetworkLookupByName(c, "nosuch"));
    CALL_P(virStoragePoolLookupByName(c, "nosuch"));
    CALL_P(virStorageVolLookupByPath(c, "/nosuch/volume"));
    CALL_P(virInterfaceLookupByName(c, "nosuch"));
}

static void driver_networks(virConnectPtr c)
{
    char *names[64];
    int n, active = -1;
    virNetworkPtr net;

    section("driver-networks");
    CALL_I(virConnectNumOfNetworks(c));
    n = virConnectListNetworks(c, names, (int)N_ELEMS(names));
    report_int("virConnectListNetworks(c, names, 64)", n);
    print_names("networks", names, n);
    CALL_I(virConnectNumOfDefinedNetworks(c));
    net = virNetworkLookupByName(c, "default");
    report_ptr("virNetworkLookupByName(c, \"default\")", net);
    if (net) {
        CALL_S(virNetworkGetName(net));
        CALL_SF(virNetworkGetBridgeName(net));
        CALL_I(virNetworkIsActive(net));
        CALL_I(virNetworkIsPersistent(net));
        CALL_I(virNetworkGetAutostart(net, &active));
        note("autostart", active);
        CALL_I(virNetworkDestroy(net));
        CALL_I(virNetworkFree(net));
    }
}

static void driver_storage(virConnectPtr c)
{
    char *names[64];
    int n;
    virStoragePoolPtr pool;
    virStoragePoolInfo info;

    section("driver-storage");
    CALL_I(virConnectNumOfStoragePools(c));
    n = virConnectListStoragePools(c, names, (int)N_ELEMS(names));
    report_int("virConnectListStoragePools(c, names, 64)", n);
    print_names("pools", names, n);
    CALL_I(virConnectNumOfDefinedStoragePools(c));
    pool = virStoragePoolLookupByName(c, "default-pool");
    report_ptr("virStoragePoolLookupByName(c, \"default-pool\")", pool);
    if (pool) {
        CALL_S(virStoragePoolGetName(pool));
        CALL_I(virStoragePoolIsActive(pool));
        CALL_I(virStoragePoolIsPersistent(pool));
        CALL_I(virStoragePoolGetInfo(pool, &info));
        note("info.state", info.state);
        note("info.capacity", (long long)info.capacity);
        CALL_I(virStoragePoolNumOfVolumes(pool));
        n = virStoragePoolListVolumes(pool, names, (int)N_ELEMS(names));
        report_int("virStoragePoolListVolumes(pool, names, 64)", n);
        print_names("volumes", names, n);
        CALL_P(virStorageVolLookupByName(pool, "nosuch"));
        CALL_I(virStoragePoolRefresh(pool, 0));
        CALL_I(virStoragePoolFree(pool));
    }
}

static void driver_interfaces(virConnectPtr c)
{
    char *names[64];
    int n;
    virInterfacePtr iface;

    section("driver-interfaces");
    CALL_I(virConnectNumOfInterfaces(c));
    n = virConnectListInterfaces(c, names, (int)N_ELEMS(names));
    report_int("virConnectListInterfaces(c, names, 64)", n);
    print_names("interfaces", names, n);
    CALL_I(virConnectNumOfDefinedInterfaces(c));
    iface = virInterfaceLookupByName(c, "eth1");
    report_ptr("virInterfaceLookupByName(c, \"eth1\")", iface);
    if (iface) {
        CALL_S(virInterfaceGetName(iface));
        CALL_S(virInterfaceGetMACString(iface));
        CALL_I(virInterfaceIsActive(iface));
        CALL_I(virInterfaceFree(iface));
    }
}

/* The read-write connection: a fixed lifecycle on the domain "test". */
static void driver_lifecycle(virConnectPtr c)
{
    int state = -1, reason = -1;
    virDomainPtr d;

    section("driver-lifecycle");
    d = virDomainLookupByName(c, "test");
    report_ptr("virDomainLookupByName(c, \"test\")", d);
    if (!d)
        return;
    CALL_I(virDomainSuspend(d));
    CALL_I(virDomainGetState(d, &state, &reason, 0));
    note("state", state);
    note("reason", reason);
    CALL_I(virDomainSuspend(d));
    CALL_I(virDomainResume(d));
    CALL_I(virDomainGetState(d, &state, &reason, 0));
    note("state", state);
    note("reason", reason);
    CALL_I(virDomainResume(d));
    CALL_I(virDomainDestroy(d));
    CALL_I((int)virDomainGetID(d));
    CALL_I(virDomainIsActive(d));
    CALL_I(virDomainGetState(d, &state, &reason, 0));
    note("state", state);
    note("reason", reason);
    CALL_I(virDomainDestroy(d));
    CALL_I(virDomainSuspend(d));
    CALL_I(virDomainCreate(d));
    CALL_I((int)virDomainGetID(d) > 0);
    CALL_I(virDomainIsActive(d));
    CALL_I(virDomainCreate(d));
    CALL_I(virDomainGetState(d, &state, &reason, 0));
    note("state", state);
    note("reason", reason);
    CALL_I(virDomainSetAutostart(d, 1));
    CALL_I(virDomainShutdown(d));
    CALL_I(virDomainIsActive(d));
    CALL_I(virDomainCreateWithFlags(d, 0));
    CALL_I(virDomainFree(d));
}

/* What a guest says and does, its scheduler and its metadata, on "test". */
static void driver_guest(virConnectPtr c)
{
    long long secs = 0;
    unsigned int nsecs = 0;
    int nparams = 0;
    virTypedParameter params[4];
    virDomainPtr d;

    section("driver-guest");
    d = virDomainLookupByName(c, "test");
    report_ptr("virDomainLookupByName(c, \"test\")", d);
    if (!d)
        return;
    CALL_I(virDomainReset(d, 0));
    CALL_I(virDomainInjectNMI(d, 0));
    CALL_I(virDomainReset(d, 1));
    CALL_SF(virDomainGetHostname(d, 0));
    CALL_I(virDomainSetTime(d, 1234567890, 5, 0));
    CALL_I(virDomainGetTime(d, &secs, &nsecs, 0));
    note("seconds", secs);
    note("nseconds", nsecs);
    CALL_SF(virDomainGetSchedulerType(d, &nparams));
    note("nparams", nparams);
    nparams = 4;
    CALL_I(virDomainGetSchedulerParametersFlags(d, params, &nparams, 0));
    nparams = 4;
    int got = virDomainGetSchedulerParameters(d, params, &nparams);
    report_int("virDomainGetSchedulerParameters(d, params, &nparams)", got);
    if (got == 0 && nparams > 0) {
        note("nparams", nparams);
        note_str("field", params[0].field);
        note("type", params[0].type);
        note("value", params[0].value.ui);
    }
    CALL_SF(virDomainGetMetadata(d, VIR_DOMAIN_METADATA_TITLE, NULL, 0));
    CALL_I(virDomainSetMetadata(d, VIR_DOMAIN_METADATA_TITLE, "Compat", NULL, NULL, 0));
    CALL_SF(virDomainGetMetadata(d, VIR_DOMAIN_METADATA_TITLE, NULL, 0));
    CALL_I(virDomainSetMetadata(d, VIR_DOMAIN_METADATA_TITLE, "a\nb", NULL, NULL, 0));
    CALL_I(virDomainSetMetadata(d, VIR_DOMAIN_METADATA_ELEMENT, "<x/>", NULL,
                                "http://example.org/x/", 0));
    CALL_I(virDomainSetMetadata(d, VIR_DOMAIN_METADATA_ELEMENT, "<x>1</x>", "x",
                                "http://example.org/x/", VIR_DOMAIN_AFFECT_CONFIG));
    CALL_SF(virDomainGetMetadata(d, VIR_DOMAIN_METADATA_ELEMENT, "http://example.org/x/",
                                 VIR_DOMAIN_AFFECT_CONFIG));
    CALL_SF(virDomainGetMetadata(d, VIR_DOMAIN_METADATA_ELEMENT, "http://example.org/x/", 0));
    CALL_SF(virDomainGetMetadata(d, VIR_DOMAIN_METADATA_ELEMENT, NULL, 0));
    virDomainDiskError errs[2];
    CALL_I(virDomainGetDiskErrors(d, NULL, 0, 0));
    CALL_I(virDomainGetDiskErrors(d, NULL, 2, 0));
    int nerrs = virDomainGetDiskErrors(d, errs, 2, 0);
    report_int("virDomainGetDiskErrors(d, errs, 2, 0)", nerrs);
    for (int i = 0; i < nerrs; i++) {
        note_str("disk", errs[i].disk);
        note("error", errs[i].error);
        free(errs[i].disk);
    }
    /* Through the guest agent. */
    const char *mounts[] = { "/boot", "/" };
    const char *nomount[] = { "/nope" };
    CALL_I(virDomainFSFreeze(d, mounts, 1, 0));
    CALL_I(virDomainFSFreeze(d, NULL, 0, 0));
    CALL_I(virDomainFSFreeze(d, nomount, 1, 0));
    CALL_I(virDomainFSThaw(d, mounts, 2, 0));
    CALL_I(virDomainFSThaw(d, NULL, 0, 1));
    virDomainInterfacePtr *ifaces = NULL;
    int nif = virDomainInterfaceAddresses(d, &ifaces, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, 0);
    report_int("virDomainInterfaceAddresses(d, &ifaces, AGENT, 0)", nif);
    for (int i = 0; i < nif; i++) {
        note_str("name", ifaces[i]->name);
        note_str("hwaddr", ifaces[i]->hwaddr);
        for (unsigned int j = 0; j < ifaces[i]->naddrs; j++) {
            note("type", ifaces[i]->addrs[j].type);
            note_str("addr", ifaces[i]->addrs[j].addr);
            note("prefix", ifaces[i]->addrs[j].prefix);
        }
        virDomainInterfaceFree(ifaces[i]);
    }
    free(ifaces);
    CALL_I(virDomainInterfaceAddresses(d, &ifaces, 7, 0));
    CALL_I(virDomainInterfaceAddresses(d, NULL, 0, 0));
    virTypedParameterPtr info = NULL;
    int ninfo = 0;
    CALL_I(virDomainGetGuestInfo(d, 0, &info, &ninfo, 0));
    CALL_I(virDomainGetGuestInfo(d, VIR_DOMAIN_GUEST_INFO_OS, NULL, &ninfo, 0));
    char **sshkeys = NULL;
    const char *sshkey[] = { "ssh-ed25519 AAAA k@h" };
    CALL_I(virDomainAuthorizedSSHKeysGet(d, "root", &sshkeys, 0));
    CALL_I(virDomainAuthorizedSSHKeysSet(d, "root", sshkey, 1, 0));
    CALL_I(virDomainAuthorizedSSHKeysSet(d, "root", sshkey, 1, 3));
    CALL_I(virDomainFree(d));
}

/* Jobs, managed save and core dumps on the domain "test" (running after
 * the lifecycle): the test driver has managed save and dumps, no jobs. */
static void driver_jobs(virConnectPtr c, virConnectPtr ro)
{
    virDomainJobInfo info;
    virTypedParameterPtr params = NULL;
    int type = -1, nparams = -1, state = -1, reason = -1;
    char dir[] = "/tmp/mv-compat-XXXXXX";
    char path[64];
    virDomainPtr d, rd;

    section("driver-jobs");
    d = virDomainLookupByName(c, "test");
    report_ptr("virDomainLookupByName(c, \"test\")", d);
    rd = virDomainLookupByName(ro, "test");
    report_ptr("virDomainLookupByName(ro, \"test\")", rd);
    if (!d || !rd || !mkdtemp(dir))
        return;
    snprintf(path, sizeof(path), "%s/core", dir);
    CALL_I(virDomainGetJobInfo(d, &info));
    CALL_I(virDomainGetJobInfo(d, NULL));
    CALL_I(virDomainGetJobStats(d, &type, &params, &nparams, 0));
    CALL_I(virDomainGetJobStats(d, &type, &params, &nparams,
                                VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED));
    CALL_I(virDomainAbortJob(d));
    CALL_I(virDomainAbortJobFlags(d, 0));
    CALL_I(virDomainAbortJob(rd));
    CALL_I(virDomainHasManagedSaveImage(d, 0));
    CALL_I(virDomainHasManagedSaveImage(d, 1));
    CALL_I(virDomainManagedSave(d, VIR_DOMAIN_SAVE_RUNNING | VIR_DOMAIN_SAVE_PAUSED));
    CALL_I(virDomainManagedSave(rd, 0));
    CALL_I(virDomainManagedSave(d, 0));
    CALL_I(virDomainGetState(d, &state, &reason, 0));
    note("state", state);
    note("reason", reason);
    CALL_I(virDomainHasManagedSaveImage(rd, 0));
    CALL_I(virDomainManagedSave(d, 0));
    CALL_I(virDomainUndefine(d));
    CALL_SF(virDomainManagedSaveGetXMLDesc(d, 0));
    CALL_SF(virDomainManagedSaveGetXMLDesc(rd, VIR_DOMAIN_SAVE_IMAGE_XML_SECURE));
    CALL_I(virDomainManagedSaveRemove(rd, 0));
    CALL_I(virDomainManagedSaveRemove(d, 0));
    CALL_I(virDomainHasManagedSaveImage(d, 0));
    CALL_I(virDomainManagedSave(d, 0));
    CALL_I(virDomainCreate(d));
    CALL_I(virDomainHasManagedSaveImage(d, 0));
    CALL_I(virDomainCoreDump(d, NULL, 0));
    CALL_I(virDomainCoreDump(d, path, VIR_DUMP_CRASH | VIR_DUMP_RESET));
    CALL_I(virDomainCoreDumpWithFormat(d, path, 9, 0));
    CALL_I(virDomainCoreDump(rd, path, 0));
    CALL_I(virDomainCoreDump(d, path, VIR_DUMP_MEMORY_ONLY));
    CALL_I(virDomainCoreDump(d, path, 0));
    CALL_I(virDomainCoreDumpWithFormat(d, path, VIR_DOMAIN_CORE_DUMP_FORMAT_WIN_DMP, 0));
    CALL_I(virDomainCoreDumpWithFormat(d, path, VIR_DOMAIN_CORE_DUMP_FORMAT_RAW, VIR_DUMP_CRASH));
    CALL_I(virDomainGetState(d, &state, &reason, 0));
    note("state", state);
    note("reason", reason);
    CALL_I(virDomainCoreDump(d, path, 0));
    CALL_I(virDomainCreate(d));
    unlink(path);
    rmdir(dir);
    CALL_I(virDomainFree(rd));
    CALL_I(virDomainFree(d));
}

/* ---- driver: statistics ---------------------------------------------- */

/* The test driver's counters follow the clock: only their relations and
 * everything else it reports are printed. */
static void driver_stats(virConnectPtr c)
{
    virDomainMemoryStatStruct mem[VIR_DOMAIN_MEMORY_STAT_NR];
    virDomainBlockStatsStruct blk;
    virDomainInterfaceStatsStruct ifs;
    virDomainBlockInfo info;
    virTypedParameter tune[20];
    virTypedParameterPtr set = NULL;
    virDomainStatsRecordPtr *recs = NULL;
    int n, nset = 0, maxset = 0;
    virDomainPtr d;

    section("driver-stats");
    d = virDomainLookupByName(c, "test");
    report_ptr("virDomainLookupByName(c, \"test\")", d);
    if (!d)
        return;
    n = virDomainMemoryStats(d, mem, VIR_DOMAIN_MEMORY_STAT_NR, 0);
    note("virDomainMemoryStats(d, mem, 13, 0)", n);
    for (int i = 0; i < n; i++) {
        note("tag", mem[i].tag);
        note("val", (long long)mem[i].val);
    }
    CALL_I(virDomainMemoryStats(d, mem, 0, 0));
    CALL_I(virDomainMemoryStats(d, mem, 13, 1));
    CALL_I(virDomainSetMemoryStatsPeriod(d, -1, 0));
    CALL_I(virDomainBlockStats(d, "vda", &blk, sizeof(blk)));
    note("rd_req is twice rd_bytes", blk.rd_req / 2 == blk.rd_bytes || (blk.rd_req - 1) / 2 == blk.rd_bytes);
    CALL_I(virDomainBlockStats(d, "vdb", &blk, sizeof(blk)));
    CALL_I(virDomainBlockStats(d, "", &blk, sizeof(blk)));
    CALL_I(virDomainBlockStats(d, "vda", &blk, sizeof(blk) + 1));
    CALL_I(virDomainBlockStats(d, NULL, &blk, sizeof(blk)));
    n = 0;
    CALL_I(virDomainBlockStatsFlags(d, "vda", NULL, &n, 0));
    CALL_I(virDomainInterfaceStats(d, "testnet0", &ifs, sizeof(ifs)));
    note("rx_bytes above rx_packets", ifs.rx_bytes > ifs.rx_packets);
    CALL_I(virDomainInterfaceStats(d, "eth0", &ifs, sizeof(ifs)));
    CALL_I(virDomainGetBlockInfo(d, "vda", &info, 0));
    note("capacity", (long long)info.capacity);
    note("allocation", (long long)info.allocation);
    note("physical", (long long)info.physical);
    CALL_I(virDomainGetBlockInfo(d, "vdb", &info, 0));
    CALL_I(virDomainGetBlockInfo(d, "vda", NULL, 0));
    n = 0;
    CALL_I(virDomainGetBlockIoTune(d, NULL, NULL, &n, 0));
    note("nparams", n);
    n = 20;
    CALL_I(virDomainGetBlockIoTune(d, "vda", tune, &n, 0));
    for (int i = 0; i < n; i++)
        note_str("field", tune[i].field);
    virTypedParamsClear(tune, n);
    CALL_I(virDomainGetBlockIoTune(d, "vdb", tune, &n, 0));
    virTypedParamsAddULLong(&set, &nset, &maxset, "total_bytes_sec", 10);
    CALL_I(virDomainSetBlockIoTune(d, "vda", set, nset, 0));
    virTypedParamsAddULLong(&set, &nset, &maxset, "bogus", 1);
    CALL_I(virDomainSetBlockIoTune(d, "vda", set, nset, 0));
    CALL_I(virDomainSetBlockIoTune(d, "vda", set, 0, 0));
    virTypedParamsFree(set, nset);
    /* Memory and block I/O tunables: the count, the values, a change. */
    virTypedParameter mtune[8], btune[8];
    n = 0;
    CALL_I(virDomainGetMemoryParameters(d, NULL, &n, 0));
    note("nparams", n);
    n = 8;
    CALL_I(virDomainGetMemoryParameters(d, mtune, &n, 0));
    for (int i = 0; i < n; i++) {
        note_str("field", mtune[i].field);
        note("value", (long long)mtune[i].value.ul);
    }
    virTypedParameterPtr mset = NULL;
    int nmset = 0, maxmset = 0;
    virTypedParamsAddULLong(&mset, &nmset, &maxmset, VIR_DOMAIN_MEMORY_SOFT_LIMIT, 1048576);
    CALL_I(virDomainSetMemoryParameters(d, mset, nmset, 0));
    virTypedParamsAddULLong(&mset, &nmset, &maxmset, VIR_DOMAIN_MEMORY_MIN_GUARANTEE, 1);
    CALL_I(virDomainSetMemoryParameters(d, mset, nmset, 0));
    CALL_I(virDomainSetMemoryParameters(d, mset, 1, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG));
    virTypedParamsFree(mset, nmset);
    n = 8;
    CALL_I(virDomainGetMemoryParameters(d, mtune, &n, 0));
    for (int i = 0; i < n; i++)
        note("value", (long long)mtune[i].value.ul);
    n = 0;
    CALL_I(virDomainGetBlkioParameters(d, NULL, &n, 0));
    note("nparams", n);
    n = 8;
    CALL_I(virDomainGetBlkioParameters(d, btune, &n, 0));
    for (int i = 0; i < n; i++)
        note_str("field", btune[i].field);
    virTypedParamsClear(btune, n);
    virTypedParameterPtr bset = NULL;
    int nbset = 0, maxbset = 0;
    virTypedParamsAddUInt(&bset, &nbset, &maxbset, VIR_DOMAIN_BLKIO_WEIGHT, 500);
    CALL_I(virDomainSetBlkioParameters(d, bset, nbset, 0));
    virTypedParamsFree(bset, nbset);
    n = 8;
    CALL_I(virDomainGetBlkioParameters(d, btune, &n, 0));
    if (n > 0 && btune[0].type == VIR_TYPED_PARAM_UINT)
        note("weight", btune[0].value.ui);
    virTypedParamsClear(btune, n);
    n = virConnectGetAllDomainStats(c, 0, &recs, 0);
    note("virConnectGetAllDomainStats(c, 0, &recs, 0)", n);
    for (int i = 0; i < n; i++) {
        note_str("domain", virDomainGetName(recs[i]->dom));
        for (int j = 0; j < recs[i]->nparams; j++) {
            note_str("field", recs[i]->params[j].field);
            note("value", recs[i]->params[j].value.i);
        }
    }
    virDomainStatsRecordListFree(recs);
    CALL_I(virConnectGetAllDomainStats(c, VIR_DOMAIN_STATS_BLOCK, &recs,
                                       VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS));
    CALL_I(virConnectGetAllDomainStats(c, 0, NULL, 0));
    virDomainPtr none[] = { NULL };
    CALL_I(virDomainListGetStats(none, 0, &recs, 0));
    virDomainPtr one[] = { d, NULL };
    n = virDomainListGetStats(one, VIR_DOMAIN_STATS_STATE, &recs, 0);
    note("virDomainListGetStats(one, VIR_DOMAIN_STATS_STATE, &recs, 0)", n);
    if (n > 0)
        note("nparams", recs[0]->nparams);
    virDomainStatsRecordListFree(recs);
    CALL_I(virDomainFree(d));
}

/* The read-write connection: vCPUs, pinning and CPU counters of the
 * running domain "test", and the host's; the read-only one refused the
 * pins. The vCPUs' CPU time is the clock, so only its being set shows. */
static void driver_vcpus(virConnectPtr c, virConnectPtr ro)
{
    virVcpuInfo info[4];
    unsigned char maps[8], map[2];
    virTypedParameter params[6];
    virNodeCPUStats cpu[4];
    virNodeMemoryStats mem[4];
    unsigned char *cpus = NULL;
    unsigned int online = 0;
    int i, n;
    virDomainPtr d, rd;

    section("driver-vcpus");
    d = virDomainLookupByName(c, "test");
    report_ptr("virDomainLookupByName(c, \"test\")", d);
    if (!d)
        return;
    memset(maps, 0, sizeof(maps));
    n = virDomainGetVcpus(d, info, 4, maps, 2);
    report_int("virDomainGetVcpus(d, info, 4, maps, 2)", n);
    for (i = 0; i < n; i++) {
        note("number", info[i].number);
        note("state", info[i].state);
        note("cpu", info[i].cpu);
        note("cpuTime set", info[i].cpuTime > 0);
        note("map lo", maps[i * 2]);
        note("map hi", maps[i * 2 + 1]);
    }
    CALL_I(virDomainGetVcpus(d, info, 4, NULL, 1));
    CALL_I(virDomainGetVcpus(d, info, 0, maps, 1));
    map[0] = 0x05;
    map[1] = 0;
    CALL_I(virDomainPinVcpu(d, 1, map, 2));
    CALL_I(virDomainPinVcpu(d, 7, map, 2));
    CALL_I(virDomainPinVcpu(d, 0, map, 0));
    CALL_I(virDomainPinVcpuFlags(d, 0, map, 1, VIR_DOMAIN_AFFECT_CONFIG));
    memset(maps, 0, sizeof(maps));
    CALL_I(virDomainGetVcpuPinInfo(d, 4, maps, 1, 0));
    note("vcpu 0 map", maps[0]);
    note("vcpu 1 map", maps[1]);
    CALL_I(virDomainGetVcpuPinInfo(d, 4, maps, 1, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG));
    map[0] = 0;
    CALL_I(virDomainPinEmulator(d, map, 1, 0));
    map[0] = 0x06;
    CALL_I(virDomainPinEmulator(d, map, 1, VIR_DOMAIN_AFFECT_LIVE));
    map[0] = map[1] = 0;
    CALL_I(virDomainGetEmulatorPinInfo(d, map, 2, 0));
    note("emulator map lo", map[0]);
    note("emulator map hi", map[1]);
    CALL_I(virDomainGetEmulatorPinInfo(d, map, 2, VIR_DOMAIN_AFFECT_CONFIG));
    note("emulator config map lo", map[0]);

    CALL_I(virDomainGetCPUStats(d, NULL, 0, 0, 0, 0));
    CALL_I(virDomainGetCPUStats(d, NULL, 0, -1, 1, 0));
    memset(params, 0, sizeof(params));
    n = virDomainGetCPUStats(d, params, 3, -1, 1, 0);
    report_int("virDomainGetCPUStats(d, params, 3, -1, 1, 0)", n);
    for (i = 0; i < n; i++)
        printf("%s = %llu\n", params[i].field, params[i].value.ul);
    memset(params, 0, sizeof(params));
    n = virDomainGetCPUStats(d, params, 3, 1, 2, 0);
    report_int("virDomainGetCPUStats(d, params, 3, 1, 2, 0)", n);
    for (i = 0; i < 6; i++)
        printf("[%d] %s = %llu\n", i, params[i].field, params[i].value.ul);
    CALL_I(virDomainGetCPUStats(d, params, 2, 5, 1, 0));
    CALL_I(virDomainGetCPUStats(d, params, 2, -1, 2, 0));

    n = 0;
    CALL_I(virNodeGetCPUStats(c, -1, NULL, &n, 0));
    note("nparams", n);
    CALL_I(virNodeGetCPUStats(c, 0, cpu, &n, 0));
    for (i = 0; i < n; i++)
        printf("%s = %llu\n", cpu[i].field, cpu[i].value);
    CALL_I(virNodeGetCPUStats(c, -3, cpu, &n, 0));
    n = 4;
    CALL_I(virNodeGetMemoryStats(c, -1, mem, &n, 0));
    CALL_I(virNodeGetCPUMap(c, &cpus, &online, 0));
    note("cpumap", cpus ? cpus[0] : -1);
    note("online", online);
    free(cpus);

    rd = virDomainLookupByName(ro, "test");
    report_ptr("virDomainLookupByName(ro, \"test\")", rd);
    if (rd) {
        CALL_I(virDomainGetVcpuPinInfo(rd, 2, maps, 1, 0));
        CALL_I(virDomainPinVcpu(rd, 0, map, 1));
        CALL_I(virDomainPinVcpuFlags(rd, 0, map, 1, 0));
        CALL_I(virDomainPinEmulator(rd, map, 1, 0));
        CALL_I(virDomainFree(rd));
    }
    CALL_I(virDomainFree(d));
}

static int section_driver(const char *uri)
{
    virConnectPtr ro, rw;

    section("driver");
    ro = virConnectOpenReadOnly(uri);
    if (!ro) {
        printf("DRIVER-OPEN-FAILED virConnectOpenReadOnly(%s)", uri);
        print_last_error();
        putchar('\n');
        return 1;
    }
    puts("virConnectOpenReadOnly(uri) -> non-NULL");
    driver_connection(ro);
    driver_domains_ro(ro);
    driver_networks(ro);
    driver_storage(ro);
    driver_interfaces(ro);

    section("driver-rw");
    rw = virConnectOpen(uri);
    report_ptr("virConnectOpen(uri)", rw);
    if (rw) {
        driver_lifecycle(rw);
        driver_guest(rw);
        driver_stats(rw);
        driver_jobs(rw, ro);
        driver_vcpus(rw, ro);
        section("driver-close");
        CALL_I(virConnectClose(rw));
    } else {
        section("driver-close");
    }
    CALL_I(virConnectRef(ro));
    CALL_I(virConnectClose(ro));
    CALL_I(virConnectClose(ro));
    return 0;
}

int main(int argc, char **argv)
{
    /* As libvirt asks of every client: initialize before any other call. */
    if (virInitialize() < 0) {
        fprintf(stderr, "virInitialize failed\n");
        return 1;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    section_library();
    section_null_connect();
    section_null_domain();
    section_null_network();
    section_null_storage_pool();
    section_null_storage_vol();
    section_null_interface();
    section_errors();
    int rc = argc > 1 && section_driver(argv[1]) ? 3 : 0;
    section("end");
    return rc;
}
