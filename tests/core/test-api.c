/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/core/test-api.c — what every public entry point promises, checked
 * through the shared library against the fixture plugin: handle checks,
 * read-only refusal, unsupported slots, list fallbacks, URI choice, default
 * URIs, reference counts and error delivery. */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <glib.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static void assert_error(int code, int domain, const char *msg)
{
    virErrorPtr e = virGetLastError();
    g_assert_nonnull(e);
    if (e->code != code || e->domain != domain || (msg && strcmp(e->message, msg) != 0))
        g_error("expected code %d domain %d '%s', got code %d domain %d '%s'",
                code, domain, msg ? msg : "*", e->code, e->domain, e->message);
}

static virConnectPtr open_fixture(bool ro)
{
    virConnectPtr c = ro ? virConnectOpenReadOnly("fixture:///default")
                         : virConnectOpen("fixture:///default");
    g_assert_nonnull(c);
    return c;
}

static void test_null_handles(void)
{
    g_assert_null(virConnectGetType(NULL));
    /* Codes, domains and texts as libvirt 9.0 reports them. */
    assert_error(VIR_ERR_INVALID_CONN, VIR_FROM_DOMAIN,
                 "invalid connection pointer in virConnectGetType");
    g_assert_null(virDomainGetName(NULL));
    assert_error(VIR_ERR_INVALID_DOMAIN, VIR_FROM_DOM, "invalid domain pointer in virDomainGetName");
    g_assert_cmpint(virDomainDestroy(NULL), ==, -1);
    assert_error(VIR_ERR_INVALID_DOMAIN, VIR_FROM_DOM, "invalid domain pointer in virDomainDestroy");
    g_assert_null(virNetworkGetName(NULL));
    assert_error(VIR_ERR_INVALID_NETWORK, VIR_FROM_NETWORK, NULL);
    g_assert_null(virStoragePoolGetName(NULL));
    assert_error(VIR_ERR_INVALID_STORAGE_POOL, VIR_FROM_STORAGE, NULL);
    g_assert_null(virStorageVolGetName(NULL));
    assert_error(VIR_ERR_INVALID_STORAGE_VOL, VIR_FROM_STORAGE, NULL);
    g_assert_null(virInterfaceGetName(NULL));
    assert_error(VIR_ERR_INVALID_INTERFACE, VIR_FROM_INTERFACE, NULL);
    g_assert_cmpint(virConnectClose(NULL), ==, -1);
    assert_error(VIR_ERR_INVALID_CONN, VIR_FROM_NONE, "invalid connection pointer in virConnectClose");
    /* A successful call clears the last error. */
    unsigned long v;
    g_assert_cmpint(virGetVersion(&v, NULL, NULL), ==, 0);
    g_assert_cmpuint(v, ==, LIBVIR_VERSION_NUMBER);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_OK);
}

static void test_readonly(void)
{
    virConnectPtr c = open_fixture(true);
    virDomainPtr d = virDomainLookupByName(c, "fx1");
    g_assert_nonnull(d);
    g_assert_cmpint(virDomainDestroy(d), ==, -1);
    assert_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                 "operation forbidden: read only access prevents virDomainDestroy");
    /* Refused before the driver saw it: still running. */
    virDomainInfo info;
    g_assert_cmpint(virDomainGetInfo(d, &info), ==, 0);
    g_assert_cmpint(info.state, ==, VIR_DOMAIN_RUNNING);
    g_assert_null(virDomainDefineXML(c, "<domain/>"));
    assert_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN, NULL);
    virDomainFree(d);
    virConnectClose(c);
}

static void test_unsupported(void)
{
    virConnectPtr c = open_fixture(false);
    virDomainPtr d = virDomainLookupByName(c, "fx1");
    g_assert_cmpint(virDomainSuspend(d), ==, -1);
    assert_error(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN,
                 "this function is not supported by the connection driver: virDomainSuspend");
    /* No network/storage/interface driver on this connection. */
    g_assert_cmpint(virConnectNumOfNetworks(c), ==, -1);
    assert_error(VIR_ERR_NO_SUPPORT, VIR_FROM_NETWORK, NULL);
    g_assert_cmpint(virConnectListAllStoragePools(c, NULL, 0), ==, -1);
    assert_error(VIR_ERR_NO_SUPPORT, VIR_FROM_STORAGE, NULL);
    g_assert_null(virInterfaceLookupByName(c, "eth0"));
    assert_error(VIR_ERR_NO_SUPPORT, VIR_FROM_INTERFACE, NULL);
    virDomainFree(d);
    virConnectClose(c);
}

