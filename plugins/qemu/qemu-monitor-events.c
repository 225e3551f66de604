/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-monitor-events.c — what QEMU tells us, handled on the
 * monitor thread: QMP events become state changes and libvirt lifecycle
 * events, and the end of the process (its pidfd becomes readable) becomes
 * "shut off" with the reason that explains it — shutdown after a SHUTDOWN
 * event, destroyed when we killed it, crashed otherwise. Nothing here
 * waits for QEMU: commands an event calls for run in a short thread. */
#include "qemu-driver.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

/* The VM behind a monitor callback, with ST->lock held; NULL (unlocked)
 * when the monitor is no longer the VM's. */
static mv_qemu_vm *vm_of_monitor(mv_qmp *mon, void *opaque)
{
    mv_qemu_vm *vm = opaque;
    pthread_mutex_lock(&vm->st->lock);
    if (vm->mon != mon && !vm->starting) {
        pthread_mutex_unlock(&vm->st->lock);
        return NULL;
    }
    return vm;
}

/* A change QEMU reported: nobody waits for an answer, so a status that
 * cannot be saved is logged (the next state change or slot saves it). */
static void observed_state(mv_qemu_vm *vm, int state, int reason)
{
    if (mv_qemu_vm_set_state(vm, state, reason) < 0) {
        mv_log(MV_LOG_WARN, MV_QEMU_SRC, "%s", virGetLastErrorMessage());
        mv_error_reset();
    }
}

/* virDomainReboot, and on_poweroff='restart': the guest powered off; QEMU
 * resets it and runs on. The domain stays running throughout, as
 * libvirt's fake reboot: no lifecycle event, its state only says booted. */
