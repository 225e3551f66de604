/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-interface.c — the test driver's host interfaces as
 * libvirt's test driver keeps them: defined, started and stopped in memory,
 * looked up by name or MAC, with virInterfaceChange* transactions (a copy
 * saved at begin; rollback restores it with every interface inactive). */
#include "test-objects.h"
#include "test-interface.h"

#include <strings.h>

static const char *iface_name(gconstpointer o) { return ((const mv_test_iface *)o)->def->name; }

static bool iface_match(gconstpointer o, unsigned int flags)
{
    const mv_test_iface *i = o;
    if (!(flags & MV_TEST_LIST_IFACE_FILTERS) ||
        (flags & MV_TEST_LIST_IFACE_FILTERS) == MV_TEST_LIST_IFACE_FILTERS)
        return true;
    return i->active ? (flags & VIR_CONNECT_LIST_INTERFACES_ACTIVE)
                     : (flags & VIR_CONNECT_LIST_INTERFACES_INACTIVE);
}

static gpointer iface_handle(virConnectPtr conn, gconstpointer o)
{
    const mv_test_iface *i = o;
    return mv_interface_new(conn, i->def->name, i->def->mac ? i->def->mac : "");
}

static void iface_unref(gpointer h) { virInterfaceFree(h); }

static const mv_object_kind iface_kind = {
    .size = sizeof(mv_object_kind), .err_domain = VIR_FROM_TEST, .err_code = VIR_ERR_NO_INTERFACE,
    .what = "interface", .name = iface_name, .match = iface_match, .handle = iface_handle, .unref = iface_unref,
};

static mv_test_iface *iface_find_name(mv_test_state *st, const char *name)
{
    return mv_object_lookup_name(&iface_kind, st->ifaces->pdata, st->ifaces->len, name);
}

#define IFACE_BEGIN(iface, st, i, fail)                                     \
    mv_test_state *st = mv_test_lock(virInterfaceGetConnect(iface));        \
    mv_test_iface *i = iface_find_name(st, virInterfaceGetName(iface));     \
    if (!i) {                                                               \
        mv_test_unlock(st);                                                 \
        return fail;                                                        \
    }

/* Listing and lookups */

int mv_test_list_all_ifaces(virConnectPtr conn, virInterfacePtr **ifaces, unsigned int flags)
{
    if (mv_error_check_flags(flags, MV_TEST_LIST_IFACE_FILTERS, VIR_FROM_TEST,
                             "testConnectListAllInterfaces") < 0)
        return -1;
    mv_test_state *st = mv_test_lock(conn);
    int ret = mv_object_list_all(conn, &iface_kind, st->ifaces->pdata, st->ifaces->len, (void ***)ifaces, flags);
    mv_test_unlock(st);
    return ret;
}

static int mv_test_num_ifaces(virConnectPtr conn, unsigned int flags)
{
    mv_test_state *st = mv_test_lock(conn);
    int ret = mv_object_count(&iface_kind, st->ifaces->pdata, st->ifaces->len, flags);
    mv_test_unlock(st);
    return ret;
}

static int mv_test_list_ifaces(virConnectPtr conn, unsigned int flags, char **const names, int max)
{
    mv_test_state *st = mv_test_lock(conn);
    int ret = mv_object_list_names(&iface_kind, st->ifaces->pdata, st->ifaces->len, flags, names, max);
    mv_test_unlock(st);
    return ret;
}

int mv_test_num_active_ifaces(virConnectPtr conn)
{
    return mv_test_num_ifaces(conn, VIR_CONNECT_LIST_INTERFACES_ACTIVE);
}

int mv_test_num_inactive_ifaces(virConnectPtr conn)
{
    return mv_test_num_ifaces(conn, VIR_CONNECT_LIST_INTERFACES_INACTIVE);
}

int mv_test_list_active_ifaces(virConnectPtr conn, char **const names, int max)
{
    return mv_test_list_ifaces(conn, VIR_CONNECT_LIST_INTERFACES_ACTIVE, names, max);
}

int mv_test_list_inactive_ifaces(virConnectPtr conn, char **const names, int max)
{
    return mv_test_list_ifaces(conn, VIR_CONNECT_LIST_INTERFACES_INACTIVE, names, max);
}

virInterfacePtr mv_test_lookup_iface_name(virConnectPtr conn, const char *name)
{
    mv_test_state *st = mv_test_lock(conn);
    mv_test_iface *i = iface_find_name(st, name);
    virInterfacePtr ret = i ? iface_handle(conn, i) : NULL;
    mv_test_unlock(st);
    return ret;
}

virInterfacePtr mv_test_lookup_iface_mac(virConnectPtr conn, const char *mac)
{
    mv_test_state *st = mv_test_lock(conn);
    mv_test_iface *found = NULL;
    int n = 0;
    for (guint k = 0; k < st->ifaces->len; k++) {
        mv_test_iface *i = st->ifaces->pdata[k];
        if (i->def->mac && strcasecmp(i->def->mac, mac) == 0) {
            found = i;
            n++;
        }
    }
    virInterfacePtr ret = NULL;
    if (n == 0)
        mv_object_not_found(&iface_kind, "mac", mac);
    else if (n > 1)
        mv_error_report(VIR_FROM_TEST, VIR_ERR_MULTIPLE_INTERFACES, NULL);
    else
        ret = iface_handle(conn, found);
    mv_test_unlock(st);
    return ret;
}

