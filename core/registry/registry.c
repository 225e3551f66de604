/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/registry/registry.c — what the plugin directories hold, learnt at
 * virInitialize, and loading plugins when a connection needs them.
 *
 * Directories come from MODVIRT_PLUGIN_DIR (':'-separated) or the configured
 * plugin directory, and are searched in that order, as PATH is: all of the
 * first directory's modules (*.so, in name order within it), then the
 * second's. Each file is known from the plugin cache, or learnt by the
 * plugin scanner (scan.c). The first usable plugin to claim a file name,
 * plugin name or URI scheme keeps it; a later one is shadowed, with the
 * file that won, and never loaded.
 */
#include "mv-config.h"
#include "core/registry/registry.h"
#include "core/registry/ctx.h"
#include "core/util/error.h"
#include "core/util/secure.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#define MV_LOG_SRC "registry"

/* A plugin file as this process knows it: its record, or, for a usable
 * plugin of an unchanged directory, its cache line and what choosing and
 * loading plugins needs of it; the record is made when it is needed
 * (entry_plugin). */
typedef struct {
    mv_registry_plugin *plugin;
    const char *line;
    mv_registry_brief brief;
} entry;

static mv_registry registry;
static GArray *entries;        /* entry, directory order */
static mv_registry_index schemes;   /* URI scheme -> the entry that serves it */
static GPtrArray *scheme_keys; /* copies of the schemes of records made at init */
static bool listed;            /* registry.plugins holds every record */
static GOnce registry_once = G_ONCE_INIT;
static GMutex registry_lock;   /* loads, records made, and the arrays they append to */
static bool refused;           /* a setuid/setgid process: nothing is loaded */
static bool scanner_mode;      /* this process is the plugin scanner */
static mv_registry_cache *plugin_cache;   /* read at init, kept: records point into it */

const mv_network_driver mv_registry_no_network = { .size = sizeof(mv_network_driver) };
const mv_storage_driver mv_registry_no_storage = { .size = sizeof(mv_storage_driver) };
const mv_interface_driver mv_registry_no_interface = { .size = sizeof(mv_interface_driver) };

