/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/api/typed-params.c — libvirt's virTypedParams* family: arrays of
 * named, typed values that applications build and read (statistics,
 * tunables, migration parameters). Pure library code: no connection.
 *
 * As libvirt 9.0: every call resets the thread's error; adding never
 * checks for a name already there (a name may carry several values, as
 * virTypedParamsAddStringList makes); Get* answer the first parameter of
 * that name, 0 when there is none, -1 when it has another type.
 *
 * Also the plugin API's check of what an application passes to a set call
 * (modvirt-plugin/typed-params.h), with the same type names. */
#include "api-internal.h"
#include <modvirt-plugin/typed-params.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MV_FROM_THIS VIR_FROM_NONE

static const char *const type_names[] = {
    [VIR_TYPED_PARAM_INT] = "int",
    [VIR_TYPED_PARAM_UINT] = "uint",
    [VIR_TYPED_PARAM_LLONG] = "llong",
    [VIR_TYPED_PARAM_ULLONG] = "ullong",
    [VIR_TYPED_PARAM_DOUBLE] = "double",
    [VIR_TYPED_PARAM_BOOLEAN] = "boolean",
    [VIR_TYPED_PARAM_STRING] = "string",
};

static const char *type_name(int type)
{
    if (type > 0 && type < (int)G_N_ELEMENTS(type_names))
        return type_names[type];
    return "unknown";
}

/* Orders parameter indexes by field name, then by position. */
static int by_field(const void *a, const void *b, void *data)
{
    const virTypedParameter *params = data;
    int i = *(const int *)a, j = *(const int *)b;
    int c = strcmp(params[i].field, params[j].field);
    return c ? c : (i > j) - (i < j);
}

int mv_typed_params_validate(int from, const virTypedParameter *params, int nparams,
                             const mv_typed_param_spec *spec)
{
    /* As libvirt, the parameters are looked at in the order of their
     * names: with several faults, the first name's is reported. */
    g_autofree int *order = g_new(int, MAX(nparams, 1));
    for (int i = 0; i < nparams; i++)
        order[i] = i;
    g_qsort_with_data(order, nparams, sizeof(*order), by_field, (gpointer)params);
    for (int k = 0; k < nparams; k++) {
        const virTypedParameter *p = &params[order[k]];
        const mv_typed_param_spec *want = spec;
        while (want->field && strcmp(want->field, p->field))
            want++;
        if (!want->field) {
            mv_error_report(from, VIR_ERR_ARGUMENT_UNSUPPORTED, "parameter '%s' not supported",
                            p->field);
            return -1;
        }
        if (k > 0 && !strcmp(params[order[k - 1]].field, p->field)) {
            mv_error_report(from, VIR_ERR_INVALID_ARG, "parameter '%s' occurs multiple times",
                            p->field);
            return -1;
        }
        if (p->type != want->type) {
            mv_error_report(from, VIR_ERR_INVALID_ARG,
                            "invalid type '%s' for parameter '%s', expected '%s'",
                            type_name(p->type), p->field, type_name(want->type));
            return -1;
        }
    }
    return 0;
}

/* virDomainSetBlockIoTune's parameters. */
static const mv_typed_param_spec block_iotune_spec[] = {
    { VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_BYTES_SEC, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_BLOCK_IOTUNE_READ_BYTES_SEC, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_BLOCK_IOTUNE_WRITE_BYTES_SEC, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_IOPS_SEC, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_BLOCK_IOTUNE_READ_IOPS_SEC, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_BLOCK_IOTUNE_WRITE_IOPS_SEC, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_BYTES_SEC_MAX, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_BLOCK_IOTUNE_READ_BYTES_SEC_MAX, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_BLOCK_IOTUNE_WRITE_BYTES_SEC_MAX, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_IOPS_SEC_MAX, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_BLOCK_IOTUNE_READ_IOPS_SEC_MAX, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_BLOCK_IOTUNE_WRITE_IOPS_SEC_MAX, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_BLOCK_IOTUNE_SIZE_IOPS_SEC, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_BLOCK_IOTUNE_GROUP_NAME, VIR_TYPED_PARAM_STRING },
    { VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_BYTES_SEC_MAX_LENGTH, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_BLOCK_IOTUNE_READ_BYTES_SEC_MAX_LENGTH, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_BLOCK_IOTUNE_WRITE_BYTES_SEC_MAX_LENGTH, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_IOPS_SEC_MAX_LENGTH, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_BLOCK_IOTUNE_READ_IOPS_SEC_MAX_LENGTH, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_BLOCK_IOTUNE_WRITE_IOPS_SEC_MAX_LENGTH, VIR_TYPED_PARAM_ULLONG },
    { NULL, 0 },
};

