/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/domain-blkiotune-params.c — <blkiotune> as the typed
 * parameters of virDomainGet/SetBlkioParameters, for every driver: the
 * per-device lists ("/path,VALUE,...") read and merged into a definition
 * and written back, with libvirt 9.0's syntax, merge rules and errors. */
#include "core/conf/domain/domain-internal.h"
#include <modvirt-plugin/error.h>

#include <errno.h>
#include <string.h>

/* The device fields in libvirt's order; the index picks the value. */
static const char *const fields[] = {
    VIR_DOMAIN_BLKIO_DEVICE_WEIGHT, VIR_DOMAIN_BLKIO_DEVICE_READ_IOPS,
    VIR_DOMAIN_BLKIO_DEVICE_WRITE_IOPS, VIR_DOMAIN_BLKIO_DEVICE_READ_BPS,
    VIR_DOMAIN_BLKIO_DEVICE_WRITE_BPS,
};

static int field_index(const char *field)
{
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
        if (!strcmp(fields[i], field))
            return (int)i;
    return -1;
}

static unsigned long long get_value(const mv_domain_blkio_device *d, int which)
{
    switch (which) {
    case 0: return d->weight;
    case 1: return d->read_iops;
    case 2: return d->write_iops;
    case 3: return d->read_bytes;
    default: return d->write_bytes;
    }
}

static void set_value(mv_domain_blkio_device *d, int which, unsigned long long v)
{
    switch (which) {
    case 0: d->weight = (unsigned int)v; break;
    case 1: d->read_iops = (unsigned int)v; break;
    case 2: d->write_iops = (unsigned int)v; break;
    case 3: d->read_bytes = v; break;
    default: d->write_bytes = v; break;
    }
}

unsigned long long mv_conf_blkio_device_value(const mv_domain_blkio_device *d, const char *field)
{
    int which = field_index(field);
    return which < 0 ? 0 : get_value(d, which);
}

void mv_conf_blkio_device_set_value(mv_domain_blkio_device *d, const char *field,
                                    unsigned long long v)
{
    int which = field_index(field);
    if (which >= 0)
        set_value(d, which, v);
}

/* A non-negative decimal at S up to MAX, *END after it; false if none. */
static bool number(const char *s, unsigned long long max, unsigned long long *out, char **end)
{
    const char *p = s;
    while (g_ascii_isspace(*p))
        p++;
    if (*p == '-')
        return false;
    errno = 0;
    unsigned long long v = g_ascii_strtoull(s, end, 10);
    if (*end == s || errno || v > max)
        return false;
    *out = v;
    return true;
}

int mv_domain_blkiotune_parse_devices(const char *field, const char *text,
                                      mv_domain_blkio_device **devs, size_t *ndevs)
{
    *devs = NULL;
    *ndevs = 0;
    int which = field_index(field);
    if (which < 0) {
        mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG, "unknown parameter '%s'", field);
        return -1;
    }
    if (!*text)
        return 0;
    size_t nsep = 0;
    for (const char *c = text; *c; c++)
        nsep += *c == ',';
    /* Pairs of fields: an odd number of commas. */
    if (!(nsep & 1))
        goto parse_error;
    size_t max = (nsep + 1) / 2, n = 0;
    mv_domain_blkio_device *out = g_new0(mv_domain_blkio_device, max);
    const char *cur = text;
    while (cur) {
        const char *comma = strchr(cur, ',');
        if (!comma) {
            for (size_t i = 0; i < n; i++)
                g_free(out[i].path);
            g_free(out);
            goto parse_error;
        }
        out[n].path = g_strndup(cur, (size_t)(comma - cur));
        const char *value = comma + 1;
        unsigned long long v;
        char *end;
        if (!number(value, which < 3 ? G_MAXUINT : G_MAXUINT64, &v, &end)) {
            mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG,
                            "invalid value '%s' for parameter '%s' of device '%s'", value, field,
                            out[n].path);
            for (size_t i = 0; i <= n; i++)
                g_free(out[i].path);
            g_free(out);
            return -1;
        }
        set_value(&out[n++], which, v);
        if (*end == '\0')
            break;
        if (*end != ',') {
            for (size_t i = 0; i < n; i++)
                g_free(out[i].path);
            g_free(out);
            goto parse_error;
        }
        cur = end + 1;
    }
    *devs = out;
    *ndevs = n;
    return 0;

parse_error:
    mv_error_report(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG, "unable to parse blkio device '%s' '%s'",
                    field, text);
    return -1;
}

void mv_domain_blkiotune_merge(mv_domain_blkiotune *b, const char *field,
                               mv_domain_blkio_device *devs, size_t ndevs)
{
    int which = field_index(field);
    if (which < 0)
        return;
    for (size_t i = 0; i < ndevs; i++) {
        unsigned long long v = get_value(&devs[i], which);
        size_t j = 0;
        while (j < b->ndevices && strcmp(b->devices[j].path, devs[i].path))
            j++;
        if (j < b->ndevices) {
            set_value(&b->devices[j], which, v);
            continue;
        }
        if (!v)
            continue;
        b->devices = g_renew(mv_domain_blkio_device, b->devices, b->ndevices + 1);
        mv_domain_blkio_device *d = &b->devices[b->ndevices++];
        memset(d, 0, sizeof(*d));
        set_value(d, which, v);
        d->path = g_steal_pointer(&devs[i].path);
    }
}

int mv_domain_blkiotune_params(const mv_domain_blkiotune *b, virTypedParameterPtr params,
                               int max)
{
    int n = 0;
    if (n < max) {
        memset(&params[n], 0, sizeof(params[n]));
        g_strlcpy(params[n].field, VIR_DOMAIN_BLKIO_WEIGHT, sizeof(params[n].field));
        params[n].type = VIR_TYPED_PARAM_UINT;
        params[n++].value.ui = b->weight;
    }
    for (int which = 0; which < (int)G_N_ELEMENTS(fields) && n < max; which++) {
        GString *s = g_string_new(NULL);
        for (size_t i = 0; i < b->ndevices; i++) {
            unsigned long long v = get_value(&b->devices[i], which);
            if (!v)
                continue;
            g_string_append_printf(s, "%s%s,%llu", s->len ? "," : "", b->devices[i].path, v);
        }
        memset(&params[n], 0, sizeof(params[n]));
        g_strlcpy(params[n].field, fields[which], sizeof(params[n].field));
        params[n].type = VIR_TYPED_PARAM_STRING;
        params[n++].value.s = g_string_free(s, FALSE);
    }
    return n;
}
