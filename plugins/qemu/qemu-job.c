/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-job.c — a domain's asynchronous job as libvirt's qemu
 * driver shows it: a save or managed save has a current job (unbounded,
 * its operation, when it started, and the data QEMU has written and has
 * left from query-migrate) that any connection reads while it runs and may
 * abort (migrate_cancel; the guest then runs on); when it completes, its
 * statistics are kept for virDomainGetJobStats(COMPLETED) and sent with
 * the job-completed event.
 *
 * A restore (virDomainRestore, or the start that resumes a managed save
 * image) is libvirt's "start" job instead: no other job runs beside it,
 * so job queries, aborts and every other job wait for its end, at most
 * MV_QEMU_JOB_WAIT_MS, then fail as libvirt's do (libvirt lets a destroy
 * through; here it waits too); it is never shown, kept as completed, or
 * announced by an event. */
#include "qemu-driver.h"

#include <modvirt-plugin/events.h>

#include <errno.h>
#include <string.h>

struct mv_qemu_async_job {
    int operation;             /* virDomainJobOperation */
    bool exclusive;            /* a start job: nothing else runs beside it */
    bool memory_only;          /* a dump-guest-memory: query-dump */
    gint64 started;            /* monotonic, us */
    bool aborted;
    /* The last progress QEMU reported. */
    unsigned long long total, processed, remaining;
    unsigned long long mbps;
};

void mv_qemu_async_begin(mv_qemu_vm *vm, int operation)
{
    g_free(vm->async);
    vm->async = g_new0(mv_qemu_async_job, 1);
    vm->async->operation = operation;
    vm->async->started = g_get_monotonic_time();
}

void mv_qemu_async_begin_start(mv_qemu_vm *vm, int operation)
{
    mv_qemu_async_begin(vm, operation);
    vm->async->exclusive = true;
}

bool mv_qemu_async_exclusive(const mv_qemu_vm *vm)
{
    return vm->async && vm->async->exclusive;
}

void mv_qemu_job_deadline(struct timespec *until)
{
    clock_gettime(CLOCK_MONOTONIC, until);
    until->tv_sec += MV_QEMU_JOB_WAIT_MS / 1000;
    until->tv_nsec += (long)(MV_QEMU_JOB_WAIT_MS % 1000) * 1000000L;
    if (until->tv_nsec >= 1000000000L) {
        until->tv_sec++;
        until->tv_nsec -= 1000000000L;
    }
}

int mv_qemu_async_wait(mv_qemu_state *st, mv_qemu_vm *vm, const struct timespec *until)
{
    while (mv_qemu_async_exclusive(vm)) {
        if (pthread_cond_timedwait(&st->cond, &st->lock, until) == ETIMEDOUT &&
            mv_qemu_async_exclusive(vm)) {
            /* libvirt's words when a job waited its whole bound. */
            mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_TIMEOUT,
                            "cannot acquire state change lock");
            return -1;
        }
    }
    return 0;
}

void mv_qemu_async_set_memory_only(mv_qemu_vm *vm)
{
    if (vm->async)
        vm->async->memory_only = true;
}

bool mv_qemu_async_aborted(const mv_qemu_vm *vm)
{
    return vm->async && vm->async->aborted;
}