static gint compare_path(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void file_id(const struct stat *st, mv_registry_file_id *id)
{
    id->dev = st->st_dev;
    id->ino = st->st_ino;
    id->size = (uint64_t)st->st_size;
    id->mtime_ns = st->st_mtim.tv_sec * G_GINT64_CONSTANT(1000000000) + st->st_mtim.tv_nsec;
    id->ctime_ns = st->st_ctim.tv_sec * G_GINT64_CONSTANT(1000000000) + st->st_ctim.tv_nsec;
}

static entry *entry_at(guint i)
{
    return &g_array_index(entries, entry, i);
}

/* The record of E, made from its cache line the first time: such a
 * plugin is checked (identity, safety) before it loads (recheck). */
static mv_registry_plugin *entry_plugin(entry *e)
{
    if (!e->plugin) {
        g_autofree char *path = g_strndup(e->brief.file, e->brief.file_len);
        mv_registry_plugin *p = mv_registry_plugin_new(path);
        if (!mv_registry_cache_line(p, e->line))
            p->id = (mv_registry_file_id){ 0 };   /* learnt again before it loads */
        p->usable = true;
        p->unchecked = true;
        e->plugin = p;
    }
    return e->plugin;
}

static bool entry_usable(const entry *e)
{
    return e->plugin ? e->plugin->usable : e->brief.usable;
}

/* Checks the file of P (stat) and its safety: false when refused. */
static bool check_file(mv_registry_plugin *p)
{
    struct stat st;
    if (stat(p->file, &st) < 0) {
        mv_registry_plugin_refuse(p, "cannot read the file: %s", g_strerror(errno));
        return false;
    }
    g_autofree char *unsafe = mv_registry_unsafe_reason(&st);
    if (unsafe) {
        mv_registry_plugin_refuse(p, "the file is %s: plugins are loaded only from files and "
                                  "directories that no other user can change", unsafe);
        return false;
    }
    file_id(&st, &p->id);
    return true;
}

/* A record for the plugin file PATH: refused when its directory is unsafe
 * (DIR_UNSAFE); otherwise checked, and known from the cache or added to
 * TO_SCAN. */
static void add_file(const char *path, const char *dir_unsafe, mv_registry_cache *cache,
                     GPtrArray *to_scan)
{
    mv_registry_plugin *p = mv_registry_plugin_new(path);
    entry e = { .plugin = p };
    g_array_append_val(entries, e);
    if (dir_unsafe) {
        mv_registry_plugin_refuse(p, "%s", dir_unsafe);
        return;
    }
    if (!check_file(p))
        return;
    if (!mv_registry_cache_lookup(cache, p, false))
        g_ptr_array_add(to_scan, p);
}

/* The files of the unchanged directory DIR, from the list LIST of its
 * cache line: a usable plugin is taken as the cache knows it, without
 * looking at the file or making a record; any other file is checked as in
 * a changed directory (a refused one may have been fixed). */
static void add_known(const char *dir, const char *list, mv_registry_cache *cache,
                      GPtrArray *to_scan)
{
    g_autoptr(GString) path = g_string_new(dir);
    g_string_append_c(path, '/');
    size_t dir_len = path->len;
    const char *end = list + strlen(list), *name;
    size_t len;
    while ((name = mv_registry_list_next(&list, end, &len))) {
        g_string_truncate(path, dir_len);
        g_string_append_len(path, name, (gssize)len);
        entry e = { 0 };
        const char *record;
        e.line = mv_registry_cache_find(cache, path->str, path->len, &record);
        if (e.line && mv_registry_record_brief(record, &e.brief) && e.brief.usable)
            g_array_append_val(entries, e);
        else
            add_file(path->str, NULL, cache, to_scan);
    }
}

/* The *.so names of DIR into NAMES, in order; false when it cannot be read. */
static bool read_dir(const char *dir, bool configured, GPtrArray *names)
{
    g_autoptr(GError) err = NULL;
    GDir *d = g_dir_open(dir, 0, &err);
    if (!d) {
        /* The installed directory is absent when no plugin package is
         * installed: worth a note, not a warning on every start. */
        mv_log(configured ? MV_LOG_WARN : MV_LOG_INFO, MV_LOG_SRC,
               "skipping plugin directory %s: %s", dir, err->message);
        return false;
    }
    const char *ent;
    while ((ent = g_dir_read_name(d)))
        if (g_str_has_suffix(ent, ".so") && ent[0] != '.')
            g_ptr_array_add(names, g_strdup(ent));
    g_dir_close(d);
    g_ptr_array_sort(names, compare_path);
    return true;
}

/* Lists the *.so files of DIR, in name order: from the cache when the
 * directory is unchanged, else from the directory. A missing or unreadable
 * directory is logged and counts as empty. A directory another user could
 * change is not trusted: its files are listed as skipped, with the reason,
 * and never opened. */
static void list_dir(const char *dir, bool configured, mv_registry_cache *cache,
                     GPtrArray *to_scan)
{
    struct stat st;
    mv_registry_file_id id = { 0 };
    g_autofree char *unsafe = NULL;
    if (stat(dir, &st) == 0) {
        unsafe = mv_registry_unsafe_reason(&st);
        file_id(&st, &id);
    }
    const char *known = !unsafe && id.ino ? mv_registry_cache_dir(cache, dir, &id) : NULL;
    if (known) {
        add_known(dir, known, cache, to_scan);
        return;
    }
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    if (!read_dir(dir, configured, names))
        return;
    if (!unsafe && id.ino)
        mv_registry_cache_store_dir(cache, dir, &id, names);
    g_autofree char *why = unsafe ? g_strdup_printf(
        "its directory %s is %s: plugins are loaded only from files and directories "
        "that no other user can change", dir, unsafe) : NULL;
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *path = g_strconcat(dir, "/", names->pdata[i], NULL);
        add_file(path, why, cache, to_scan);
    }
}

