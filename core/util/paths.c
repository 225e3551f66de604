/* core/util/paths.c — driver directories for system, session and embedded
 * connections, and the check for names used as file names. */
#include "mv-config.h"
#include "core/api/error-internal.h"

#include <glib.h>
#include <string.h>

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

static char *to_malloc(char *s)
{
    char *r = strdup(s);
    g_free(s);
    return r;
}

char *mv_path_driver_dir(const mv_uri *uri, const char *driver, mv_path_kind kind)
{
    if (!driver || mv_path_check_name(driver, "driver", VIR_FROM_NONE) < 0)
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
    if (uri && uri->path && g_str_equal(uri->path, "/session"))
        return to_malloc(session_dir(kind, driver));
    return to_malloc(system_dir(kind, driver));
}

int mv_path_check_name(const char *name, const char *what, int err_domain)
{
    const char *why = NULL;
    if (!name || !*name)
        why = "must not be empty";
    else if (strlen(name) > 255)
        why = "is longer than 255 bytes";
    else if (!g_utf8_validate(name, -1, NULL))
        why = "is not valid UTF-8";
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