int mv_typed_params_validate_block_iotune(const virTypedParameter *params, int nparams)
{
    return mv_typed_params_validate(VIR_FROM_NONE, params, nparams, block_iotune_spec);
}

/* virDomainSetMemoryParameters' and virDomainSetBlkioParameters'. */
static const mv_typed_param_spec memtune_spec[] = {
    { VIR_DOMAIN_MEMORY_HARD_LIMIT, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_MEMORY_SOFT_LIMIT, VIR_TYPED_PARAM_ULLONG },
    { VIR_DOMAIN_MEMORY_SWAP_HARD_LIMIT, VIR_TYPED_PARAM_ULLONG },
    { NULL, 0 },
};

static const mv_typed_param_spec blkiotune_spec[] = {
    { VIR_DOMAIN_BLKIO_WEIGHT, VIR_TYPED_PARAM_UINT },
    { VIR_DOMAIN_BLKIO_DEVICE_WEIGHT, VIR_TYPED_PARAM_STRING },
    { VIR_DOMAIN_BLKIO_DEVICE_READ_IOPS, VIR_TYPED_PARAM_STRING },
    { VIR_DOMAIN_BLKIO_DEVICE_WRITE_IOPS, VIR_TYPED_PARAM_STRING },
    { VIR_DOMAIN_BLKIO_DEVICE_READ_BPS, VIR_TYPED_PARAM_STRING },
    { VIR_DOMAIN_BLKIO_DEVICE_WRITE_BPS, VIR_TYPED_PARAM_STRING },
    { NULL, 0 },
};

int mv_typed_params_validate_memtune(const virTypedParameter *params, int nparams)
{
    return mv_typed_params_validate(VIR_FROM_NONE, params, nparams, memtune_spec);
}

int mv_typed_params_validate_blkiotune(const virTypedParameter *params, int nparams)
{
    return mv_typed_params_validate(VIR_FROM_NONE, params, nparams, blkiotune_spec);
}

/* Reports ERR (set by the caller) to the application's handler; -1. */
static int fail(void)
{
    mv_error_dispatch(NULL);
    return -1;
}

virTypedParameterPtr virTypedParamsGet(virTypedParameterPtr params, int nparams, const char *name)
{
    mv_error_reset_last();
    if (!params || !name)
        return NULL;
    for (int i = 0; i < nparams; i++)
        if (!strcmp(params[i].field, name))
            return &params[i];
    return NULL;
}

/* The first parameter NAME of PARAMS when it has type TYPE (1), none (0),
 * or one of another type (-1, reported). */
static int lookup(virTypedParameterPtr params, int nparams, const char *name, int type,
                  virTypedParameterPtr *param)
{
    *param = virTypedParamsGet(params, nparams, name);
    if (!*param)
        return 0;
    if ((*param)->type != type) {
        mv_error_report(MV_FROM_THIS, VIR_ERR_INVALID_ARG,
                        "Invalid type '%s' requested for parameter '%s', actual type is '%s'",
                        type_name(type), name, type_name((*param)->type));
        return fail();
    }
    return 1;
}

#define MV_TYPED_GET(fn, ctype, tag, member) \
    int fn(virTypedParameterPtr params, int nparams, const char *name, ctype *value) \
    { \
        virTypedParameterPtr p; \
        int rc = lookup(params, nparams, name, tag, &p); \
        if (rc == 1 && value) \
            *value = p->value.member; \
        return rc; \
    }

