/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-ops.c — acting on a running domain through QMP and
 * signals: destroy (SIGTERM, then SIGKILL), shutdown (ACPI power button),
 * reboot (power button, then reset when the guest has powered off),
 * suspend/resume (stop/cont), memory through the balloon, vCPUs by CPU
 * hotplug, the reset button and NMI. Each runs as a job; state changes
 * arrive as QMP events. */
#include "qemu-driver.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <string.h>

#define CHECK_FLAGS(flags, ok, ret) \
    do { \
        if (mv_error_check_flags((flags), (ok), MV_QEMU_ERR, __func__) < 0) \
            return ret; \
    } while (0)

int mv_qemu_domain_destroy(virDomainPtr dom, unsigned int flags)
{
    CHECK_FLAGS(flags, VIR_DOMAIN_DESTROY_GRACEFUL, -1);
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_job_begin(dom, &st, true);
    if (!vm)
        return -1;
    int ret = mv_qemu_process_kill(st, vm);
    if (ret == 0)
        mv_domain_set_id(dom, -1);
    return mv_qemu_vm_job_end(st, vm, ret);
}

int mv_qemu_domain_shutdown(virDomainPtr dom, unsigned int flags)
{
    CHECK_FLAGS(flags, VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN, -1);
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_job_begin(dom, &st, true);
    if (!vm)
        return -1;
    vm->fake_reboot = false;
    int ret = mv_qemu_job_qmp_run(st, vm, "system_powerdown", NULL);
    return mv_qemu_vm_job_end(st, vm, ret);
}

int mv_qemu_domain_reboot(virDomainPtr dom, unsigned int flags)
{
    CHECK_FLAGS(flags, VIR_DOMAIN_REBOOT_ACPI_POWER_BTN, -1);
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_job_begin(dom, &st, true);
    if (!vm)
        return -1;
    /* As libvirt's default: the guest powers off, QEMU (-no-shutdown)
     * stays, and the SHUTDOWN event resets and resumes it. */
    vm->fake_reboot = true;
    int ret = mv_qemu_job_qmp_run(st, vm, "system_powerdown", NULL);
    if (ret < 0)
        vm->fake_reboot = false;
    return mv_qemu_vm_job_end(st, vm, ret);
}

static int pause_resume(virDomainPtr dom, bool pause)
{
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_job_begin(dom, &st, true);
    if (!vm)
        return -1;
    int ret = -1;
    if (vm->obj->state == VIR_DOMAIN_SHUTDOWN || vm->got_shutdown) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID, "domain is shutting down");
    } else if (pause && vm->obj->state == VIR_DOMAIN_PAUSED) {
        ret = 0;   /* libvirt: suspending a paused domain succeeds */
    } else if (!pause && vm->obj->state == VIR_DOMAIN_RUNNING) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID, "domain is already running");
    } else {
        ret = mv_qemu_job_qmp_run(st, vm, pause ? "stop" : "cont", NULL);
        /* The STOP/RESUME event updated the state before the reply came;
         * a monitor shared with no one else still must show the change. */
        if (ret == 0 && !vm->exited) {
            int want = pause ? VIR_DOMAIN_PAUSED : VIR_DOMAIN_RUNNING;
            if (vm->obj->state != want) {
                ret = mv_qemu_vm_set_state(vm, want, pause ? VIR_DOMAIN_PAUSED_USER
                                                           : VIR_DOMAIN_RUNNING_UNPAUSED);
                mv_qemu_vm_event(vm, pause ? VIR_DOMAIN_EVENT_SUSPENDED : VIR_DOMAIN_EVENT_RESUMED,
                                 pause ? VIR_DOMAIN_EVENT_SUSPENDED_PAUSED
                                       : VIR_DOMAIN_EVENT_RESUMED_UNPAUSED);
            } else {
                /* the event recorded it, unless its status write failed:
                 * as libvirt, the call then fails (the change stays) */
                ret = mv_qemu_status_ensure(st, vm);
            }
        }
    }
    return mv_qemu_vm_job_end(st, vm, ret);
}

