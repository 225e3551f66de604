/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/paths.h — where a driver keeps its files, and safe names.
 *
 * A URI with ?root=DIR (embedded mode) puts every directory under DIR;
 * "/session" URIs use the user's XDG directories; anything else uses the
 * system directories modvirt was configured with. A core run uninstalled
 * from its build tree places those system and session directories under
 * BUILD/.run-root, so that it never writes to the host's; the environment
 * variable MODVIRT_RUN_ROOT=DIR places them under DIR, and
 * MODVIRT_RUN_ROOT=/ gives the real ones.
 */
#ifndef MODVIRT_PLUGIN_PATHS_H
#define MODVIRT_PLUGIN_PATHS_H

#include <stddef.h>
#include "abi.h"
#include "uri.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    MV_PATH_CONFIG = 0,  /* persistent definitions:  etc/<driver>   */
    MV_PATH_STATE = 1,   /* persistent state:        lib/<driver>   */
    MV_PATH_RUN = 2,     /* runtime status, sockets: run/<driver>   */
    MV_PATH_LOG = 3,     /* logs:                    log/<driver>   */
    MV_PATH_CACHE = 4,   /* caches:                  cache/<driver> */
} mv_path_kind;

/* The directory of KIND for DRIVER on the connection described by URI, as a
 * malloc'd string (not created). NULL with an error for a bad root=.
 * DRIVER "" gives the directory of KIND that holds the drivers' own, where
 * modvirtd keeps its sockets (run/: /run/modvirt, $XDG_RUNTIME_DIR/modvirt). */
char *mv_path_driver_dir(const mv_uri *uri, const char *driver, mv_path_kind kind);

/* The longest name mv_path_check_name accepts, in bytes: what is left of a
 * file name's 255 bytes once a driver adds a suffix of at most
 * MV_PATH_SUFFIX_MAX bytes (NAME.xml, NAME.status, NAME.hostsfile) and an
 * atomic write its temporary name (.NAME.SUFFIX.XXXXXX). A driver keeps its
 * suffixes within the bound, so every file it derives from a name it
 * accepted can be created. Since plugin ABI 1.2 (before: 255, which let
 * names through whose files could not be written). */
#define MV_PATH_SUFFIX_MAX 16
#define MV_PATH_NAME_MAX (255 - MV_PATH_SUFFIX_MAX - 8)

/* Checks that NAME can be used as one file name component: not empty, no
 * '/', not starting with '.', at most MV_PATH_NAME_MAX bytes, valid UTF-8
 * without control characters. Returns 0, or -1 with VIR_ERR_INVALID_ARG
 * reported for ERR_DOMAIN. WHAT names the object kind in the message
 * ("domain", "volume"). */
int mv_path_check_name(const char *name, const char *what, int err_domain);

/* Creates DIR and its parents with MODE. 0, or -1 with an error. */
int mv_file_mkdir_p(const char *dir, unsigned int mode);

/* Writes LEN bytes of DATA to PATH atomically: a temporary file in the same
 * directory, fsync, rename over PATH, fsync of the directory. A crash leaves
 * the old or the new content. 0, or -1 with an error and PATH untouched. */
int mv_file_write_atomic(const char *path, const char *data, size_t len,
                         unsigned int mode);

/* What mv_file_read_regular found (since plugin ABI 1.2). */
typedef enum {
    MV_FILE_READ_OK = 0,
    MV_FILE_READ_CANNOT_OPEN = 1,   /* *ERRNUM from open(2) */
    MV_FILE_READ_NOT_REGULAR = 2,   /* a directory, FIFO, device or socket */
    MV_FILE_READ_TOO_LARGE = 3,     /* more than MAX bytes */
    MV_FILE_READ_CANNOT_READ = 4,   /* *ERRNUM from fstat(2) or read(2) */
} mv_file_read_status;

/* Reads PATH whole into *TEXT (g_malloc'd, NUL-terminated; *LEN bytes, which
 * may include NULs) when it is a regular file of at most MAX bytes. It is
 * opened without blocking (a FIFO would wait for a writer forever) and read
 * for at most MAX + 1 bytes, even if it grows meanwhile (/dev/zero never
 * ends). Reports nothing: the caller words the error for its kind of file,
 * mv_file_read_cause gives the cause. *ERRNUM is set for the statuses that
 * come from a system call. Since plugin ABI 1.2. */
MV_PLUGIN_AVAILABLE_IN_1_2
mv_file_read_status mv_file_read_regular(const char *path, size_t max, char **text,
                                         size_t *len, int *errnum);
/* The cause of STATUS as text for an error message (g_malloc'd; NULL for
 * MV_FILE_READ_OK): "not a regular file", "larger than MAX bytes", or
 * strerror(ERRNUM). Since plugin ABI 1.2. */
MV_PLUGIN_AVAILABLE_IN_1_2
char *mv_file_read_cause(mv_file_read_status status, int errnum, size_t max);
/* mv_file_read_regular for a text file a driver keeps (a definition, a
 * status record): the text, or NULL with, when CAUSE is not NULL, *CAUSE
 * set to why (g_malloc'd, as mv_file_read_cause). Reports nothing. Since
 * plugin ABI 1.2. */
MV_PLUGIN_AVAILABLE_IN_1_2
char *mv_file_read_text(const char *path, size_t max, char **cause);
/* The most a definition or state file may hold: the XML parser's limit. */
#define MV_FILE_STATE_MAX (10 * 1024 * 1024)

/* Opens (creating it, mode 0600) and exclusively locks PATH with flock,
 * without waiting. Returns the fd (close-on-exec; the lock lasts while any
 * duplicate of it is open, so a child that inherits it keeps it), -2 when
 * another holder has the lock (nothing reported), or -1 with an error.
 * Since plugin ABI 1.1. */
MV_PLUGIN_AVAILABLE_IN_1_1
int mv_file_lock(const char *path);

/* Once per host boot, per root and driver: autostart. Claims, for DRIVER on
 * the root URI names, that its autostart has run this boot, as libvirt's
 * daemon autostarts when it starts. Returns 1 to exactly one caller per
 * boot, whichever process and thread it is in (it then starts the
 * autostart objects), 0 to every later one, or -1 with an error (nothing
 * claimed). The claim is the file "autostarted" in the driver's run
 * directory (mv_path_driver_dir(URI, DRIVER, MV_PATH_RUN), which must
 * exist), holding the boot id; a read-only connection must not call it.
 * Since plugin ABI 1.2. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_driver_autostart_claim(const mv_uri *uri, const char *driver);

/* The id of a domain DRIVER starts on the root URI names: 1 for the first
 * start after each host boot, then one more for each start, whichever
 * process starts it, so ids are small, increasing, and never given twice
 * to domains running on one root. Returns the id, or -1 with an error
 * (the start should then fail). Kept in the file "domain-ids" of the
 * driver's run directory, which must exist. Since plugin ABI 1.2. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_driver_next_id(const mv_uri *uri, const char *driver);

#ifdef __cplusplus
}
#endif

#endif
