/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt/modvirt.h — modvirt's own additions to the libvirt API: the
 * library's version and the plugins it found. Include it after
 * <libvirt/libvirt.h>; nothing here is in libvirt's public headers.
 */
#ifndef MODVIRT_MODVIRT_H
#define MODVIRT_MODVIRT_H

#ifdef __cplusplus
extern "C" {
#endif

/* modvirt's version as major * 1000000 + minor * 1000 + micro, and as text. */
unsigned long modvirt_get_version(const char **text);

/* The plugin ABI this core provides. */
void modvirt_plugin_abi(unsigned int *major, unsigned int *minor);

/* One plugin file found at initialization. Allocated by the library; fields
 * are only ever added at the end. */
typedef struct modvirt_plugin_info {
    const char *name;
    const char *version;
    const char *description;
    const char *license;
    const char *file;
    unsigned int abi_major;
    unsigned int abi_minor;
    int loaded;                  /* 1 loaded, 0 skipped */
    const char *reason;          /* why it was skipped, or NULL */
    const char *const *drivers;  /* NULL-terminated: "connect TEST", "shared storage" */
    const char *const *schemes;  /* NULL-terminated URI schemes */
    /* Skipped because a plugin found first (an earlier directory, or an
     * earlier name in the same one) has its file name, plugin name or a URI
     * scheme: that plugin's file. NULL otherwise. */
    const char *shadowed_by;
} modvirt_plugin_info;

/* Initializes the library if needed and returns the plugins in load order
 * (the plugin directories in order, file names in order within each) as
 * a NULL-terminated array (count in *count if not NULL). Free it with
 * modvirt_plugin_list_free. */
modvirt_plugin_info **modvirt_plugin_list(int *count);
void modvirt_plugin_list_free(modvirt_plugin_info **list);

/* Whether the reader of stream ST is in data (*data = 1) or in a hole,
 * and for how many bytes (*length; 0 at the end). libvirt has this call
 * too, but only for its own daemon; drivers answer it (streams.h). */
int virStreamInData(virStreamPtr st, int *data, long long *length);

#ifdef __cplusplus
}
#endif

#endif