int mv_qemu_domain_suspend(virDomainPtr dom)
{
    return pause_resume(dom, true);
}

int mv_qemu_domain_resume(virDomainPtr dom)
{
    return pause_resume(dom, false);
}

/* --- memory and vCPUs --------------------------------------------------------- */

/* Which definitions a live/config call touches; -1 with libvirt's errors. */
static int pick_defs(mv_qemu_vm *vm, unsigned int flags, mv_domain_def **live,
                     mv_domain_def **config)
{
    bool active = mv_qemu_vm_active(vm);
    *live = *config = NULL;
    if ((flags & VIR_DOMAIN_AFFECT_LIVE) && (flags & VIR_DOMAIN_AFFECT_CONFIG) == 0 && !active)
        return mv_qemu_error_not_running();
    if (!(flags & (VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG)))
        flags |= active ? VIR_DOMAIN_AFFECT_LIVE : VIR_DOMAIN_AFFECT_CONFIG;
    if ((flags & VIR_DOMAIN_AFFECT_LIVE) && !active)
        return mv_qemu_error_not_running();
    if ((flags & VIR_DOMAIN_AFFECT_CONFIG) && !vm->obj->persistent) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID,
                        "cannot change persistent config of a transient domain");
        return -1;
    }
    if (flags & VIR_DOMAIN_AFFECT_LIVE)
        *live = vm->obj->def;
    if (flags & VIR_DOMAIN_AFFECT_CONFIG)
        *config = active ? vm->obj->new_def : vm->obj->def;
    return 0;
}

int mv_qemu_domain_set_memory(virDomainPtr dom, unsigned long memory, unsigned int flags)
{
    CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG |
                VIR_DOMAIN_MEM_MAXIMUM, -1);
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    int ret = -1;
    mv_domain_def *live, *config;
    if (mv_qemu_job_begin(st, vm, false) < 0) {
        pthread_mutex_unlock(&st->lock);
        return -1;
    }
    if (pick_defs(vm, flags, &live, &config) < 0)
        return mv_qemu_vm_job_end(st, vm, -1);
    if (flags & VIR_DOMAIN_MEM_MAXIMUM) {
        if (live) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID,
                            "cannot resize the maximum memory on an active domain");
            return mv_qemu_vm_job_end(st, vm, -1);
        }
        config->memory = memory;
        if (config->current_memory > memory)
            config->current_memory = memory;
        ret = mv_qemu_config_save(st, config);
        return mv_qemu_vm_job_end(st, vm, ret);
    }
    unsigned long long max = (live ? live : config)->memory;
    if (memory > max) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG,
                        "cannot set memory higher than max memory");
        return mv_qemu_vm_job_end(st, vm, -1);
    }
    if (live) {
        /* No <memballoon> means the default virtio one (qemu-command-misc.c). */
        if (live->devices->memballoon && live->devices->memballoon->model ==
                                             MV_DOMAIN_MEMBALLOON_NONE) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID,
                            "Unable to change memory of active domain without the balloon "
                            "device");
            return mv_qemu_vm_job_end(st, vm, -1);
        }
        JsonObject *args = json_object_new();
        json_object_set_int_member(args, "value", (gint64)memory * 1024);
        ret = mv_qemu_job_qmp_run(st, vm, "balloon", args);
        json_object_unref(args);
        if (ret < 0)
            return mv_qemu_vm_job_end(st, vm, -1);
        if (!vm->exited)
            vm->obj->def->current_memory = memory;   /* the target; BALLOON_CHANGE follows */
    }
    if (config) {
        config->current_memory = memory;
        if (mv_qemu_config_save(st, config) < 0)
            return mv_qemu_vm_job_end(st, vm, -1);
    }
    return mv_qemu_vm_job_end(st, vm, 0);
}