/* What entry E claims: its file name, its plugin name and, one by one
 * (claims_scheme), its URI schemes. */
typedef struct {
    const entry *e;
    const char *base, *name;
    size_t base_len, name_len;
    const char *pos, *end;   /* schemes of a cache line */
    guint k;                 /* schemes of a record */
} claims;

static void claims_of(const entry *e, claims *c)
{
    *c = (claims){ .e = e };
    if (e->plugin) {
        c->base = strrchr(e->plugin->file, '/') + 1;
        c->base_len = strlen(c->base);
        c->name = e->plugin->name;
        c->name_len = strlen(c->name);
        return;
    }
    const mv_registry_brief *b = &e->brief;
    const char *slash = memrchr(b->file, '/', b->file_len);
    c->base = slash ? slash + 1 : b->file;
    c->base_len = b->file_len - (size_t)(c->base - b->file);
    c->name = b->name;
    c->name_len = b->name_len;
    c->pos = b->schemes;
    c->end = b->schemes + b->schemes_len;
}

static const char *claims_scheme(claims *c, size_t *len)
{
    if (c->e->plugin) {
        GPtrArray *a = c->e->plugin->schemes;
        if (c->k >= a->len)
            return NULL;
        const char *s = a->pdata[c->k++];
        *len = strlen(s);
        return s;
    }
    return mv_registry_list_next(&c->pos, c->end, len);
}

static void shadow(entry *e, entry *winner, const char *what)
{
    mv_registry_plugin_shadow(entry_plugin(e), entry_plugin(winner), what);
}

/* The first usable plugin keeps its file name, plugin name and schemes;
 * a later one that has any of them is shadowed. One pass, with the claims
 * made so far in three indexes; the schemes' stays, to find the plugin of
 * a URI. */
static void decide_shadowing(void)
{
    mv_registry_index bases = { 0 }, names = { 0 };
    mv_registry_index_reserve(&bases, entries->len);
    mv_registry_index_reserve(&names, entries->len);
    mv_registry_index_reserve(&schemes, entries->len);
    for (guint i = 0; i < entries->len; i++) {
        entry *e = entry_at(i), *winner;
        if (!entry_usable(e))
            continue;
        claims c;
        claims_of(e, &c);
        const char *s;
        size_t len;
        if ((winner = mv_registry_index_lookup(&bases, c.base, c.base_len))) {
            shadow(e, winner, "file name");
            continue;
        }
        if ((winner = mv_registry_index_lookup(&names, c.name, c.name_len))) {
            g_autofree char *what = g_strdup_printf("plugin name '%.*s'", (int)c.name_len,
                                                    c.name);
            shadow(e, winner, what);
            continue;
        }
        while ((s = claims_scheme(&c, &len)))
            if ((winner = mv_registry_index_lookup(&schemes, s, len))) {
                g_autofree char *what = g_strdup_printf("URI scheme '%.*s'", (int)len, s);
                shadow(e, winner, what);
                break;
            }
        if (winner)
            continue;
        mv_registry_index_put(&bases, c.base, c.base_len, e);
        mv_registry_index_put(&names, c.name, c.name_len, e);
        /* A record's schemes change when it loads: the index keeps copies. */
        claims_of(e, &c);
        while ((s = claims_scheme(&c, &len))) {
            if (e->plugin) {
                s = g_strndup(s, len);
                g_ptr_array_add(scheme_keys, (char *)s);
            }
            mv_registry_index_put(&schemes, s, len, e);
        }
    }
    mv_registry_index_clear(&bases);
    mv_registry_index_clear(&names);
}

