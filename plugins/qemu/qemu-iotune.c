/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-iotune.c — block I/O throttling as libvirt 9.0's qemu
 * driver does it with -blockdev: nothing on the command line, each disk's
 * <iotune> sent with QMP block_set_io_throttle once the devices exist;
 * virDomainSetBlockIoTune on the running guest (QMP, then its live
 * definition) and on the persistent definition (saved), the parameters
 * given by family over the disk's current values; virDomainGetBlockIoTune
 * from QEMU (live) or from the persistent definition. */
#include "qemu-driver.h"
#include "qemu-command.h"

#include <modvirt-plugin/typed-params.h>

#include <string.h>

/* QEMU's names of the values, by mv_domain_iotune_value. */
static const char *const qemu_names[MV_DOMAIN_IOTUNE_NVALUES] = {
    "bps", "bps_rd", "bps_wr", "iops", "iops_rd", "iops_wr",
    "bps_max", "bps_rd_max", "bps_wr_max", "iops_max", "iops_rd_max", "iops_wr_max",
    "iops_size",
    "bps_max_length", "bps_rd_max_length", "bps_wr_max_length",
    "iops_max_length", "iops_rd_max_length", "iops_wr_max_length",
};

/* The families libvirt sets as one: a parameter of a family given, the
 * family's other values not given become 0. */
enum {
    SET_BYTES = 1 << 0,
    SET_IOPS = 1 << 1,
    SET_BYTES_MAX = 1 << 2,
    SET_IOPS_MAX = 1 << 3,
    SET_SIZE_IOPS = 1 << 4,
    SET_GROUP_NAME = 1 << 5,
    SET_BYTES_MAX_LENGTH = 1 << 6,
    SET_IOPS_MAX_LENGTH = 1 << 7,
};

static unsigned int family_of(int v)
{
    static const unsigned int fam[MV_DOMAIN_IOTUNE_NVALUES] = {
        SET_BYTES, SET_BYTES, SET_BYTES, SET_IOPS, SET_IOPS, SET_IOPS,
        SET_BYTES_MAX, SET_BYTES_MAX, SET_BYTES_MAX, SET_IOPS_MAX, SET_IOPS_MAX, SET_IOPS_MAX,
        SET_SIZE_IOPS,
        SET_BYTES_MAX_LENGTH, SET_BYTES_MAX_LENGTH, SET_BYTES_MAX_LENGTH,
        SET_IOPS_MAX_LENGTH, SET_IOPS_MAX_LENGTH, SET_IOPS_MAX_LENGTH,
    };
    return fam[v];
}

/* --- applying a definition's values ---------------------------------------- */

/* block_set_io_throttle's arguments for device QDEV: the rates, maxima
 * and size always, the group when named, burst lengths when not 0. */
static JsonObject *throttle_args(const char *qdev, const mv_domain_iotune *t)
{
    JsonObject *args = json_object_new();
    json_object_set_string_member(args, "id", qdev);
    for (int v = 0; v < MV_DOMAIN_IOTUNE_NVALUES; v++) {
        if (v == MV_DOMAIN_IOTUNE_TOTAL_BYTES_SEC_MAX_LENGTH && t->group_name)
            json_object_set_string_member(args, "group", t->group_name);
        if (v < MV_DOMAIN_IOTUNE_TOTAL_BYTES_SEC_MAX_LENGTH || t->v[v])
            json_object_set_int_member(args, qemu_names[v], (gint64)t->v[v]);
    }
    return args;
}

/* In a job: the qdev id QEMU gives disk I (kept alive by *KEEP), with an
 * error when QEMU does not report it. */
static const char *disk_qdev(mv_qemu_state *st, mv_qemu_vm *vm, size_t i, const char *name,
                             JsonNode **keep)
{
    *keep = mv_qemu_job_qmp(st, vm, "query-block", NULL, MV_QEMU_QMP_REPLY_MS);
    JsonObject *e = *keep ? mv_qemu_block_entry(*keep, i) : NULL;
    const char *qdev = e ? json_object_get_string_member_with_default(e, "qdev", NULL) : NULL;
    if (*keep && !qdev)
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_FAILED,
                        "QEMU names no device for disk '%s'", name);
    return qdev;
}

