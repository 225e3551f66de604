/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/core/typed-params-client.c — an application using the
 * virTypedParam* family, built twice: against modvirt and against
 * Debian's libvirt. It prints what every call returned, the values it
 * read back and the error it left; test-typed-params.py compares the
 * transcript with typed-params.expected (what the libvirt build prints)
 * and, where libvirt's library is installed, runs that build too. */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void show(const char *what, int rc)
{
    virErrorPtr e = virGetLastError();
    if (e && e->code != VIR_ERR_OK)
        printf("%s: %d; error code %d domain %d level %d: %s\n", what, rc, e->code, e->domain,
               e->level, e->message ? e->message : "(none)");
    else
        printf("%s: %d\n", what, rc);
}

static void dump(virTypedParameterPtr params, int n, int max)
{
    printf("  %d params (room for at least %d)\n", n, max >= n ? n : -1);
    for (int i = 0; i < n; i++) {
        virTypedParameterPtr p = &params[i];
        printf("  [%d] %s type %d = ", i, p->field, p->type);
        switch (p->type) {
        case VIR_TYPED_PARAM_INT: printf("%d\n", p->value.i); break;
        case VIR_TYPED_PARAM_UINT: printf("%u\n", p->value.ui); break;
        case VIR_TYPED_PARAM_LLONG: printf("%lld\n", p->value.l); break;
        case VIR_TYPED_PARAM_ULLONG: printf("%llu\n", p->value.ul); break;
        case VIR_TYPED_PARAM_DOUBLE: printf("%.6g\n", p->value.d); break;
        case VIR_TYPED_PARAM_BOOLEAN: printf("%d\n", p->value.b); break;
        case VIR_TYPED_PARAM_STRING: printf("'%s'\n", p->value.s ? p->value.s : "(null)"); break;
        default: printf("?\n");
        }
    }
}

