/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/paths.c — driver directories for system, session and embedded
 * connections, and the check for names used as file names.
 *
 * System and session directories are the configured FHS and XDG paths,
 * except in a build that is run uninstalled: a developer running mvsh or
 * the tests from the build tree must not create or change the host's
 * /etc, /var, /run or home directory files. When the core is loaded from a
 * file inside the build tree it was compiled in (MV_BUILD_ROOT), the same
 * paths are placed under MV_BUILD_ROOT/.run-root instead: qemu:///system
 * keeps its definitions in BUILD/.run-root/etc/modvirt/qemu for a /usr
 * build. MODVIRT_RUN_ROOT=DIR places them under DIR for any build, and
 * MODVIRT_RUN_ROOT=/ asks for the real paths. Embedded connections
 * (?root=DIR) name their root themselves and are never moved. */
#include "mv-config.h"
#include "core/util/error.h"
#include "core/util/build-tree.h"
#include <modvirt-plugin/log.h>
#include <modvirt-plugin/paths.h>

#include <dlfcn.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#define MV_LOG_SRC "paths"
#define RUN_ROOT_ENV "MODVIRT_RUN_ROOT"
#define BUILD_RUN_ROOT ".run-root"

static const char *const embed_sub[] = { "etc", "lib", "run", "log", "cache" };

static char *system_dir(mv_path_kind kind, const char *driver)
{
    switch (kind) {
    case MV_PATH_CONFIG: return g_build_filename(MV_SYSCONFDIR, "modvirt", driver, NULL);
    case MV_PATH_STATE: return g_build_filename(MV_LOCALSTATEDIR, "lib", "modvirt", driver, NULL);
    case MV_PATH_RUN: return g_build_filename(MV_RUNSTATEDIR, "modvirt", driver, NULL);
    case MV_PATH_LOG: return g_build_filename(MV_LOCALSTATEDIR, "log", "modvirt", driver, NULL);
    default: return g_build_filename(MV_LOCALSTATEDIR, "cache", "modvirt", driver, NULL);
    }
}

static char *session_dir(mv_path_kind kind, const char *driver)
{
    switch (kind) {
    case MV_PATH_CONFIG: return g_build_filename(g_get_user_config_dir(), "modvirt", driver, NULL);
    case MV_PATH_STATE: return g_build_filename(g_get_user_data_dir(), "modvirt", driver, NULL);
    case MV_PATH_RUN: return g_build_filename(g_get_user_runtime_dir(), "modvirt", driver, NULL);
    case MV_PATH_LOG: return g_build_filename(g_get_user_state_dir(), "modvirt", "log", driver, NULL);
    default: return g_build_filename(g_get_user_cache_dir(), "modvirt", driver, NULL);
    }
}

/* The file the running core's code was loaded from, resolved (malloc'd), or
 * NULL. For code linked into the executable (the unit tests link the core
 * statically) glibc reports argv[0], which may be relative to a directory
 * the process has left, so the kernel's name for the executable is used. */
static char *core_file(void)
{
    static const char anchor = 0;   /* any object of the core will do */
    Dl_info info;
    if (dladdr(&anchor, &info) == 0 || !info.dli_fname || !*info.dli_fname ||
        strcmp(info.dli_fname, program_invocation_name) == 0)
        return realpath("/proc/self/exe", NULL);
    return realpath(info.dli_fname, NULL);
}

/* The build tree when the core runs uninstalled, else NULL; decided once.
 * Comparing resolved paths keeps a build tree reached through a symlink
 * uninstalled, and an installed core (its build tree removed, or the core
 * copied elsewhere by meson install) installed. */
static gpointer detect_build_root(gpointer unused)
{
    char *build = realpath(MV_BUILD_ROOT, NULL);
    char *file = build ? core_file() : NULL;
    size_t len = build ? strlen(build) : 0;
    bool inside = file && strncmp(file, build, len) == 0 && file[len] == '/';
    free(file);
    if (!inside) {
        free(build);
        return NULL;
    }
    return build;
}

const char *mv_util_uninstalled_build_root(void)
{
    static GOnce once = G_ONCE_INIT;
    return g_once(&once, detect_build_root, NULL);
}

