/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-iothread.c — a guest's I/O threads as libvirt's qemu
 * driver reports and pins them. A running guest's threads are those QEMU
 * reports (query-iothreads: the "iothreadN" objects the command line made),
 * each with the affinity of its host thread; a definition's are its
 * <iothreadids>, each with its <iothreadpin>, else the <vcpu cpuset>, else
 * every host CPU, which a start gives the threads (the emulator's pin
 * leaves them alone, as in libvirt). A live pin writes the thread's "iothreadN" cgroup
 * (cpuset.cpus, before the affinity, as libvirt does), sets the thread's
 * affinity and keeps the pin in the live definition (saved in the status);
 * a config pin is saved in the persistent definition. A thread added live
 * is an iothread object made with object-add (its cgroup child with the
 * I/O threads' bandwidth, its affinity the <vcpu cpuset>, else every host
 * CPU), one removed is deleted with object-del (its child removed), as
 * libvirt's qemu driver does; the persistent definition's are saved. A
 * thread's tuning (virDomainSetIOThreadParams) is checked against every
 * definition the flags name first, then set on the running QEMU with
 * qom-set (polling values and pool sizes; the live definition keeps the
 * pool sizes) and in the persistent definition (pool sizes only). */
#include "qemu-driver.h"

#include <modvirt-plugin/host-cpu.h>
#include <modvirt-plugin/typed-params.h>

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#define CHECK_FLAGS(flags, ok, ret) \
    do { \
        if (mv_error_check_flags((flags), (ok), MV_QEMU_ERR, __func__) < 0) \
            return ret; \
    } while (0)

/* calloc for what the caller frees with free(); out of memory aborts, as
 * glib's allocations do. */
static void *zalloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (!p)
        g_error("out of memory");
    return p;
}

void mv_qemu_iothread_list_forget(mv_qemu_vm *vm)
{
    if (vm->iothread_tids)
        g_array_free(vm->iothread_tids, TRUE);
    vm->iothread_tids = NULL;
}

/* query-iothreads' "iothreadN" objects (others are skipped): a new array,
 * or NULL with libvirt's error. */
static GArray *parse_threads(JsonNode *reply)
{
    if (!JSON_NODE_HOLDS_ARRAY(reply)) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                        "query-iothreads reply was missing return data");
        return NULL;
    }
    JsonArray *list = json_node_get_array(reply);
    GArray *threads = g_array_new(FALSE, FALSE, sizeof(mv_qemu_iothread_tid));
    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonObject *o = json_array_get_object_element(list, i);
        const char *id = o ? json_object_get_string_member_with_default(o, "id", NULL) : NULL;
        if (!id) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                            "query-iothreads reply data was missing 'id'");
            goto error;
        }
        if (!g_str_has_prefix(id, "iothread"))
            continue;
        guint64 n = 0;
        if (!g_ascii_string_to_unsigned(id + strlen("iothread"), 10, 0, G_MAXUINT, &n, NULL)) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                            "failed to find iothread id for '%s'", id);
            goto error;
        }
        gint64 tid = json_object_get_int_member_with_default(o, "thread-id", 0);
        if (tid <= 0) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                            "query-iothreads reply has malformed 'thread-id' data");
            goto error;
        }
        mv_qemu_iothread_tid t = { .id = (unsigned int)n, .tid = (pid_t)tid };
        /* the polling values, where QEMU gives all three */
        if (json_object_has_member(o, "poll-max-ns") && json_object_has_member(o, "poll-grow") &&
            json_object_has_member(o, "poll-shrink")) {
            t.poll_valid = true;
            t.poll_max_ns = (unsigned long long)json_object_get_int_member(o, "poll-max-ns");
            t.poll_grow = (unsigned int)json_object_get_int_member(o, "poll-grow");
            t.poll_shrink = (unsigned int)json_object_get_int_member(o, "poll-shrink");
        }
        g_array_append_val(threads, t);
    }
    return threads;

error:
    g_array_free(threads, TRUE);
    return NULL;
}