static void test_bad_args(void)
{
    virConnectPtr c = open_fixture(false);
    g_assert_null(virDomainLookupByName(c, NULL));
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "name in virDomainLookupByName must not be NULL");
    g_assert_null(virDomainLookupByUUIDString(c, "not-a-uuid"));
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "Invalid UUID");
    g_assert_null(virDomainLookupByID(c, -5));
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "id in virDomainLookupByID must be zero or greater");
    g_assert_null(virDomainLookupByName(c, "nope"));
    assert_error(VIR_ERR_NO_DOMAIN, VIR_FROM_TEST, "Domain not found: no domain with matching name");
    virConnectClose(c);
}

static void test_lifecycle_dispatch(void)
{
    virConnectPtr c = open_fixture(false);
    virDomainPtr d = virDomainLookupByName(c, "fx2");
    g_assert_cmpint((int)virDomainGetID(d), ==, -1);
    g_assert_cmpint(virDomainCreate(d), ==, 0);
    g_assert_cmpint((int)virDomainGetID(d), >, 1);
    g_assert_cmpint(virDomainCreate(d), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
                 "Requested operation is not valid: domain is already running");
    g_assert_cmpint(virDomainDestroy(d), ==, 0);
    g_assert_cmpint((int)virDomainGetID(d), ==, -1);
    virDomainInfo info;
    g_assert_cmpint(virDomainGetInfo(d, &info), ==, 0);
    g_assert_cmpint(info.state, ==, VIR_DOMAIN_SHUTOFF);
    g_assert_cmpuint(info.memory, ==, 65536);
    virDomainFree(d);
    virConnectClose(c);
}

/* The fixture implements only ListAll; the core answers the older calls. */
static void test_list_fallbacks(void)
{
    virConnectPtr c = open_fixture(false);
    g_assert_cmpint(virConnectNumOfDomains(c), ==, 1);
    int ids[4] = { 0 };
    g_assert_cmpint(virConnectListDomains(c, ids, 4), ==, 1);
    g_assert_cmpint(ids[0], ==, 1);
    g_assert_cmpint(virConnectNumOfDefinedDomains(c), ==, 1);
    char *names[4] = { 0 };
    g_assert_cmpint(virConnectListDefinedDomains(c, names, 4), ==, 1);
    g_assert_cmpstr(names[0], ==, "fx2");
    free(names[0]);
    g_assert_cmpint(virConnectListDefinedDomains(c, names, 0), ==, 0);
    g_assert_cmpint(virConnectListDomains(c, ids, -1), ==, -1);
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                 "maxids in virConnectListDomains must be zero or greater");
    virDomainPtr *doms = NULL;
    g_assert_cmpint(virConnectListAllDomains(c, &doms, 0), ==, 2);
    g_assert_cmpstr(virDomainGetName(doms[0]), ==, "fx1");
    g_assert_null(doms[2]);
    for (int i = 0; i < 2; i++)
        virDomainFree(doms[i]);
    free(doms);
    virConnectClose(c);
}

static void test_uuid_lookup(void)
{
    virConnectPtr c = open_fixture(false);
    virDomainPtr a = virDomainLookupByName(c, "fx1");
    char uuid[VIR_UUID_STRING_BUFLEN];
    g_assert_cmpint(virDomainGetUUIDString(a, uuid), ==, 0);
    g_assert_cmpstr(uuid, ==, "f1010203-0405-0607-0809-0a0b0c0d0e0f");
    virDomainPtr b = virDomainLookupByUUIDString(c, "F1010203-0405-0607-0809-0A0B0C0D0E0F");
    g_assert_nonnull(b);
    g_assert_cmpstr(virDomainGetName(b), ==, "fx1");
    virDomainPtr byid = virDomainLookupByID(c, 1);
    g_assert_nonnull(byid);
    g_assert_cmpstr(virDomainGetName(byid), ==, "fx1");
    virDomainFree(a);
    virDomainFree(b);
    virDomainFree(byid);
    virConnectClose(c);
}

static void test_open_choice(void)
{
    g_assert_null(virConnectOpen("fixture:///decline"));
    assert_error(VIR_ERR_NO_CONNECT, VIR_FROM_NONE,
                 "no connection driver available for fixture:///decline");
    g_assert_null(virConnectOpen("fixture:///error"));
    assert_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, "invalid argument: fixture refuses path /error");
    g_assert_null(virConnectOpen("nosuch:///x"));
    assert_error(VIR_ERR_NO_CONNECT, VIR_FROM_NONE, "no connection driver available for nosuch:///x");
    g_assert_null(virConnectOpen("qemu:///system"));
    assert_error(VIR_ERR_NO_CONNECT, VIR_FROM_NONE, NULL);
    g_assert_nonnull(strstr(virGetLastErrorMessage(), "install the 'qemu' plugin"));
    g_assert_null(virConnectOpen("not a uri"));
    assert_error(VIR_ERR_NO_CONNECT, VIR_FROM_NONE, NULL);
    /* local_only: a URI naming a server is not for the fixture. */
    g_assert_null(virConnectOpen("fixture://elsewhere/default"));
    assert_error(VIR_ERR_NO_CONNECT, VIR_FROM_NONE, NULL);
}

