/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-save.c — virDomainSave and virDomainRestore: the
 * domain's state through QMP migration into a file and back.
 *
 * File: a header line "modvirt-qemu-save 1 XMLLEN RUNNING\n", the live
 * definition (XMLLEN bytes), then QEMU's migration stream. Saving pauses
 * the guest, migrates to a unix socket of ours and copies what arrives
 * into a temporary file renamed over the target only once QEMU reports
 * the migration completed; then QEMU is stopped (shut off, saved). A
 * restore starts QEMU with -incoming on the file's fd. */
#include "qemu-driver.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define SAVE_MAGIC "modvirt-qemu-save 1 "

int mv_qemu_listen_unix(const char *path)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    g_strlcpy(a.sun_path, path, sizeof(a.sun_path));
    unlink(path);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 1) < 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot listen on '%s'", path);
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

/* Copies everything from socket IN to OUT until EOF. */
int mv_qemu_copy_stream(int lfd, int out, const char *to)
{
    struct pollfd p = { .fd = lfd, .events = POLLIN };
    if (poll(&p, 1, MV_QEMU_QMP_REPLY_MS) <= 0) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_TIMEOUT,
                        "QEMU did not start sending its state");
        return -1;
    }
    int in = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
    if (in < 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno, "accept failed");
        return -1;
    }
    char *buf = g_malloc(1 << 20);
    int ret = 0;
    for (;;) {
        ssize_t n = read(in, buf, 1 << 20);
        if (n == 0)
            break;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || write(out, buf, (size_t)n) != n) {
            mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                                  "failed to write domain state to '%s'", to);
            ret = -1;
            break;
        }
    }
    g_free(buf);
    close(in);
    return ret;
}

/* Polls query-migrate until it completed (0) or failed (-1). */
int mv_qemu_migration_result(mv_qemu_state *st, mv_qemu_vm *vm, const char *job)
{
    for (int i = 0; i < 6000; i++) {
        JsonNode *r = mv_qemu_job_qmp(st, vm, "query-migrate", NULL, MV_QEMU_QMP_REPLY_MS);
        if (!r)
            return -1;
        JsonObject *o = JSON_NODE_HOLDS_OBJECT(r) ? json_node_get_object(r) : NULL;
        g_autofree char *status = g_strdup(o ? json_object_get_string_member_with_default(
                                                   o, "status", "") : "");
        g_autofree char *desc = g_strdup(o ? json_object_get_string_member_with_default(
                                                 o, "error-desc", "") : "");
        json_node_unref(r);
        if (g_str_equal(status, "completed"))
            return 0;
        if (g_str_equal(status, "cancelled") && mv_qemu_async_aborted(vm)) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_ABORTED, "%s: %s",
                            job, "canceled by client");
            return -1;
        }
        if (g_str_equal(status, "failed") || g_str_equal(status, "cancelled")) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_FAILED,
                            "migration to file failed: %s", *desc ? desc : status);
            return -1;
        }
        pthread_mutex_unlock(&st->lock);
        g_usleep(10000);
        pthread_mutex_lock(&st->lock);
    }
    mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_TIMEOUT, "saving the domain timed out");
    return -1;
}

int mv_qemu_domain_save(virDomainPtr dom, const char *to, const char *dxml, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_SAVE_BYPASS_CACHE | VIR_DOMAIN_SAVE_RUNNING |
                             VIR_DOMAIN_SAVE_PAUSED, MV_QEMU_ERR, __func__) < 0)
        return -1;
    if (dxml) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_ARGUMENT_UNSUPPORTED,
                        "xml modification of saved domains is not supported");
        return -1;
    }
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    int ret = mv_qemu_save_vm(st, vm, to, flags, VIR_DOMAIN_JOB_OPERATION_SAVE);
    if (ret == 0)
        mv_domain_set_id(dom, -1);
    pthread_mutex_unlock(&st->lock);
    return ret;
}