MV_TYPED_GET(virTypedParamsGetInt, int, VIR_TYPED_PARAM_INT, i)
MV_TYPED_GET(virTypedParamsGetUInt, unsigned int, VIR_TYPED_PARAM_UINT, ui)
MV_TYPED_GET(virTypedParamsGetLLong, long long, VIR_TYPED_PARAM_LLONG, l)
MV_TYPED_GET(virTypedParamsGetULLong, unsigned long long, VIR_TYPED_PARAM_ULLONG, ul)
MV_TYPED_GET(virTypedParamsGetDouble, double, VIR_TYPED_PARAM_DOUBLE, d)
MV_TYPED_GET(virTypedParamsGetString, const char *, VIR_TYPED_PARAM_STRING, s)

int virTypedParamsGetBoolean(virTypedParameterPtr params, int nparams, const char *name,
                             int *value)
{
    virTypedParameterPtr p;
    int rc = lookup(params, nparams, name, VIR_TYPED_PARAM_BOOLEAN, &p);
    if (rc == 1 && value)
        *value = p->value.b ? 1 : 0;
    return rc;
}

/* Room for one more parameter at the end of *PARAMS (grown by half, as
 * an application adds them one by one), named NAME and of TYPE; NULL
 * with the error reported when NAME does not fit the field. */
static virTypedParameterPtr append(virTypedParameterPtr *params, int *nparams, int *maxparams,
                                   const char *name, int type)
{
    mv_error_reset_last();
    if (!params || !nparams || !maxparams || !name) {
        mv_error_report(MV_FROM_THIS, VIR_ERR_INVALID_ARG, "%s in %s must not be NULL",
                        !params ? "params" : !nparams ? "nparams" : !maxparams ? "maxparams"
                        : "name", __func__);
        fail();
        return NULL;
    }
    if (strlen(name) >= VIR_TYPED_PARAM_FIELD_LENGTH) {
        mv_error_report(MV_FROM_THIS, VIR_ERR_INTERNAL_ERROR, "Field name '%s' too long", name);
        fail();
        return NULL;
    }
    int n = *nparams;
    if (!*params || *maxparams < n + 1) {
        int room = n + 1 + (n + 1) / 2;
        *params = g_renew(virTypedParameter, *params, room);
        memset(*params + n, 0, sizeof(virTypedParameter) * (size_t)(room - n));
        *maxparams = room;
    }
    virTypedParameterPtr p = *params + n;
    memset(p, 0, sizeof(*p));
    g_strlcpy(p->field, name, sizeof(p->field));
    p->type = type;
    return p;
}

#define MV_TYPED_ADD(fn, ctype, tag, member) \
    int fn(virTypedParameterPtr *params, int *nparams, int *maxparams, const char *name, \
           ctype value) \
    { \
        virTypedParameterPtr p = append(params, nparams, maxparams, name, tag); \
        if (!p) \
            return -1; \
        p->value.member = value; \
        (*nparams)++; \
        return 0; \
    }

MV_TYPED_ADD(virTypedParamsAddInt, int, VIR_TYPED_PARAM_INT, i)
MV_TYPED_ADD(virTypedParamsAddUInt, unsigned int, VIR_TYPED_PARAM_UINT, ui)
MV_TYPED_ADD(virTypedParamsAddLLong, long long, VIR_TYPED_PARAM_LLONG, l)
MV_TYPED_ADD(virTypedParamsAddULLong, unsigned long long, VIR_TYPED_PARAM_ULLONG, ul)
MV_TYPED_ADD(virTypedParamsAddDouble, double, VIR_TYPED_PARAM_DOUBLE, d)

int virTypedParamsAddBoolean(virTypedParameterPtr *params, int *nparams, int *maxparams,
                             const char *name, int value)
{
    virTypedParameterPtr p = append(params, nparams, maxparams, name, VIR_TYPED_PARAM_BOOLEAN);
    if (!p)
        return -1;
    p->value.b = value ? 1 : 0;
    (*nparams)++;
    return 0;
}

int virTypedParamsAddString(virTypedParameterPtr *params, int *nparams, int *maxparams,
                            const char *name, const char *value)
{
    virTypedParameterPtr p = append(params, nparams, maxparams, name, VIR_TYPED_PARAM_STRING);
    if (!p)
        return -1;
    p->value.s = g_strdup(value);
    (*nparams)++;
    return 0;
}

