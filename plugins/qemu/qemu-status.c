/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-status.c — what lets another process take over a
 * running domain: RUN/NAME.status (pid, its /proc start time, id, state)
 * and RUN/NAME.xml (the live definition), written atomically at each
 * change. When a state is loaded, each status whose process is still that
 * QEMU (same start time, our QMP socket on its command line) is re-attached:
 * pidfd watch, QMP if no other process holds it; the others are cleaned
 * up and reported shut off. */
#include "qemu-driver.h"
#include "qemu-command.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The live definition, then the record that names the process: each
 * failure says which domain could not be recorded and why. */
static int status_write(mv_qemu_state *st, mv_qemu_vm *vm)
{
    const char *name = vm->obj->def->name;
    g_autofree char *xml = mv_domain_def_format(vm->obj->def, VIR_DOMAIN_XML_SECURE);
    if (!xml || mv_driver_state_status_save(st->root, "domain", name, ".xml", xml) < 0)
        return -1;
    g_autoptr(GString) text = g_string_new(NULL);
    g_string_append_printf(text,
        "pid=%d\nstart=%llu\nid=%d\nstate=%d\nreason=%d\nepoch=%lld\n",
        (int)vm->pid, vm->proc_start, vm->obj->def->id, vm->obj->state, vm->obj->reason,
        (long long)vm->start_epoch);
    mv_qemu_cgroup_status(text, vm);
    return mv_driver_state_status_save(st->root, "domain", name, ".status", text->str);
}

int mv_qemu_status_save(mv_qemu_state *st, mv_qemu_vm *vm)
{
    /* Read-only connections record nothing: whoever changes the domain does. */
    if (!mv_qemu_writable(st))
        return 0;
    vm->status_stale = status_write(st, vm) < 0;
    return vm->status_stale ? -1 : 0;
}

int mv_qemu_status_ensure(mv_qemu_state *st, mv_qemu_vm *vm)
{
    return vm->status_stale && vm->pid > 0 ? mv_qemu_status_save(st, vm) : 0;
}

void mv_qemu_status_remove(mv_qemu_state *st, const char *name)
{
    static const char *const suffixes[] = { ".status", ".xml", ".qmp" };
    for (size_t i = 0; i < G_N_ELEMENTS(suffixes); i++)
        mv_driver_state_status_remove(st->root, name, suffixes[i]);
}

typedef struct {
    long long pid, start, id, state, reason, epoch;
} status_rec;

static bool status_parse(const char *text, status_rec *r)
{
    *r = (status_rec){ .id = -1 };
    int seen = 0;
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++) {
        char key[16];
        long long v;
        if (sscanf(*l, "%15[a-z]=%lld", key, &v) != 2)
            continue;
        if (!strcmp(key, "pid")) r->pid = v, seen |= 1;
        else if (!strcmp(key, "start")) r->start = v, seen |= 2;
        else if (!strcmp(key, "id")) r->id = v, seen |= 4;
        else if (!strcmp(key, "state")) r->state = v;
        else if (!strcmp(key, "reason")) r->reason = v;
        else if (!strcmp(key, "epoch")) r->epoch = v;
    }
    return seen == 7 && r->pid > 1;
}

/* Whether PID is still the QEMU we started for NAME. */
static bool process_is_ours(mv_qemu_state *st, const status_rec *r, const char *name)
{
    if (mv_process_start_time((pid_t)r->pid) != (unsigned long long)r->start)
        return false;
    g_autofree char *cmdline_path = g_strdup_printf("/proc/%lld/cmdline", r->pid);
    g_autofree char *cmd = NULL;
    gsize len = 0;
    if (!g_file_get_contents(cmdline_path, &cmd, &len, NULL))
        return false;
    g_autofree char *qmp = mv_qemu_run_path(st, name, ".qmp");
    for (gsize off = 0; off < len; off += strlen(cmd + off) + 1)
        if (strstr(cmd + off, qmp))
            return true;
    return false;
}

typedef struct {
    mv_qemu_state *st;
    GPtrArray *alive;              /* mv_qemu_vm*, in the list */
} status_scan_ctx;

/* One RUN/NAME.status (TEXT): its domain re-attached when its process is
 * still our QEMU, or reported ended. */