int mv_qemu_iothread_list(mv_qemu_state *st, mv_qemu_vm *vm, GArray **out)
{
    /* An I/O thread keeps its host thread while the process runs. */
    if (!vm->iothread_tids || vm->iothread_tids_start != vm->proc_start) {
        mv_qemu_iothread_list_forget(vm);
        JsonNode *reply = mv_qemu_job_qmp(st, vm, "query-iothreads", NULL,
                                          MV_QEMU_QMP_REPLY_MS);
        if (!reply)
            return -1;
        GArray *threads = parse_threads(reply);
        json_node_unref(reply);
        if (!threads)
            return -1;
        mv_qemu_iothread_list_forget(vm);   /* the lock was dropped around QMP */
        vm->iothread_tids = threads;
        vm->iothread_tids_start = vm->proc_start;
    }
    *out = g_array_copy(vm->iothread_tids);
    return 0;
}

int mv_qemu_iothread_query(mv_qemu_state *st, mv_qemu_vm *vm, GArray **out)
{
    mv_qemu_iothread_list_forget(vm);
    return mv_qemu_iothread_list(st, vm, out);
}

/* A map of the bytes up to its last set bit (at least 1), as libvirt
 * hands out a bitmap; from SET, or -1 with libvirt's error. */
static int map_from_affinity(pid_t tid, unsigned char **map, int *maplen)
{
    cpu_set_t set;
    if (sched_getaffinity(tid, sizeof(set), &set) < 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot get CPU affinity of process %d", (int)tid);
        return -1;
    }
    int last = -1;
    for (int c = 0; c < CPU_SETSIZE; c++)
        if (CPU_ISSET(c, &set))
            last = c;
    *maplen = last < 0 ? 1 : last / 8 + 1;
    *map = zalloc(1, (size_t)*maplen);
    for (int c = 0; c <= last; c++)
        if (CPU_ISSET(c, &set))
            VIR_USE_CPU(*map, c);
    return 0;
}

/* The definition's map of thread T: its pin, else the <vcpu cpuset>, else
 * every host CPU (libvirt's config answer), trimmed as above. */
static int map_from_def(const mv_domain_def *def, const mv_domain_iothread *t,
                        unsigned char **map, int *maplen)
{
    int hostcpus = mv_host_cpu_map(NULL, NULL, NULL, 0);
    if (hostcpus < 1)
        hostcpus = 1;
    const char *set = t->cpuset ? t->cpuset : def->vcpu_cpuset;
    int len = MAX((hostcpus + 7) / 8, 1024 / 8);
    unsigned char *m = zalloc(1, (size_t)len);
    if (set) {
        if (mv_domain_cpuset_to_map(set, m, len) < 0) {
            free(m);
            return -1;
        }
    } else {
        for (int c = 0; c < hostcpus; c++)
            VIR_USE_CPU(m, c);
    }
    while (len > 1 && !m[len - 1])
        len--;
    *map = m;
    *maplen = len;
    return 0;
}

/* Thread TID of I/O thread ID onto what DEF gives it (as map_from_def;
 * a thread DEF lacks takes the <vcpu cpuset>, else every host CPU). */
static int pin_as_defined(const mv_domain_def *def, unsigned int id, pid_t tid)
{
    const mv_domain_iothread *th = mv_domain_iothread_find(def, id);
    mv_domain_iothread none = { .id = id };
    unsigned char *map = NULL;
    int maplen = 0;
    if (map_from_def(def, th ? th : &none, &map, &maplen) < 0)
        return -1;
    cpu_set_t set;
    mv_qemu_map_to_set(map, maplen, &set);
    free(map);
    return mv_qemu_thread_pin(tid, &set);
}

int mv_qemu_iothread_tids(mv_qemu_state *st, mv_qemu_vm *vm, GArray *out)
{
    GArray *threads = NULL;
    if (mv_qemu_iothread_list(st, vm, &threads) < 0)
        return -1;
    for (guint i = 0; i < threads->len; i++)
        g_array_append_val(out, g_array_index(threads, mv_qemu_iothread_tid, i).tid);
    g_array_free(threads, TRUE);
    return 0;
}