/* The statistics of JOB as typed parameters (libvirt's names). */
static int job_params(const mv_qemu_async_job *job, virTypedParameterPtr *params, int *n)
{
    int max = 0;
    unsigned long long elapsed = (unsigned long long)(g_get_monotonic_time() - job->started) / 1000;
    *params = NULL;
    *n = 0;
    if (virTypedParamsAddInt(params, n, &max, VIR_DOMAIN_JOB_OPERATION, job->operation) < 0 ||
        virTypedParamsAddULLong(params, n, &max, VIR_DOMAIN_JOB_TIME_ELAPSED, elapsed) < 0 ||
        virTypedParamsAddULLong(params, n, &max, VIR_DOMAIN_JOB_DATA_TOTAL, job->total) < 0 ||
        virTypedParamsAddULLong(params, n, &max, VIR_DOMAIN_JOB_DATA_PROCESSED,
                                job->processed) < 0 ||
        virTypedParamsAddULLong(params, n, &max, VIR_DOMAIN_JOB_DATA_REMAINING,
                                job->remaining) < 0 ||
        virTypedParamsAddULLong(params, n, &max, VIR_DOMAIN_JOB_MEMORY_TOTAL, job->total) < 0 ||
        virTypedParamsAddULLong(params, n, &max, VIR_DOMAIN_JOB_MEMORY_PROCESSED,
                                job->processed) < 0 ||
        virTypedParamsAddULLong(params, n, &max, VIR_DOMAIN_JOB_MEMORY_REMAINING,
                                job->remaining) < 0 ||
        (job->mbps && virTypedParamsAddULLong(params, n, &max, VIR_DOMAIN_JOB_MEMORY_BPS,
                                              job->mbps * 1000 * 1000 / 8) < 0)) {
        virTypedParamsFree(*params, *n);
        *params = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}

/* Reads the progress of VM's job from QEMU (query-migrate: "ram"
 * transferred, remaining, total), with ST->lock held and dropped meanwhile;
 * a monitor that fails leaves the last values. */
static void refresh(mv_qemu_state *st, mv_qemu_vm *vm)
{
    if (!vm->mon || vm->exited)
        return;
    bool dump = vm->async && vm->async->memory_only;
    mv_qmp *mon = mv_qmp_ref(vm->mon);
    pthread_mutex_unlock(&st->lock);
    JsonNode *r = mv_qmp_command(mon, dump ? "query-dump" : "query-migrate", NULL,
                                 MV_QEMU_QMP_REPLY_MS);
    mv_qmp_unref(mon);
    pthread_mutex_lock(&st->lock);
    if (!r) {
        mv_error_reset();
        return;
    }
    JsonObject *o = JSON_NODE_HOLDS_OBJECT(r) ? json_node_get_object(r) : NULL;
    if (dump) {
        /* query-dump: bytes "completed" of "total" */
        if (o && vm->async) {
            vm->async->total = (unsigned long long)json_object_get_int_member_with_default(
                o, "total", 0);
            vm->async->processed = (unsigned long long)json_object_get_int_member_with_default(
                o, "completed", 0);
            vm->async->remaining = vm->async->total > vm->async->processed
                                   ? vm->async->total - vm->async->processed : 0;
        }
        json_node_unref(r);
        return;
    }
    JsonObject *ram = o && json_object_has_member(o, "ram")
                      ? json_object_get_object_member(o, "ram") : NULL;
    if (ram && vm->async) {
        vm->async->total = (unsigned long long)json_object_get_int_member_with_default(ram, "total", 0);
        vm->async->processed =
            (unsigned long long)json_object_get_int_member_with_default(ram, "transferred", 0);
        vm->async->remaining =
            (unsigned long long)json_object_get_int_member_with_default(ram, "remaining", 0);
        vm->async->mbps = (unsigned long long)json_object_get_double_member_with_default(
            ram, "mbps", 0);
    }
    json_node_unref(r);
}

void mv_qemu_async_end(mv_qemu_state *st, mv_qemu_vm *vm, bool success)
{
    if (!vm->async)
        return;
    /* QEMU still holds the final figures of a completed migration. */
    if (success && !vm->async->exclusive)
        refresh(st, vm);
    mv_qemu_async_job *job = vm->async;
    if (!job)
        return;
    vm->async = NULL;
    if (!success || job->exclusive) {
        g_free(job);
        return;
    }
    /* Everything was written. */
    job->processed = job->total ? job->total : job->processed;
    job->remaining = 0;
    virTypedParamsFree(vm->completed, vm->ncompleted);
    vm->completed = NULL;
    vm->ncompleted = 0;
    if (job_params(job, &vm->completed, &vm->ncompleted) == 0)
        mv_event_queue_domain_job_completed(st->events, vm->obj->def->name,
                                            vm->obj->def->uuid, -1, vm->completed,
                                            vm->ncompleted);
    g_free(job);
}

void mv_qemu_job_clear(mv_qemu_vm *vm)
{
    g_clear_pointer(&vm->async, g_free);
    virTypedParamsFree(vm->completed, vm->ncompleted);
    vm->completed = NULL;
    vm->ncompleted = 0;
}

/* The current job's statistics or, with COMPLETED, the last completed
 * one's. ST->lock held (dropped while QEMU is asked). */
static int job_stats(mv_qemu_state *st, mv_qemu_vm *vm, int *type, virTypedParameterPtr *params,
                     int *nparams, unsigned int flags)
{
    *params = NULL;
    *nparams = 0;
    if (flags & VIR_DOMAIN_JOB_STATS_COMPLETED) {
        /* libvirt shows the last completed job only while none runs. */
        bool shown = vm->completed && !vm->async;
        *type = shown ? VIR_DOMAIN_JOB_COMPLETED : VIR_DOMAIN_JOB_NONE;
        if (!shown)
            return 0;
        *params = vm->completed;
        *nparams = vm->ncompleted;
        vm->completed = NULL;
        vm->ncompleted = 0;
        return 0;
    }
    /* A query is a job of its own to libvirt: it waits for a start job. */
    struct timespec until;
    mv_qemu_job_deadline(&until);
    if (mv_qemu_async_wait(st, vm, &until) < 0)
        return -1;
    if (!mv_qemu_vm_active(vm))
        return mv_qemu_error_not_running();
    if (!vm->async) {
        *type = VIR_DOMAIN_JOB_NONE;
        return 0;
    }
    refresh(st, vm);
    if (!vm->async) {          /* it ended while QEMU was asked */
        *type = VIR_DOMAIN_JOB_NONE;
        return 0;
    }
    *type = VIR_DOMAIN_JOB_UNBOUNDED;
    return job_params(vm->async, params, nparams);
}

int mv_qemu_domain_get_job_stats(virDomainPtr dom, int *type, virTypedParameterPtr *params,
                                 int *nparams, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_JOB_STATS_COMPLETED |
                             VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED, MV_QEMU_ERR,
                             "qemuDomainGetJobStats") < 0)
        return -1;
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    mv_qemu_vm_ref(vm);
    int ret;
    if ((flags & VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED) && vm->completed && !vm->async) {
        /* A copy: the kept statistics stay. */
        *type = VIR_DOMAIN_JOB_COMPLETED;
        *params = g_new0(virTypedParameter, vm->ncompleted);
        *nparams = vm->ncompleted;
        memcpy(*params, vm->completed, sizeof(virTypedParameter) * vm->ncompleted);
        for (int i = 0; i < vm->ncompleted; i++)
            if ((*params)[i].type == VIR_TYPED_PARAM_STRING)
                (*params)[i].value.s = g_strdup(vm->completed[i].value.s);
        ret = 0;
    } else {
        ret = job_stats(st, vm, type, params, nparams, flags & ~VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED);
    }
    mv_qemu_vm_unref(vm);
    pthread_mutex_unlock(&st->lock);
    return ret;
}

