/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/devices-disk-iotune.c — a disk's <iotune> (I/O
 * throttling): read, checked and written as libvirt 9.0 does, and the
 * conversions to and from virDomainSet/GetBlockIoTune's parameters the
 * drivers share.
 */
#include "core/conf/domain/devices-util.h"

#include <modvirt-plugin/typed-params.h>

#include <string.h>

/* Element names, which are also the typed parameter names, by value. */
static const char *const iotune_names[MV_DOMAIN_IOTUNE_NVALUES] = {
    [MV_DOMAIN_IOTUNE_TOTAL_BYTES_SEC] = VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_BYTES_SEC,
    [MV_DOMAIN_IOTUNE_READ_BYTES_SEC] = VIR_DOMAIN_BLOCK_IOTUNE_READ_BYTES_SEC,
    [MV_DOMAIN_IOTUNE_WRITE_BYTES_SEC] = VIR_DOMAIN_BLOCK_IOTUNE_WRITE_BYTES_SEC,
    [MV_DOMAIN_IOTUNE_TOTAL_IOPS_SEC] = VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_IOPS_SEC,
    [MV_DOMAIN_IOTUNE_READ_IOPS_SEC] = VIR_DOMAIN_BLOCK_IOTUNE_READ_IOPS_SEC,
    [MV_DOMAIN_IOTUNE_WRITE_IOPS_SEC] = VIR_DOMAIN_BLOCK_IOTUNE_WRITE_IOPS_SEC,
    [MV_DOMAIN_IOTUNE_TOTAL_BYTES_SEC_MAX] = VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_BYTES_SEC_MAX,
    [MV_DOMAIN_IOTUNE_READ_BYTES_SEC_MAX] = VIR_DOMAIN_BLOCK_IOTUNE_READ_BYTES_SEC_MAX,
    [MV_DOMAIN_IOTUNE_WRITE_BYTES_SEC_MAX] = VIR_DOMAIN_BLOCK_IOTUNE_WRITE_BYTES_SEC_MAX,
    [MV_DOMAIN_IOTUNE_TOTAL_IOPS_SEC_MAX] = VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_IOPS_SEC_MAX,
    [MV_DOMAIN_IOTUNE_READ_IOPS_SEC_MAX] = VIR_DOMAIN_BLOCK_IOTUNE_READ_IOPS_SEC_MAX,
    [MV_DOMAIN_IOTUNE_WRITE_IOPS_SEC_MAX] = VIR_DOMAIN_BLOCK_IOTUNE_WRITE_IOPS_SEC_MAX,
    [MV_DOMAIN_IOTUNE_SIZE_IOPS_SEC] = VIR_DOMAIN_BLOCK_IOTUNE_SIZE_IOPS_SEC,
    [MV_DOMAIN_IOTUNE_TOTAL_BYTES_SEC_MAX_LENGTH] =
        VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_BYTES_SEC_MAX_LENGTH,
    [MV_DOMAIN_IOTUNE_READ_BYTES_SEC_MAX_LENGTH] = VIR_DOMAIN_BLOCK_IOTUNE_READ_BYTES_SEC_MAX_LENGTH,
    [MV_DOMAIN_IOTUNE_WRITE_BYTES_SEC_MAX_LENGTH] =
        VIR_DOMAIN_BLOCK_IOTUNE_WRITE_BYTES_SEC_MAX_LENGTH,
    [MV_DOMAIN_IOTUNE_TOTAL_IOPS_SEC_MAX_LENGTH] = VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_IOPS_SEC_MAX_LENGTH,
    [MV_DOMAIN_IOTUNE_READ_IOPS_SEC_MAX_LENGTH] = VIR_DOMAIN_BLOCK_IOTUNE_READ_IOPS_SEC_MAX_LENGTH,
    [MV_DOMAIN_IOTUNE_WRITE_IOPS_SEC_MAX_LENGTH] =
        VIR_DOMAIN_BLOCK_IOTUNE_WRITE_IOPS_SEC_MAX_LENGTH,
};

/* Values read and written before the group name; the burst lengths follow it. */
#define IOTUNE_BEFORE_GROUP MV_DOMAIN_IOTUNE_TOTAL_BYTES_SEC_MAX_LENGTH

const char *mv_domain_iotune_name(mv_domain_iotune_value i)
{
    return (unsigned int)i < MV_DOMAIN_IOTUNE_NVALUES ? iotune_names[i] : NULL;
}

bool mv_domain_iotune_has_any(const mv_domain_iotune *t)
{
    for (int i = 0; i < MV_DOMAIN_IOTUNE_NVALUES; i++)
        if (t->v[i])
            return true;
    return false;
}

void mv_domain_iotune_clear(mv_domain_iotune *t)
{
    g_free(t->group_name);
    memset(t, 0, sizeof(*t));
}

void mv_domain_iotune_copy(mv_domain_iotune *dst, const mv_domain_iotune *src)
{
    if (dst == src)
        return;
    g_free(dst->group_name);
    memcpy(dst->v, src->v, sizeof(dst->v));
    dst->group_name = g_strdup(src->group_name);
}

