/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/driver-state.h — a stateful driver's state per root.
 *
 * Every connection a process opens on one root (qemu:///system,
 * lxc:///embed?root=DIR, ...) shares one state: the first open loads it
 * from the root's files, the last close frees it. The core keeps the table
 * of states, the root's directories, the read-only rule and the files every
 * driver writes the same way (definitions, autostart links, status files);
 * the driver keeps what it loaded, as DATA, and says how to load it.
 *
 * The read-only rule: a state first opened read-only creates no directory
 * and changes no file (the driver's load must not either: check
 * mv_driver_state_writable). The first read-write open makes the
 * directories and calls the class's open_rw with WAS_READONLY set, so the
 * driver does the clean-ups the read-only load left; every read-write open
 * calls open_rw, where a driver also runs its autostart once per host boot
 * (mv_driver_state_autostart_claim). Since plugin ABI 1.2.
 */
#ifndef MODVIRT_PLUGIN_DRIVER_STATE_H
#define MODVIRT_PLUGIN_DRIVER_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include "abi.h"
#include "paths.h"
#include "uri.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mv_driver_state mv_driver_state;

/* How a driver's state is made. Static; SIZE = sizeof(mv_driver_state_class):
 * members appended by later minors are read only when SIZE covers them,
 * as with the driver tables. DRIVER and LOAD are required. */
typedef struct mv_driver_state_class {
    size_t size;
    /* The driver's directory name under each root ("qemu" is
     * ROOT/etc/qemu, ROOT/run/qemu, ...). */
    const char *driver;
    /* The error domain of the driver's errors (VIR_FROM_QEMU, ...). */
    int error_domain;
    /* The directories a read-write state creates, as 1 << mv_path_kind:
     * MV_PATH_CONFIG (with its autostart/ directory) and MV_PATH_RUN are
     * always made; add MV_PATH_STATE, MV_PATH_LOG, MV_PATH_CACHE as used. */
    unsigned int dirs;
    /* Loads a new state (the first open of its root in this process, with
     * the URI being opened): returns the driver's DATA, or NULL with an
     * error. Called with no lock of the driver's held; no other connection
     * sees ST yet. */
    void *(*load)(mv_driver_state *st, const mv_uri *uri);
    /* Optional: each read-write open of ST, with the URI being opened.
     * FRESH: this open just loaded the state (writable). WAS_READONLY:
     * only read-only connections had it until now, so the directories are
     * new and the clean-ups the read-only load left are due. 0, or -1 with
     * an error (the open fails). */
    int (*open_rw)(mv_driver_state *st, void *data, const mv_uri *uri, bool fresh,
                   bool was_readonly);
    /* Frees DATA, after the last connection closed. */
    void (*free)(void *data);
} mv_driver_state_class;

/* The state of CLS's driver for the root URI names, loaded at its first
 * acquire in this process; READONLY as the connection's VIR_CONNECT_RO.
 * NULL with an error. */
MV_PLUGIN_AVAILABLE_IN_1_2
mv_driver_state *mv_driver_state_acquire(const mv_driver_state_class *cls, const mv_uri *uri,
                                         bool readonly);
/* Another reference (a thread that outlives the connection that started it). */
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_driver_state_ref(mv_driver_state *st);
/* Drops a reference; the last one frees the driver's data and the state. */
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_driver_state_release(mv_driver_state *st);

/* What load returned. */
MV_PLUGIN_AVAILABLE_IN_1_2
void *mv_driver_state_data(const mv_driver_state *st);
/* Whether a read-write connection opened ST: whether it may change files. */
MV_PLUGIN_AVAILABLE_IN_1_2
bool mv_driver_state_writable(const mv_driver_state *st);
/* The directory of KIND for ST's root (owned by ST). */
MV_PLUGIN_AVAILABLE_IN_1_2
const char *mv_driver_state_dir(const mv_driver_state *st, mv_path_kind kind);
/* KIND's directory/NAME SUFFIX (g_malloc'd). */
MV_PLUGIN_AVAILABLE_IN_1_2
char *mv_driver_state_path(const mv_driver_state *st, mv_path_kind kind, const char *name,
                           const char *suffix);

/* Persistent definitions: CONFIG/NAME.xml, written atomically (mode 0600).
 * 0, or -1 with an error and the old file intact. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_driver_state_config_save(mv_driver_state *st, const char *name, const char *xml);
/* Removes CONFIG/NAME.xml and its autostart link (either may be missing).
 * 0, or -1 with an error. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_driver_state_config_remove(mv_driver_state *st, const char *name);
/* Autostart, as libvirt: CONFIG/autostart/NAME.xml, a symlink to the
 * definition. 0, or -1 with an error. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_driver_state_autostart_set(mv_driver_state *st, const char *name, bool on);
MV_PLUGIN_AVAILABLE_IN_1_2
bool mv_driver_state_autostart_get(const mv_driver_state *st, const char *name);

/* A status file while an object runs: RUN/NAME SUFFIX holding TEXT,
 * written atomically. On failure the error says what could not be
 * recorded and why ("cannot save the status of WHAT 'NAME': CAUSE", the
 * cause's error code kept) and -1 is returned: the caller undoes the start. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_driver_state_status_save(mv_driver_state *st, const char *what, const char *name,
                                const char *suffix, const char *text);
/* Removes RUN/NAME SUFFIX; a failure other than "missing" is logged. */
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_driver_state_status_remove(mv_driver_state *st, const char *name, const char *suffix);

/* Calls FN for each file NAME SUFFIX of KIND's directory, in name order,
 * with NAME (the file's name without SUFFIX) and its text; files that are
 * not regular, larger than MV_FILE_STATE_MAX or unreadable are logged and
 * skipped, as are hidden ones. */
typedef void (*mv_driver_state_file_fn)(mv_driver_state *st, const char *name,
                                        const char *text, void *opaque);
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_driver_state_foreach_file(mv_driver_state *st, mv_path_kind kind, const char *suffix,
                                  mv_driver_state_file_fn fn, void *opaque);

/* mv_driver_autostart_claim and mv_driver_next_id for ST's root. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_driver_state_autostart_claim(mv_driver_state *st);
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_driver_state_next_id(mv_driver_state *st);

#ifdef __cplusplus
}
#endif

#endif