int mv_qemu_save_vm(mv_qemu_state *st, mv_qemu_vm *vm, const char *to, unsigned int flags,
                    int operation)
{
    if (mv_qemu_job_begin(st, vm, true) < 0)
        return -1;
    mv_qemu_async_begin(vm, operation);
    int ret = -1, lfd = -1, out = -1;
    bool was_running = vm->obj->state == VIR_DOMAIN_RUNNING;
    bool running_after = (flags & VIR_DOMAIN_SAVE_RUNNING) ? true
                       : (flags & VIR_DOMAIN_SAVE_PAUSED) ? false : was_running;
    g_autofree char *sock = mv_qemu_run_path(st, vm->obj->def->name, ".save");
    g_autofree char *tmp = g_strdup_printf("%s.part", to);
    g_autofree char *xml = mv_domain_def_format(vm->obj->def, VIR_DOMAIN_XML_SECURE |
                                                         VIR_DOMAIN_XML_MIGRATABLE);
    g_autofree char *head = NULL;
    g_autofree char *uri = NULL;
    if (!xml)
        goto out;
    out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (out < 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "Failed to create file '%s'", to);
        goto out;
    }
    head = g_strdup_printf(SAVE_MAGIC "%zu %d\n", strlen(xml), running_after);
    if (write(out, head, strlen(head)) < 0 || write(out, xml, strlen(xml)) < 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "failed to write '%s'", to);
        goto out;
    }
    if ((lfd = mv_qemu_listen_unix(sock)) < 0)
        goto out;
    if (was_running && mv_qemu_job_qmp_run(st, vm, "stop", NULL) < 0)
        goto out;
    JsonObject *args = json_object_new();
    uri = g_strdup_printf("unix:%s", sock);
    json_object_set_string_member(args, "uri", uri);
    int r = mv_qemu_job_qmp_run(st, vm, "migrate", args);
    json_object_unref(args);
    if (r < 0)
        goto resume;
    /* QEMU writes while we copy, without the state lock. */
    pthread_mutex_unlock(&st->lock);
    r = mv_qemu_copy_stream(lfd, out, to);
    pthread_mutex_lock(&st->lock);
    if (r < 0 || mv_qemu_migration_result(st, vm, "domain save job") < 0)
        goto resume;
    if (fsync(out) < 0 || rename(tmp, to) < 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "failed to write '%s'", to);
        goto resume;
    }
    vm->stop_reason = VIR_DOMAIN_SHUTOFF_SAVED;
    mv_qemu_async_end(st, vm, true);
    ret = mv_qemu_process_kill(st, vm);
    goto out;

resume:
    /* A successful cont leaves the error that explains the failure. */
    if (was_running && !vm->exited && mv_qemu_job_qmp_run(st, vm, "cont", NULL) < 0)
        mv_log(MV_LOG_WARN, MV_QEMU_SRC, "domain '%s' stays paused after a failed save",
               vm->obj->def->name);
out:
    if (out >= 0)
        close(out);
    if (lfd >= 0)
        close(lfd);
    unlink(sock);
    if (ret < 0)
        unlink(tmp);
    mv_qemu_async_end(st, vm, false);
    mv_qemu_job_end(st, vm);
    return ret;
}

/* Reads the header: the definition and where the migration stream starts. */
static mv_domain_def *read_header(int fd, const char *from, bool *running)
{
    char head[64] = { 0 };
    ssize_t n = pread(fd, head, sizeof(head) - 1, 0);
    size_t xmllen = 0;
    int run = 0, used = 0;
    if (n <= 0 || strncmp(head, SAVE_MAGIC, strlen(SAVE_MAGIC)) != 0 ||
        sscanf(head + strlen(SAVE_MAGIC), "%zu %d\n%n", &xmllen, &run, &used) != 2 ||
        used == 0 || xmllen == 0 || xmllen > (64u << 20)) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_FAILED,
                        "image magic is incorrect: '%s' is not a saved domain", from);
        return NULL;
    }
    off_t start = (off_t)(strlen(SAVE_MAGIC) + (size_t)used);
    g_autofree char *xml = g_malloc(xmllen + 1);
    if (pread(fd, xml, xmllen, start) != (ssize_t)xmllen) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_FAILED,
                        "failed to read the saved definition in '%s'", from);
        return NULL;
    }
    xml[xmllen] = '\0';
    if (lseek(fd, start + (off_t)xmllen, SEEK_SET) < 0)
        return NULL;
    *running = run != 0;
    return mv_qemu_parse(xml);
}