void mv_domain_iotune_apply_params(mv_domain_iotune *t, const virTypedParameter *params,
                                   int nparams)
{
    for (int i = 0; i < nparams; i++) {
        const virTypedParameter *p = &params[i];
        if (!strcmp(p->field, VIR_DOMAIN_BLOCK_IOTUNE_GROUP_NAME)) {
            g_free(t->group_name);
            t->group_name = g_strdup(p->value.s ? p->value.s : "");
            continue;
        }
        for (int v = 0; v < MV_DOMAIN_IOTUNE_NVALUES; v++)
            if (!strcmp(p->field, iotune_names[v]))
                t->v[v] = p->value.ul;
    }
}

void mv_domain_iotune_get_params(const mv_domain_iotune *t, virTypedParameterPtr params,
                                 int *nparams)
{
    if (*nparams == 0) {
        *nparams = MV_DOMAIN_IOTUNE_NPARAMS;
        return;
    }
    int n = 0;
    for (int k = 0; k < MV_DOMAIN_IOTUNE_NPARAMS && n < *nparams; k++, n++) {
        virTypedParameter *p = &params[n];
        memset(p, 0, sizeof(*p));
        if (k == IOTUNE_BEFORE_GROUP) {
            g_strlcpy(p->field, VIR_DOMAIN_BLOCK_IOTUNE_GROUP_NAME, sizeof(p->field));
            p->type = VIR_TYPED_PARAM_STRING;
            p->value.s = g_strdup(t->group_name ? t->group_name : "");
            continue;
        }
        int v = k < IOTUNE_BEFORE_GROUP ? k : k - 1;
        g_strlcpy(p->field, iotune_names[v], sizeof(p->field));
        p->type = VIR_TYPED_PARAM_ULLONG;
        p->value.ul = t->v[v];
    }
    *nparams = n;
}

/* The text of the first element NAME inside any <iotune> of DISK, in
 * document order (what libvirt's "./iotune/NAME" XPath reads), or NULL. */
static char *iotune_text(xmlNodePtr disk, const char *name)
{
    for (xmlNodePtr io = mv_xml_child(disk, "iotune"); io; io = mv_xml_next(io)) {
        xmlNodePtr el = mv_xml_child(io, name);
        if (el)
            return mv_xml_text(el);
    }
    return NULL;
}

/* libvirt refuses a total together with a read or write value, for the
 * rates and for their maxima, checked in this order. */
static int iotune_check_totals(const mv_domain_iotune *t)
{
    static const struct {
        mv_domain_iotune_value total;
        const char *what;
    } totals[] = {
        { MV_DOMAIN_IOTUNE_TOTAL_BYTES_SEC, "bytes_sec" },
        { MV_DOMAIN_IOTUNE_TOTAL_IOPS_SEC, "iops_sec" },
        { MV_DOMAIN_IOTUNE_TOTAL_BYTES_SEC_MAX, "bytes_sec_max" },
        { MV_DOMAIN_IOTUNE_TOTAL_IOPS_SEC_MAX, "iops_sec_max" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(totals); i++) {
        /* read and write follow each total. */
        mv_domain_iotune_value tot = totals[i].total;
        if (t->v[tot] && (t->v[tot + 1] || t->v[tot + 2])) {
            mv_dev_error(VIR_ERR_XML_ERROR,
                         "total and read/write %s cannot be set at the same time",
                         totals[i].what);
            return -1;
        }
    }
    return 0;
}

int mv_conf_disk_iotune_parse(xmlNodePtr disk, mv_domain_iotune *t)
{
    if (!mv_xml_child(disk, "iotune"))
        return 0;
    for (int v = 0; v < MV_DOMAIN_IOTUNE_NVALUES; v++) {
        g_autofree char *text = iotune_text(disk, iotune_names[v]);
        /* An empty element is no value. */
        if (!text || !*text)
            continue;
        if (mv_xml_parse_ull(text, &t->v[v]) < 0) {
            mv_dev_error(VIR_ERR_XML_ERROR, "disk iotune field '%s' must be an integer",
                         iotune_names[v]);
            return -1;
        }
    }
    char *group = iotune_text(disk, VIR_DOMAIN_BLOCK_IOTUNE_GROUP_NAME);
    if (group && !*group)
        g_clear_pointer(&group, g_free);
    t->group_name = group;
    return iotune_check_totals(t);
}

void mv_conf_disk_iotune_format(mv_xml_writer *w, const mv_domain_iotune *t)
{
    if (!mv_domain_iotune_has_any(t) && !t->group_name)
        return;
    mv_xml_start(w, "iotune");
    mv_xml_children(w);
    for (int v = 0; v < MV_DOMAIN_IOTUNE_NVALUES; v++) {
        if (v == IOTUNE_BEFORE_GROUP && t->group_name)
            mv_xml_elem_text(w, VIR_DOMAIN_BLOCK_IOTUNE_GROUP_NAME, t->group_name);
        if (t->v[v])
            mv_xml_elem_uint(w, iotune_names[v], t->v[v]);
    }
    mv_xml_close(w, "iotune");
}
