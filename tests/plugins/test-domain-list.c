/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/test-domain-list.c — the core's domain list, which every
 * hypervisor driver keeps its domains in (modvirt-plugin/domain-list.h):
 * libvirt's duplicate rules and errors, transient and persistent domains,
 * the pending definition of a running domain, ids, lookups and every
 * filter of virConnectListAllDomains, on lists of the test's own; then the
 * duplicate and lookup errors of the test, qemu and lxc drivers, which are
 * libvirt 9.0's (checked against libvirt's test driver). */
#include <modvirt-plugin/plugin.h>
#include <modvirt-plugin/conf-domain.h>
#include <modvirt-plugin/domain-list.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "test/testdrv.h"

#define U1 "11111111-2222-3333-4444-555555555551"
#define U2 "11111111-2222-3333-4444-555555555552"
#define U3 "11111111-2222-3333-4444-555555555553"

static const mv_domain_xmlopt xmlopt = {
    .size = sizeof(mv_domain_xmlopt),
    .default_arch = "x86_64",
};

/* A definition of type 'test' named NAME with UUID and MEM KiB. */
static mv_domain_def *def_new(const char *name, const char *uuid, unsigned int mem)
{
    g_autofree char *xml = g_strdup_printf(
        "<domain type='test'><name>%s</name><uuid>%s</uuid><memory>%u</memory>"
        "<os><type>hvm</type></os></domain>", name, uuid, mem);
    mv_domain_def *def = mv_domain_def_parse(xml, &xmlopt, MV_DOMAIN_PARSE_INACTIVE);

    g_assert_nonnull(def);
    return def;
}

/* Adds a definition that must be accepted. */
static mv_domain_obj *add(mv_domain_list *list, const char *name, const char *uuid,
                          unsigned int flags)
{
    mv_domain_obj *obj = mv_domain_list_add(list, def_new(name, uuid, 1024), flags, NULL);

    g_assert_nonnull(obj);
    return obj;
}

/* Adding must fail with CODE, DOMAIN and MSG; the definition stays ours. */
static void add_fails(mv_domain_list *list, const char *name, const char *uuid,
                      unsigned int flags, int code, const char *msg)
{
    mv_domain_def *def = def_new(name, uuid, 1024);

    g_assert_null(mv_domain_list_add(list, def, flags, NULL));
    assert_error(code, VIR_FROM_DOMAIN, msg);
    mv_domain_def_free(def);
}

static void start(mv_domain_list *list, mv_domain_obj *obj, int id)
{
    g_assert_cmpint(mv_domain_list_set_active(list, obj, NULL, id, VIR_DOMAIN_RUNNING,
                                              VIR_DOMAIN_RUNNING_BOOTED), ==, 0);
}

/* Handles are made on a connection; any will do. */
static virConnectPtr conn;

/* The names export gives for FLAGS, comma-separated, checked against
 * the count without an array and against collect. */
static char *listed(mv_domain_list *list, unsigned int flags)
{
    virDomainPtr *doms = NULL;
    int n = mv_domain_list_export(list, conn, &doms, flags);
    GString *s = g_string_new(NULL);
    size_t ncollected;
    mv_domain_obj **objs = mv_domain_list_collect(list, flags, &ncollected);

    g_assert_cmpint(n, >=, 0);
    g_assert_cmpint(mv_domain_list_export(list, conn, NULL, flags), ==, n);
    g_assert_cmpuint(ncollected, ==, (size_t)n);
    for (int i = 0; i < n; i++) {
        g_string_append_printf(s, "%s%s", i ? "," : "", virDomainGetName(doms[i]));
        g_assert_cmpstr(virDomainGetName(doms[i]), ==, objs[i]->def->name);
        g_assert_cmpint((int)virDomainGetID(doms[i]), ==, objs[i]->def->id);
        g_assert_true(mv_domain_obj_matches(objs[i], flags));
        virDomainFree(doms[i]);
    }
    g_assert_null(doms[n]);
    g_free(doms);
    mv_domain_obj_list_free(objs);
    return g_string_free(s, FALSE);
}

static int priv_freed;

