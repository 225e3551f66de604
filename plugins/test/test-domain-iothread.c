/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-domain-iothread.c — a domain's I/O threads as
 * libvirt's test driver keeps them: in the definition the flags name
 * (live, or persistent; never both), with libvirt's errors. A thread's
 * CPU map is its pin, else the <vcpu cpuset>, else the host's online CPUs.
 * A thread can be pinned, added (not 0, not an existing id) and removed
 * (not one a disk uses); a pin, an addition or a removal shows in the
 * XML. The polling parameters are only taken for the running or current
 * definition and for threads added through virDomainAddIOThread: libvirt's
 * test driver remembers only those, and fails for the others without
 * saying why. The checks of an addition and a removal are libvirt's
 * hypervisor-common ones, so their errors come from VIR_FROM_DOMAIN. */
#include "test-domain.h"

#include <modvirt-plugin/host-cpu.h>
#include <modvirt-plugin/typed-params.h>

#include <stdlib.h>
#include <string.h>

#define CPUMAP_BYTES (16384 / 8)

static bool invalid_zero(unsigned int id)
{
    if (id)
        return false;
    mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG, "invalid value of 0 for iothread_id");
    return true;
}

/* Bytes up to the last set one (at least 1), as libvirt sizes a map. */
static int used_len(const unsigned char *map, int len)
{
    while (len > 1 && !map[len - 1])
        len--;
    return len;
}

static int thread_map(virConnectPtr conn, const mv_domain_def *def,
                      const mv_domain_iothread *th, unsigned char **out, int *outlen)
{
    unsigned char *map = calloc(1, CPUMAP_BYTES);
    if (!map) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_NO_MEMORY, "out of memory");
        return -1;
    }
    const char *set = th->cpuset ? th->cpuset : def->vcpu_cpuset;
    if (set) {
        if (mv_domain_cpuset_to_map(set, map, CPUMAP_BYTES) < 0) {
            free(map);
            return -1;
        }
    } else {
        unsigned char *online = NULL;
        int n = mv_host_cpu_map(conn, &online, NULL, 0);
        if (n < 0) {
            free(map);
            return -1;
        }
        memcpy(map, online, MIN((n + 7) / 8, CPUMAP_BYTES));
        free(online);
    }
    *outlen = used_len(map, CPUMAP_BYTES);
    *out = map;
    return 0;
}

int mv_test_domain_get_iothread_info(virDomainPtr dom, virDomainIOThreadInfoPtr **info,
                                     unsigned int flags)
{
    mv_test_state *st;
    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG,
                        "testDomainGetIOThreadInfo", -1);
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);
    if (!d)
        return -1;
    const mv_domain_def *def = mv_domain_obj_get_one_def(d, flags, NULL);
    int ret = -1;
    if (!def)
        goto out;
    const mv_domain_iothreads *t = def->iothreads;
    if (!t->nthreads) {
        ret = 0;
        goto out;
    }
    virDomainIOThreadInfoPtr *list = calloc(t->nthreads, sizeof(*list));
    if (!list) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_NO_MEMORY, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < t->nthreads; i++) {
        list[i] = calloc(1, sizeof(*list[i]));
        if (!list[i] ||
            thread_map(virDomainGetConnect(dom), def, &t->threads[i], &list[i]->cpumap,
                       &list[i]->cpumaplen) < 0) {
            for (size_t j = 0; j <= i; j++)
                virDomainIOThreadInfoFree(list[j]);
            free(list);
            goto out;
        }
        list[i]->iothread_id = t->threads[i].id;
    }
    *info = list;
    ret = (int)t->nthreads;
out:
    mv_test_unlock(st);
    return ret;
}

int mv_test_domain_pin_iothread(virDomainPtr dom, unsigned int iothread_id,
                                unsigned char *cpumap, int maplen, unsigned int flags)
{
    mv_test_state *st;
    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG,
                        "testDomainPinIOThread", -1);
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);
    if (!d)
        return -1;
    int ret = -1;
    g_autofree char *set = NULL;
    mv_domain_def *def = mv_domain_obj_get_one_def(d, flags, NULL);
    if (!def)
        goto out;
    set = mv_domain_cpuset_from_map(cpumap, maplen);
    if (!set) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG,
                        "Empty iothread cpumap list for pinning");
        goto out;
    }
    mv_domain_iothread *th = mv_domain_iothread_find(def, iothread_id);
    if (!th) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG, "iothreadid %d not found",
                        (int)iothread_id);
        goto out;
    }
    g_free(th->cpuset);
    th->cpuset = g_steal_pointer(&set);
    th->autofill = 0;
    ret = 0;