/* The directory system and session paths are placed under: MODVIRT_RUN_ROOT
 * when set, else BUILD/.run-root for an uninstalled core. *ROOT is NULL for
 * the real paths. Returns 0, or -1 with an error for a relative variable. */
static int run_root(char **root)
{
    *root = NULL;
    const char *env = g_getenv(RUN_ROOT_ENV);
    if (env && *env) {
        if (env[0] != '/') {
            mv_error_report(VIR_FROM_NONE, VIR_ERR_INVALID_ARG,
                            "%s='%s' must be an absolute path", RUN_ROOT_ENV, env);
            return -1;
        }
        g_autofree char *canon = g_canonicalize_filename(env, NULL);
        if (strcmp(canon, "/") != 0)
            *root = g_steal_pointer(&canon);
        return 0;
    }
    const char *build = mv_util_uninstalled_build_root();
    if (!build)
        return 0;
    *root = g_build_filename(build, BUILD_RUN_ROOT, NULL);
    static gsize logged;
    if (g_once_init_enter(&logged)) {
        mv_log(MV_LOG_INFO, MV_LOG_SRC,
               "running uninstalled from the build tree %s: system and session "
               "directories are under %s (%s=/ for the real ones)",
               build, *root, RUN_ROOT_ENV);
        g_once_init_leave(&logged, 1);
    }
    return 0;
}

static char *to_malloc(char *s)
{
    char *r = strdup(s);
    g_free(s);
    return r;
}

/* DIR placed under ROOT (DIR is absolute), or DIR itself without a root. */
static char *under_root(const char *root, char *dir)
{
    if (!root)
        return dir;
    char *moved = g_build_filename(root, dir, NULL);
    g_free(dir);
    return moved;
}

char *mv_path_driver_dir(const mv_uri *uri, const char *driver, mv_path_kind kind)
{
    if (!driver || (*driver && mv_path_check_name(driver, "driver", VIR_FROM_NONE) < 0))
        return NULL;
    if ((unsigned)kind > MV_PATH_CACHE) {
        mv_error_report(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "unknown path kind %d", kind);
        return NULL;
    }
    const char *root = uri ? mv_uri_get_param(uri, "root") : NULL;
    if (root) {
        if (root[0] != '/') {
            mv_error_report(VIR_FROM_NONE, VIR_ERR_INVALID_ARG,
                            "root '%s' in URI must be an absolute path", root);
            return NULL;
        }
        g_autofree char *canon = g_canonicalize_filename(root, NULL);
        return to_malloc(g_build_filename(canon, embed_sub[kind], driver, NULL));
    }
    g_autofree char *moved_to = NULL;
    if (run_root(&moved_to) < 0)
        return NULL;
    bool session = uri && uri->path && g_str_equal(uri->path, "/session");
    char *dir = session ? session_dir(kind, driver) : system_dir(kind, driver);
    return to_malloc(under_root(moved_to, dir));
}

/* MV_PATH_NAME_MAX as a literal for the message, kept equal by the check below. */
#define MV_PATH_NAME_LIMIT 231
G_STATIC_ASSERT(MV_PATH_NAME_LIMIT == MV_PATH_NAME_MAX);

static bool has_control_char(const char *utf8)
{
    for (const char *c = utf8; *c; c = g_utf8_next_char(c))
        if (g_unichar_iscntrl(g_utf8_get_char(c)))
            return true;
    return false;
}

int mv_path_check_name(const char *name, const char *what, int err_domain)
{
    const char *why = NULL;
    if (!name || !*name)
        why = "must not be empty";
    else if (strlen(name) > MV_PATH_NAME_MAX)
        why = "is longer than the " G_STRINGIFY(MV_PATH_NAME_LIMIT) " bytes a file name leaves";
    else if (!g_utf8_validate(name, -1, NULL))
        why = "is not valid UTF-8";
    else if (has_control_char(name))
        why = "must not contain control characters";
    else if (strchr(name, '/'))
        why = "must not contain '/'";
    else if (name[0] == '.')
        why = "must not start with '.'";
    if (!why)
        return 0;
    mv_error_report(err_domain, VIR_ERR_INVALID_ARG, "%s name '%s' %s",
                    what ? what : "object",
                    name && g_utf8_validate(name, -1, NULL) ? name : "", why);
    return -1;
}