/* Whether libvirt sends DISK's settings when the guest starts: a value or
 * a group is set, and there is a medium (throttling an empty drive fails). */
static bool applies_at_start(const mv_domain_disk_def *d)
{
    return (mv_domain_iotune_has_any(&d->iotune) || d->iotune.group_name) && d->src_path;
}

int mv_qemu_iotune_apply_defined(mv_qemu_state *st, mv_qemu_vm *vm)
{
    for (size_t i = 0; i < vm->obj->def->devices->ndisks; i++) {
        /* The lock is dropped around QMP: the definition is read anew. */
        const mv_domain_disk_def *d = vm->obj->def->devices->disks[i];
        if (!applies_at_start(d))
            continue;
        g_autofree char *name = g_strdup(d->dst);
        JsonNode *keep = NULL;
        const char *qdev = disk_qdev(st, vm, i, name, &keep);
        int rc = -1;
        if (qdev) {
            d = vm->obj->def->devices->disks[i];
            JsonObject *args = throttle_args(qdev, &d->iotune);
            rc = mv_qemu_job_qmp_run(st, vm, "block_set_io_throttle", args);
            json_object_unref(args);
        }
        if (keep)
            json_node_unref(keep);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* --- virDomainSetBlockIoTune -------------------------------------------------- */

/* The parameters given: their values in *GIVEN, their families in *SET;
 * libvirt's checks of the values alone. 0 or -1 reported. */
static int given_params(const virTypedParameter *params, int nparams, mv_domain_iotune *given,
                        unsigned int *set)
{
    *set = 0;
    for (int i = 0; i < nparams; i++) {
        const virTypedParameter *p = &params[i];
        if (!strcmp(p->field, VIR_DOMAIN_BLOCK_IOTUNE_GROUP_NAME)) {
            *set |= SET_GROUP_NAME;
            continue;
        }
        if (p->value.ul > MV_QEMU_IOTUNE_MAX) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_ARGUMENT_UNSUPPORTED,
                            "block I/O throttle limit value must be no more than %llu",
                            MV_QEMU_IOTUNE_MAX);
            return -1;
        }
        for (int v = 0; v < MV_DOMAIN_IOTUNE_NVALUES; v++)
            if (!strcmp(p->field, mv_domain_iotune_name(v)))
                *set |= family_of(v);
    }
    mv_domain_iotune_apply_params(given, params, nparams);
    static const char *const what[] = { "bytes_sec", "iops_sec", "bytes_sec_max",
                                        "iops_sec_max" };
    for (int k = 0; k < 4; k++) {
        int total = k * 3;   /* read and write follow each total */
        if (given->v[total] && (given->v[total + 1] || given->v[total + 2])) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG,
                            "total and read/write of %s cannot be set at the same time",
                            what[k]);
            return -1;
        }
    }
    return 0;
}

/* The disk's new settings (*OUT): the families given from GIVEN, the
 * others from CUR. A burst length the call clears while its family keeps
 * a rate or a maximum becomes 1, QEMU's own default, as libvirt does. */
static void merge(const mv_domain_iotune *cur, const mv_domain_iotune *given, unsigned int set,
                  mv_domain_iotune *out)
{
    mv_domain_iotune_copy(out, cur);
    for (int v = 0; v < MV_DOMAIN_IOTUNE_NVALUES; v++) {
        if (!(set & family_of(v)))
            continue;
        out->v[v] = given->v[v];
        if (v >= MV_DOMAIN_IOTUNE_TOTAL_BYTES_SEC_MAX_LENGTH && cur->v[v] && !given->v[v]) {
            int rate = v - MV_DOMAIN_IOTUNE_TOTAL_BYTES_SEC_MAX_LENGTH;
            out->v[v] = out->v[rate] || out->v[rate + MV_DOMAIN_IOTUNE_TOTAL_BYTES_SEC_MAX];
        }
    }
    if (set & SET_GROUP_NAME) {
        g_free(out->group_name);
        out->group_name = g_strdup(given->group_name);
    }
}

