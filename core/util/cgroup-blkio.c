/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/cgroup-blkio.c — a guest's block I/O controller as libvirt
 * drives it: the weight, and per host block device a weight and the
 * read/write throttles, on cgroup v1 (blkio) and v2 (io), with libvirt's
 * files, syntax and errors; <blkiotune> applied at start
 * (modvirt-plugin/cgroup.h). */
#include "mv-config.h"
#include <modvirt-plugin/cgroup.h>
#include <modvirt-plugin/error.h>

#include "core/conf/domain/domain-internal.h"
#include "core/util/cgroup-read.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#define FROM VIR_FROM_CGROUP

/* Where a device field lives: its v1 file, its v2 io.max key (NULL: the
 * weight, in io.weight). */
typedef struct {
    const char *field;
    const char *v1_file;
    const char *v2_key;
} device_field;

static const device_field device_fields[] = {
    { VIR_DOMAIN_BLKIO_DEVICE_WEIGHT, "blkio.weight_device", NULL },
    { VIR_DOMAIN_BLKIO_DEVICE_READ_IOPS, "blkio.throttle.read_iops_device", "riops" },
    { VIR_DOMAIN_BLKIO_DEVICE_WRITE_IOPS, "blkio.throttle.write_iops_device", "wiops" },
    { VIR_DOMAIN_BLKIO_DEVICE_READ_BPS, "blkio.throttle.read_bps_device", "rbps" },
    { VIR_DOMAIN_BLKIO_DEVICE_WRITE_BPS, "blkio.throttle.write_bps_device", "wbps" },
};

static const device_field *find_field(const char *field)
{
    for (size_t i = 0; i < G_N_ELEMENTS(device_fields); i++)
        if (!strcmp(device_fields[i].field, field))
            return &device_fields[i];
    return NULL;
}

static const char *blkio_dir(mv_cgroup *cg)
{
    if (!cg || !cg->dir[MV_CGROUP_BLKIO]) {
        mv_error_report(FROM, VIR_ERR_OPERATION_INVALID, "blkio cgroup isn't mounted");
        return NULL;
    }
    return cg->dir[MV_CGROUP_BLKIO];
}

/* PATH's "major:minor", or NULL with libvirt's error. */
static char *dev_string(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) < 0) {
        mv_error_report_errno(FROM, VIR_ERR_SYSTEM_ERROR, errno, "Unable to get device ID '%s'",
                              path);
        return NULL;
    }
    if (!S_ISBLK(sb.st_mode)) {
        mv_error_report(FROM, VIR_ERR_INVALID_ARG, "Path '%s' must be a block device", path);
        return NULL;
    }
    return g_strdup_printf("%u:%u", major(sb.st_rdev), minor(sb.st_rdev));
}

/* FILE of DIR when it exists (a caller-owned path), else NULL. */
static char *existing(const char *dir, const char *file)
{
    char *path = g_build_filename(dir, file, NULL);
    if (g_file_test(path, G_FILE_TEST_EXISTS))
        return path;
    g_free(path);
    return NULL;
}

/* The weight file: the BFQ one where there is one; *DEFAULT_FORMAT tells
 * cgroup v2's io.weight ("default N"). */
static char *weight_file(mv_cgroup *cg, const char *dir, bool *default_format)
{
    bool v2 = cg->v2[MV_CGROUP_BLKIO];
    *default_format = false;
    char *path = existing(dir, v2 ? "io.bfq.weight" : "blkio.bfq.weight");
    if (!path) {
        path = existing(dir, v2 ? "io.weight" : "blkio.weight");
        *default_format = v2 && path;
    }
    if (!path)
        mv_error_report(FROM, VIR_ERR_OPERATION_INVALID,
                        v2 ? "blkio weight is valid only for bfq or cfq scheduler"
                           : "blkio device weight is valid only for bfq or cfq scheduler");
    return path;
}

static bool parse_number(const char *s, unsigned long long max, unsigned long long *out)
{
    char *end;
    errno = 0;
    if (!g_ascii_isdigit(*s))
        return false;
    unsigned long long v = g_ascii_strtoull(s, &end, 10);
    if (errno || v > max || (*end && !g_ascii_isspace(*end)))
        return false;
    *out = v;
    return true;
}

static int unparsable(const char *text)
{
    mv_error_report(FROM, VIR_ERR_INTERNAL_ERROR, "Unable to parse '%s' as an integer", text);
    return -1;
}

/* CG's weight file and its directory, or NULL with libvirt's error. */
static char *weight_path(mv_cgroup *cg, const char **dir, bool *default_format)
{
    *dir = blkio_dir(cg);
    return *dir ? weight_file(cg, *dir, default_format) : NULL;
}

int mv_cgroup_get_blkio_weight(mv_cgroup *cg, unsigned int *weight)
{
    const char *dir;
    bool default_format;
    g_autofree char *path = weight_path(cg, &dir, &default_format);
    if (!path)
        return -1;
    g_autofree char *text = mv_cgroup_read_text(path);
    if (!text)
        return -1;
    const char *s = text;
    const char *def = strstr(text, "default ");
    if (def)
        s = def + strlen("default ");
    unsigned long long v;
    if (!parse_number(s, G_MAXUINT, &v))
        return unparsable(s);
    *weight = (unsigned int)v;
    return 0;
}

int mv_cgroup_set_blkio_weight(mv_cgroup *cg, unsigned int weight)
{
    const char *dir;
    bool default_format;
    g_autofree char *path = weight_path(cg, &dir, &default_format);
    if (!path)
        return -1;
    g_autofree char *val = g_strdup_printf(default_format ? "default %u" : "%u", weight);
    g_autofree char *file = g_path_get_basename(path);
    return mv_cgroup_set(dir, file, val);
}

