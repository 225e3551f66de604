/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/registry/loader.c — loading one plugin file, or recording why not.
 *
 * Checks run from cheapest to costliest: readable, non-empty, ELF magic; the
 * module is then bound with RTLD_NOW so that an unresolved symbol is refused
 * here instead of aborting the process at its first call (libltdl's own
 * dlopen loader binds lazily), then opened through libltdl with local
 * symbols; then the entry symbol, descriptor, ABI, name and init. Modules
 * are never unloaded.
 */
#include "mv-config.h"
#include "core/registry/ctx.h"
#include "core/util/error.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <ltdl.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MV_LOG_SRC "registry"

static _Thread_local bool in_plugin_init;

bool mv_registry_in_plugin_init(void)
{
    return in_plugin_init;
}

void mv_registry_plugin_refuse(mv_registry_plugin *p, const char *fmt, ...)
{
    mv_registry_plugin_details(p);   /* the reason given here is the last word */
    va_list ap;
    va_start(ap, fmt);
    g_free(p->reason);
    p->reason = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    p->loaded = false;
    p->usable = false;
    mv_log(MV_LOG_WARN, MV_LOG_SRC, "skipping plugin %s: %s", p->file, p->reason);
}

char *mv_registry_unsafe_reason(const struct stat *st)
{
    uid_t me = geteuid();
    if (st->st_uid != 0 && st->st_uid != me)
        return g_strdup_printf("owned by uid %u, neither root nor the running user (uid %u)",
                               (unsigned int)st->st_uid, (unsigned int)me);
    if (st->st_mode & S_IWOTH)
        return g_strdup_printf("writable by every user (mode %04o)",
                               (unsigned int)(st->st_mode & 07777));
    if ((st->st_mode & S_IWGRP) && st->st_gid != 0 && st->st_gid != getegid())
        return g_strdup_printf("writable by group %u (mode %04o)", (unsigned int)st->st_gid,
                               (unsigned int)(st->st_mode & 07777));
    return NULL;
}

/* Reads the first bytes: refuses unreadable, empty, non-regular and
 * non-ELF files, and files other users can change. */
static bool check_file(mv_registry_plugin *p)
{
    int fd = open(p->file, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        mv_registry_plugin_refuse(p, "cannot read the file: %s", g_strerror(errno));
        return false;
    }
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        mv_registry_plugin_refuse(p, "not a regular file");
        return false;
    }
    g_autofree char *unsafe = mv_registry_unsafe_reason(&st);
    if (unsafe) {
        close(fd);
        mv_registry_plugin_refuse(p, "the file is %s: plugins are loaded only from files and directories "
                    "that no other user can change", unsafe);
        return false;
    }
    unsigned char magic[4];
    ssize_t n = read(fd, magic, sizeof(magic));
    int saved = errno;
    close(fd);
    if (n < 0) {
        mv_registry_plugin_refuse(p, "cannot read the file: %s", g_strerror(saved));
        return false;
    }
    if (n == 0) {
        mv_registry_plugin_refuse(p, "empty file, not a shared object");
        return false;
    }
    if (n < 4 || memcmp(magic, "\177ELF", 4) != 0) {
        mv_registry_plugin_refuse(p, "not an ELF shared object");
        return false;
    }
    return true;
}

static bool valid_name(const char *name)
{
    if (!name || !*name || strlen(name) > 64)
        return false;
    for (const char *c = name; *c; c++)
        if (!(g_ascii_islower(*c) || g_ascii_isdigit(*c) || *c == '-' || *c == '_'))
            return false;
    return true;
}

/* The loaded plugin whose descriptor name is NAME, or NULL. */
static const mv_registry_plugin *find_loaded(const mv_registry *reg, const char *name)
{
    for (guint i = 0; i < reg->loaded->len; i++) {
        const mv_registry_plugin *o = reg->loaded->pdata[i];
        if (o->loaded && g_str_equal(o->name, name))
            return o;
    }
    return NULL;
}

void mv_registry_plugin_shadow(mv_registry_plugin *p, const mv_registry_plugin *winner,
                               const char *what)
{
    g_free(p->shadowed_by);
    p->shadowed_by = g_strdup(winner->file);
    mv_registry_plugin_refuse(p, "shadowed by %s, found first, with the same %s", winner->file, what);
}

/* Checks the descriptor and copies what plugin-list shows. */
static bool check_descriptor(mv_registry *reg, mv_registry_plugin *p,
                             const mv_plugin_descriptor *d)
{
    if (!d) {
        mv_registry_plugin_refuse(p, "%s() returned no descriptor", MV_PLUGIN_ENTRY_SYMBOL);
        return false;
    }
    p->abi_major = d->abi_major;
    p->abi_minor = d->abi_minor;
    if (d->abi_major != MV_PLUGIN_ABI_MAJOR) {
        mv_registry_plugin_refuse(p, "built for plugin ABI %u.%u; this core provides ABI %d.%d and loads "
                    "only ABI %d.x plugins: rebuild the plugin against this modvirt",
                    d->abi_major, d->abi_minor, MV_PLUGIN_ABI_MAJOR, MV_PLUGIN_ABI_MINOR,
                    MV_PLUGIN_ABI_MAJOR);
        return false;
    }
    if (d->abi_minor > MV_PLUGIN_ABI_MINOR) {
        mv_registry_plugin_refuse(p, "needs plugin ABI %u.%u, newer than this core's %d.%d: upgrade modvirt",
                    d->abi_major, d->abi_minor, MV_PLUGIN_ABI_MAJOR, MV_PLUGIN_ABI_MINOR);
        return false;
    }
    if (d->struct_size < offsetof(mv_plugin_descriptor, init) + sizeof(d->init)) {
        mv_registry_plugin_refuse(p, "descriptor of %u bytes is too small for ABI %u.%u",
                    d->struct_size, d->abi_major, d->abi_minor);
        return false;
    }
    if (!valid_name(d->name)) {
        mv_registry_plugin_refuse(p, "invalid plugin name '%s' (use 1-64 of [a-z0-9_-])",
                    d->name ? d->name : "(null)");
        return false;
    }
    g_free(p->name);
    p->name = g_strdup(d->name);
    g_free(p->version);
    g_free(p->description);
    g_free(p->license);
    p->version = g_strdup(d->version ? d->version : "");
    p->description = g_strdup(d->description ? d->description : "");
    p->license = g_strdup(d->license ? d->license : "");
    const mv_registry_plugin *dup = find_loaded(reg, d->name);
    if (dup) {
        g_autofree char *what = g_strdup_printf("plugin name '%s'", d->name);
        mv_registry_plugin_shadow(p, dup, what);
        return false;
    }
    if (!d->init) {
        mv_registry_plugin_refuse(p, "descriptor has no init function");
        return false;
    }
    return true;
}