static gpointer registry_load(gpointer unused)
{
    registry.plugins = g_ptr_array_new();
    registry.loaded = g_ptr_array_new();
    registry.connects = g_ptr_array_new();
    registry.shared = g_ptr_array_new();
    entries = g_array_new(FALSE, FALSE, sizeof(entry));
    scheme_keys = g_ptr_array_new_with_free_func(g_free);

    /* As libvirt: a privileged program run by someone else would load
     * plugins and write logs where its caller's environment says. */
    if (mv_util_secure_execution()) {
        refused = true;
        return NULL;
    }
    if (scanner_mode)
        return NULL;

    const char *env = g_getenv("MODVIRT_PLUGIN_DIR");
    g_auto(GStrv) dirs = g_strsplit(env ? env : MV_PLUGINDIR, ":", -1);
    g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) to_scan = g_ptr_array_new();
    mv_registry_cache *cache = plugin_cache = mv_registry_cache_read();
    for (char **dir = dirs; *dir; dir++) {
        if (**dir == '\0')
            continue;
        char *abs = g_canonicalize_filename(*dir, NULL);
        if (g_ptr_array_find_with_equal_func(seen, abs, g_str_equal, NULL)) {
            g_free(abs);
            continue;
        }
        g_ptr_array_add(seen, abs);
        list_dir(abs, env != NULL, cache, to_scan);
    }
    if (to_scan->len) {
        mv_registry_scan(to_scan);
        for (guint i = 0; i < to_scan->len; i++)
            mv_registry_cache_store(cache, to_scan->pdata[i]);
    }
    mv_registry_cache_write(cache);   /* when something was learnt */
    decide_shadowing();

    mv_log(MV_LOG_DEBUG, MV_LOG_SRC, "%u plugin files, %u learnt now", entries->len,
           to_scan->len);
    return NULL;
}