/* The file FIELD lives in, or NULL with libvirt's error. */
static char *device_file(mv_cgroup *cg, const char *dir, const device_field *f)
{
    bool v2 = cg->v2[MV_CGROUP_BLKIO];
    const char *name = !v2 ? f->v1_file : f->v2_key ? "io.max" : "io.weight";
    char *path = existing(dir, name);
    if (!path) {
        if (!f->v2_key)
            mv_error_report(FROM, VIR_ERR_OPERATION_INVALID,
                            "blkio device weight is valid only for cfq scheduler");
        else
            mv_error_report_errno(FROM, VIR_ERR_SYSTEM_ERROR, ENOENT,
                                  "Unable to read from '%s/%s'", dir, name);
    }
    return path;
}

/* What a device call needs: FIELD's place, the controller's directory,
 * the file and DEV's "major:minor" (freed by device_target_clear);
 * device_target_get fails with libvirt's error for the first that is
 * missing. */
typedef struct {
    const device_field *f;
    const char *dir;
    char *path;
    char *devstr;
} device_target;

static void device_target_clear(device_target *t)
{
    g_free(t->path);
    g_free(t->devstr);
}

static int device_target_get(mv_cgroup *cg, const char *field,
                             const mv_domain_blkio_device *dev, device_target *t)
{
    memset(t, 0, sizeof(*t));
    t->f = find_field(field);
    if (!t->f) {
        mv_error_report(FROM, VIR_ERR_INVALID_ARG, "unknown parameter '%s'", field);
        return -1;
    }
    if (!(t->dir = blkio_dir(cg)) || !(t->path = device_file(cg, t->dir, t->f)) ||
        !(t->devstr = dev_string(dev->path))) {
        device_target_clear(t);
        return -1;
    }
    return 0;
}

/* FIELD's value for T's device, read from T's file into DEV. */
static int read_device(mv_cgroup *cg, const char *field, const device_target *t,
                       mv_domain_blkio_device *dev)
{
    const device_field *f = t->f;
    const char *devstr = t->devstr;
    g_autofree char *text = mv_cgroup_read_text(t->path);
    if (!text)
        return -1;
    bool is_uint = !strcmp(field, VIR_DOMAIN_BLKIO_DEVICE_WEIGHT) ||
                   !strcmp(field, VIR_DOMAIN_BLKIO_DEVICE_READ_IOPS) ||
                   !strcmp(field, VIR_DOMAIN_BLKIO_DEVICE_WRITE_IOPS);
    unsigned long long v = 0;
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++) {
        if (!g_str_has_prefix(*l, devstr) || (*l)[strlen(devstr)] != ' ')
            continue;
        const char *s = *l + strlen(devstr) + 1;
        if (cg->v2[MV_CGROUP_BLKIO] && f->v2_key) {
            g_autofree char *key = g_strdup_printf("%s=", f->v2_key);
            const char *at = strstr(s, key);
            if (!at) {
                mv_error_report(FROM, VIR_ERR_INTERNAL_ERROR,
                                "Unable to find '%s' limit for block device '%s'", key,
                                dev->path);
                return -1;
            }
            s = at + strlen(key);
            if (g_str_has_prefix(s, "max"))
                break;
        }
        if (!parse_number(s, is_uint ? G_MAXUINT : G_MAXUINT64, &v))
            return unparsable(s);
        break;
    }
    mv_conf_blkio_device_set_value(dev, field, v);
    return 0;
}

int mv_cgroup_set_blkio_device(mv_cgroup *cg, const char *field,
                               const mv_domain_blkio_device *dev)
{
    device_target t;
    if (device_target_get(cg, field, dev, &t) < 0)
        return -1;
    unsigned long long v = mv_conf_blkio_device_value(dev, field);
    g_autofree char *val = NULL;
    if (cg->v2[MV_CGROUP_BLKIO] && t.f->v2_key)
        val = v ? g_strdup_printf("%s %s=%llu", t.devstr, t.f->v2_key, v)
                : g_strdup_printf("%s %s=max", t.devstr, t.f->v2_key);
    else
        val = g_strdup_printf("%s %llu", t.devstr, v);
    g_autofree char *file = g_path_get_basename(t.path);
    int r = mv_cgroup_set(t.dir, file, val);
    device_target_clear(&t);
    return r;
}

int mv_cgroup_get_blkio_device(mv_cgroup *cg, const char *field, mv_domain_blkio_device *dev)
{
    device_target t;
    if (device_target_get(cg, field, dev, &t) < 0)
        return -1;
    int r = read_device(cg, field, &t, dev);
    device_target_clear(&t);
    return r;
}

int mv_cgroup_apply_blkiotune(mv_cgroup *cg, const mv_domain_def *def)
{
    const mv_domain_blkiotune *b = def->blkiotune;
    if (!b->weight && !b->ndevices)
        return 0;
    if (!cg || !cg->dir[MV_CGROUP_BLKIO]) {
        mv_error_report(FROM, VIR_ERR_CONFIG_UNSUPPORTED,
                        "Block I/O tuning is not available on this host");
        return -1;
    }
    if (b->weight && mv_cgroup_set_blkio_weight(cg, b->weight) < 0)
        return -1;
    for (size_t i = 0; i < b->ndevices; i++)
        for (size_t k = 0; k < G_N_ELEMENTS(device_fields); k++)
            if (mv_conf_blkio_device_value(&b->devices[i], device_fields[k].field) &&
                mv_cgroup_set_blkio_device(cg, device_fields[k].field, &b->devices[i]) < 0)
                return -1;
    return 0;
}
