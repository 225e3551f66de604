/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/abi.h — the plugin descriptor and the ABI version.
 *
 * A plugin is a shared module exporting one symbol, modvirt_plugin_entry,
 * that returns a pointer to a constant mv_plugin_descriptor. The core loads
 * the plugin only when abi_major equals its own and abi_minor, the oldest
 * minor the plugin needs, is not newer than its own.
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

/* The ABI these headers describe: the one place its number is written
 * (the build reads it from here). */
#define MV_PLUGIN_ABI_MAJOR 1
#define MV_PLUGIN_ABI_MINOR 2

/* The minors of ABI 1, for MV_PLUGIN_ABI_MIN_REQUIRED. */
#define MV_PLUGIN_ABI_1_0 0
#define MV_PLUGIN_ABI_1_1 1
#define MV_PLUGIN_ABI_1_2 2

/* The oldest core a plugin is meant to load into. Define it before the
 * first include (or with -D) to target an older core:
 *
 *     #define MV_PLUGIN_ABI_MIN_REQUIRED MV_PLUGIN_ABI_1_0
 *     #include <modvirt-plugin/plugin.h>
 *
 * The descriptor then declares that minor, slots and struct members added
 * later are hidden, and functions added later are marked unavailable, so
 * using any of them fails to compile instead of failing to load. Left
 * undefined, a plugin targets the minor of these headers. */
#ifndef MV_PLUGIN_ABI_MIN_REQUIRED
# define MV_PLUGIN_ABI_MIN_REQUIRED MV_PLUGIN_ABI_MINOR
#endif
#if MV_PLUGIN_ABI_MIN_REQUIRED < 0 || MV_PLUGIN_ABI_MIN_REQUIRED > MV_PLUGIN_ABI_MINOR
# error "MV_PLUGIN_ABI_MIN_REQUIRED is not a minor of the plugin ABI these headers describe"
#endif

#if defined(__has_attribute)
# if __has_attribute(unavailable)
#  define MV_PLUGIN_UNAVAILABLE_(msg) __attribute__((unavailable(msg)))
# endif
#endif
#ifndef MV_PLUGIN_UNAVAILABLE_
# define MV_PLUGIN_UNAVAILABLE_(msg) __attribute__((deprecated(msg)))
#endif

/* Marks a function by the minor that added it. */
#if MV_PLUGIN_ABI_MIN_REQUIRED < MV_PLUGIN_ABI_1_1
# define MV_PLUGIN_AVAILABLE_IN_1_1 \
    MV_PLUGIN_UNAVAILABLE_("needs plugin ABI 1.1: set MV_PLUGIN_ABI_MIN_REQUIRED to MV_PLUGIN_ABI_1_1")
#else
# define MV_PLUGIN_AVAILABLE_IN_1_1
#endif
#if MV_PLUGIN_ABI_MIN_REQUIRED < MV_PLUGIN_ABI_1_2
# define MV_PLUGIN_AVAILABLE_IN_1_2 \
    MV_PLUGIN_UNAVAILABLE_("needs plugin ABI 1.2: set MV_PLUGIN_ABI_MIN_REQUIRED to MV_PLUGIN_ABI_1_2")
#else
# define MV_PLUGIN_AVAILABLE_IN_1_2
#endif

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
    uint32_t abi_minor;       /* the oldest minor it needs: MV_PLUGIN_ABI_MIN_REQUIRED */
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
    .abi_minor = MV_PLUGIN_ABI_MIN_REQUIRED, \
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