static void test_default_uri(void)
{
    g_unsetenv("MODVIRT_DEFAULT_URI");
    g_unsetenv("LIBVIRT_DEFAULT_URI");
    g_assert_null(virConnectOpen(NULL));
    assert_error(VIR_ERR_NO_CONNECT, VIR_FROM_NONE, NULL);

    g_setenv("LIBVIRT_DEFAULT_URI", "fixture:///default", TRUE);
    virConnectPtr c = virConnectOpen(NULL);
    g_assert_nonnull(c);
    char *uri = virConnectGetURI(c);
    g_assert_cmpstr(uri, ==, "fixture:///default");
    free(uri);
    virConnectClose(c);

    /* MODVIRT_DEFAULT_URI wins over LIBVIRT_DEFAULT_URI. */
    g_setenv("MODVIRT_DEFAULT_URI", "small:///default", TRUE);
    c = virConnectOpen(NULL);
    g_assert_nonnull(c);
    g_assert_cmpstr(virConnectGetType(c), ==, "FIXTURE");
    uri = virConnectGetURI(c);
    g_assert_cmpstr(uri, ==, "small:///default");
    free(uri);
    virConnectClose(c);
    g_unsetenv("MODVIRT_DEFAULT_URI");
    g_unsetenv("LIBVIRT_DEFAULT_URI");
}

static void test_refcounts(void)
{
    virConnectPtr c = open_fixture(false);
    g_assert_cmpint(virConnectRef(c), ==, 0);
    g_assert_cmpint(virConnectClose(c), ==, 1);
    virDomainPtr d = virDomainLookupByName(c, "fx1");
    /* The domain holds the connection. */
    g_assert_cmpint(virConnectClose(c), ==, 1);
    g_assert_true(virDomainGetConnect(d) == c);
    g_assert_cmpint(virDomainRef(d), ==, 0);
    g_assert_cmpint(virDomainFree(d), ==, 0);
    g_assert_cmpstr(virDomainGetName(d), ==, "fx1");
    g_assert_cmpint(virDomainFree(d), ==, 0);
}

static int handler_calls;
static int conn_handler_calls;
static void global_handler(void *ud, virErrorPtr e) { handler_calls++; g_assert_cmpstr(ud, ==, "global"); }
static void conn_handler(void *ud, virErrorPtr e) { conn_handler_calls++; }

static void test_error_callbacks(void)
{
    virConnectPtr c = open_fixture(false);
    virSetErrorFunc((void *)"global", global_handler);
    g_assert_null(virDomainLookupByName(c, "missing"));
    g_assert_cmpint(handler_calls, ==, 1);

    virConnSetErrorFunc(c, NULL, conn_handler);
    g_assert_null(virDomainLookupByName(c, "missing"));
    g_assert_cmpint(conn_handler_calls, ==, 1);
    g_assert_cmpint(handler_calls, ==, 1);
    virErrorPtr ce = virConnGetLastError(c);
    g_assert_nonnull(ce);
    g_assert_cmpint(ce->code, ==, VIR_ERR_NO_DOMAIN);

    virErrorPtr saved = virSaveLastError();
    g_assert_cmpint(saved->code, ==, VIR_ERR_NO_DOMAIN);
    virResetLastError();
    g_assert_null(virGetLastError());
    g_assert_cmpint(saved->code, ==, VIR_ERR_NO_DOMAIN);
    virFreeError(saved);
    virConnResetLastError(c);
    g_assert_cmpint(virConnGetLastError(c)->code, ==, VIR_ERR_OK);

    virConnSetErrorFunc(c, NULL, NULL);
    virSetErrorFunc(NULL, NULL);
    virConnectClose(c);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_setenv("MODVIRT_PLUGIN_DIR", g_getenv("MV_TEST_FIXTURE_DIR"), TRUE);
    /* Only the good fixtures matter here; the broken ones are the registry
     * test's business, so keep their warnings out of this log. */
    g_setenv("MODVIRT_DEBUG", "4", TRUE);
    g_test_add_func("/api/null-handles", test_null_handles);
    g_test_add_func("/api/readonly", test_readonly);
    g_test_add_func("/api/unsupported", test_unsupported);
    g_test_add_func("/api/bad-args", test_bad_args);
    g_test_add_func("/api/lifecycle-dispatch", test_lifecycle_dispatch);
    g_test_add_func("/api/list-fallbacks", test_list_fallbacks);
    g_test_add_func("/api/uuid-lookup", test_uuid_lookup);
    g_test_add_func("/api/open-choice", test_open_choice);
    g_test_add_func("/api/default-uri", test_default_uri);
    g_test_add_func("/api/refcounts", test_refcounts);
    g_test_add_func("/api/error-callbacks", test_error_callbacks);
    return g_test_run();
}
