/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz/fuzz-conf.c — libFuzzer target for one definition parser, chosen at
 * build time with -DFUZZ_KIND=<n>. Each input is parsed; what parses is
 * formatted, parsed again and formatted again, and both outputs must agree
 * (a formatter that writes what its parser refuses is a bug too). */
#include <modvirt-plugin/plugin.h>
#include <modvirt-plugin/conf-domain.h>
#include <modvirt-plugin/conf-network.h>
#include <modvirt-plugin/conf-interface.h>
#include <modvirt-plugin/conf-storage.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define KIND_DOMAIN 1
#define KIND_NETWORK 2
#define KIND_INTERFACE 3
#define KIND_POOL 4
#define KIND_VOL 5

static const mv_domain_xmlopt xmlopt = {
    .size = sizeof(mv_domain_xmlopt), .default_arch = "x86_64",
};
static mv_storage_pool_def *pool;

static void *parse(const char *xml)
{
    switch (FUZZ_KIND) {
    case KIND_DOMAIN: return mv_domain_def_parse(xml, &xmlopt, 0);
    case KIND_NETWORK: return mv_network_def_parse(xml, 0);
    case KIND_INTERFACE: return mv_interface_def_parse(xml, 0);
    case KIND_POOL: return mv_storage_pool_def_parse(xml, 0);
    default: return mv_storage_vol_def_parse(pool, xml, 0);
    }
}

static char *format(void *def)
{
    switch (FUZZ_KIND) {
    case KIND_DOMAIN: return mv_domain_def_format(def, 0);
    case KIND_NETWORK: return mv_network_def_format(def, 0);
    case KIND_INTERFACE: return mv_interface_def_format(def, 0);
    case KIND_POOL: return mv_storage_pool_def_format(def, 0);
    default: return mv_storage_vol_def_format(pool, def, 0);
    }
}

static void release(void *def)
{
    switch (FUZZ_KIND) {
    case KIND_DOMAIN: mv_domain_def_free(def); break;
    case KIND_NETWORK: mv_network_def_free(def); break;
    case KIND_INTERFACE: mv_interface_def_free(def); break;
    case KIND_POOL: mv_storage_pool_def_free(def); break;
    default: mv_storage_vol_def_free(def); break;
    }
}

static char *roundtrip(const char *xml)
{
    void *def = parse(xml);
    if (!def)
        return NULL;
    char *out = format(def);
    release(def);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!pool) {
        virSetErrorFunc(NULL, NULL);
        pool = mv_storage_pool_def_parse("<pool type='dir'><name>p</name>"
                                         "<target><path>/p</path></target></pool>", 0);
        if (!pool)
            abort();
    }
    char *xml = malloc(size + 1);
    memcpy(xml, data, size);
    xml[size] = '\0';
    char *first = roundtrip(xml);
    if (first) {
        char *second = roundtrip(first);
        if (!second || strcmp(first, second) != 0)
            abort();
        free(second);
    }
    free(first);
    free(xml);
    virResetLastError();
    return 0;
}