int mv_qemu_iothread_pins_apply(mv_qemu_state *st, mv_qemu_vm *vm)
{
    const mv_domain_iothreads *io = vm->obj->def->iothreads;
    if (!io || !io->nthreads)
        return 0;
    GArray *threads = NULL;
    if (mv_qemu_iothread_list(st, vm, &threads) < 0)
        return -1;
    const mv_domain_def *def = vm->obj->def;   /* the lock was dropped around QMP */
    int ret = 0;
    for (guint i = 0; i < threads->len && ret == 0; i++) {
        const mv_qemu_iothread_tid *t = &g_array_index(threads, mv_qemu_iothread_tid, i);
        ret = pin_as_defined(def, t->id, t->tid);
    }
    g_array_free(threads, TRUE);
    return ret;
}

static void free_list(virDomainIOThreadInfoPtr *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        virDomainIOThreadInfoFree(list[i]);
    free(list);
}

static int config_info(const mv_domain_def *def, virDomainIOThreadInfoPtr **info)
{
    const mv_domain_iothreads *io = def->iothreads;
    if (!io || !io->nthreads)
        return 0;
    virDomainIOThreadInfoPtr *list = zalloc(io->nthreads, sizeof(*list));
    for (size_t i = 0; i < io->nthreads; i++) {
        list[i] = zalloc(1, sizeof(*list[i]));
        list[i]->iothread_id = io->threads[i].id;
        if (map_from_def(def, &io->threads[i], &list[i]->cpumap, &list[i]->cpumaplen) < 0) {
            free_list(list, i + 1);
            return -1;
        }
    }
    *info = list;
    return (int)io->nthreads;
}

static int live_info(mv_qemu_state *st, mv_qemu_vm *vm, virDomainIOThreadInfoPtr **info)
{
    if (mv_qemu_job_begin(st, vm, false) < 0)
        return -1;
    if (!mv_qemu_vm_active(vm)) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID, "%s",
                        "cannot list IOThreads for an inactive domain");
        return mv_qemu_vm_job_end(st, vm, -1);
    }
    GArray *threads = NULL;
    if (mv_qemu_iothread_list(st, vm, &threads) < 0)
        return mv_qemu_vm_job_end(st, vm, -1);
    int ret = (int)threads->len;
    if (threads->len) {
        virDomainIOThreadInfoPtr *list = zalloc(threads->len, sizeof(*list));
        for (guint i = 0; i < threads->len && ret >= 0; i++) {
            mv_qemu_iothread_tid *t = &g_array_index(threads, mv_qemu_iothread_tid, i);
            list[i] = zalloc(1, sizeof(*list[i]));
            list[i]->iothread_id = t->id;
            if (map_from_affinity(t->tid, &list[i]->cpumap, &list[i]->cpumaplen) < 0) {
                free_list(list, i + 1);
                ret = -1;
            }
        }
        if (ret >= 0)
            *info = list;
    }
    g_array_free(threads, TRUE);
    return mv_qemu_vm_job_end(st, vm, ret);
}

int mv_qemu_domain_get_iothread_info(virDomainPtr dom, virDomainIOThreadInfoPtr **info,
                                     unsigned int flags)
{
    CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG, -1);
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    mv_domain_def *live, *config;
    if (mv_domain_obj_get_defs(vm->obj, flags, &live, &config) < 0) {
        pthread_mutex_unlock(&st->lock);
        return -1;
    }
    if (config) {
        int ret = config_info(config, info);
        pthread_mutex_unlock(&st->lock);
        return ret;
    }
    return live_info(st, vm, info);
}

/* Thread ID's pin in DEF becomes CPUSET (the thread no longer autofilled,
 * so <iothreadids> is written). */
static void set_pin(mv_domain_iothread *t, const char *cpuset)
{
    g_free(t->cpuset);
    t->cpuset = g_strdup(cpuset);
    t->autofill = 0;
}