static void priv_free(void *priv)
{
    g_assert_cmpstr(priv, ==, "priv");
    priv_freed++;
}

/* --- the list's rules -------------------------------------------------- */

static void test_duplicates(void)
{
    mv_domain_list *list = mv_domain_list_new(VIR_FROM_QEMU, NULL);
    mv_domain_obj *a = add(list, "a", U1, 0), *existing;
    mv_domain_def *def;

    g_assert_true(a->persistent);
    g_assert_false(mv_domain_obj_is_active(a));
    g_assert_cmpint(a->def->id, ==, -1);
    g_assert_cmpint(a->state, ==, VIR_DOMAIN_SHUTOFF);

    /* Another name with a's UUID; a's name with another UUID: define and
     * create alike, with libvirt's texts (the existing domain's name and
     * UUID). */
    for (unsigned int f = 0; f < 2; f++) {
        unsigned int flags = f ? MV_DOMAIN_LIST_ADD_LIVE | MV_DOMAIN_LIST_ADD_CHECK_LIVE : 0;
        add_fails(list, "b", U1, flags, VIR_ERR_OPERATION_FAILED,
                  "operation failed: domain 'a' is already defined with uuid " U1);
        add_fails(list, "a", U2, flags, VIR_ERR_OPERATION_FAILED,
                  "operation failed: domain 'a' already exists with uuid " U1);
    }
    def = def_new("b", U1, 1024);
    g_assert_cmpint(mv_domain_list_check(list, def, 0, &existing), ==, -1);
    assert_error(VIR_ERR_OPERATION_FAILED, VIR_FROM_DOMAIN,
                 "operation failed: domain 'a' is already defined with uuid " U1);
    mv_domain_def_free(def);
    def = def_new("a", U1, 1024);
    g_assert_cmpint(mv_domain_list_check(list, def, MV_DOMAIN_LIST_ADD_CHECK_LIVE, &existing),
                    ==, 0);
    g_assert_true(existing == a);
    mv_domain_def_free(def);

    /* A create of a domain that runs, or that is being started. */
    start(list, a, 1);
    add_fails(list, "a", U1, MV_DOMAIN_LIST_ADD_LIVE | MV_DOMAIN_LIST_ADD_CHECK_LIVE,
              VIR_ERR_OPERATION_INVALID,
              "Requested operation is not valid: domain 'a' is already active");
    add(list, "c", U3, MV_DOMAIN_LIST_ADD_LIVE);
    add_fails(list, "c", U3, MV_DOMAIN_LIST_ADD_LIVE | MV_DOMAIN_LIST_ADD_CHECK_LIVE,
              VIR_ERR_OPERATION_INVALID,
              "Requested operation is not valid: domain 'c' is already being started");
    g_assert_cmpint(mv_domain_list_export(list, conn, NULL, 0), ==, 2);
    mv_domain_list_free(list);
}

static void test_transient(void)
{
    mv_domain_list *list = mv_domain_list_new(VIR_FROM_NONE, priv_free);
    mv_domain_obj *t = add(list, "t", U1, MV_DOMAIN_LIST_ADD_LIVE |
                           MV_DOMAIN_LIST_ADD_CHECK_LIVE);
    mv_domain_obj *p = add(list, "p", U2, 0);

    priv_freed = 0;
    t->priv = (void *)"priv";
    g_assert_false(t->persistent);
    start(list, t, 5);
    start(list, p, 6);
    g_assert_true(mv_domain_list_find_id(list, 5) == t);
    /* A transient domain leaves the list when it stops; a reference keeps
     * it readable, shut off, without id, marked removed. */
    mv_domain_obj_ref(t);
    g_assert_cmpint(mv_domain_list_set_inactive(list, t, VIR_DOMAIN_SHUTOFF_DESTROYED), ==, 1);
    g_assert_null(mv_domain_list_find_name(list, "t"));
    g_assert_null(mv_domain_list_find_uuid(list, t->def->uuid));
    g_assert_null(mv_domain_list_find_id(list, 5));
    g_assert_true(t->removed);
    g_assert_cmpint(t->def->id, ==, -1);
    g_assert_cmpint(t->state, ==, VIR_DOMAIN_SHUTOFF);
    g_assert_cmpint(t->reason, ==, VIR_DOMAIN_SHUTOFF_DESTROYED);
    g_assert_cmpint(priv_freed, ==, 0);
    mv_domain_obj_unref(t);
    g_assert_cmpint(priv_freed, ==, 1);

    /* A persistent one stays. */
    g_assert_cmpint(mv_domain_list_set_inactive(list, p, VIR_DOMAIN_SHUTOFF_SHUTDOWN), ==, 0);
    g_assert_true(mv_domain_list_find_name(list, "p") == p);
    g_assert_false(mv_domain_obj_is_active(p));
    g_assert_cmpint(p->reason, ==, VIR_DOMAIN_SHUTOFF_SHUTDOWN);
    g_autofree char *names = listed(list, 0);
    g_assert_cmpstr(names, ==, "p");
    mv_domain_list_free(list);
}

