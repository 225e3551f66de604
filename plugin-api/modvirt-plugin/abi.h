/* modvirt-plugin/abi.h — the plugin descriptor and the ABI version.
 *
 * A plugin is a shared module exporting one symbol, modvirt_plugin_entry,
 * that returns a pointer to a constant mv_plugin_descriptor. The core loads
 * the plugin only when abi_major equals its own and abi_minor is not newer.
 * The descriptor is append-only: fields are only ever added at the end and
 * struct_size tells the core how much of it the plugin knows.
 */
#ifndef MODVIRT_PLUGIN_ABI_H
#define MODVIRT_PLUGIN_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MV_PLUGIN_ABI_MAJOR 1
#define MV_PLUGIN_ABI_MINOR 1

#define MV_PLUGIN_ENTRY_SYMBOL "modvirt_plugin_entry"

#if defined(__GNUC__)
# define MV_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
# define MV_PLUGIN_EXPORT
#endif

/* Handle passed to a plugin's init; drivers are registered through it. */
typedef struct mv_plugin_ctx mv_plugin_ctx;

typedef struct mv_plugin_descriptor {
    uint32_t abi_major;       /* MV_PLUGIN_ABI_MAJOR the plugin was built with */
    uint32_t abi_minor;       /* MV_PLUGIN_ABI_MINOR the plugin was built with */
    uint32_t struct_size;     /* sizeof(mv_plugin_descriptor) at build time */
    const char *name;         /* unique plugin name: [a-z0-9_-]+ */
    const char *version;      /* the plugin's own version string */
    const char *description;  /* one line for plugin-list */
    const char *license;      /* SPDX identifier */
    /* Registers the plugin's drivers. Returns 0, or -1 with an error
     * reported through mv_error_report(); the plugin is then skipped. */
    int (*init)(mv_plugin_ctx *ctx);
} mv_plugin_descriptor;

typedef const mv_plugin_descriptor *(*mv_plugin_entry_fn)(void);

/* Initializer for the three leading fields of a descriptor. */
#define MV_PLUGIN_DESCRIPTOR_HEADER \
    .abi_major = MV_PLUGIN_ABI_MAJOR, \
    .abi_minor = MV_PLUGIN_ABI_MINOR, \
    .struct_size = sizeof(mv_plugin_descriptor)

/* Defines the entry symbol returning DESC (a static const descriptor). */
#define MV_PLUGIN_DEFINE(desc) \
    MV_PLUGIN_EXPORT const mv_plugin_descriptor *modvirt_plugin_entry(void); \
    MV_PLUGIN_EXPORT const mv_plugin_descriptor *modvirt_plugin_entry(void) \
    { return &(desc); }

#ifdef __cplusplus
}
#endif

#endif