static int pin_live(mv_qemu_state *st, mv_qemu_vm *vm, mv_domain_def *live, unsigned int id,
                    const char *cpuset, const cpu_set_t *set)
{
    if (!mv_domain_iothread_find(live, id)) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG, "iothread %d not found", (int)id);
        return -1;
    }
    GArray *threads = NULL;
    if (mv_qemu_iothread_list(st, vm, &threads) < 0)
        return -1;
    pid_t tid = 0;
    for (guint i = 0; i < threads->len; i++)
        if (g_array_index(threads, mv_qemu_iothread_tid, i).id == id)
            tid = g_array_index(threads, mv_qemu_iothread_tid, i).tid;
    g_array_free(threads, TRUE);
    /* the lock was dropped around QMP */
    live = vm->obj->def;
    mv_domain_iothread *t = mv_domain_iothread_find(live, id);
    if (!tid || !t) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG, "iothread %d not found", (int)id);
        return -1;
    }
    if (mv_qemu_cgroup_pin(vm, MV_CGROUP_THREAD_IOTHREAD, id, cpuset) < 0)
        return -1;
    if (mv_qemu_thread_pin(tid, set) < 0)
        return -1;
    set_pin(t, cpuset);
    return mv_qemu_status_save(st, vm);
}

int mv_qemu_domain_pin_iothread(virDomainPtr dom, unsigned int iothread_id,
                                unsigned char *cpumap, int maplen, unsigned int flags)
{
    CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG, -1);
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_job_begin(dom, &st, false);
    if (!vm)
        return -1;
    mv_domain_def *live, *config;
    if (mv_domain_obj_get_defs(vm->obj, flags, &live, &config) < 0)
        return mv_qemu_vm_job_end(st, vm, -1);
    g_autofree char *cpuset = mv_domain_cpuset_from_map(cpumap, maplen);
    cpu_set_t set;
    if (!mv_qemu_map_to_set(cpumap, maplen, &set) || !cpuset) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG, "%s",
                        "Empty iothread cpumap list for pinning");
        return mv_qemu_vm_job_end(st, vm, -1);
    }
    /* libvirt pins the live thread first, then the persistent one; an id
     * only the persistent definition lacks is refused before anything
     * changes, with the error libvirt ends with */
    if (config && !mv_domain_iothread_find(config, iothread_id)) {
        if (!live || mv_domain_iothread_find(live, iothread_id)) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG, "iothreadid %d not found",
                            (int)iothread_id);
            return mv_qemu_vm_job_end(st, vm, -1);
        }
    }
    if (live && pin_live(st, vm, live, iothread_id, cpuset, &set) < 0)
        return mv_qemu_vm_job_end(st, vm, -1);
    if (config) {
        mv_domain_iothread *t = mv_domain_iothread_find(config, iothread_id);
        if (!t) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG, "iothreadid %d not found",
                            (int)iothread_id);
            return mv_qemu_vm_job_end(st, vm, -1);
        }
        set_pin(t, cpuset);
        if (mv_qemu_config_save(st, config) < 0)
            return mv_qemu_vm_job_end(st, vm, -1);
    }
    return mv_qemu_vm_job_end(st, vm, 0);
}

/* object-add / object-del of "iothreadN", then QEMU's threads counted
 * again, as libvirt's hotplug does; the live definition, the cgroup
 * child and (added) the thread's affinity follow. */
static int hotplug(mv_qemu_state *st, mv_qemu_vm *vm, unsigned int id, bool add)
{
    int expected = (int)vm->obj->def->iothreads->nthreads + (add ? 1 : -1);
    g_autofree char *alias = g_strdup_printf("iothread%u", id);
    JsonObject *args = json_object_new();
    if (add)
        json_object_set_string_member(args, "qom-type", "iothread");
    json_object_set_string_member(args, "id", alias);
    int r = mv_qemu_job_qmp_run(st, vm, add ? "object-add" : "object-del", args);
    json_object_unref(args);
    mv_qemu_iothread_list_forget(vm);
    GArray *threads = NULL;
    if (r < 0 || mv_qemu_iothread_list(st, vm, &threads) < 0)
        return -1;
    pid_t tid = 0;
    for (guint i = 0; i < threads->len; i++)
        if (g_array_index(threads, mv_qemu_iothread_tid, i).id == id)
            tid = g_array_index(threads, mv_qemu_iothread_tid, i).tid;
    int got = (int)threads->len;
    g_array_free(threads, TRUE);
    if (got != expected) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                        "got wrong number of IOThread ids from QEMU monitor. got %d, wanted %d",
                        got, expected);
        return -1;
    }
    mv_domain_def *live = vm->obj->def;   /* the lock was dropped around QMP */
    if (!add) {
        mv_domain_iothread_del(live, id);
        return mv_qemu_cgroup_iothread_remove(vm, id);
    }
    if (!tid) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                        "cannot find new IOThread '%u' in QEMU monitor.", id);
        return -1;
    }
    mv_domain_iothread_add(live, id);
    if (mv_qemu_cgroup_iothread_add(vm, id, tid) < 0)
        return -1;
    return pin_as_defined(live, id, tid);
}