static void test_pending_definition(void)
{
    mv_domain_list *list = mv_domain_list_new(VIR_FROM_NONE, NULL);
    mv_domain_obj *p = add(list, "p", U1, 0), *t;
    mv_domain_def *old = NULL;

    /* Started on its own definition: a copy waits, so live changes never
     * reach the persistent one. */
    start(list, p, 1);
    g_assert_nonnull(p->new_def);
    g_assert_true(p->new_def != p->def);
    p->def->current_memory = 512;

    /* Defined while running: the new definition waits; it is an update. */
    g_assert_true(mv_domain_list_add(list, def_new("p", U1, 2048), 0, &old) == p);
    g_assert_nonnull(old);
    mv_domain_def_free(old);
    g_assert_cmpuint(p->def->memory, ==, 1024);
    g_assert_cmpuint(p->new_def->memory, ==, 2048);
    g_assert_cmpint(p->def->id, ==, 1);
    /* Swapped in at shutdown. */
    g_assert_cmpint(mv_domain_list_set_inactive(list, p, VIR_DOMAIN_SHUTOFF_SHUTDOWN), ==, 0);
    g_assert_cmpuint(p->def->memory, ==, 2048);
    g_assert_null(p->new_def);
    g_assert_cmpint(p->def->id, ==, -1);

    /* Defined while shut off: replaced at once, an update too. */
    g_assert_true(mv_domain_list_add(list, def_new("p", U1, 3072), 0, &old) == p);
    g_assert_nonnull(old);
    g_assert_cmpuint(old->memory, ==, 2048);
    mv_domain_def_free(old);
    g_assert_cmpuint(p->def->memory, ==, 3072);

    /* Created from XML while defined and shut off: the XML runs, the
     * definition comes back at shutdown; it stays persistent. */
    g_assert_true(mv_domain_list_add(list, def_new("p", U1, 4096), MV_DOMAIN_LIST_ADD_LIVE |
                                     MV_DOMAIN_LIST_ADD_CHECK_LIVE, &old) == p);
    g_assert_null(old);
    g_assert_true(p->persistent);
    start(list, p, 2);
    g_assert_cmpuint(p->def->memory, ==, 4096);
    g_assert_cmpuint(p->new_def->memory, ==, 3072);
    mv_domain_list_set_inactive(list, p, VIR_DOMAIN_SHUTOFF_DESTROYED);
    g_assert_cmpuint(p->def->memory, ==, 3072);

    /* A live definition given at start: the persistent one waits. */
    g_assert_cmpint(mv_domain_list_set_active(list, p, def_new("p", U1, 5120), 3,
                                              VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER), ==, 0);
    g_assert_cmpuint(p->def->memory, ==, 5120);
    g_assert_cmpuint(p->new_def->memory, ==, 3072);
    g_assert_cmpint(p->state, ==, VIR_DOMAIN_PAUSED);

    /* Undefined while running: transient, no pending definition and no
     * autostart, gone when it stops. */
    p->autostart = 1;
    g_assert_cmpint(mv_domain_list_undefine(list, p), ==, 0);
    g_assert_false(p->persistent);
    g_assert_false(p->autostart);
    g_assert_null(p->new_def);
    g_assert_cmpint(mv_domain_list_set_inactive(list, p, VIR_DOMAIN_SHUTOFF_DESTROYED), ==, 1);
    g_assert_null(mv_domain_list_find_name(list, "p"));

    /* Defining a running transient domain makes it persistent: an
     * addition; its definition is the defined one after shutdown. */
    t = add(list, "t", U2, MV_DOMAIN_LIST_ADD_LIVE | MV_DOMAIN_LIST_ADD_CHECK_LIVE);
    start(list, t, 4);
    g_assert_null(t->new_def);
    g_assert_true(mv_domain_list_add(list, def_new("t", U2, 2048), 0, &old) == t);
    g_assert_null(old);
    g_assert_true(t->persistent);
    g_assert_cmpint(mv_domain_list_set_inactive(list, t, VIR_DOMAIN_SHUTOFF_SHUTDOWN), ==, 0);
    g_assert_cmpuint(t->def->memory, ==, 2048);

    /* Undefined while shut off: removed. */
    g_assert_cmpint(mv_domain_list_undefine(list, t), ==, 1);
    g_assert_cmpint(mv_domain_list_export(list, conn, NULL, 0), ==, 0);
    mv_domain_list_free(list);
}