void mv_registry_scanner_mode(void)
{
    scanner_mode = true;
    mv_registry_init();
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

/* Before P, known from an unchanged directory, is loaded: it must still be
 * safe, and a file changed in place since it was cached is learnt again by
 * the scanner. False when it can no longer be loaded. */
static bool recheck(mv_registry_plugin *p)
{
    if (!p->unchecked)
        return true;
    p->unchecked = false;
    mv_registry_file_id was = p->id;
    if (!check_file(p))
        return false;
    if (memcmp(&was, &p->id, sizeof(was)) == 0)
        return true;
    mv_log(MV_LOG_DEBUG, MV_LOG_SRC, "plugin %s changed since it was cached: learning it "
           "again", p->file);
    g_autoptr(GPtrArray) one = g_ptr_array_new();
    g_ptr_array_add(one, p);
    mv_registry_scan(one);
    mv_registry_cache_store(plugin_cache, p);
    mv_registry_cache_write(plugin_cache);
    return p->usable;
}

/* A per-driver daemon's plugins (mv_registry_restrict): their names, and
 * the remote plugin's; NULL when every plugin may load. Set once, before
 * anything loads. */
static GHashTable *allowed;

static bool entry_allowed(const entry *e)
{
    if (!allowed)
        return true;
    claims c;
    claims_of(e, &c);
    g_autofree char *name = g_strndup(c.name, c.name_len);
    return g_hash_table_contains(allowed, name);
}

/* The usable entry of the plugin named NAME, or NULL. */
static entry *entry_named(const char *name)
{
    for (guint i = 0; i < entries->len; i++) {
        entry *e = entry_at(i);
        if (!entry_usable(e))
            continue;
        claims c;
        claims_of(e, &c);
        if (c.name_len == strlen(name) && !memcmp(c.name, name, c.name_len))
            return e;
    }
    return NULL;
}

int mv_registry_restrict(const char *const *names, GPtrArray **daemon_names, char **err)
{
    mv_registry_init();
    g_autoptr(GHashTable) set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func(g_free);
    for (size_t i = 0; names[i]; i++) {
        const char *name = names[i];
        if (!strcmp(name, "remote")) {
            *err = g_strdup("the remote plugin reaches other daemons: it is not a driver a "
                            "daemon serves");
            return -1;
        }
        g_mutex_lock(&registry_lock);
        entry *e = entry_named(name);
        if (!e) {
            g_mutex_unlock(&registry_lock);
            *err = g_strdup_printf("no usable plugin named '%s' is installed (see mvsh "
                                   "plugin-list)", name);
            return -1;
        }
        claims c;
        claims_of(e, &c);
        const char *s;
        size_t len;
        bool any = false;
        while ((s = claims_scheme(&c, &len))) {
            g_ptr_array_add(out, g_strndup(s, len));
            any = true;
        }
        if (!any)   /* a plugin without a URI scheme: named after the plugin */
            g_ptr_array_add(out, g_strdup(name));
        g_mutex_unlock(&registry_lock);
        g_hash_table_add(set, g_strdup(name));
    }
    g_hash_table_add(set, g_strdup("remote"));
    allowed = g_steal_pointer(&set);
    *daemon_names = g_steal_pointer(&out);
    return 0;
}

bool mv_registry_restricted(void)
{
    return allowed != NULL;
}

bool mv_registry_serves(const char *scheme)
{
    if (!allowed)
        return true;
    if (!scheme)
        return false;
    mv_registry_init();
    g_mutex_lock(&registry_lock);
    const entry *e = mv_registry_index_lookup(&schemes, scheme, strlen(scheme));
    bool ret = e && entry_allowed(e);
    g_mutex_unlock(&registry_lock);
    return ret;
}

/* Loads every usable plugin not loaded yet for which WANTED says yes. */
static void load_where(bool (*wanted)(const entry *e, const void *arg), const void *arg)
{
    mv_registry_init();
    g_mutex_lock(&registry_lock);
    for (guint i = 0; i < entries->len; i++) {
        entry *e = entry_at(i);
        if (!entry_usable(e) || (e->plugin && e->plugin->loaded) || !wanted(e, arg)
            || !entry_allowed(e))
            continue;
        mv_registry_plugin *p = entry_plugin(e);
        if (recheck(p))
            mv_registry_plugin_load(&registry, p);
    }
    g_mutex_unlock(&registry_lock);
}

typedef struct {
    const char *scheme;
    const entry *served_by;   /* in the index */
} scheme_wanted;

static bool serves_scheme(const entry *e, const void *arg)
{
    const scheme_wanted *w = arg;
    const mv_registry_plugin *p = e->plugin;
    if (!w->scheme)
        return p ? p->has_probe : e->brief.has_probe;
    if (!p)   /* as cached: every scheme it claims is indexed to it */
        return e->brief.any_scheme || w->served_by == e;
    return p->any_scheme ||
        g_ptr_array_find_with_equal_func(p->schemes, w->scheme, g_str_equal, NULL);
}

static bool has_shared(const entry *e, const void *unused)
{
    return (e->plugin ? e->plugin->shared_kinds : e->brief.shared_kinds) != 0;
}

static bool any(const entry *e, const void *unused)
{
    return true;
}

void mv_registry_load_for_scheme(const char *scheme)
{
    mv_registry_init();
    scheme_wanted w = { scheme, NULL };
    if (scheme)
        w.served_by = mv_registry_index_lookup(&schemes, scheme, strlen(scheme));
    load_where(serves_scheme, &w);
}

void mv_registry_load_shared(void)
{
    load_where(has_shared, NULL);
}

void mv_registry_load_all(void)
{
    load_where(any, NULL);
    g_mutex_lock(&registry_lock);
    for (guint i = 0; i < entries->len; i++) {
        mv_registry_plugin *p = entry_plugin(entry_at(i));
        mv_registry_plugin_details(p);
        if (!listed)
            g_ptr_array_add(registry.plugins, p);
    }
    listed = true;
    g_mutex_unlock(&registry_lock);
}

static GPtrArray *snapshot(GPtrArray *a)
{
    mv_registry_init();
    g_mutex_lock(&registry_lock);
    GPtrArray *copy = g_ptr_array_copy(a, NULL, NULL);
    g_mutex_unlock(&registry_lock);
    return copy;
}

GPtrArray *mv_registry_connects(void)
{
    return snapshot(registry.connects);
}

GPtrArray *mv_registry_shared_drivers(void)
{
    return snapshot(registry.shared);
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