/* libvirt's check of the id an add, a removal or a tuning names. */
static bool id_valid(unsigned int id)
{
    if (id != 0)
        return true;
    mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG, "%s", "invalid value of 0 for iothread_id");
    return false;
}

static int change(virDomainPtr dom, unsigned int id, bool add, unsigned int flags)
{
    if (!id_valid(id))
        return -1;
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_job_begin(dom, &st, false);
    if (!vm)
        return -1;
    mv_domain_def *live, *config;
    if (mv_domain_obj_get_defs(vm->obj, flags, &live, &config) < 0)
        return mv_qemu_vm_job_end(st, vm, -1);
    /* libvirt checks the live definition, changes it, then checks the
     * persistent one; both are checked here before anything changes */
    int (*check)(const mv_domain_def *, unsigned int) =
        add ? mv_domain_iothread_can_add : mv_domain_iothread_can_del;
    if ((live && check(live, id) < 0) || (config && check(config, id) < 0))
        return mv_qemu_vm_job_end(st, vm, -1);
    if (live && (hotplug(st, vm, id, add) < 0 || mv_qemu_status_save(st, vm) < 0))
        return mv_qemu_vm_job_end(st, vm, -1);
    if (config) {
        /* the lock was dropped around QMP */
        if (live && mv_domain_obj_get_defs(vm->obj, VIR_DOMAIN_AFFECT_CONFIG, NULL, &config) < 0)
            return mv_qemu_vm_job_end(st, vm, -1);
        if (add)
            mv_domain_iothread_add(config, id);
        else
            mv_domain_iothread_del(config, id);
        if (mv_qemu_config_save(st, config) < 0)
            return mv_qemu_vm_job_end(st, vm, -1);
    }
    return mv_qemu_vm_job_end(st, vm, 0);
}

int mv_qemu_domain_add_iothread(virDomainPtr dom, unsigned int iothread_id, unsigned int flags)
{
    CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG, -1);
    return change(dom, iothread_id, true, flags);
}

int mv_qemu_domain_del_iothread(virDomainPtr dom, unsigned int iothread_id, unsigned int flags)
{
    CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG, -1);
    return change(dom, iothread_id, false, flags);
}

/* --- tuning: polling and the worker pool ------------------------------------ */

static const mv_typed_param_spec tune_spec[] = {
    { VIR_DOMAIN_IOTHREAD_POLL_MAX_NS, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_IOTHREAD_POLL_GROW, VIR_TYPED_PARAM_UINT },
    { VIR_DOMAIN_IOTHREAD_POLL_SHRINK, VIR_TYPED_PARAM_UINT },
    { VIR_DOMAIN_IOTHREAD_THREAD_POOL_MIN, VIR_TYPED_PARAM_INT },
    { VIR_DOMAIN_IOTHREAD_THREAD_POOL_MAX, VIR_TYPED_PARAM_INT },
    { NULL, 0 },
};

/* What one call sets: each value with whether it was given. */
typedef struct {
    bool has_max_ns, has_grow, has_shrink, has_min, has_max;
    unsigned long long max_ns;
    unsigned int grow, shrink;
    int min, max;
} tune_req;

static bool tune_polls(const tune_req *r)
{
    return r->has_max_ns || r->has_grow || r->has_shrink;
}

/* PARAMS as a request, with libvirt's checks of the values alone (QEMU
 * takes the polling values as ints; -1 removes a pool size from a
 * definition): 0, or -1 with the error reported. */