static void test_ids(void)
{
    mv_domain_list *list = mv_domain_list_new(VIR_FROM_LXC, NULL);
    mv_domain_obj *a = add(list, "a", U1, 0), *b = add(list, "b", U2, 0);

    g_assert_null(mv_domain_list_find_id(list, -1));
    start(list, a, 3);
    g_assert_cmpint(mv_domain_list_set_active(list, b, NULL, 3, VIR_DOMAIN_RUNNING,
                                              VIR_DOMAIN_RUNNING_BOOTED), ==, -1);
    assert_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN, NULL);
    g_assert_false(mv_domain_obj_is_active(b));
    g_assert_cmpint(mv_domain_list_set_active(list, a, NULL, 4, VIR_DOMAIN_RUNNING,
                                              VIR_DOMAIN_RUNNING_BOOTED), ==, -1);
    assert_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                 "Requested operation is not valid: domain 'a' is already active");
    start(list, b, 4);
    g_assert_true(mv_domain_list_lookup_id(list, 3) == a);
    g_assert_true(mv_domain_list_lookup_id(list, 4) == b);
    g_assert_cmpint(b->def->id, ==, 4);

    /* An id belongs to the running domain only. */
    mv_domain_list_set_inactive(list, a, VIR_DOMAIN_SHUTOFF_DESTROYED);
    g_assert_null(mv_domain_list_lookup_id(list, 3));
    assert_error(VIR_ERR_NO_DOMAIN, VIR_FROM_LXC, "Domain not found: no domain with matching id 3");
    start(list, a, 3);
    g_assert_true(mv_domain_list_find_id(list, 3) == a);
    mv_domain_list_free(list);
}

static void test_lookups(void)
{
    mv_domain_list *list = mv_domain_list_new(VIR_FROM_QEMU, NULL);
    mv_domain_obj *a = add(list, "a", U1, 0);
    unsigned char uuid[VIR_UUID_BUFLEN];
    virDomainPtr h;

    g_assert_true(mv_domain_list_lookup_name(list, "a") == a);
    g_assert_null(mv_domain_list_lookup_name(list, "nosuch"));
    assert_error(VIR_ERR_NO_DOMAIN, VIR_FROM_QEMU,
                 "Domain not found: no domain with matching name 'nosuch'");
    g_assert_cmpint(mv_uuid_parse(U2, uuid), ==, 0);
    g_assert_null(mv_domain_list_lookup_uuid(list, uuid));
    assert_error(VIR_ERR_NO_DOMAIN, VIR_FROM_QEMU,
                 "Domain not found: no domain with matching uuid '" U2 "'");
    g_assert_cmpint(mv_uuid_parse(U1, uuid), ==, 0);
    g_assert_true(mv_domain_list_lookup_uuid(list, uuid) == a);

    /* A handle finds its domain by UUID while it exists. */
    h = mv_domain_obj_handle(conn, a);
    g_assert_cmpint((int)virDomainGetID(h), ==, -1);
    g_assert_true(mv_domain_list_lookup_domain(list, h) == a);
    g_assert_cmpint(mv_domain_list_undefine(list, a), ==, 1);
    g_assert_null(mv_domain_list_lookup_domain(list, h));
    assert_error(VIR_ERR_NO_DOMAIN, VIR_FROM_QEMU,
                 "Domain not found: no domain with matching uuid '" U1 "' (a)");
    virDomainFree(h);
    mv_domain_list_free(list);
}