out:
    mv_test_unlock(st);
    return ret;
}

static void remember(mv_domain_obj *d, unsigned int id, bool added)
{
    mv_test_dom_priv *p = mv_test_dom_priv_get(d);
    if (!p->iothreads)
        p->iothreads = g_array_new(FALSE, FALSE, sizeof(unsigned int));
    for (guint i = 0; i < p->iothreads->len; i++) {
        if (g_array_index(p->iothreads, unsigned int, i) == id) {
            if (!added)
                g_array_remove_index(p->iothreads, i);
            return;
        }
    }
    if (added)
        g_array_append_val(p->iothreads, id);
}

/* virDomainAddIOThread or DelIOThread (ADD) on the definition FLAGS
 * name, as libvirt's test driver: FUNC names it in the flags error. */
static int add_or_del(virDomainPtr dom, unsigned int iothread_id, unsigned int flags, bool add,
                      const char *func)
{
    mv_test_state *st;
    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG, func, -1);
    if (invalid_zero(iothread_id))
        return -1;
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);
    if (!d)
        return -1;
    int ret = -1;
    mv_domain_def *def = mv_domain_obj_get_one_def(d, flags, NULL);
    if (def && (add ? mv_domain_iothread_can_add(def, iothread_id)
                    : mv_domain_iothread_can_del(def, iothread_id)) == 0) {
        if (add)
            mv_domain_iothread_add(def, iothread_id);
        else
            mv_domain_iothread_del(def, iothread_id);
        remember(d, iothread_id, add);
        ret = 0;
    }
    mv_test_unlock(st);
    return ret;
}

int mv_test_domain_add_iothread(virDomainPtr dom, unsigned int iothread_id, unsigned int flags)
{
    return add_or_del(dom, iothread_id, flags, true, "testDomainAddIOThread");
}

int mv_test_domain_del_iothread(virDomainPtr dom, unsigned int iothread_id, unsigned int flags)
{
    return add_or_del(dom, iothread_id, flags, false, "testDomainDelIOThread");
}

static const mv_typed_param_spec poll_spec[] = {
    { VIR_DOMAIN_IOTHREAD_POLL_MAX_NS, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_IOTHREAD_POLL_GROW, VIR_TYPED_PARAM_UINT },
    { VIR_DOMAIN_IOTHREAD_POLL_SHRINK, VIR_TYPED_PARAM_UINT },
    { NULL, 0 },
};

int mv_test_domain_set_iothread_params(virDomainPtr dom, unsigned int iothread_id,
                                       virTypedParameterPtr params, int nparams,
                                       unsigned int flags)
{
    mv_test_state *st;
    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE, "testDomainSetIOThreadParams", -1);
    if (invalid_zero(iothread_id))
        return -1;
    mv_domain_obj *d = mv_test_dom_lock(dom, &st);
    if (!d)
        return -1;
    int ret = -1;
    mv_domain_def *def = mv_domain_obj_get_one_def(d, flags, NULL);
    if (!def)
        goto out;
    if (!mv_domain_iothread_find(def, iothread_id)) {
        mv_error_report(VIR_FROM_TEST, VIR_ERR_INVALID_ARG,
                        "cannot find IOThread '%u' in iothreadids", iothread_id);
        goto out;
    }
    if (mv_typed_params_validate(VIR_FROM_NONE, params, nparams, poll_spec) < 0)
        goto out;
    /* Only threads added through the API are known; the others fail with
     * no error, as in libvirt's test driver. */
    const mv_test_dom_priv *p = d->priv;
    for (guint i = 0; p && p->iothreads && i < p->iothreads->len; i++)
        if (g_array_index(p->iothreads, unsigned int, i) == iothread_id)
            ret = 0;
out:
    mv_test_unlock(st);
    return ret;
}