static int tune_parse(virTypedParameterPtr params, int nparams, tune_req *r)
{
    memset(r, 0, sizeof(*r));
    if (mv_typed_params_validate(VIR_FROM_NONE, params, nparams, tune_spec) < 0)
        return -1;
    r->has_max_ns = virTypedParamsGetULLong(params, nparams, VIR_DOMAIN_IOTHREAD_POLL_MAX_NS,
                                            &r->max_ns) == 1;
    r->has_grow = virTypedParamsGetUInt(params, nparams, VIR_DOMAIN_IOTHREAD_POLL_GROW,
                                        &r->grow) == 1;
    r->has_shrink = virTypedParamsGetUInt(params, nparams, VIR_DOMAIN_IOTHREAD_POLL_SHRINK,
                                          &r->shrink) == 1;
    r->has_min = virTypedParamsGetInt(params, nparams, VIR_DOMAIN_IOTHREAD_THREAD_POOL_MIN,
                                      &r->min) == 1;
    r->has_max = virTypedParamsGetInt(params, nparams, VIR_DOMAIN_IOTHREAD_THREAD_POOL_MAX,
                                      &r->max) == 1;
    const struct { bool has; unsigned long long v; const char *name; } polls[] = {
        { r->has_max_ns, r->max_ns, "poll-max-ns" },
        { r->has_grow, r->grow, "poll-grow" },
        { r->has_shrink, r->shrink, "poll-shrink" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(polls); i++) {
        if (polls[i].has && polls[i].v > INT_MAX) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                            "%s (%llu) must be less than or equal to %d", polls[i].name,
                            polls[i].v, INT_MAX);
            return -1;
        }
    }
    if (r->has_min && r->min < -1) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                        "thread_pool_min (%d) must be equal to or greater than -1", r->min);
        return -1;
    }
    if (r->has_max && (r->max < -1 || r->max == 0)) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                        "thread_pool_max (%d) must be a positive number or -1", r->max);
        return -1;
    }
    return 0;
}

/* Whether R may change thread ID of DEF (the live definition when LIVE):
 * libvirt's checks, in its order. The pool sizes compared are those the
 * thread would have after the call. */
static int tune_check(const mv_domain_def *def, unsigned int id, const tune_req *r, bool live)
{
    const mv_domain_iothread *t = mv_domain_iothread_find(def, id);
    if (!t) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG,
                        "cannot find IOThread '%u' in iothreadids", id);
        return -1;
    }
    /* a running QEMU has no way back to its own defaults */
    if (live && r->has_min && r->min < 0) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID,
                        "thread_pool_min (%d) must be equal to or greater than 0 for live change",
                        r->min);
        return -1;
    }
    if (live && r->has_max && r->max < 0) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID,
                        "thread_pool_max (%d) must be equal to or greater than 0 for live change",
                        r->max);
        return -1;
    }
    int min = r->has_min ? r->min : t->thread_pool_min;
    int max = r->has_max ? r->max : t->thread_pool_max;
    if (min > max) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID,
                        "thread_pool_min (%d) can't be greater than thread_pool_max (%d)",
                        min, max);
        return -1;
    }
    if (!live && tune_polls(r)) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                        "configuring persistent polling values is not supported");
        return -1;
    }
    return 0;
}

/* QMP qom-set of PROP on the object of I/O thread ID. In a job. */
static int qom_set(mv_qemu_state *st, mv_qemu_vm *vm, unsigned int id, const char *prop,
                   long long value)
{
    g_autofree char *path = g_strdup_printf("/objects/iothread%u", id);
    JsonObject *args = json_object_new();
    json_object_set_string_member(args, "path", path);
    json_object_set_string_member(args, "property", prop);
    json_object_set_int_member(args, "value", value);
    int rc = mv_qemu_job_qmp_run(st, vm, "qom-set", args);
    json_object_unref(args);
    return rc;
}

/* The pool's maximum QEMU's thread ID has now (qom-get). In a job. */
static int pool_max_now(mv_qemu_state *st, mv_qemu_vm *vm, unsigned int id, long long *max)
{
    g_autofree char *path = g_strdup_printf("/objects/iothread%u", id);
    JsonObject *args = json_object_new();
    json_object_set_string_member(args, "path", path);
    json_object_set_string_member(args, "property", "thread-pool-max");
    JsonNode *reply = mv_qemu_job_qmp(st, vm, "qom-get", args, MV_QEMU_QMP_REPLY_MS);
    json_object_unref(args);
    if (!reply)
        return -1;
    bool ok = JSON_NODE_HOLDS_VALUE(reply) && json_node_get_value_type(reply) == G_TYPE_INT64;
    if (ok)
        *max = json_node_get_int(reply);
    else
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                        "qom-get of 'thread-pool-max' of '%s' gave no number", path);
    json_node_unref(reply);
    return ok ? 0 : -1;
}