/* The CPUs QEMU could plug, as (props object) in order; fills PRESENT. */
static JsonArray *hotpluggable(mv_qemu_state *st, mv_qemu_vm *vm, JsonNode **keep)
{
    *keep = mv_qemu_job_qmp(st, vm, "query-hotpluggable-cpus", NULL, MV_QEMU_QMP_REPLY_MS);
    return *keep && JSON_NODE_HOLDS_ARRAY(*keep) ? json_node_get_array(*keep) : NULL;
}

static int vcpus_live(mv_qemu_state *st, mv_qemu_vm *vm, unsigned int n)
{
    const mv_domain_def *def = vm->obj->def;
    unsigned int cur = def->vcpus_current ? def->vcpus_current : def->vcpus_max;
    if (n < cur) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_UNSUPPORTED,
                        "unplugging vCPUs of a running domain is not supported by this driver "
                        "(QEMU needs the guest's cooperation); change the config instead");
        return -1;
    }
    JsonNode *keep = NULL;
    JsonArray *cpus = n > cur ? hotpluggable(st, vm, &keep) : NULL;
    if (n > cur && !cpus)
        return -1;
    /* query-hotpluggable-cpus lists the highest ids first: plug from the
     * end of the list, the lowest free slot first. */
    for (guint i = cpus ? json_array_get_length(cpus) : 0; i-- > 0 && cur < n;) {
        JsonObject *c = json_array_get_object_element(cpus, i);
        if (!c || json_object_has_member(c, "qom-path"))
            continue;
        JsonObject *args = json_object_new();
        json_object_set_string_member(args, "driver",
                                      json_object_get_string_member_with_default(c, "type", ""));
        g_autofree char *id = g_strdup_printf("vcpu%u", cur);
        json_object_set_string_member(args, "id", id);
        JsonObject *props = json_object_get_object_member(c, "props");
        GList *members = props ? json_object_get_members(props) : NULL;
        for (GList *m = members; m; m = m->next)
            json_object_set_member(args, m->data,
                                   json_node_copy(json_object_get_member(props, m->data)));
        g_list_free(members);
        int r = mv_qemu_job_qmp_run(st, vm, "device_add", args);
        json_object_unref(args);
        mv_qemu_vcpu_threads_forget(vm);
        if (r < 0) {
            json_node_unref(keep);
            return -1;
        }
        cur++;
        vm->obj->def->vcpus_current = cur;
    }
    if (keep)
        json_node_unref(keep);
    /* the new vCPU threads get their cgroups, then their pins */
    if (!cpus)
        return 0;
    return mv_qemu_cgroup_threads(st, vm, false) < 0 ? -1 : mv_qemu_vcpu_pins_apply(st, vm);
}

int mv_qemu_domain_set_vcpus(virDomainPtr dom, unsigned int nvcpus, unsigned int flags)
{
    CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG |
                VIR_DOMAIN_VCPU_MAXIMUM | VIR_DOMAIN_VCPU_GUEST | VIR_DOMAIN_VCPU_HOTPLUGGABLE, -1);
    if (flags & VIR_DOMAIN_VCPU_GUEST) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_ARGUMENT_UNSUPPORTED,
                        "setting vCPUs through the guest agent is not supported");
        return -1;
    }
    if (nvcpus == 0) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG, "argument unsupported: %s",
                        "nvcpus must be at least 1");
        return -1;
    }
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_job_begin(dom, &st, false);
    if (!vm)
        return -1;
    mv_domain_def *live, *config;
    if (pick_defs(vm, flags, &live, &config) < 0)
        return mv_qemu_vm_job_end(st, vm, -1);
    if (flags & VIR_DOMAIN_VCPU_MAXIMUM) {
        if (live) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG,
                            "cannot change maximum vCPU count of a running domain");
            return mv_qemu_vm_job_end(st, vm, -1);
        }
        config->vcpus_max = nvcpus;
        if (config->vcpus_current > nvcpus || config->vcpus_current == 0)
            config->vcpus_current = nvcpus;
        mv_domain_def_trim_vcpupin(config);
        return mv_qemu_vm_job_end(st, vm, mv_qemu_config_save(st, config));
    }
    unsigned int max = (live ? live : config)->vcpus_max;
    if (nvcpus > max) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG,
                        "requested vcpus is greater than max allowable vcpus for the "
                        "domain: %u > %u", nvcpus, max);
        return mv_qemu_vm_job_end(st, vm, -1);
    }
    if (live && vcpus_live(st, vm, nvcpus) < 0)
        return mv_qemu_vm_job_end(st, vm, -1);
    if (config) {
        config->vcpus_current = nvcpus;
        if (mv_qemu_config_save(st, config) < 0)
            return mv_qemu_vm_job_end(st, vm, -1);
    }
    return mv_qemu_vm_job_end(st, vm, 0);
}