static void silent(void *opaque, virErrorPtr err)
{
    (void)opaque;
    (void)err;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (virInitialize() < 0)
        return 1;
    virSetErrorFunc(NULL, silent);
    virTypedParameterPtr params = NULL;
    int n = 0, max = 0;
    char longname[100];
    memset(longname, 'x', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = '\0';
    char name79[80];
    memset(name79, 'y', 79);
    name79[79] = '\0';

    show("add int", virTypedParamsAddInt(&params, &n, &max, "int", -42));
    show("add uint", virTypedParamsAddUInt(&params, &n, &max, "uint", 4000000000u));
    show("add llong", virTypedParamsAddLLong(&params, &n, &max, "llong", LLONG_MIN));
    show("add ullong", virTypedParamsAddULLong(&params, &n, &max, "ullong", ULLONG_MAX));
    show("add double", virTypedParamsAddDouble(&params, &n, &max, "double", 2.5));
    show("add boolean", virTypedParamsAddBoolean(&params, &n, &max, "bool", 7));
    show("add string", virTypedParamsAddString(&params, &n, &max, "str", "hello"));
    show("add int again", virTypedParamsAddInt(&params, &n, &max, "int", 1));
    show("add string again", virTypedParamsAddString(&params, &n, &max, "str", "again"));
    const char *list[] = { "a", "b", "c", NULL };
    show("add string list", virTypedParamsAddStringList(&params, &n, &max, "list", list));
    show("add empty string list", virTypedParamsAddStringList(&params, &n, &max, "none", NULL));
    show("add long name", virTypedParamsAddInt(&params, &n, &max, longname, 1));
    show("add 79-byte name", virTypedParamsAddInt(&params, &n, &max, name79, 1));
    dump(params, n, max);

    struct { const char *name; int type; const char *value; } from[] = {
        { "fs-int", VIR_TYPED_PARAM_INT, "-17" },
        { "fs-int-bad", VIR_TYPED_PARAM_INT, "12abc" },
        { "fs-int-big", VIR_TYPED_PARAM_INT, "4294967296" },
        { "fs-uint", VIR_TYPED_PARAM_UINT, "4294967295" },
        { "fs-uint-neg", VIR_TYPED_PARAM_UINT, "-1" },
        { "fs-llong", VIR_TYPED_PARAM_LLONG, "-9223372036854775808" },
        { "fs-ullong", VIR_TYPED_PARAM_ULLONG, "18446744073709551615" },
        { "fs-ullong-bad", VIR_TYPED_PARAM_ULLONG, "" },
        { "fs-double", VIR_TYPED_PARAM_DOUBLE, "0.125" },
        { "fs-double-bad", VIR_TYPED_PARAM_DOUBLE, "x1" },
        { "fs-bool-yes", VIR_TYPED_PARAM_BOOLEAN, "yes" },
        { "fs-bool-TRUE", VIR_TYPED_PARAM_BOOLEAN, "TRUE" },
        { "fs-bool-1", VIR_TYPED_PARAM_BOOLEAN, "1" },
        { "fs-bool-no", VIR_TYPED_PARAM_BOOLEAN, "no" },
        { "fs-bool-0", VIR_TYPED_PARAM_BOOLEAN, "0" },
        { "fs-bool-bad", VIR_TYPED_PARAM_BOOLEAN, "maybe" },
        { "fs-string", VIR_TYPED_PARAM_STRING, "text" },
        { "fs-type-0", 0, "1" },
        { "fs-type-99", 99, "1" },
        { "int", VIR_TYPED_PARAM_INT, "5" },
    };
    for (size_t i = 0; i < sizeof(from) / sizeof(from[0]); i++) {
        char what[128];
        snprintf(what, sizeof(what), "add from string %s '%s'", from[i].name, from[i].value);
        show(what, virTypedParamsAddFromString(&params, &n, &max, from[i].name, from[i].type,
                                               from[i].value));
    }
    dump(params, n, max);

    int iv = 0;
    unsigned int uv = 0;
    long long lv = 0;
    unsigned long long ulv = 0;
    double dv = 0;
    int bv = 0;
    const char *sv = NULL;
    show("get int", virTypedParamsGetInt(params, n, "int", &iv));
    printf("  value %d\n", iv);
    show("get int as uint", virTypedParamsGetUInt(params, n, "int", &uv));
    show("get missing int", virTypedParamsGetInt(params, n, "nope", &iv));
    show("get int, NULL value", virTypedParamsGetInt(params, n, "int", NULL));
    show("get uint", virTypedParamsGetUInt(params, n, "uint", &uv));
    printf("  value %u\n", uv);
    show("get llong", virTypedParamsGetLLong(params, n, "llong", &lv));
    printf("  value %lld\n", lv);
    show("get llong as ullong", virTypedParamsGetULLong(params, n, "llong", &ulv));
    show("get ullong", virTypedParamsGetULLong(params, n, "ullong", &ulv));
    printf("  value %llu\n", ulv);
    show("get double", virTypedParamsGetDouble(params, n, "double", &dv));
    printf("  value %g\n", dv);
    show("get double as int", virTypedParamsGetInt(params, n, "double", &iv));
    show("get boolean", virTypedParamsGetBoolean(params, n, "bool", &bv));
    printf("  value %d\n", bv);
    show("get boolean as string", virTypedParamsGetString(params, n, "bool", &sv));
    show("get string", virTypedParamsGetString(params, n, "str", &sv));
    printf("  value '%s'\n", sv ? sv : "(null)");
    show("get list (first)", virTypedParamsGetString(params, n, "list", &sv));
    printf("  value '%s'\n", sv ? sv : "(null)");
    show("get string as boolean", virTypedParamsGetBoolean(params, n, "str", &bv));
    show("get string, NULL params", virTypedParamsGetString(NULL, 0, "str", &sv));
    show("get string, NULL name", virTypedParamsGetString(params, n, NULL, &sv));
    virTypedParameterPtr p = virTypedParamsGet(params, n, "double");
    printf("get pointer: %s\n", p ? p->field : "(null)");
    p = virTypedParamsGet(params, n, "nope");
    printf("get missing pointer: %s\n", p ? p->field : "(null)");
    p = virTypedParamsGet(params, n, NULL);
    printf("get NULL name pointer: %s\n", p ? p->field : "(null)");

    /* An error left by an earlier call is reset by the next one. */
    virTypedParamsGetInt(params, n, "double", &iv);
    show("a good call after an error", virTypedParamsGetInt(params, n, "int", &iv));

    virTypedParamsClear(params, n);
    virTypedParamsFree(params, 0);
    params = NULL;
    n = max = 0;
    show("add to fresh array", virTypedParamsAddString(&params, &n, &max, "s", "v"));
    dump(params, n, max);
    virTypedParamsFree(params, n);
    virTypedParamsFree(NULL, 0);
    virTypedParamsClear(NULL, 3);
    printf("done\n");
    return 0;
}