static gpointer reset_thread(gpointer data)
{
    mv_qemu_vm *vm = data;
    mv_qemu_state *st = vm->st;
    pthread_mutex_lock(&st->lock);
    mv_qmp *mon = vm->mon ? mv_qmp_ref(vm->mon) : NULL;
    pthread_mutex_unlock(&st->lock);
    if (mon) {
        /* Our reference keeps MON usable if the domain stops meanwhile:
         * the commands then fail with "monitor closed". */
        JsonNode *r = mv_qmp_command(mon, "system_reset", NULL, MV_QEMU_QMP_REPLY_MS);
        if (r)
            json_node_unref(r);
        r = r ? mv_qmp_command(mon, "cont", NULL, MV_QEMU_QMP_REPLY_MS) : NULL;
        if (r)
            json_node_unref(r);
        else
            mv_error_reset();
        mv_qmp_unref(mon);
    }
    pthread_mutex_lock(&st->lock);
    if (mv_qemu_vm_active(vm) && !vm->exited) {
        vm->got_shutdown = vm->guest_shutdown = false;
        observed_state(vm, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
    }
    pthread_mutex_unlock(&st->lock);
    mv_qemu_vm_unref(vm);
    return NULL;
}

/* QEMU's SHUTDOWN: the guest powered off or QEMU was told to end (a
 * destroy's SIGTERM too). As libvirt's: one event saying who asked; none
 * for a fake reboot, whose SHUTDOWN is transient (the guest comes back;
 * each RESET of QEMU gives a reboot event). */
static void on_shutdown(mv_qemu_vm *vm, JsonObject *data)
{
    if (vm->obj->state == VIR_DOMAIN_SHUTDOWN)
        return;   /* repeated */
    bool known = data && json_object_has_member(data, "guest");
    bool guest = known && json_object_get_boolean_member_with_default(data, "guest", false);
    vm->got_shutdown = true;
    vm->guest_shutdown = guest;
    if (vm->fake_reboot || vm->obj->def->on_poweroff == MV_DOMAIN_LIFECYCLE_RESTART) {
        if (!vm->destroying) {
            mv_qemu_vm_ref(vm);
            g_thread_unref(g_thread_new("qemu-reset", reset_thread, vm));
        }
        return;
    }
    mv_qemu_vm_event(vm, VIR_DOMAIN_EVENT_SHUTDOWN,
                     !known ? VIR_DOMAIN_EVENT_SHUTDOWN_FINISHED
                            : guest ? VIR_DOMAIN_EVENT_SHUTDOWN_GUEST
                                    : VIR_DOMAIN_EVENT_SHUTDOWN_HOST);
    if (vm->destroying)
        return;   /* the destroy stops it */
    observed_state(vm, VIR_DOMAIN_SHUTDOWN, VIR_DOMAIN_SHUTDOWN_USER);
    if (vm->obj->def->on_poweroff != MV_DOMAIN_LIFECYCLE_PRESERVE && vm->pid > 0)
        kill(vm->pid, SIGTERM);   /* -no-shutdown kept it alive for us */
}

void mv_qemu_on_qmp_event(mv_qmp *mon, const char *event, JsonObject *data, gint64 ts,
                          void *opaque)
{
    (void)ts;
    mv_qemu_vm *vm = vm_of_monitor(mon, opaque);
    if (!vm)
        return;
    mv_qemu_state *st = vm->st;
    mv_log(MV_LOG_DEBUG, MV_QEMU_SRC, "domain '%s': QMP event %s", vm->obj->def->name, event);
    if (!mv_qemu_vm_active(vm)) {
        /* late event of a stopped domain */
    } else if (strcmp(event, "SHUTDOWN") == 0) {
        on_shutdown(vm, data);
    } else if (strcmp(event, "RESET") == 0) {
        /* A guest's reboot, the reset of a fake reboot, or the firmware's
         * own reset after it: as libvirt, a reboot event for each (none
         * for the reset a start may do). */
        if (!vm->starting) {
            vm->fake_reboot = false;
            mv_event_queue_domain_reboot(st->events, vm->obj->def->name, vm->obj->def->uuid,
                                         vm->obj->def->id);
        }
    } else if (strcmp(event, "STOP") == 0) {
        if (!vm->starting && !vm->got_shutdown && vm->obj->state == VIR_DOMAIN_RUNNING) {
            observed_state(vm, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER);
            mv_qemu_vm_event(vm, VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_PAUSED);
        }
    } else if (strcmp(event, "RESUME") == 0) {
        if (!vm->starting && vm->obj->state == VIR_DOMAIN_PAUSED) {
            observed_state(vm, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_UNPAUSED);
            mv_qemu_vm_event(vm, VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_RESUMED_UNPAUSED);
        }
    } else if (strcmp(event, "VSERPORT_CHANGE") == 0 && data) {
        mv_qemu_channel_state_changed(vm, json_object_get_string_member_with_default(data, "id",
                                                                                    NULL),
                                      json_object_get_boolean_member_with_default(data, "open",
                                                                                  false),
                                      VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_REASON_CHANNEL);
    } else if (strcmp(event, "BALLOON_CHANGE") == 0 && data) {
        gint64 actual = json_object_get_int_member_with_default(data, "actual", 0);
        if (actual > 0)
            vm->obj->def->current_memory = (unsigned long long)actual / 1024;
    }
    pthread_mutex_unlock(&st->lock);
}

void mv_qemu_on_qmp_eof(mv_qmp *mon, void *opaque)
{
    /* The process exit (pidfd) decides what happened; EOF alone only
     * means nobody can talk to this QEMU any more. */
    mv_qemu_vm *vm = vm_of_monitor(mon, opaque);
    if (!vm)
        return;
    mv_log(MV_LOG_DEBUG, MV_QEMU_SRC, "domain '%s': monitor closed", vm->obj->def->name);
    pthread_mutex_unlock(&vm->st->lock);
}

void mv_qemu_process_exited(mv_qemu_state *st, mv_qemu_vm *vm)
{
    int reason, detail;
    if (vm->stop_reason == VIR_DOMAIN_SHUTOFF_SAVED) {
        reason = VIR_DOMAIN_SHUTOFF_SAVED;
        detail = VIR_DOMAIN_EVENT_STOPPED_SAVED;
    } else if (vm->stop_reason == VIR_DOMAIN_SHUTOFF_CRASHED) {
        /* virDomainCoreDump with VIR_DUMP_CRASH */
        reason = VIR_DOMAIN_SHUTOFF_CRASHED;
        detail = VIR_DOMAIN_EVENT_STOPPED_CRASHED;
    } else if (vm->destroying) {
        reason = VIR_DOMAIN_SHUTOFF_DESTROYED;
        detail = VIR_DOMAIN_EVENT_STOPPED_DESTROYED;
    } else if (vm->got_shutdown) {
        reason = VIR_DOMAIN_SHUTOFF_SHUTDOWN;
        detail = VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN;
    } else {
        /* Killed from outside, or died: libvirt's "crashed". */
        reason = VIR_DOMAIN_SHUTOFF_CRASHED;
        detail = VIR_DOMAIN_EVENT_STOPPED_FAILED;
    }
    mv_qemu_process_stopped(st, vm, reason, detail);
}

gboolean mv_qemu_on_exit(gint fd, GIOCondition cond, gpointer opaque)
{
    (void)cond;
    mv_qemu_vm *vm = opaque;
    mv_qemu_state *st = vm->st;
    pthread_mutex_lock(&st->lock);
    if (vm->pidfd != fd || vm->exited) {
        pthread_mutex_unlock(&st->lock);
        return G_SOURCE_REMOVE;
    }
    vm->exited = true;
    vm->exit_status = -1;
    if (vm->our_child) {
        int status;
        if (mv_process_reap(fd, &status)) {
            vm->exit_signaled = WIFSIGNALED(status);
            vm->exit_status = vm->exit_signaled ? WTERMSIG(status) : WEXITSTATUS(status);
        }
        vm->our_child = false;
    }
    /* The source ends with this callback. */
    if (vm->exit_source) {
        g_source_unref(vm->exit_source);
        vm->exit_source = NULL;
    }
    mv_log(MV_LOG_DEBUG, MV_QEMU_SRC, "domain '%s': QEMU (pid %d) exited", vm->obj->def->name,
           (int)vm->pid);
    if (vm->job) {
        /* The slot at work tears down when its job ends. */
        pthread_cond_broadcast(&st->cond);
    } else if (mv_qemu_vm_active(vm)) {
        mv_qemu_process_exited(st, vm);
    }
    pthread_mutex_unlock(&st->lock);
    return G_SOURCE_REMOVE;
}