int mv_qemu_domain_get_vcpus(virDomainPtr dom, unsigned int flags)
{
    CHECK_FLAGS(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG |
                VIR_DOMAIN_VCPU_MAXIMUM | VIR_DOMAIN_VCPU_GUEST, -1);
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    mv_domain_def *live, *config;
    int ret = -1;
    if (pick_defs(vm, flags & ~VIR_DOMAIN_VCPU_MAXIMUM, &live, &config) == 0) {
        const mv_domain_def *d = live ? live : config;
        ret = (int)((flags & VIR_DOMAIN_VCPU_MAXIMUM) || !d->vcpus_current ? d->vcpus_max
                                                                           : d->vcpus_current);
    }
    pthread_mutex_unlock(&st->lock);
    return ret;
}

int mv_qemu_domain_get_max_vcpus(virDomainPtr dom)
{
    return mv_qemu_domain_get_vcpus(dom, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_VCPU_MAXIMUM);
}

/* --- the reset button, NMI, and what the guest says of itself ------------------- */

int mv_qemu_domain_reset(virDomainPtr dom, unsigned int flags)
{
    CHECK_FLAGS(flags, 0, -1);
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_job_begin(dom, &st, true);
    if (!vm)
        return -1;
    return mv_qemu_vm_job_end(st, vm, mv_qemu_job_qmp_run(st, vm, "system_reset", NULL));
}

int mv_qemu_domain_inject_nmi(virDomainPtr dom, unsigned int flags)
{
    CHECK_FLAGS(flags, 0, -1);
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_job_begin(dom, &st, true);
    if (!vm)
        return -1;
    return mv_qemu_vm_job_end(st, vm, mv_qemu_job_qmp_run(st, vm, "inject-nmi", NULL));
}

/* The disks QEMU holds in error (the io-status of query-block: "failed",
 * or "nospace" when the guest was stopped for lack of space), found by the
 * format node each disk's -blockdev is named after (disk<N>-format). */
int mv_qemu_domain_get_disk_errors(virDomainPtr dom, virDomainDiskErrorPtr errors,
                                   unsigned int maxerrors, unsigned int flags)
{
    CHECK_FLAGS(flags, 0, -1);
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_job_begin(dom, &st, true);
    if (!vm)
        return -1;
    JsonNode *reply = mv_qemu_job_qmp(st, vm, "query-block", NULL, MV_QEMU_QMP_REPLY_MS);
    if (!reply)
        return mv_qemu_vm_job_end(st, vm, -1);
    const mv_domain_devices *devs = vm->obj->def->devices;
    JsonArray *blocks = JSON_NODE_HOLDS_ARRAY(reply) ? json_node_get_array(reply) : NULL;
    unsigned int n = 0, found = 0;
    for (guint i = 0; blocks && i < json_array_get_length(blocks); i++) {
        JsonObject *b = json_array_get_object_element(blocks, i);
        const char *status = b && json_object_has_member(b, "io-status")
                                 ? json_object_get_string_member(b, "io-status") : "ok";
        JsonObject *ins = b && json_object_has_member(b, "inserted")
                              ? json_object_get_object_member(b, "inserted") : NULL;
        const char *node = ins && json_object_has_member(ins, "node-name")
                               ? json_object_get_string_member(ins, "node-name") : NULL;
        unsigned int idx;
        if (!status || !strcmp(status, "ok") || !node ||
            sscanf(node, "disk%u-format", &idx) != 1 || !devs || idx >= devs->ndisks)
            continue;
        found++;
        if (errors && n < maxerrors) {
            errors[n].disk = g_strdup(devs->disks[idx]->dst);
            errors[n].error = !strcmp(status, "nospace") ? VIR_DOMAIN_DISK_ERROR_NO_SPACE
                                                         : VIR_DOMAIN_DISK_ERROR_UNSPEC;
            n++;
        }
    }
    json_node_unref(reply);
    return mv_qemu_vm_job_end(st, vm, (int)(errors ? n : found));
}