static void run_init(mv_registry *reg, mv_registry_plugin *p, const mv_plugin_descriptor *d)
{
    mv_plugin_ctx ctx;
    mv_registry_ctx_init(&ctx, reg, p);
    ctx.active = true;
    mv_error_reset_last();
    in_plugin_init = true;
    int rc = d->init(&ctx);
    in_plugin_init = false;
    ctx.active = false;
    if (ctx.shadowed_by) {
        g_autofree char *what = g_strdup_printf("URI scheme '%s'", ctx.shadowed_scheme);
        mv_registry_plugin_shadow(p, ctx.shadowed_by, what);
        mv_registry_ctx_discard(&ctx);
    } else if (rc < 0 || ctx.failure) {
        const char *why = ctx.failure ? ctx.failure
            : mv_error_is_set() ? mv_error_last_message() : "no reason given";
        mv_registry_plugin_refuse(p, "init failed: %s", why);
        mv_registry_ctx_discard(&ctx);
    } else {
        p->loaded = true;
        p->usable = true;
        g_ptr_array_add(reg->loaded, p);
        mv_registry_ctx_commit(&ctx);
        mv_log(MV_LOG_DEBUG, MV_LOG_SRC, "loaded plugin %s %s from %s", p->name, p->version, p->file);
    }
    mv_error_reset_last();
}

/* libltdl is set up by the first load, not at start: a process that
 * loads no plugin does not pay for it. */
static const char *ltdl_failure(void)
{
    static const char *failure;
    static gsize once;
    if (g_once_init_enter(&once)) {
        if (lt_dlinit() != 0)
            failure = g_strdup(lt_dlerror());
        g_once_init_leave(&once, 1);
    }
    return failure;
}

static void plugin_load(mv_registry *reg, mv_registry_plugin *p)
{
    if (!check_file(p))
        return;
    const char *ltdl = ltdl_failure();
    if (ltdl) {
        mv_registry_plugin_refuse(p, "cannot load: libltdl failed to initialize: %s", ltdl);
        return;
    }

    /* Bind every symbol now; keeps the module resident (never closed). */
    if (!dlopen(p->file, RTLD_NOW | RTLD_LOCAL)) {
        const char *e = dlerror();
        mv_registry_plugin_refuse(p, "cannot load: %s", e ? e : "unknown dynamic loader error");
        return;
    }
    lt_dladvise advise;
    lt_dladvise_init(&advise);
    lt_dladvise_local(&advise);
    lt_dladvise_resident(&advise);
    lt_dlhandle h = lt_dlopenadvise(p->file, advise);
    lt_dladvise_destroy(&advise);
    if (!h) {
        mv_registry_plugin_refuse(p, "cannot load: %s", lt_dlerror());
        return;
    }
    mv_plugin_entry_fn entry = (mv_plugin_entry_fn)lt_dlsym(h, MV_PLUGIN_ENTRY_SYMBOL);
    if (!entry) {
        mv_registry_plugin_refuse(p, "no %s symbol: not a modvirt plugin", MV_PLUGIN_ENTRY_SYMBOL);
        return;
    }
    const mv_plugin_descriptor *d = entry();
    if (!check_descriptor(reg, p, d))
        return;
    run_init(reg, p, d);
}

mv_registry_plugin *mv_registry_plugin_new(const char *path)
{
    mv_registry_plugin *p = g_new0(mv_registry_plugin, 1);
    p->file = g_strdup(path);
    const char *base = strrchr(path, '/');
    p->name = g_strndup(base + 1, strlen(base + 1) - 3);  /* without ".so" */
    /* Sized for the common case (one scheme; drivers are filled only for
     * the plugin list): a warm start makes one of these per installed file. */
    p->drivers = g_ptr_array_new_full(0, g_free);
    p->schemes = g_ptr_array_new_full(1, g_free);
    return p;
}

void mv_registry_plugin_free(mv_registry_plugin *p)
{
    g_free(p->file);
    g_free(p->name);
    g_free(p->version);
    g_free(p->description);
    g_free(p->license);
    g_free(p->reason);
    g_free(p->shadowed_by);
    g_ptr_array_unref(p->drivers);
    g_ptr_array_unref(p->schemes);
    g_free(p);
}

void mv_registry_plugin_load(mv_registry *reg, mv_registry_plugin *p)
{
    mv_registry_plugin_details(p);
    /* What the metadata said is replaced by what the plugin registers. */
    g_ptr_array_set_size(p->drivers, 0);
    g_ptr_array_set_size(p->schemes, 0);
    p->any_scheme = p->has_probe = false;
    p->shared_kinds = 0;
    plugin_load(reg, p);
}