/* Every filter group of virConnectListAllDomains, alone and combined. */
static void test_filters(void)
{
    static const struct {
        unsigned int flags;
        const char *names;
    } cases[] = {
        { 0, "run,pause,off,other,offauto" },
        { VIR_CONNECT_LIST_DOMAINS_ACTIVE, "run,pause,other" },
        { VIR_CONNECT_LIST_DOMAINS_INACTIVE, "off,offauto" },
        { VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_INACTIVE,
          "run,pause,off,other,offauto" },
        { VIR_CONNECT_LIST_DOMAINS_PERSISTENT, "run,off,other,offauto" },
        { VIR_CONNECT_LIST_DOMAINS_TRANSIENT, "pause" },
        { VIR_CONNECT_LIST_DOMAINS_RUNNING, "run" },
        { VIR_CONNECT_LIST_DOMAINS_PAUSED, "pause" },
        { VIR_CONNECT_LIST_DOMAINS_SHUTOFF, "off,offauto" },
        { VIR_CONNECT_LIST_DOMAINS_OTHER, "other" },
        { VIR_CONNECT_LIST_DOMAINS_RUNNING | VIR_CONNECT_LIST_DOMAINS_PAUSED, "run,pause" },
        { VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE, "off" },
        { VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE, "run,pause,other,offauto" },
        { VIR_CONNECT_LIST_DOMAINS_AUTOSTART, "run,offauto" },
        { VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART, "pause,off,other" },
        { VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT, "run" },
        { VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT, "pause,off,other,offauto" },
        { VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT, "off" },
        { VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT, "run,pause,other,offauto" },
        { VIR_CONNECT_LIST_DOMAINS_PERSISTENT | VIR_CONNECT_LIST_DOMAINS_INACTIVE |
          VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART, "off" },
        { VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_SHUTOFF, "" },
        { VIR_CONNECT_LIST_DOMAINS_AUTOSTART | VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT |
          VIR_CONNECT_LIST_DOMAINS_PERSISTENT | VIR_CONNECT_LIST_DOMAINS_RUNNING, "run" },
    };
    mv_domain_list *list = mv_domain_list_new(VIR_FROM_NONE, NULL);
    mv_domain_obj *run = add(list, "run", U1, 0);
    mv_domain_obj *pause = add(list, "pause", U2, MV_DOMAIN_LIST_ADD_LIVE);
    mv_domain_obj *off = add(list, "off", U3, 0);
    mv_domain_obj *other = add(list, "other", "11111111-2222-3333-4444-555555555554", 0);
    mv_domain_obj *offauto = add(list, "offauto", "11111111-2222-3333-4444-555555555555", 0);

    start(list, run, 1);
    run->autostart = 1;
    run->nsnapshots = 2;
    g_assert_cmpint(mv_domain_list_set_active(list, pause, NULL, 2, VIR_DOMAIN_PAUSED,
                                              VIR_DOMAIN_PAUSED_USER), ==, 0);
    off->has_managed_save = 1;
    off->ncheckpoints = 1;
    g_assert_cmpint(mv_domain_list_set_active(list, other, NULL, 3, VIR_DOMAIN_PMSUSPENDED,
                                              0), ==, 0);
    offauto->autostart = 1;
    g_assert_cmpuint(G_N_ELEMENTS(cases), >, 16);
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *names = listed(list, cases[i].flags);
        if (g_strcmp0(names, cases[i].names) != 0)
            g_error("flags 0x%x: listed '%s', expected '%s'", cases[i].flags, names,
                    cases[i].names);
    }
    /* Every flag there is took part. */
    unsigned int seen = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
        seen |= cases[i].flags;
    g_assert_cmphex(seen, ==, MV_DOMAIN_LIST_FILTERS_ALL);
    mv_domain_list_free(list);
}