int mv_qemu_domain_get_job_info(virDomainPtr dom, virDomainJobInfoPtr info)
{
    virTypedParameterPtr params = NULL;
    int n = 0, type = VIR_DOMAIN_JOB_NONE;
    if (mv_qemu_domain_get_job_stats(dom, &type, &params, &n, 0) < 0)
        return -1;
    memset(info, 0, sizeof(*info));
    info->type = type;
    virTypedParamsGetULLong(params, n, VIR_DOMAIN_JOB_TIME_ELAPSED, &info->timeElapsed);
    virTypedParamsGetULLong(params, n, VIR_DOMAIN_JOB_DATA_TOTAL, &info->dataTotal);
    virTypedParamsGetULLong(params, n, VIR_DOMAIN_JOB_DATA_PROCESSED, &info->dataProcessed);
    virTypedParamsGetULLong(params, n, VIR_DOMAIN_JOB_DATA_REMAINING, &info->dataRemaining);
    virTypedParamsGetULLong(params, n, VIR_DOMAIN_JOB_MEMORY_TOTAL, &info->memTotal);
    virTypedParamsGetULLong(params, n, VIR_DOMAIN_JOB_MEMORY_PROCESSED, &info->memProcessed);
    virTypedParamsGetULLong(params, n, VIR_DOMAIN_JOB_MEMORY_REMAINING, &info->memRemaining);
    virTypedParamsFree(params, n);
    return 0;
}

int mv_qemu_domain_abort_job_flags(virDomainPtr dom, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_ABORT_JOB_POSTCOPY, MV_QEMU_ERR,
                             "qemuDomainAbortJobFlags") < 0)
        return -1;
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    int ret = -1;
    /* An abort is a job of its own to libvirt: it waits for a start job
     * (VM stays ours meanwhile). */
    struct timespec until;
    mv_qemu_job_deadline(&until);
    mv_qemu_vm_ref(vm);
    if (mv_qemu_async_wait(st, vm, &until) < 0)
        goto out;
    if (!mv_qemu_vm_active(vm)) {
        mv_qemu_error_not_running();
        goto out;
    }
    if (!vm->async) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID, "no job is active on the domain");
        goto out;
    }
    if (flags & VIR_DOMAIN_ABORT_JOB_POSTCOPY) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID,
                        "current job is not outgoing migration in post-copy mode");
        goto out;
    }
    if (vm->async->memory_only) {
        /* QEMU 7.2 has no command that cancels a dump-guest-memory. */
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID, "cannot abort memory-only dump");
        goto out;
    }
    if (!vm->mon || vm->exited) {
        mv_qemu_error_not_running();
        goto out;
    }
    vm->async->aborted = true;
    mv_qmp *mon = mv_qmp_ref(vm->mon);
    pthread_mutex_unlock(&st->lock);
    JsonNode *r = mv_qmp_command(mon, "migrate_cancel", NULL, MV_QEMU_QMP_REPLY_MS);
    mv_qmp_unref(mon);
    pthread_mutex_lock(&st->lock);
    if (r) {
        json_node_unref(r);
        ret = 0;
    }
out:
    mv_qemu_vm_unref(vm);
    pthread_mutex_unlock(&st->lock);
    return ret;
}

int mv_qemu_domain_abort_job(virDomainPtr dom)
{
    return mv_qemu_domain_abort_job_flags(dom, 0);
}