int mv_qemu_domain_restore(virConnectPtr conn, const char *from, const char *dxml,
                           unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_SAVE_BYPASS_CACHE | VIR_DOMAIN_SAVE_RUNNING |
                             VIR_DOMAIN_SAVE_PAUSED | VIR_DOMAIN_SAVE_RESET_NVRAM,
                             MV_QEMU_ERR, __func__) < 0)
        return -1;
    int fd = open(from, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot open file '%s'", from);
        return -1;
    }
    bool running = true;
    mv_domain_def *def = read_header(fd, from, &running);
    if (def && dxml) {
        mv_domain_def *alt = mv_qemu_parse(dxml);
        if (!alt || mv_domain_def_check_abi_stability(def, alt) < 0) {
            mv_domain_def_free(alt);
            mv_domain_def_free(def);
            def = NULL;
        } else {
            mv_domain_def_free(def);
            def = alt;
        }
    }
    if (!def) {
        close(fd);
        return -1;
    }
    if (flags & VIR_DOMAIN_SAVE_RUNNING)
        running = true;
    if (flags & VIR_DOMAIN_SAVE_PAUSED)
        running = false;
    mv_qemu_state *st = mv_qemu_state_of(conn);
    pthread_mutex_lock(&st->lock);
    mv_qemu_autostart_wait(st);
    int ret = -1;
    /* libvirt's rules and errors for a start from a definition. */
    mv_domain_obj *obj = mv_domain_list_add(st->doms, def, MV_DOMAIN_LIST_ADD_LIVE |
                                            MV_DOMAIN_LIST_ADD_CHECK_LIVE, NULL);
    if (!obj) {
        mv_domain_def_free(def);
        goto out;
    }
    mv_qemu_vm *vm = mv_qemu_vm_attach(st, obj);
    if (mv_qemu_job_begin(st, vm, false) == 0) {
        mv_qemu_async_begin_start(vm, VIR_DOMAIN_JOB_OPERATION_RESTORE);
        ret = mv_qemu_process_start(conn, st, vm, fd, !running, VIR_DOMAIN_RUNNING_RESTORED);
        /* A failed start leaves nothing of a new domain, and a defined one
         * with its definition. */
        if (ret < 0 && !mv_qemu_vm_active(vm))
            mv_domain_list_set_inactive(st->doms, obj, obj->reason);
        mv_qemu_async_end(st, vm, false);
        mv_qemu_job_end(st, vm);
    }
out:
    pthread_mutex_unlock(&st->lock);
    close(fd);
    return ret;
}

int mv_qemu_managed_save_restore(virConnectPtr conn, mv_qemu_state *st, mv_qemu_vm *vm,
                                 bool paused)
{
    g_autofree char *path = mv_qemu_managed_save_path(st, vm->obj->def->name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot open file '%s'", path);
        return -1;
    }
    bool running = true;
    int ret = -1;
    mv_domain_def *def = read_header(fd, path, &running);
    if (!def)
        goto out;
    /* The saved definition runs; the persistent one stays as it is. */
    mv_domain_obj *obj = mv_domain_list_add(st->doms, def, MV_DOMAIN_LIST_ADD_LIVE |
                                            MV_DOMAIN_LIST_ADD_CHECK_LIVE, NULL);
    if (!obj) {
        mv_domain_def_free(def);
        goto out;
    }
    if (mv_qemu_job_begin(st, vm, false) == 0) {
        mv_qemu_async_begin_start(vm, VIR_DOMAIN_JOB_OPERATION_RESTORE);
        ret = mv_qemu_process_start(conn, st, vm, fd, paused || !running,
                                    VIR_DOMAIN_RUNNING_RESTORED);
        if (ret < 0 && !mv_qemu_vm_active(vm))
            mv_domain_list_set_inactive(st->doms, obj, obj->reason);
        mv_qemu_async_end(st, vm, false);
        mv_qemu_job_end(st, vm);
    }
    if (ret == 0) {
        unlink(path);
        vm->obj->has_managed_save = false;
    }
out:
    close(fd);
    return ret;
}

