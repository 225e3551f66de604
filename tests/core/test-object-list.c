/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/core/test-object-list.c — the object helpers drivers use for their
 * networks, pools, volumes and interfaces (modvirt-plugin/object-list.h):
 * lookups with libvirt's errors, the ListAll filter pairs, counts, names,
 * and ListAll arrays that leave nothing behind when a handle fails. */
#include <modvirt-plugin/plugin.h>

#include <glib.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
    bool active, persistent, autostart;
} thing;

static int live_handles;
static const char *refuse;      /* the handle of this one fails */

static const char *thing_name(const void *o) { return ((const thing *)o)->name; }
static const unsigned char *thing_uuid(const void *o) { return ((const thing *)o)->uuid; }

static bool thing_match(const void *o, unsigned int flags)
{
    const thing *t = o;
    return mv_object_filter(flags, t->active, t->persistent, t->autostart);
}

static void *thing_handle(virConnectPtr conn, const void *o)
{
    (void)conn;
    const thing *t = o;
    if (refuse && strcmp(t->name, refuse) == 0) {
        mv_error_report(VIR_FROM_NETWORK, VIR_ERR_INTERNAL_ERROR, "no handle for %s", t->name);
        return NULL;
    }
    live_handles++;
    return g_strdup(t->name);
}

static void thing_unref(void *h)
{
    live_handles--;
    g_free(h);
}

static const mv_object_kind kind = {
    .size = sizeof(mv_object_kind), .err_domain = VIR_FROM_NETWORK,
    .err_code = VIR_ERR_NO_NETWORK, .what = "network",
    .name = thing_name, .uuid = thing_uuid, .match = thing_match,
    .handle = thing_handle, .unref = thing_unref,
};

static thing things[] = {
    { "a", { 1 }, true, true, true },
    { "b", { 2 }, false, true, false },
    { "c", { 3 }, true, false, false },
};
static void *objs[] = { &things[0], &things[1], &things[2] };

static void expect_error(int code, const char *message)
{
    virErrorPtr e = virGetLastError();
    g_assert_nonnull(e);
    g_assert_cmpint(e->domain, ==, VIR_FROM_NETWORK);
    g_assert_cmpint(e->code, ==, code);
    g_assert_cmpstr(e->message, ==, message);
    virResetLastError();
}

static void test_lookups(void)
{
    g_assert_true(mv_object_find_name(&kind, objs, 3, "b") == &things[1]);
    g_assert_null(mv_object_find_name(&kind, objs, 3, "zz"));
    g_assert_null(virGetLastError());                       /* find reports nothing */
    unsigned char uuid[VIR_UUID_BUFLEN] = { 3 };
    g_assert_true(mv_object_lookup_uuid(&kind, objs, 3, uuid) == &things[2]);
    g_assert_null(mv_object_lookup_name(&kind, objs, 3, "zz"));
    expect_error(VIR_ERR_NO_NETWORK, "Network not found: no network with matching name 'zz'");
    uuid[0] = 9;
    g_assert_null(mv_object_lookup_uuid(&kind, objs, 3, uuid));
    expect_error(VIR_ERR_NO_NETWORK, "Network not found: no network with matching uuid "
                                     "'09000000-0000-0000-0000-000000000000'");
}

static void test_filters(void)
{
    g_assert_cmpint(mv_object_count(&kind, objs, 3, 0), ==, 3);
    g_assert_cmpint(mv_object_count(&kind, objs, 3, VIR_CONNECT_LIST_NETWORKS_ACTIVE), ==, 2);
    g_assert_cmpint(mv_object_count(&kind, objs, 3, VIR_CONNECT_LIST_NETWORKS_ACTIVE |
                                                    VIR_CONNECT_LIST_NETWORKS_INACTIVE), ==, 3);
    g_assert_cmpint(mv_object_count(&kind, objs, 3, VIR_CONNECT_LIST_NETWORKS_TRANSIENT), ==, 1);
    g_assert_cmpint(mv_object_count(&kind, objs, 3, VIR_CONNECT_LIST_NETWORKS_ACTIVE |
                                                    VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART), ==, 1);
    char *names[2];
    g_assert_cmpint(mv_object_list_names(&kind, objs, 3, VIR_CONNECT_LIST_NETWORKS_PERSISTENT,
                                         names, 2), ==, 2);
    g_assert_cmpstr(names[0], ==, "a");
    g_assert_cmpstr(names[1], ==, "b");
    free(names[0]);
    free(names[1]);
    g_assert_cmpint(mv_object_list_names(&kind, objs, 3, 0, names, 1), ==, 1);   /* MAX */
    free(names[0]);
}

static void test_list_all(void)
{
    void **out = NULL;
    g_assert_cmpint(mv_object_list_all(NULL, &kind, objs, 3, NULL, 0), ==, 3);
    g_assert_cmpint(mv_object_list_all(NULL, &kind, objs, 3, &out,
                                       VIR_CONNECT_LIST_NETWORKS_ACTIVE), ==, 2);
    g_assert_cmpstr(out[0], ==, "a");
    g_assert_cmpstr(out[1], ==, "c");
    g_assert_null(out[2]);
    for (int i = 0; out[i]; i++)
        thing_unref(out[i]);
    free(out);
    g_assert_cmpint(live_handles, ==, 0);
    /* a handle that fails: -1 with its error, the others dropped */
    refuse = "c";
    out = NULL;
    g_assert_cmpint(mv_object_list_all(NULL, &kind, objs, 3, &out, 0), ==, -1);
    g_assert_null(out);
    g_assert_cmpint(live_handles, ==, 0);
    expect_error(VIR_ERR_INTERNAL_ERROR, "internal error: no handle for c");
    refuse = NULL;
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/object-list/lookups", test_lookups);
    g_test_add_func("/object-list/filters", test_filters);
    g_test_add_func("/object-list/list-all", test_list_all);
    return g_test_run();
}