/* libvirt's rules between each rate and its maximum, for the running
 * guest only (libvirt 9.0 stores a persistent change unchecked, and names
 * a missing rate "cannot reset" whichever parameter was given); 0 or -1
 * reported. */
static int check_max(const mv_domain_iotune *t)
{
    for (int v = MV_DOMAIN_IOTUNE_TOTAL_BYTES_SEC; v <= MV_DOMAIN_IOTUNE_WRITE_IOPS_SEC; v++) {
        int max = v + MV_DOMAIN_IOTUNE_TOTAL_BYTES_SEC_MAX;
        if (!t->v[max])
            continue;
        if (!t->v[v]) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                            "cannot reset '%s' when '%s' is set", mv_domain_iotune_name(v),
                            mv_domain_iotune_name(max));
            return -1;
        }
        if (t->v[max] < t->v[v]) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                            "value '%s' cannot be smaller than '%s'", mv_domain_iotune_name(max),
                            mv_domain_iotune_name(v));
            return -1;
        }
    }
    return 0;
}

/* The settings disk I of DEF gets. A disk joining a group starts from
 * the group's settings (those of a disk already in it), not its own. */
static void settings_for(const mv_domain_def *def, size_t i, const mv_domain_iotune *given,
                         unsigned int set, mv_domain_iotune *out)
{
    const mv_domain_iotune *cur = &def->devices->disks[i]->iotune;
    if ((set & SET_GROUP_NAME) && given->group_name) {
        for (size_t k = 0; k < def->devices->ndisks; k++) {
            const mv_domain_iotune *o = &def->devices->disks[k]->iotune;
            if (k != i && !g_strcmp0(o->group_name, given->group_name)) {
                cur = o;
                break;
            }
        }
    }
    merge(cur, given, set, out);
}

/* Stores T in disk I of DEF and in every other disk of its group, which
 * QEMU throttles as one. */
static void store(mv_domain_def *def, size_t i, const mv_domain_iotune *t)
{
    for (size_t k = 0; k < def->devices->ndisks; k++) {
        mv_domain_iotune *o = &def->devices->disks[k]->iotune;
        if (k == i || (t->group_name && !g_strcmp0(o->group_name, t->group_name)))
            mv_domain_iotune_copy(o, t);
    }
}

static int set_live(mv_qemu_state *st, mv_qemu_vm *vm, const char *path,
                    const mv_domain_iotune *given, unsigned int set)
{
    int i = mv_qemu_disk_index(vm->obj->def, path);
    if (i < 0) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG,
                        "disk '%s' was not found in the domain config", path);
        return -1;
    }
    mv_domain_iotune t = { 0 };
    settings_for(vm->obj->def, (size_t)i, given, set, &t);
    if (check_max(&t) < 0) {
        mv_domain_iotune_clear(&t);
        return -1;
    }
    JsonNode *keep = NULL;
    const char *qdev = disk_qdev(st, vm, (size_t)i, path, &keep);
    int rc = -1;
    if (qdev) {
        JsonObject *args = throttle_args(qdev, &t);
        rc = mv_qemu_job_qmp_run(st, vm, "block_set_io_throttle", args);
        json_object_unref(args);
    }
    if (keep)
        json_node_unref(keep);
    /* The lock was dropped: the live definition is looked at anew. */
    if (rc == 0 && !vm->exited && mv_qemu_vm_active(vm)) {
        store(vm->obj->def, (size_t)i, &t);
        rc = mv_qemu_status_save(st, vm);
    }
    mv_domain_iotune_clear(&t);
    return rc;
}

static int set_config(mv_qemu_state *st, mv_domain_def *config, const char *path,
                      const mv_domain_iotune *given, unsigned int set)
{
    int i = mv_qemu_disk_index(config, path);
    if (i < 0) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG,
                        "missing persistent configuration for disk '%s'", path);
        return -1;
    }
    mv_domain_iotune t = { 0 };
    settings_for(config, (size_t)i, given, set, &t);
    store(config, (size_t)i, &t);
    int rc = mv_qemu_config_save(st, config);
    mv_domain_iotune_clear(&t);
    return rc;
}