/* QEMU draws the display into a file of the run directory (PPM, the
 * format every QEMU has); the stream reads it, already unlinked. */
char *mv_qemu_domain_screenshot(virDomainPtr dom, virStreamPtr st, unsigned int screen,
                                unsigned int flags)
{
    CHECK_FLAGS(flags, 0, NULL);
    mv_qemu_state *st_;
    mv_qemu_vm *vm = mv_qemu_vm_job_begin(dom, &st_, true);
    if (!vm)
        return NULL;
    const mv_domain_devices *devs = vm->obj->def->devices;
    if (!devs || devs->nvideos == 0) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_FAILED, "no screens to take screenshot from");
        mv_qemu_vm_job_end(st_, vm, -1);
        return NULL;
    }
    if (screen > 0) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG, "no screen with index %u (the "
                        "display has one)", screen);
        mv_qemu_vm_job_end(st_, vm, -1);
        return NULL;
    }
    g_autofree char *path = mv_qemu_run_path(st_, vm->obj->def->name, ".screendump");
    unlink(path);
    JsonObject *args = json_object_new();
    json_object_set_string_member(args, "filename", path);
    int rc = mv_qemu_job_qmp_run(st_, vm, "screendump", args);
    json_object_unref(args);
    int fd = rc < 0 ? -1 : open(path, O_RDONLY | O_CLOEXEC);
    if (rc == 0 && fd < 0)
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_OPERATION_FAILED, errno,
                              "cannot read the screenshot '%s'", path);
    unlink(path);
    mv_qemu_vm_job_end(st_, vm, 0);
    if (fd < 0 || mv_stream_attach_fd(virDomainGetConnect(dom), st, fd) < 0)   /* owns FD */
        return NULL;
    return g_strdup("image/x-portable-pixmap");
}

/* As libvirt's qemu driver: the two sources exclude each other; the lease
 * source looks at the DHCP leases of the guest's networks, the agent's
 * (the default) asks the guest. */
char *mv_qemu_domain_get_hostname(virDomainPtr dom, unsigned int flags)
{
    CHECK_FLAGS(flags, VIR_DOMAIN_GET_HOSTNAME_LEASE | VIR_DOMAIN_GET_HOSTNAME_AGENT, NULL);
    if ((flags & VIR_DOMAIN_GET_HOSTNAME_LEASE) && (flags & VIR_DOMAIN_GET_HOSTNAME_AGENT)) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG,
                        "Flags 'VIR_DOMAIN_GET_HOSTNAME_LEASE' and "
                        "'VIR_DOMAIN_GET_HOSTNAME_AGENT' are mutually exclusive");
        return NULL;
    }
    if (flags & VIR_DOMAIN_GET_HOSTNAME_LEASE)
        return mv_qemu_domain_lease_hostname(dom);
    return mv_qemu_domain_agent_hostname(dom);
}

int mv_qemu_domain_get_time(virDomainPtr dom, long long *seconds, unsigned int *nseconds,
                            unsigned int flags)
{
    CHECK_FLAGS(flags, 0, -1);
    return mv_qemu_domain_agent_get_time(dom, seconds, nseconds);
}

int mv_qemu_domain_set_time(virDomainPtr dom, long long seconds, unsigned int nseconds,
                            unsigned int flags)
{
    CHECK_FLAGS(flags, VIR_DOMAIN_TIME_SYNC, -1);
    return mv_qemu_domain_agent_set_time(dom, seconds, nseconds, flags & VIR_DOMAIN_TIME_SYNC);
}
