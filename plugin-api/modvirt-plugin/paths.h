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
 * malloc'd string (not created). NULL with an error for a bad root=. */
char *mv_path_driver_dir(const mv_uri *uri, const char *driver, mv_path_kind kind);

/* Checks that NAME can be used as one file name component: not empty, no
 * '/', not starting with '.', at most 255 bytes, valid UTF-8. Returns 0, or
 * -1 with VIR_ERR_INVALID_ARG reported for ERR_DOMAIN. WHAT names the object
 * kind in the message ("domain", "volume"). */
int mv_path_check_name(const char *name, const char *what, int err_domain);

/* Creates DIR and its parents with MODE. 0, or -1 with an error. */
int mv_file_mkdir_p(const char *dir, unsigned int mode);

/* Writes LEN bytes of DATA to PATH atomically: a temporary file in the same
 * directory, fsync, rename over PATH, fsync of the directory. A crash leaves
 * the old or the new content. 0, or -1 with an error and PATH untouched. */
int mv_file_write_atomic(const char *path, const char *data, size_t len,
                         unsigned int mode);
/* Opens (creating it, mode 0600) and exclusively locks PATH with flock,
 * without waiting. Returns the fd (close-on-exec; the lock lasts while any
 * duplicate of it is open, so a child that inherits it keeps it), -2 when
 * another holder has the lock (nothing reported), or -1 with an error.
 * Since plugin ABI 1.1. */
MV_PLUGIN_AVAILABLE_IN_1_1
int mv_file_lock(const char *path);

#ifdef __cplusplus
}
#endif

#endif
