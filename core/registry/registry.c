/* core/registry/registry.c — plugin discovery at virInitialize and the
 * registration calls plugins make from their init.
 *
 * Directories come from MODVIRT_PLUGIN_DIR (':'-separated) or the configured
 * plugin directory, and are searched in that order, as PATH is: all of the
 * first directory's modules (*.so, in name order within it), then the
 * second's. The first plugin to claim a file name, plugin name or URI
 * scheme keeps it; a later one is listed as shadowed, with the file that
 * won (loader.c).
 */
#include "mv-config.h"
#include "core/registry/registry.h"
#include "core/registry/ctx.h"
#include "core/api/error-internal.h"
#include "core/util/secure.h"

#include <ltdl.h>
#include <string.h>
#include <sys/stat.h>

#define MV_LOG_SRC "registry"

static mv_registry registry;
static GOnce registry_once = G_ONCE_INIT;
static bool refused;   /* a setuid/setgid process: nothing is loaded */

const mv_network_driver mv_registry_no_network = { .size = sizeof(mv_network_driver) };
const mv_storage_driver mv_registry_no_storage = { .size = sizeof(mv_storage_driver) };
const mv_interface_driver mv_registry_no_interface = { .size = sizeof(mv_interface_driver) };

static gint compare_path(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Loads the *.so files of DIR, in name order. A missing or unreadable
 * directory is logged and counts as empty. A directory another user could
 * change is not trusted: its files are listed as skipped, with the reason,
 * and not loaded. */
static void load_dir(const char *dir, bool configured)
{
    struct stat st;
    g_autofree char *unsafe = stat(dir, &st) == 0 ? mv_registry_unsafe_reason(&st) : NULL;
    g_autoptr(GError) err = NULL;
    GDir *d = g_dir_open(dir, 0, &err);
    if (!d) {
        /* The installed directory is absent when no plugin package is
         * installed: worth a note, not a warning on every start. */
        mv_log(configured ? MV_LOG_WARN : MV_LOG_INFO, MV_LOG_SRC,
               "skipping plugin directory %s: %s", dir, err->message);
        return;
    }
    g_autoptr(GPtrArray) found = g_ptr_array_new();
    const char *ent;
    while ((ent = g_dir_read_name(d))) {
        if (g_str_has_suffix(ent, ".so") && ent[0] != '.')
            g_ptr_array_add(found, g_build_filename(dir, ent, NULL));
    }
    g_dir_close(d);
    g_ptr_array_sort(found, compare_path);
    g_autofree char *why = unsafe ? g_strdup_printf(
        "its directory %s is %s: plugins are loaded only from files and directories "
        "that no other user can change", dir, unsafe) : NULL;
    for (guint i = 0; i < found->len; i++) {
        if (why)
            mv_registry_skip_file(&registry, found->pdata[i], why);
        else
            mv_registry_load_file(&registry, found->pdata[i]);
        g_free(found->pdata[i]);
    }
}

static gpointer registry_load(gpointer unused)
{
    registry.plugins = g_ptr_array_new();
    registry.connects = g_ptr_array_new();
    registry.shared = g_ptr_array_new();

    /* As libvirt: a privileged program run by someone else would load
     * plugins and write logs where its caller's environment says. */
    if (mv_util_secure_execution()) {
        refused = true;
        return NULL;
    }
    if (lt_dlinit() != 0) {
        mv_log(MV_LOG_ERROR, MV_LOG_SRC, "libltdl failed to initialize: %s", lt_dlerror());
        return NULL;
    }

    const char *env = g_getenv("MODVIRT_PLUGIN_DIR");
    g_auto(GStrv) dirs = g_strsplit(env ? env : MV_PLUGINDIR, ":", -1);
    g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func(g_free);
    for (char **dir = dirs; *dir; dir++) {
        if (**dir == '\0')
            continue;
        char *abs = g_canonicalize_filename(*dir, NULL);
        if (g_ptr_array_find_with_equal_func(seen, abs, g_str_equal, NULL)) {
            g_free(abs);
            continue;
        }
        g_ptr_array_add(seen, abs);
        load_dir(abs, env != NULL);
    }

    mv_log(MV_LOG_DEBUG, MV_LOG_SRC, "%u plugin files, %u connect drivers, %u shared drivers",
           registry.plugins->len, registry.connects->len, registry.shared->len);
    return NULL;
}

int mv_registry_init(void)
{
    g_once(&registry_once, registry_load, NULL);
    if (refused) {
        mv_error_report(VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR,
                        "libmodvirt.so is not safe to use from setuid/setgid programs");
        return -1;
    }
    return 0;
}

const mv_registry *mv_registry_get(void)
{
    mv_registry_init();
    return &registry;
}

const char *mv_registry_package_for_scheme(const char *scheme)
{
    static const struct { const char *scheme, *plugin; } known[] = {
        { "test", "test" },
        { "qemu", "qemu" },
        { "lxc", "lxc" },
        { "storage", "storage-dir" },
        { "network", "bridge-net" },
        { "remote", "remote" },
    };
    if (!scheme)
        return NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(known); i++)
        if (g_str_equal(known[i].scheme, scheme))
            return known[i].plugin;
    return NULL;
}