/* Definitions and state */

char *mv_test_iface_xml(virInterfacePtr iface, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, VIR_FROM_TEST, "testInterfaceGetXMLDesc") < 0)
        return NULL;
    IFACE_BEGIN(iface, st, i, NULL);
    char *xml = mv_interface_def_format(i->def, 0);
    mv_test_unlock(st);
    return xml;
}

virInterfacePtr mv_test_define_iface(virConnectPtr conn, const char *xml, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_INTERFACE_DEFINE_VALIDATE, VIR_FROM_TEST,
                             "testInterfaceDefineXML") < 0)
        return NULL;
    mv_interface_def *def = mv_interface_def_parse(xml, 0);
    if (!def)
        return NULL;
    mv_test_state *st = mv_test_lock(conn);
    mv_test_iface *i = mv_object_find_name(&iface_kind, st->ifaces->pdata, st->ifaces->len, def->name);
    if (i) {
        mv_interface_def_free(i->def);
    } else {
        i = g_new0(mv_test_iface, 1);
        g_ptr_array_add(st->ifaces, i);
    }
    i->def = def;
    virInterfacePtr ret = iface_handle(conn, i);
    mv_test_unlock(st);
    return ret;
}

/* As libvirt's test driver: a running interface may be undefined. */
int mv_test_undefine_iface(virInterfacePtr iface)
{
    IFACE_BEGIN(iface, st, i, -1);
    mv_test_obj_remove(st->ifaces, i);
    mv_test_unlock(st);
    return 0;
}

static int iface_set_active(virInterfacePtr iface, unsigned int flags, const char *func, bool on)
{
    if (mv_error_check_flags(flags, 0, VIR_FROM_TEST, func) < 0)
        return -1;
    IFACE_BEGIN(iface, st, i, -1);
    int ret = 0;
    if (i->active == on) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_OPERATION_INVALID, NULL);
        ret = -1;
    }
    i->active = on;
    mv_test_unlock(st);
    return ret;
}

int mv_test_start_iface(virInterfacePtr iface, unsigned int flags)
{
    return iface_set_active(iface, flags, "testInterfaceCreate", true);
}

int mv_test_stop_iface(virInterfacePtr iface, unsigned int flags)
{
    return iface_set_active(iface, flags, "testInterfaceDestroy", false);
}

int mv_test_iface_is_active(virInterfacePtr iface)
{
    IFACE_BEGIN(iface, st, i, -1);
    int ret = i->active;
    mv_test_unlock(st);
    return ret;
}

/* Transactions */

int mv_test_iface_begin(virConnectPtr conn, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, VIR_FROM_TEST, "testInterfaceChangeBegin") < 0)
        return -1;
    mv_test_state *st = mv_test_lock(conn);
    int ret = 0;
    if (st->ifaces_backup) {
        mv_test_obj_invalid("there is another transaction running.");
        ret = -1;
    } else {
        GPtrArray *copy = g_ptr_array_new_with_free_func(mv_test_iface_free);
        for (guint k = 0; k < st->ifaces->len && ret == 0; k++) {
            mv_test_iface *c = g_new0(mv_test_iface, 1);
            g_ptr_array_add(copy, c);
            if (!(c->def = mv_interface_def_copy(((mv_test_iface *)st->ifaces->pdata[k])->def)))
                ret = -1;
        }
        if (ret == 0)
            st->ifaces_backup = copy;
        else
            g_ptr_array_unref(copy);
    }
    mv_test_unlock(st);
    return ret;
}

/* Commit drops the saved copy; rollback puts it back. */
static int iface_end(virConnectPtr conn, unsigned int flags, const char *func, bool rollback)
{
    if (mv_error_check_flags(flags, 0, VIR_FROM_TEST, func) < 0)
        return -1;
    mv_test_state *st = mv_test_lock(conn);
    int ret = 0;
    if (!st->ifaces_backup) {
        mv_test_obj_invalid(rollback ? "no transaction running, nothing to rollback."
                                     : "no transaction running, nothing to be committed.");
        ret = -1;
    } else if (rollback) {
        g_ptr_array_unref(st->ifaces);
        st->ifaces = g_steal_pointer(&st->ifaces_backup);
    } else {
        g_clear_pointer(&st->ifaces_backup, g_ptr_array_unref);
    }
    mv_test_unlock(st);
    return ret;
}

int mv_test_iface_commit(virConnectPtr conn, unsigned int flags)
{
    return iface_end(conn, flags, "testInterfaceChangeCommit", false);
}

int mv_test_iface_rollback(virConnectPtr conn, unsigned int flags)
{
    return iface_end(conn, flags, "testInterfaceChangeRollback", true);
}
