/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-dump.c — virDomainCoreDump and CoreDumpWithFormat as
 * an asynchronous job (operation dump), as libvirt's qemu driver does them:
 * the guest is paused unless VIR_DUMP_LIVE; a memory-only dump is QEMU's
 * dump-guest-memory (ELF or a kdump/win-dmp format, progress from
 * query-dump, which QEMU 7.2 cannot cancel); otherwise QEMU's migration
 * stream is written to the file (abortable with migrate_cancel). Then the
 * guest is crashed (VIR_DUMP_CRASH), reset (VIR_DUMP_RESET) or resumed. */
#include "qemu-driver.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static const char *const dump_formats[] = {
    [VIR_DOMAIN_CORE_DUMP_FORMAT_RAW] = "elf",
    [VIR_DOMAIN_CORE_DUMP_FORMAT_KDUMP_ZLIB] = "kdump-zlib",
    [VIR_DOMAIN_CORE_DUMP_FORMAT_KDUMP_LZO] = "kdump-lzo",
    [VIR_DOMAIN_CORE_DUMP_FORMAT_KDUMP_SNAPPY] = "kdump-snappy",
    [VIR_DOMAIN_CORE_DUMP_FORMAT_WIN_DMP] = "win-dmp",
};

/* dump-guest-memory in the background, then query-dump until it ends. */
static int memory_dump(mv_qemu_state *st, mv_qemu_vm *vm, const char *to, unsigned int format)
{
    g_autofree char *protocol = g_strconcat("file:", to, NULL);
    JsonObject *args = json_object_new();
    json_object_set_boolean_member(args, "paging", FALSE);
    json_object_set_string_member(args, "protocol", protocol);
    json_object_set_boolean_member(args, "detach", TRUE);
    json_object_set_string_member(args, "format", dump_formats[format]);
    int r = mv_qemu_job_qmp_run(st, vm, "dump-guest-memory", args);
    json_object_unref(args);
    if (r < 0)
        return -1;
    for (;;) {
        JsonNode *n = mv_qemu_job_qmp(st, vm, "query-dump", NULL, MV_QEMU_QMP_REPLY_MS);
        if (!n)
            return -1;
        JsonObject *o = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
        g_autofree char *status = g_strdup(o ? json_object_get_string_member_with_default(
                                                   o, "status", "") : "");
        json_node_unref(n);
        if (g_str_equal(status, "completed"))
            return 0;
        if (!g_str_equal(status, "active")) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_FAILED,
                            "memory-only dump failed: %s", status);
            return -1;
        }
        pthread_mutex_unlock(&st->lock);
        g_usleep(10000);
        pthread_mutex_lock(&st->lock);
    }
}

/* QEMU's migration stream into TO. */
static int stream_dump(mv_qemu_state *st, mv_qemu_vm *vm, const char *to)
{
    g_autofree char *sock = mv_qemu_run_path(st, vm->obj->def->name, ".dump");
    g_autofree char *uri = g_strdup_printf("unix:%s", sock);
    int ret = -1, lfd = -1;
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out < 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "Failed to create file '%s'", to);
        return -1;
    }
    if ((lfd = mv_qemu_listen_unix(sock)) < 0)
        goto out;
    JsonObject *args = json_object_new();
    json_object_set_string_member(args, "uri", uri);
    int r = mv_qemu_job_qmp_run(st, vm, "migrate", args);
    json_object_unref(args);
    if (r < 0)
        goto out;
    pthread_mutex_unlock(&st->lock);
    r = mv_qemu_copy_stream(lfd, out, to);
    pthread_mutex_lock(&st->lock);
    if (r == 0 && mv_qemu_migration_result(st, vm, "domain core dump job") == 0 &&
        fsync(out) == 0)
        ret = 0;
out:
    if (lfd >= 0)
        close(lfd);
    close(out);
    unlink(sock);
    if (ret < 0)
        unlink(to);
    return ret;
}

int mv_qemu_domain_core_dump_format(virDomainPtr dom, const char *to, unsigned int format,
                                    unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DUMP_LIVE | VIR_DUMP_CRASH | VIR_DUMP_BYPASS_CACHE |
                             VIR_DUMP_RESET | VIR_DUMP_MEMORY_ONLY, MV_QEMU_ERR,
                             "qemuDomainCoreDumpWithFormat") < 0)
        return -1;
    if (format != VIR_DOMAIN_CORE_DUMP_FORMAT_RAW && !(flags & VIR_DUMP_MEMORY_ONLY)) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                        "kdump-compressed format is only supported with memory-only dump");
        return -1;
    }
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    if (mv_qemu_job_begin(st, vm, true) < 0) {
        pthread_mutex_unlock(&st->lock);
        return -1;
    }
    mv_qemu_async_begin(vm, VIR_DOMAIN_JOB_OPERATION_DUMP);
    if (flags & VIR_DUMP_MEMORY_ONLY)
        mv_qemu_async_set_memory_only(vm);
    int ret = -1;
    bool paused = false;
    if (!(flags & VIR_DUMP_LIVE) && vm->obj->state == VIR_DOMAIN_RUNNING) {
        if (mv_qemu_job_qmp_run(st, vm, "stop", NULL) < 0)
            goto out;
        paused = true;
    }
    ret = (flags & VIR_DUMP_MEMORY_ONLY) ? memory_dump(st, vm, to, format)
                                        : stream_dump(st, vm, to);
    if (ret == 0) {
        mv_qemu_async_end(st, vm, true);
        if (flags & VIR_DUMP_CRASH) {
            vm->stop_reason = VIR_DOMAIN_SHUTOFF_CRASHED;
            ret = mv_qemu_process_kill(st, vm);
            if (ret == 0)
                mv_domain_set_id(dom, -1);
            goto out;
        }
        if ((flags & VIR_DUMP_RESET) && mv_qemu_job_qmp_run(st, vm, "system_reset", NULL) < 0)
            ret = -1;
    }
    /* A successful cont keeps the error of a failed dump. */
    if (paused && !vm->exited && mv_qemu_job_qmp_run(st, vm, "cont", NULL) < 0)
        mv_log(MV_LOG_WARN, MV_QEMU_SRC, "domain '%s' stays paused after its dump",
               vm->obj->def->name);
out:
    mv_qemu_async_end(st, vm, false);
    mv_qemu_job_end(st, vm);
    pthread_mutex_unlock(&st->lock);
    return ret;
}

int mv_qemu_domain_core_dump(virDomainPtr dom, const char *to, unsigned int flags)
{
    return mv_qemu_domain_core_dump_format(dom, to, VIR_DOMAIN_CORE_DUMP_FORMAT_RAW, flags);
}