/* What collect hands out stays valid after the list lets go. */
static void test_collect_references(void)
{
    mv_domain_list *list = mv_domain_list_new(VIR_FROM_NONE, priv_free);
    mv_domain_obj **objs;
    size_t n;

    priv_freed = 0;
    add(list, "a", U1, 0)->priv = (void *)"priv";
    add(list, "b", U2, 0)->priv = (void *)"priv";
    objs = mv_domain_list_collect(list, VIR_CONNECT_LIST_DOMAINS_INACTIVE, &n);
    g_assert_cmpuint(n, ==, 2);
    mv_domain_list_free(list);
    g_assert_cmpint(priv_freed, ==, 0);
    g_assert_true(objs[0]->removed && objs[1]->removed);
    g_assert_cmpstr(objs[1]->def->name, ==, "b");
    mv_domain_obj_list_free(objs);
    g_assert_cmpint(priv_freed, ==, 2);
}

/* --- the drivers ------------------------------------------------------- */

typedef struct {
    const char *scheme;      /* URI, with %s for a temporary root */
    const char *type_os;     /* <domain type> and <os> of a definition */
    int err_domain;
    const char *no_name;     /* the message of a lookup by a missing name */
} driver_case;

static const driver_case drivers[] = {
    { "test:///default", "type='test'><os><type>hvm</type></os", VIR_FROM_TEST,
      "Domain not found" },
    { "qemu:///embed?root=%s", "type='qemu'><os><type>hvm</type></os", VIR_FROM_QEMU,
      "Domain not found: no domain with matching name 'nosuch'" },
    { "lxc:///embed?root=%s", "type='lxc'><os><type>exe</type><init>/bin/sh</init></os",
      VIR_FROM_LXC, "Domain not found: no domain with matching name 'nosuch'" },
};

static char *driver_xml(const driver_case *c, const char *name, const char *uuid)
{
    /* "<domain TYPE>" and "<os>...</os" share the case's string. */
    const char *os = strstr(c->type_os, "><os>");
    g_autofree char *type = g_strndup(c->type_os, (gsize)(os - c->type_os));

    return g_strdup_printf("<domain %s><name>%s</name><uuid>%s</uuid>"
                           "<memory unit='KiB'>65536</memory>%s></domain>",
                           type, name, uuid, os + 1);
}

/* Each driver reports duplicates and missing domains as libvirt does. */
static void test_driver(gconstpointer data)
{
    const driver_case *c = data;
    g_autofree char *root = g_dir_make_tmp("domain-list-XXXXXX", NULL);
    g_autofree char *uri = g_strdup_printf(c->scheme, root);
    g_autofree char *x1 = driver_xml(c, "dl1", U1);
    g_autofree char *x2 = driver_xml(c, "dl2", U1);
    g_autofree char *x3 = driver_xml(c, "dl1", U2);
    virConnectPtr dc = virConnectOpen(uri);
    virDomainPtr d, h;

    if (!dc) {
        g_autofree char *why = g_strdup_printf("%s: %s", uri, virGetLastErrorMessage());
        g_test_skip(why);
        g_rmdir(root);
        return;
    }
    d = virDomainDefineXML(dc, x1);
    g_assert_nonnull(d);
    g_assert_null(virDomainDefineXML(dc, x2));
    assert_error(VIR_ERR_OPERATION_FAILED, VIR_FROM_DOMAIN,
                 "operation failed: domain 'dl1' is already defined with uuid " U1);
    g_assert_null(virDomainCreateXML(dc, x2, 0));
    assert_error(VIR_ERR_OPERATION_FAILED, VIR_FROM_DOMAIN,
                 "operation failed: domain 'dl1' is already defined with uuid " U1);
    g_assert_null(virDomainDefineXML(dc, x3));
    assert_error(VIR_ERR_OPERATION_FAILED, VIR_FROM_DOMAIN,
                 "operation failed: domain 'dl1' already exists with uuid " U1);
    g_assert_null(virDomainCreateXML(dc, x3, 0));
    assert_error(VIR_ERR_OPERATION_FAILED, VIR_FROM_DOMAIN,
                 "operation failed: domain 'dl1' already exists with uuid " U1);
    g_assert_null(virDomainLookupByName(dc, "nosuch"));
    assert_error(VIR_ERR_NO_DOMAIN, c->err_domain, c->no_name);

    /* Redefining is an update of the same domain. */
    h = virDomainDefineXML(dc, x1);
    g_assert_nonnull(h);
    g_assert_cmpint(virDomainIsPersistent(h), ==, 1);
    virDomainFree(h);

    /* A handle outlives its domain. */
    g_assert_cmpint(virDomainUndefine(d), ==, 0);
    g_assert_cmpint(virDomainIsActive(d), ==, -1);
    assert_error(VIR_ERR_NO_DOMAIN, c->err_domain,
                 "Domain not found: no domain with matching uuid '" U1 "' (dl1)");
    virDomainFree(d);
    virConnectClose(dc);
    g_autofree char *rm = g_strdup_printf("rm -rf '%s'", root);
    g_assert_cmpint(system(rm), ==, 0);
}