static void status_file(mv_driver_state *root, const char *name, const char *text,
                        void *opaque)
{
    (void)root;
    status_scan_ctx *c = opaque;
    mv_qemu_state *st = c->st;
    GPtrArray *out = c->alive;
    mv_domain_obj *kobj = mv_domain_list_find_name(st->doms, name);
    mv_qemu_vm *known = kobj ? mv_qemu_vm_attach(st, kobj) : NULL;
    if (known && mv_qemu_vm_active(known))
        return;   /* attached already (a second load) */
    g_autofree char *xml_path = mv_qemu_run_path(st, name, ".xml");
    g_autofree char *xml = NULL;
    status_rec r;
    mv_domain_def *live = NULL;
    if (status_parse(text, &r) && (xml = mv_file_read_text(xml_path, MV_FILE_STATE_MAX, NULL)))
        live = mv_domain_def_parse(xml, mv_qemu_xmlopt(), 0);
    if (!live || strcmp(live->name, name) != 0 || !process_is_ours(st, &r, name)) {
        /* It ended while no process watched it: as a crash. A reason
         * this process saw itself (the domain stopped while only
         * read-only connections watched it) is kept. Its files go with
         * the first read-write connection. */
        mv_log(MV_LOG_INFO, MV_QEMU_SRC, "domain '%s' is no longer running", name);
        mv_domain_def_free(live);
        mv_error_reset();
        if (mv_qemu_writable(st)) {
            mv_cgroup *cg = mv_qemu_cgroup_from_status(text);
            if (cg) {
                mv_cgroup_kill(cg);
                mv_cgroup_remove(cg);
                mv_cgroup_free(cg);
            }
            mv_qemu_status_remove(st, name);
        }
        if (known && known->obj->reason == VIR_DOMAIN_SHUTOFF_UNKNOWN)
            mv_qemu_vm_set_state(known, VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_CRASHED);
        return;
    }
    if (known && memcmp(known->obj->def->uuid, live->uuid, VIR_UUID_BUFLEN) != 0) {
        mv_domain_def_free(live);
        return;
    }
    /* It runs its live definition; a domain no definition names runs
     * on as a transient one. */
    mv_domain_obj *obj = known ? known->obj
                               : mv_domain_list_add(st->doms, live, MV_DOMAIN_LIST_ADD_LIVE,
                                                    NULL);
    if (!obj || mv_domain_list_set_active(st->doms, obj, known ? live : NULL, (int)r.id,
                                          r.state > 0 ? (int)r.state : VIR_DOMAIN_RUNNING,
                                          (int)r.reason) < 0) {
        mv_log(MV_LOG_WARN, MV_QEMU_SRC, "domain '%s' cannot be attached: %s", name,
               virGetLastErrorMessage());
        mv_error_reset();
        if (obj && !known)
            mv_domain_list_remove(st->doms, obj);   /* with LIVE */
        else
            mv_domain_def_free(live);
        return;
    }
    mv_qemu_vm *vm = mv_qemu_vm_attach(st, obj);
    vm->pid = (pid_t)r.pid;
    vm->proc_start = (unsigned long long)r.start;
    vm->start_epoch = r.epoch;
    vm->pidfd = mv_process_pidfd(vm->pid);
    vm->cg = mv_qemu_cgroup_from_status(text);
    vm->balloon_polled = true;   /* unknown: QEMU is asked */
    vm->status_stale = false;
    g_ptr_array_add(out, vm);
}

/* Phase 1 (ST->lock held): the VMs whose process lives. */
static GPtrArray *status_scan(mv_qemu_state *st)
{
    status_scan_ctx c = { st, g_ptr_array_new() };
    mv_driver_state_foreach_file(st->root, MV_PATH_RUN, ".status", status_file, &c);
    return c.alive;
}

/* Our status of the domain from QEMU's. */
static void sync_state(mv_qemu_vm *vm, mv_qmp *mon)
{
    JsonNode *r = mv_qmp_command(mon, "query-status", NULL, 2000);
    if (!r) {
        mv_error_reset();
        return;
    }
    JsonObject *o = JSON_NODE_HOLDS_OBJECT(r) ? json_node_get_object(r) : NULL;
    const char *status = o ? json_object_get_string_member_with_default(o, "status", "") : "";
    pthread_mutex_lock(&vm->st->lock);
    int saved = 0;
    if (g_str_equal(status, "running"))
        saved = mv_qemu_vm_set_state(vm, VIR_DOMAIN_RUNNING, vm->obj->state == VIR_DOMAIN_RUNNING
                                                             ? vm->obj->reason
                                                             : VIR_DOMAIN_RUNNING_UNPAUSED);
    else if (g_str_equal(status, "shutdown"))
        vm->got_shutdown = true;
    else if (vm->obj->state == VIR_DOMAIN_RUNNING)
        saved = mv_qemu_vm_set_state(vm, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER);
    if (saved < 0) {
        mv_log(MV_LOG_WARN, MV_QEMU_SRC, "%s", virGetLastErrorMessage());
        mv_error_reset();
    }
    pthread_mutex_unlock(&vm->st->lock);
    json_node_unref(r);
}

void mv_qemu_status_load(mv_qemu_state *st)
{
    g_autoptr(GPtrArray) live = status_scan(st);
    /* Phase 2, unlocked: QMP; its callbacks take the lock themselves. A
     * monitor another process holds does not answer: we go on without. */
    pthread_mutex_unlock(&st->lock);
    for (guint i = 0; i < live->len; i++) {
        mv_qemu_vm *vm = live->pdata[i];
        g_autofree char *qmp = mv_qemu_run_path(st, vm->obj->def->name, ".qmp");
        mv_qmp *mon = mv_qmp_open(qmp, vm->pidfd, 1000, st->ctx, mv_qemu_on_qmp_event,
                                  mv_qemu_on_qmp_eof, vm);
        if (!mon) {
            mv_log(MV_LOG_INFO, MV_QEMU_SRC, "domain '%s': monitor unavailable (%s)",
                   vm->obj->def->name, virGetLastErrorMessage());
            mv_error_reset();
        }
        pthread_mutex_lock(&st->lock);
        vm->mon = mon;
        pthread_mutex_unlock(&st->lock);
        if (mon)
            sync_state(vm, mon);
    }
    pthread_mutex_lock(&st->lock);
    for (guint i = 0; i < live->len; i++) {
        mv_qemu_vm *vm = live->pdata[i];
        if (vm->pidfd >= 0)
            mv_qemu_process_watch(st, vm);
    }
}