int virTypedParamsAddStringList(virTypedParameterPtr *params, int *nparams, int *maxparams,
                                const char *name, const char **values)
{
    int rc = 0;
    for (size_t i = 0; values && values[i]; i++)
        if ((rc = virTypedParamsAddString(params, nparams, maxparams, name, values[i])) < 0)
            break;
    return rc;
}

/* VALUE read as TYPE into P, as libvirt's number parsers read it: the
 * whole string, leading blanks allowed, within the type's range (a
 * negative number for an unsigned type wraps, as strtoul's "-1"). */
static bool parse_value(virTypedParameterPtr p, int type, const char *value)
{
    char *end = NULL;
    errno = 0;
    switch (type) {
    case VIR_TYPED_PARAM_INT: {
        long long v = strtoll(value, &end, 10);
        if (errno || end == value || *end || v < G_MININT || v > G_MAXINT)
            return false;
        p->value.i = (int)v;
        return true;
    }
    case VIR_TYPED_PARAM_UINT: {
        unsigned long long v = strtoull(value, &end, 10);
        if (errno || end == value || *end)
            return false;
        if (memchr(value, '-', (size_t)(end - value))) {
            if (-v > G_MAXUINT)
                return false;
            v &= G_MAXUINT;
        } else if (v > G_MAXUINT) {
            return false;
        }
        p->value.ui = (unsigned int)v;
        return true;
    }
    case VIR_TYPED_PARAM_LLONG:
        p->value.l = strtoll(value, &end, 10);
        return !errno && end != value && !*end;
    case VIR_TYPED_PARAM_ULLONG:
        p->value.ul = strtoull(value, &end, 10);
        return !errno && end != value && !*end;
    case VIR_TYPED_PARAM_DOUBLE:
        p->value.d = strtod(value, &end);
        return !errno && end != value && !*end;
    default:
        return false;
    }
}

static const char *const expected[] = {
    [VIR_TYPED_PARAM_INT] = "int",
    [VIR_TYPED_PARAM_UINT] = "unsigned int",
    [VIR_TYPED_PARAM_LLONG] = "long long",
    [VIR_TYPED_PARAM_ULLONG] = "unsigned long long",
    [VIR_TYPED_PARAM_DOUBLE] = "double",
};

int virTypedParamsAddFromString(virTypedParameterPtr *params, int *nparams, int *maxparams,
                                const char *name, int type, const char *value)
{
    if (type < VIR_TYPED_PARAM_INT || type > VIR_TYPED_PARAM_STRING) {
        mv_error_reset_last();
        mv_error_report(MV_FROM_THIS, VIR_ERR_INTERNAL_ERROR, "unexpected type %d for field %s",
                        type, name ? name : "(null)");
        return fail();
    }
    if (!value) {
        mv_error_reset_last();
        mv_error_report(MV_FROM_THIS, VIR_ERR_INVALID_ARG, "value in %s must not be NULL",
                        __func__);
        return fail();
    }
    virTypedParameterPtr p = append(params, nparams, maxparams, name, type);
    if (!p)
        return -1;
    if (type == VIR_TYPED_PARAM_STRING) {
        p->value.s = g_strdup(value);
    } else if (type == VIR_TYPED_PARAM_BOOLEAN) {
        if (!g_ascii_strcasecmp(value, "true") || !strcmp(value, "1")) {
            p->value.b = 1;
        } else if (!g_ascii_strcasecmp(value, "false") || !strcmp(value, "0")) {
            p->value.b = 0;
        } else {
            mv_error_report(MV_FROM_THIS, VIR_ERR_INVALID_ARG,
                            "Invalid boolean value for field '%s'", name);
            return fail();
        }
    } else if (!parse_value(p, type, value)) {
        mv_error_report(MV_FROM_THIS, VIR_ERR_INVALID_ARG,
                        "Invalid value for field '%s': expected %s", name, expected[type]);
        return fail();
    }
    (*nparams)++;
    return 0;
}

void virTypedParamsClear(virTypedParameterPtr params, int nparams)
{
    if (!params)
        return;
    for (int i = 0; i < nparams; i++)
        if (params[i].type == VIR_TYPED_PARAM_STRING)
            g_clear_pointer(&params[i].value.s, g_free);
}

void virTypedParamsFree(virTypedParameterPtr params, int nparams)
{
    virTypedParamsClear(params, nparams);
    g_free(params);
}
