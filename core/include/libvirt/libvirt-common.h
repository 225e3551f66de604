/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt public API — libvirt-common.h — version, export and deprecation
 * macros, and the typed parameter record shared by every object family.
 * Names, values and layouts match libvirt 9.0. */
#if !defined __VIR_LIBVIRT_H_INCLUDES__ && !defined __VIR_ADMIN_H_INCLUDES__
# error "Don't include this file directly"
#endif

#ifndef __VIR_VIRCOMMON_H__
#define __VIR_VIRCOMMON_H__

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Marks API kept only for old callers (gcc >= 3.1 warns on use). */
#ifndef VIR_DEPRECATED
# if __GNUC__ > 3 || (__GNUC__ == 3 && __GNUC_MINOR__ >= 1)
#  define VIR_DEPRECATED __attribute__((__deprecated__))
# else
#  define VIR_DEPRECATED
# endif
#endif

/* Exported data; symbol visibility itself comes from the version script. */
#ifdef WIN32
# ifdef LIBVIRT_STATIC
#  define VIR_EXPORT_VAR extern
# elif defined IN_LIBVIRT
#  define VIR_EXPORT_VAR __declspec(dllexport) extern
# else
#  define VIR_EXPORT_VAR __declspec(dllimport) extern
# endif
#else
# define VIR_EXPORT_VAR extern
#endif

/* API level implemented: libvirt 9.0.0 (major * 1000000 + minor * 1000 + micro). */
#define LIBVIR_VERSION_NUMBER 9000000
#define LIBVIR_CHECK_VERSION(major, minor, micro) \
    (((major) * 1000000 + (minor) * 1000 + (micro)) <= LIBVIR_VERSION_NUMBER)

/* Releases the opaque data handed to a callback registration. */
typedef void (*virFreeCallback)(void *opaque);

/* Why a connection's close callback fired. */
typedef enum {
    VIR_CONNECT_CLOSE_REASON_ERROR     = 0,
    VIR_CONNECT_CLOSE_REASON_EOF       = 1,
    VIR_CONNECT_CLOSE_REASON_KEEPALIVE = 2,
    VIR_CONNECT_CLOSE_REASON_CLIENT    = 3,
#ifdef VIR_ENUM_SENTINELS
    VIR_CONNECT_CLOSE_REASON_LAST,
#endif
} virConnectCloseReason;

/* Typed parameters: a named value of one of these types. */
typedef enum {
    VIR_TYPED_PARAM_INT     = 1,
    VIR_TYPED_PARAM_UINT    = 2,
    VIR_TYPED_PARAM_LLONG   = 3,
    VIR_TYPED_PARAM_ULLONG  = 4,
    VIR_TYPED_PARAM_DOUBLE  = 5,
    VIR_TYPED_PARAM_BOOLEAN = 6,
    VIR_TYPED_PARAM_STRING  = 7,
#ifdef VIR_ENUM_SENTINELS
    VIR_TYPED_PARAM_LAST,
#endif
} virTypedParameterType;

/* Bits 0 and 1 belong to virDomainModificationImpact. */
typedef enum {
    VIR_TYPED_PARAM_STRING_OKAY = 1 << 2,
} virTypedParameterFlags;

#define VIR_TYPED_PARAM_FIELD_LENGTH 80

typedef struct _virTypedParameter virTypedParameter;

struct _virTypedParameter {
    char field[VIR_TYPED_PARAM_FIELD_LENGTH];
    int type;                        /* virTypedParameterType */
    union {
        int i;
        unsigned int ui;
        long long int l;
        unsigned long long int ul;
        double d;
        char b;
        char *s;
    } value;
};

typedef virTypedParameter *virTypedParameterPtr;

/* Building and reading arrays of typed parameters. */
virTypedParameterPtr virTypedParamsGet(virTypedParameterPtr params, int nparams,
                                       const char *name);
int virTypedParamsGetInt(virTypedParameterPtr params, int nparams, const char *name,
                         int *value);
int virTypedParamsGetUInt(virTypedParameterPtr params, int nparams, const char *name,
                          unsigned int *value);
int virTypedParamsGetLLong(virTypedParameterPtr params, int nparams, const char *name,
                           long long *value);
int virTypedParamsGetULLong(virTypedParameterPtr params, int nparams, const char *name,
                            unsigned long long *value);
int virTypedParamsGetDouble(virTypedParameterPtr params, int nparams, const char *name,
                            double *value);
int virTypedParamsGetBoolean(virTypedParameterPtr params, int nparams, const char *name,
                             int *value);
int virTypedParamsGetString(virTypedParameterPtr params, int nparams, const char *name,
                            const char **value);
int virTypedParamsAddInt(virTypedParameterPtr *params, int *nparams, int *maxparams,
                         const char *name, int value);
int virTypedParamsAddUInt(virTypedParameterPtr *params, int *nparams, int *maxparams,
                          const char *name, unsigned int value);
int virTypedParamsAddLLong(virTypedParameterPtr *params, int *nparams, int *maxparams,
                           const char *name, long long value);
int virTypedParamsAddULLong(virTypedParameterPtr *params, int *nparams, int *maxparams,
                            const char *name, unsigned long long value);
int virTypedParamsAddDouble(virTypedParameterPtr *params, int *nparams, int *maxparams,
                            const char *name, double value);
int virTypedParamsAddBoolean(virTypedParameterPtr *params, int *nparams, int *maxparams,
                             const char *name, int value);
int virTypedParamsAddString(virTypedParameterPtr *params, int *nparams, int *maxparams,
                            const char *name, const char *value);
int virTypedParamsAddStringList(virTypedParameterPtr *params, int *nparams, int *maxparams,
                                const char *name, const char **values);
int virTypedParamsAddFromString(virTypedParameterPtr *params, int *nparams, int *maxparams,
                                const char *name, int type, const char *value);
void virTypedParamsClear(virTypedParameterPtr params, int nparams);
void virTypedParamsFree(virTypedParameterPtr params, int nparams);

#ifdef __cplusplus
}
#endif

#endif /* __VIR_VIRCOMMON_H__ */