/* libvirt's test driver loads the domains of a node file as definitions:
 * the same domain twice is a redefinition, a name with two UUIDs is
 * refused with the define's error. */
static void test_node_file(void)
{
    static const char *const dom =
        "<domain type='test'><name>a</name><uuid>%s</uuid><memory>%u</memory>"
        "<os><type>hvm</type></os></domain>";
    g_autofree char *dir = g_dir_make_tmp("domain-list-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "node.xml", NULL);
    g_autofree char *uri = g_strdup_printf("test://%s", path);
    g_autofree char *d1 = g_strdup_printf(dom, U1, 1024);
    g_autofree char *d2 = g_strdup_printf(dom, U1, 2048);
    g_autofree char *d3 = g_strdup_printf(dom, U2, 2048);
    g_autofree char *same = g_strconcat("<node>", d1, d2, "</node>", NULL);
    g_autofree char *clash = g_strconcat("<node>", d1, d3, "</node>", NULL);
    virConnectPtr c;
    virDomainPtr d;

    g_assert_true(g_file_set_contents(path, same, -1, NULL));
    c = virConnectOpen(uri);
    g_assert_nonnull(c);
    g_assert_nonnull((d = virDomainLookupByName(c, "a")));
    g_assert_cmpint(virConnectListAllDomains(c, NULL, 0), ==, 1);
    virDomainFree(d);
    virConnectClose(c);

    g_assert_true(g_file_set_contents(path, clash, -1, NULL));
    g_assert_null(virConnectOpen(uri));
    assert_error(VIR_ERR_OPERATION_FAILED, VIR_FROM_DOMAIN,
                 "operation failed: domain 'a' already exists with uuid " U1);
    g_unlink(path);
    g_rmdir(dir);
}

static void quiet(void *opaque, virErrorPtr err)
{
    (void)opaque;
    (void)err;
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    virSetErrorFunc(NULL, quiet);
    conn = virConnectOpen("test:///default");
    g_assert_nonnull(conn);
    g_test_add_func("/domain-list/duplicates", test_duplicates);
    g_test_add_func("/domain-list/transient", test_transient);
    g_test_add_func("/domain-list/pending-definition", test_pending_definition);
    g_test_add_func("/domain-list/ids", test_ids);
    g_test_add_func("/domain-list/lookups", test_lookups);
    g_test_add_func("/domain-list/filters", test_filters);
    g_test_add_func("/domain-list/collect-references", test_collect_references);
    g_test_add_data_func("/drivers/test", &drivers[0], test_driver);
    g_test_add_func("/drivers/test-node-file", test_node_file);
    g_test_add_data_func("/drivers/qemu", &drivers[1], test_driver);
    g_test_add_data_func("/drivers/lxc", &drivers[2], test_driver);
    ret = g_test_run();
    virConnectClose(conn);
    return ret;
}