int mv_qemu_domain_set_block_io_tune(virDomainPtr dom, const char *path,
                                     virTypedParameterPtr params, int nparams,
                                     unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG,
                             MV_QEMU_ERR, "qemuDomainSetBlockIoTune") < 0)
        return -1;
    if (mv_typed_params_validate_block_iotune(params, nparams) < 0)
        return -1;
    mv_domain_iotune given = { 0 };
    unsigned int set = 0;
    if (given_params(params, nparams, &given, &set) < 0) {
        mv_domain_iotune_clear(&given);
        return -1;
    }
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_job_begin(dom, &st, false);
    if (!vm) {
        mv_domain_iotune_clear(&given);
        return -1;
    }
    int ret = -1;
    mv_domain_def *live = NULL, *config = NULL;
    if (mv_domain_obj_get_defs(vm->obj, flags, &live, &config) < 0)
        goto out;
    if (live && set_live(st, vm, path, &given, set) < 0)
        goto out;
    if (config) {
        /* The persistent definition of a running guest waits in new_def. */
        config = vm->obj->new_def ? vm->obj->new_def : vm->obj->def;
        if (set_config(st, config, path, &given, set) < 0)
            goto out;
    }
    ret = 0;
out:
    mv_domain_iotune_clear(&given);
    return mv_qemu_vm_job_end(st, vm, ret);
}

/* --- virDomainGetBlockIoTune -------------------------------------------------- */

/* In a job: what QEMU applies to disk PATH, as a definition's values. */
static int get_live(mv_qemu_state *st, mv_qemu_vm *vm, const char *path, mv_domain_iotune *t)
{
    int i = mv_qemu_disk_index(vm->obj->def, path);
    if (i < 0) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG,
                        "disk '%s' was not found in the domain config", path);
        return -1;
    }
    JsonNode *reply = mv_qemu_job_qmp(st, vm, "query-block", NULL, MV_QEMU_QMP_REPLY_MS);
    JsonObject *e = reply ? mv_qemu_block_entry(reply, (size_t)i) : NULL;
    if (reply && !e)
        mv_error_report(MV_QEMU_ERR, VIR_ERR_OPERATION_FAILED,
                        "QEMU does not report disk '%s'", path);
    JsonObject *ins = e ? json_object_get_object_member(e, "inserted") : NULL;
    for (int v = 0; ins && v < MV_DOMAIN_IOTUNE_NVALUES; v++) {
        gint64 n = json_object_has_member(ins, qemu_names[v])
                       ? json_object_get_int_member(ins, qemu_names[v]) : 0;
        t->v[v] = n > 0 ? (unsigned long long)n : 0;
    }
    const char *group = ins ? json_object_get_string_member_with_default(ins, "group", NULL)
                            : NULL;
    t->group_name = g_strdup(group);
    if (reply)
        json_node_unref(reply);
    return e ? 0 : -1;
}

int mv_qemu_domain_get_block_io_tune(virDomainPtr dom, const char *path,
                                     virTypedParameterPtr params, int *nparams,
                                     unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG |
                             VIR_TYPED_PARAM_STRING_OKAY, MV_QEMU_ERR,
                             "qemuDomainGetBlockIoTune") < 0)
        return -1;
    flags &= ~VIR_TYPED_PARAM_STRING_OKAY;
    if (*nparams == 0) {
        *nparams = MV_DOMAIN_IOTUNE_NPARAMS;
        return 0;
    }
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_job_begin(dom, &st, false);
    if (!vm)
        return -1;
    int ret = -1;
    bool is_live = false;
    mv_domain_iotune t = { 0 };
    const mv_domain_def *def = mv_domain_obj_get_one_def(vm->obj, flags, &is_live);
    if (def && is_live) {
        ret = get_live(st, vm, path, &t);
    } else if (def) {
        int i = mv_qemu_disk_index(def, path);
        if (i < 0)
            mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG,
                            "disk '%s' was not found in the domain config", path);
        else
            mv_domain_iotune_copy(&t, &def->devices->disks[i]->iotune);
        ret = i < 0 ? -1 : 0;
    }
    if (ret == 0)
        mv_domain_iotune_get_params(&t, params, nparams);
    mv_domain_iotune_clear(&t);
    return mv_qemu_vm_job_end(st, vm, ret);
}