char *mv_qemu_domain_managed_save_get_xml(virDomainPtr dom, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_SAVE_IMAGE_XML_SECURE, MV_QEMU_ERR,
                             "qemuDomainManagedSaveGetXMLDesc") < 0)
        return NULL;
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return NULL;
    char *xml = NULL;
    g_autofree char *path = mv_qemu_managed_save_path(st, vm->obj->def->name);
    bool has = vm->obj->has_managed_save;
    pthread_mutex_unlock(&st->lock);
    if (!has) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID,
                        "domain does not have managed save image");
        return NULL;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot open file '%s'", path);
        return NULL;
    }
    bool running;
    mv_domain_def *def = read_header(fd, path, &running);
    close(fd);
    if (def) {
        xml = mv_domain_def_format(def, flags & VIR_DOMAIN_SAVE_IMAGE_XML_SECURE
                                        ? VIR_DOMAIN_XML_SECURE : 0);
        mv_domain_def_free(def);
    }
    return xml;
}

/* Rewrites the image PATH with DEF's definition and RUNNING, keeping QEMU's
 * stream: a new file renamed over the old one. */
static int rewrite_image(const char *path, int fd, const char *xml, bool running)
{
    g_autofree char *tmp = g_strdup_printf("%s.part", path);
    g_autofree char *head = g_strdup_printf(SAVE_MAGIC "%zu %d\n", strlen(xml), running);
    int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    int ret = -1;
    if (out < 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "Failed to create file '%s'", tmp);
        return -1;
    }
    if (write(out, head, strlen(head)) != (ssize_t)strlen(head) ||
        write(out, xml, strlen(xml)) != (ssize_t)strlen(xml))
        goto fail;
    /* FD is positioned at the stream (read_header left it there). */
    char *buf = g_malloc(1 << 20);
    ssize_t n;
    while ((n = read(fd, buf, 1 << 20)) > 0) {
        if (write(out, buf, (size_t)n) != n) {
            g_free(buf);
            goto fail;
        }
    }
    g_free(buf);
    if (n < 0 || fsync(out) < 0 || rename(tmp, path) < 0)
        goto fail;
    ret = 0;
fail:
    if (ret < 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "failed to write '%s'", path);
        unlink(tmp);
    }
    close(out);
    return ret;
}

int mv_qemu_domain_managed_save_define_xml(virDomainPtr dom, const char *dxml,
                                           unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_SAVE_RUNNING | VIR_DOMAIN_SAVE_PAUSED,
                             MV_QEMU_ERR, "qemuDomainManagedSaveDefineXML") < 0)
        return -1;
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return -1;
    int ret = -1, fd = -1;
    g_autofree char *path = mv_qemu_managed_save_path(st, vm->obj->def->name);
    mv_domain_def *def = NULL, *alt = NULL;
    g_autofree char *xml = NULL;
    if (!vm->obj->has_managed_save) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_INVALID,
                        "domain does not have managed save image");
        goto out;
    }
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot open file '%s'", path);
        goto out;
    }
    bool running = true;
    if (!(def = read_header(fd, path, &running)))
        goto out;
    /* Without DXML only the state to resume in changes. */
    if (dxml && (!(alt = mv_qemu_parse(dxml)) ||
                 mv_domain_def_check_abi_stability(def, alt) < 0))
        goto out;
    if (flags & VIR_DOMAIN_SAVE_RUNNING)
        running = true;
    if (flags & VIR_DOMAIN_SAVE_PAUSED)
        running = false;
    xml = mv_domain_def_format(alt ? alt : def, VIR_DOMAIN_XML_SECURE |
                                                VIR_DOMAIN_XML_MIGRATABLE);
    if (xml)
        ret = rewrite_image(path, fd, xml, running);
out:
    if (fd >= 0)
        close(fd);
    mv_domain_def_free(def);
    mv_domain_def_free(alt);
    pthread_mutex_unlock(&st->lock);
    return ret;
}