/* One pool size set in QEMU, then in the live definition (the lock was
 * dropped around QMP: the thread is looked up again). */
static int pool_set(mv_qemu_state *st, mv_qemu_vm *vm, unsigned int id, bool is_max, int value)
{
    if (qom_set(st, vm, id, is_max ? "thread-pool-max" : "thread-pool-min", value) < 0)
        return -1;
    mv_domain_iothread *t = mv_domain_iothread_find(vm->obj->def, id);
    if (t) {
        if (is_max)
            t->thread_pool_max = value;
        else
            t->thread_pool_min = value;
    }
    return 0;
}

/* R on the running QEMU: each value given, by qom-set. QEMU refuses a
 * minimum above the maximum at every step, so when both pool sizes are
 * given the maximum goes first if the new minimum is above QEMU's present
 * maximum, else the minimum does. The live definition keeps the pool sizes
 * (not the polling values, which no XML holds). In a job. */
static int tune_live(mv_qemu_state *st, mv_qemu_vm *vm, unsigned int id, const tune_req *r)
{
    if ((r->has_max_ns && qom_set(st, vm, id, "poll-max-ns", (long long)r->max_ns) < 0) ||
        (r->has_grow && qom_set(st, vm, id, "poll-grow", r->grow) < 0) ||
        (r->has_shrink && qom_set(st, vm, id, "poll-shrink", r->shrink) < 0))
        return -1;
    bool max_first = false;
    if (r->has_min && r->has_max) {
        long long now = 0;
        if (pool_max_now(st, vm, id, &now) < 0)
            return -1;
        max_first = r->min > now;
    }
    if (max_first && pool_set(st, vm, id, true, r->max) < 0)
        return -1;
    if (r->has_min && pool_set(st, vm, id, false, r->min) < 0)
        return -1;
    if (r->has_max && !max_first && pool_set(st, vm, id, true, r->max) < 0)
        return -1;
    return mv_qemu_status_save(st, vm);
}

int mv_qemu_domain_set_iothread_params(virDomainPtr dom, unsigned int iothread_id,
                                       virTypedParameterPtr params, int nparams,
                                       unsigned int flags)
{
    CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG, -1);
    if (!id_valid(iothread_id))
        return -1;
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_job_begin(dom, &st, false);
    if (!vm)
        return -1;
    tune_req r;
    mv_domain_def *live, *config;
    if (tune_parse(params, nparams, &r) < 0 ||
        mv_domain_obj_get_defs(vm->obj, flags, &live, &config) < 0)
        return mv_qemu_vm_job_end(st, vm, -1);
    /* every definition the flags name is checked before anything changes,
     * as libvirt does */
    if ((live && tune_check(live, iothread_id, &r, true) < 0) ||
        (config && tune_check(config, iothread_id, &r, false) < 0))
        return mv_qemu_vm_job_end(st, vm, -1);
    if (live && tune_live(st, vm, iothread_id, &r) < 0)
        return mv_qemu_vm_job_end(st, vm, -1);
    if (config) {
        /* the lock was dropped around QMP */
        if (live && mv_domain_obj_get_defs(vm->obj, VIR_DOMAIN_AFFECT_CONFIG, NULL, &config) < 0)
            return mv_qemu_vm_job_end(st, vm, -1);
        mv_domain_iothread *t = mv_domain_iothread_find(config, iothread_id);
        if (!t) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG,
                            "cannot find IOThread '%u' in iothreadids", iothread_id);
            return mv_qemu_vm_job_end(st, vm, -1);
        }
        if (r.has_min)
            t->thread_pool_min = r.min;
        if (r.has_max)
            t->thread_pool_max = r.max;
        if (mv_qemu_config_save(st, config) < 0)
            return mv_qemu_vm_job_end(st, vm, -1);
    }
    return mv_qemu_vm_job_end(st, vm, 0);
}
