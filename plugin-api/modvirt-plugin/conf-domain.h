/* modvirt-plugin/conf-domain.h — domain definitions: libvirt's <domain> XML
 * parsed into mv_domain_def, and formatted back.
 *
 * The core allocates every struct here and plugins only read and modify
 * fields: never allocate one, copy one by value or embed one. Fields are only
 * appended (ABI rule), sub-structures are reached through pointers, and
 * lists are arrays of pointers with a count.
 *
 * OWNER NOTE (issue 4): the lead wrote the skeleton below (virt types, parse
 * flags, xmlopt, the devices pointer); the domain-general author completes
 * mv_domain_def and the functions.
 */
#ifndef MODVIRT_PLUGIN_CONF_DOMAIN_H
#define MODVIRT_PLUGIN_CONF_DOMAIN_H

#include <stddef.h>
#include <libvirt/libvirt.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mv_domain_def mv_domain_def;
typedef struct mv_domain_devices mv_domain_devices;   /* conf-domain-devices.h */

/* <domain type='...'>: the values modvirt knows. */
typedef enum {
    MV_DOMAIN_VIRT_NONE = 0,
    MV_DOMAIN_VIRT_QEMU = 1,
    MV_DOMAIN_VIRT_KVM = 2,
    MV_DOMAIN_VIRT_LXC = 3,
    MV_DOMAIN_VIRT_TEST = 4,
} mv_domain_virt_type;

/* Parse flags. */
typedef enum {
    /* Ignore runtime-only data (id, live device names) in the input. */
    MV_DOMAIN_PARSE_INACTIVE = 1 << 0,
    /* Skip filling defaults (for tools that want the input as written). */
    MV_DOMAIN_PARSE_NO_DEFAULTS = 1 << 1,
} mv_domain_parse_flags;

/* What a driver tells the parser: its defaults and checks. Pass NULL for
 * generic defaults. Set `size` to sizeof(mv_domain_xmlopt). */
typedef struct mv_domain_xmlopt {
    size_t size;
    /* <domain type> values this driver accepts (NULL-terminated), e.g.
     * {"qemu", "kvm", NULL}; NULL accepts every known type. Others fail
     * with VIR_ERR_CONFIG_UNSUPPORTED. */
    const char *const *virt_types;
    const char *default_arch;      /* <os><type arch>: NULL = host arch */
    const char *default_machine;   /* <os><type machine>: NULL = none */
    const char *default_emulator;  /* <devices><emulator>: NULL = none */
    const char *default_os_type;   /* <os><type>: NULL = "hvm" */
    const char *mac_prefix;        /* generated MACs: NULL = "52:54:00" */
    /* Called after parsing and defaults, before validation succeeds: the
     * driver's own defaults and checks. 0, or -1 with an error. */
    int (*post_parse)(mv_domain_def *def, unsigned int flags, void *opaque);
    void *opaque;
} mv_domain_xmlopt;

#ifdef __cplusplus
}
#endif

#endif
