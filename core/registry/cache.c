/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/registry/cache.c — the plugin metadata cache.
 *
 * One line per plugin file: the file's identity (device, inode, size,
 * mtime, ctime) and its record, what the scanner learnt by loading it: name,
 * versions, schemes, the shared drivers it registers, or why it is refused.
 * A file whose identity is unchanged is known without being loaded. And one
 * line per plugin directory ("D"): its identity and the *.so files it held.
 * A directory whose identity is unchanged has the same files (creating,
 * removing or renaming one changes its mtime), so neither it nor its
 * usable files are read or checked at start: each file is checked when it
 * is about to be loaded instead (registry.c). The
 * first line names the core that wrote it (version, plugin ABI, and the
 * identity of libmodvirt itself): a cache written by another core is empty
 * to this one, since a plugin's fate depends on the core it loads into.
 *
 * The cache is read once and kept for the life of the process: records
 * point into its text until their details are asked for.
 *
 * The file lives in $MODVIRT_PLUGIN_CACHE, else the user's cache directory
 * (modvirt/plugins.cache), or the build tree's .run-root for a core run
 * uninstalled. It is written atomically, merged with what other
 * processes wrote meanwhile; where it cannot be written (a read-only
 * location, a full disk), what this process learnt stays in memory.
 */
#include "mv-config.h"
#include "core/registry/registry.h"
#include "core/util/build-tree.h"
#include "core/util/secure.h"
#include "core/util/error.h"
#include <modvirt-plugin/log.h>
#include <modvirt-plugin/paths.h>

#include <link.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#define MV_LOG_SRC "registry"
#define CACHE_MAGIC "modvirt-plugin-cache 2"
#define ID_FIELDS 5
/* Records are tab-separated and lists within them use LIST_SEP: a value
 * never holds either, nor a line break (they become spaces). */
#define LIST_SEP '\x1f'

struct mv_registry_cache {
    char *path;
    char *header;          /* the first line this core writes */
    char *text;            /* the file as read; lines are cut in place */
    mv_registry_index entries;   /* file path (in its line) -> its line */
    mv_registry_index dirs;      /* directory path (in its line) -> its "D" line */
    GPtrArray *owned;      /* lines stored by this process */
    bool dirty;
};


/* --- indexes of text ------------------------------------------------------ */


/* Eight bytes at a time, each word mixed in by a multiply and a shift:
 * the keys are paths and names, a few dozen bytes, and the hashes never
 * leave the process. */
static guint32 slice_hash(const char *key, size_t len)
{
    const guint64 mul = G_GUINT64_CONSTANT(0xff51afd7ed558ccd);
    guint64 h = G_GUINT64_CONSTANT(0x9e3779b97f4a7c15) ^ len, w = 0;
    if (len < 8) {
        for (size_t i = 0; i < len; i++)
            w |= (guint64)(unsigned char)key[i] << (8 * i);
    } else {
        const char *last = key + len - 8;   /* the last word may overlap */
        for (; key < last; key += 8) {
            memcpy(&w, key, sizeof(w));
            h = (h ^ w) * mul;
            h ^= h >> 32;
        }
        memcpy(&w, last, sizeof(w));
    }
    /* murmur3's finalizer: every bit of the last word reaches the low
     * bits, which pick the slot. */
    h ^= w;
    h = (h ^ (h >> 33)) * mul;
    h = (h ^ (h >> 33)) * G_GUINT64_CONSTANT(0xc4ceb9fe1a85ec53);
    return (guint32)(h ^ (h >> 33));
}

static void index_rehash(mv_registry_index *ix, guint32 nslots)
{
    g_free(ix->slots);
    ix->slots = g_new0(guint32, nslots);
    ix->mask = nslots - 1;
    for (guint32 n = 0; n < ix->count; n++) {
        guint32 i = ix->items[n].hash & ix->mask;
        while (ix->slots[i])
            i = (i + 1) & ix->mask;
        ix->slots[i] = n + 1;
    }
}

void mv_registry_index_reserve(mv_registry_index *ix, guint n)
{
    if (n <= ix->alloc)
        return;
    ix->alloc = n;
    ix->items = g_renew(mv_registry_index_item, ix->items, n);
    guint32 nslots = 16;
    while (nslots < 2 * n)
        nslots *= 2;
    if (nslots > ix->mask + 1)
        index_rehash(ix, nslots);
}

static mv_registry_index_item *index_find(const mv_registry_index *ix, const char *key,
                                          size_t len, guint32 hash)
{
    if (!ix->slots)
        return NULL;
    for (guint32 i = hash & ix->mask, s; (s = ix->slots[i]); i = (i + 1) & ix->mask) {
        mv_registry_index_item *it = &ix->items[s - 1];
        if (it->hash == hash && it->len == len && memcmp(it->key, key, len) == 0)
            return it;
    }
    return NULL;
}

gpointer mv_registry_index_lookup(const mv_registry_index *ix, const char *key, size_t len)
{
    mv_registry_index_item *it = index_find(ix, key, len, slice_hash(key, len));
    return it ? it->value : NULL;
}

gpointer mv_registry_index_put(mv_registry_index *ix, const char *key, size_t len,
                               gpointer value)
{
    guint32 hash = slice_hash(key, len);
    mv_registry_index_item *it = index_find(ix, key, len, hash);
    if (it) {
        gpointer was = it->value;
        it->key = key;
        it->value = value;
        return was;
    }
    if (ix->count == ix->alloc)
        mv_registry_index_reserve(ix, ix->alloc ? 2 * ix->alloc : 8);
    ix->items[ix->count] = (mv_registry_index_item){ key, (guint32)len, hash, value };
    guint32 i = hash & ix->mask;
    while (ix->slots[i])
        i = (i + 1) & ix->mask;
    ix->slots[i] = ++ix->count;
    return NULL;
}

void mv_registry_index_clear(mv_registry_index *ix)
{
    g_free(ix->items);
    g_free(ix->slots);
    *ix = (mv_registry_index){ 0 };
}

const char *mv_registry_list_next(const char **pos, const char *end, size_t *len)
{
    const char *item = *pos;
    if (item >= end)
        return NULL;
    const char *sep = memchr(item, LIST_SEP, (size_t)(end - item));
    if (!sep)
        sep = end;
    *len = (size_t)(sep - item);
    *pos = sep + 1;
    return item;
}


/* --- the cache file ------------------------------------------------------- */


static char *cache_path(void)
{
    const char *env = mv_util_secure_execution() ? NULL : g_getenv("MODVIRT_PLUGIN_CACHE");
    if (env && *env)
        return g_strdup(env);
    const char *build = mv_util_uninstalled_build_root();
    if (build)
        return g_build_filename(build, ".run-root", "plugins.cache", NULL);
    return g_build_filename(g_get_user_cache_dir(), "modvirt", "plugins.cache", NULL);
}

/* The file of the loaded object that holds ADDR (dl_iterate_phdr): unlike
 * dladdr, it looks for no symbol, so it does not read symbol tables. */
typedef struct {
    uintptr_t addr;
    const char *file;
} object_of;

static int find_object(struct dl_phdr_info *info, size_t size, void *data)
{
    object_of *o = data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t start = info->dlpi_addr + ph->p_vaddr;
        if (ph->p_type == PT_LOAD && o->addr >= start && o->addr - start < ph->p_memsz) {
            /* The main program has no name here. */
            o->file = *info->dlpi_name ? info->dlpi_name : "/proc/self/exe";
            return 1;
        }
    }
    return 0;
}

/* The core's own identity: a rebuilt libmodvirt is another core. */
static char *cache_header(void)
{
    object_of self = { (uintptr_t)mv_registry_cache_read, NULL };
    struct stat st = { 0 };
    if (dl_iterate_phdr(find_object, &self) && self.file)
        stat(self.file, &st);
    return g_strdup_printf(CACHE_MAGIC "\t%s\t%d.%d\t%ju:%ju:%jd.%09ld", MV_VERSION,
                           MV_PLUGIN_ABI_MAJOR, MV_PLUGIN_ABI_MINOR, (uintmax_t)st.st_dev,
                           (uintmax_t)st.st_ino, (intmax_t)st.st_mtim.tv_sec,
                           st.st_mtim.tv_nsec);
}

/* The path field of LINE (after the identity), in place: its length in
 * *LEN. */
static const char *line_path(const char *line, size_t *len)
{
    const char *f = line;
    for (int i = 0; i < ID_FIELDS && f; i++)
        if ((f = strchr(f, '\t')))
            f++;
    if (!f || *f != '/')
        return NULL;
    const char *end = strchr(f, '\t');
    if (!end)
        return NULL;
    *len = (size_t)(end - f);
    return f;
}

/* Indexes the lines of TEXT written by this core (HEADER) into ENTRIES and
 * DIRS; TEXT is cut into lines in place and must outlive them. */
static void cache_index(char *text, const char *header, mv_registry_index *entries,
                        mv_registry_index *dirs)
{
    char *next, *line = text;
    size_t hlen = strlen(header);
    if (strncmp(line, header, hlen) != 0 || line[hlen] != '\n')
        return;
    line += hlen + 1;
    guint n = 0;
    for (const char *nl = line; (nl = strchr(nl, '\n')); nl++)
        n++;
    mv_registry_index_reserve(entries, n);
    for (; *line; line = next) {
        next = strchr(line, '\n');
        if (!next)
            break;   /* a torn last line: not ours */
        *next++ = '\0';
        bool dir = line[0] == 'D' && line[1] == '\t';
        size_t len;
        const char *path = line_path(dir ? line + 2 : line, &len);
        if (path)
            mv_registry_index_put(dir ? dirs : entries, path, len, line);
    }
}

/* A cache that is not a regular file (a FIFO put in its place) is no
 * cache: it is read without blocking, and never past the bound. */
static char *cache_slurp(const char *path)
{
    return mv_file_read_text(path, MV_FILE_STATE_MAX, NULL);
}

mv_registry_cache *mv_registry_cache_read(void)
{
    mv_registry_cache *c = g_new0(mv_registry_cache, 1);
    c->path = cache_path();
    c->header = cache_header();
    c->owned = g_ptr_array_new_with_free_func(g_free);
    if ((c->text = cache_slurp(c->path)))
        cache_index(c->text, c->header, &c->entries, &c->dirs);
    return c;
}

/* Reads the identity at the start of LINE; the record follows at *REST.
 * (Decimal digits only, as written: no locale, sign or overflow games.) */
static bool id_parse(const char *line, mv_registry_file_id *id, const char **rest)
{
    uint64_t v[ID_FIELDS];
    for (int i = 0; i < ID_FIELDS; i++) {
        const char *start = line;
        uint64_t n = 0;
        for (; *line >= '0' && *line <= '9' && line - start < 20; line++)
            n = n * 10 + (uint64_t)(*line - '0');
        if (line == start || *line != '\t')
            return false;
        v[i] = n;
        line++;
    }
    *id = (mv_registry_file_id){ v[0], v[1], v[2], (int64_t)v[3], (int64_t)v[4] };
    *rest = line;
    return true;
}

static bool id_equal(const mv_registry_file_id *a, const mv_registry_file_id *b)
{
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
           a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns;
}

bool mv_registry_cache_line(mv_registry_plugin *p, const char *line)
{
    const char *record;
    if (!id_parse(line, &p->id, &record)) {
        /* Not an identity any file has: the file is checked and learnt
         * again before it loads. */
        p->id = (mv_registry_file_id){ 0 };
        size_t len;
        if (!(record = line_path(line, &len)))
            return false;
    }
    /* The details wait in the line until the plugin list needs them. */
    return mv_registry_record_parse(p, record, false);
}

bool mv_registry_cache_lookup(mv_registry_cache *cache, mv_registry_plugin *p, bool trust)
{
    const char *line = mv_registry_index_lookup(&cache->entries, p->file, strlen(p->file));
    mv_registry_file_id id;
    const char *record;
    if (!line || !id_parse(line, &id, &record) || (!trust && !id_equal(&id, &p->id)))
        return false;
    p->id = id;
    return mv_registry_record_parse(p, record, false);
}

const char *mv_registry_cache_find(mv_registry_cache *cache, const char *path, size_t len,
                                   const char **record)
{
    guint32 hash = slice_hash(path, len);
    mv_registry_index_item *it = index_find(&cache->entries, path, len, hash);
    if (!it)
        return NULL;
    *record = it->key;   /* a record starts with its file's path */
    return it->value;
}

static char *id_text(const mv_registry_file_id *id)
{
    return g_strdup_printf("%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT
                           "\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT, id->dev, id->ino,
                           id->size, id->mtime_ns, id->ctime_ns);
}

const char *mv_registry_cache_dir(mv_registry_cache *cache, const char *dir,
                                  const mv_registry_file_id *id)
{
    const char *line = mv_registry_index_lookup(&cache->dirs, dir, strlen(dir));
    mv_registry_file_id was;
    const char *rest;
    if (!line || !id_parse(line + 2, &was, &rest) || !id_equal(&was, id))
        return NULL;
    const char *list = strchr(rest, '\t');
    return list ? list + 1 : NULL;
}

void mv_registry_cache_store_dir(mv_registry_cache *cache, const char *dir,
                                 const mv_registry_file_id *id, GPtrArray *names)
{
    g_autofree char *ids = id_text(id);
    GString *line = g_string_new(NULL);
    g_string_append_printf(line, "D\t%s\t%s\t", ids, dir);
    for (guint i = 0; i < names->len; i++) {
        if (i)
            g_string_append_c(line, LIST_SEP);
        g_string_append(line, names->pdata[i]);
    }
    char *text = g_string_free(line, FALSE);
    g_ptr_array_add(cache->owned, text);
    size_t len;
    const char *path = line_path(text + 2, &len);
    if (path)
        mv_registry_index_put(&cache->dirs, path, len, text);
    cache->dirty = true;
}

void mv_registry_cache_store(mv_registry_cache *cache, const mv_registry_plugin *p)
{
    g_autofree char *record = mv_registry_record_format(p);
    g_autofree char *ids = id_text(&p->id);
    char *line = g_strdup_printf("%s\t%s", ids, record);
    g_ptr_array_add(cache->owned, line);
    size_t len;
    const char *path = line_path(line, &len);
    if (path)
        mv_registry_index_put(&cache->entries, path, len, line);
    cache->dirty = true;
}

/* Whether the identity at the start of LINE is still that of PATH. */
static bool entry_current(const char *path, const char *line)
{
    struct stat st;
    mv_registry_file_id id, now = { 0 };
    const char *rest;
    if (stat(path, &st) < 0 || !id_parse(line, &id, &rest))
        return false;
    now.dev = st.st_dev;
    now.ino = st.st_ino;
    now.size = (uint64_t)st.st_size;
    now.mtime_ns = st.st_mtim.tv_sec * G_GINT64_CONSTANT(1000000000) + st.st_mtim.tv_nsec;
    now.ctime_ns = st.st_ctim.tv_sec * G_GINT64_CONSTANT(1000000000) + st.st_ctim.tv_nsec;
    return id_equal(&id, &now);
}

/* Adds to INTO the lines of FROM (read from disk) it does not have. */
static void merge(mv_registry_cache *cache, const mv_registry_index *from,
                  mv_registry_index *into)
{
    for (guint32 n = 0; n < from->count; n++) {
        const mv_registry_index_item *it = &from->items[n];
        if (mv_registry_index_lookup(into, it->key, it->len))
            continue;
        const char *was = it->value;
        char *line = g_strdup(was);
        g_ptr_array_add(cache->owned, line);
        mv_registry_index_put(into, line + (it->key - was), it->len, line);
    }
}

static int compare_items(const void *a, const void *b)
{
    const mv_registry_index_item *x = *(const mv_registry_index_item *const *)a;
    const mv_registry_index_item *y = *(const mv_registry_index_item *const *)b;
    int c = memcmp(x->key, y->key, MIN(x->len, y->len));
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Appends to OUT, sorted by path, the lines of TABLE that still describe
 * what is on disk (identity at OFFSET in the line). */
static void append_current(GString *out, const mv_registry_index *table, size_t offset)
{
    g_autofree const mv_registry_index_item **sorted =
        g_new(const mv_registry_index_item *, table->count + 1);
    for (guint32 n = 0; n < table->count; n++)
        sorted[n] = &table->items[n];
    qsort(sorted, table->count, sizeof(*sorted), compare_items);
    for (guint32 n = 0; n < table->count; n++) {
        const char *line = sorted[n]->value;
        g_autofree char *path = g_strndup(sorted[n]->key, sorted[n]->len);
        if (entry_current(path, line + offset))   /* not removed or replaced since */
            g_string_append_printf(out, "%s\n", line);
    }
}

void mv_registry_cache_write(mv_registry_cache *cache)
{
    if (!cache->dirty)
        return;
    /* Another process may have learnt other files meanwhile. */
    mv_registry_index disk = { 0 }, disk_dirs = { 0 };
    g_autofree char *text = cache_slurp(cache->path);
    if (text)
        cache_index(text, cache->header, &disk, &disk_dirs);
    merge(cache, &disk, &cache->entries);
    merge(cache, &disk_dirs, &cache->dirs);
    mv_registry_index_clear(&disk);
    mv_registry_index_clear(&disk_dirs);

    g_autoptr(GString) out = g_string_new(cache->header);
    g_string_append_c(out, '\n');
    append_current(out, &cache->dirs, 2);
    append_current(out, &cache->entries, 0);
    g_autofree char *dir = g_path_get_dirname(cache->path);
    if (g_mkdir_with_parents(dir, 0700) < 0 ||
        mv_file_write_atomic(cache->path, out->str, out->len, 0644) < 0) {
        mv_error_reset_last();
        mv_log(MV_LOG_INFO, MV_LOG_SRC, "plugin cache %s not written: the metadata stays "
               "in this process", cache->path);
    }
    cache->dirty = false;
}


/* --- records -------------------------------------------------------------- */


static void add_field(GString *s, const char *v)
{
    if (s->len)
        g_string_append_c(s, '\t');
    for (; v && *v; v++)
        g_string_append_c(s, (unsigned char)*v < 0x20 ? ' ' : *v);
}

static void add_list(GString *s, GPtrArray *a)
{
    g_string_append_c(s, '\t');
    for (guint i = 0; i < a->len; i++) {
        if (i)
            g_string_append_c(s, LIST_SEP);
        for (const char *v = a->pdata[i]; *v; v++)
            g_string_append_c(s, (unsigned char)*v < 0x20 ? ' ' : *v);
    }
}

char *mv_registry_record_format(const mv_registry_plugin *p)
{
    GString *s = g_string_new(NULL);
    add_field(s, p->file);
    add_field(s, p->usable ? "1" : "0");
    add_field(s, p->name);
    add_field(s, p->version);
    add_field(s, p->description);
    add_field(s, p->license);
    g_string_append_printf(s, "\t%u\t%u\t%d\t%d\t%u", p->abi_major, p->abi_minor,
                           p->any_scheme, p->has_probe, p->shared_kinds);
    add_list(s, p->schemes);
    add_list(s, p->drivers);
    add_field(s, p->reason);
    return g_string_free(s, FALSE);
}

/* The fields of a record, as pointers into it and lengths. */
typedef struct {
    const char *s[MV_REGISTRY_RECORD_FIELDS];
    size_t len[MV_REGISTRY_RECORD_FIELDS];
} record_fields;

static bool record_split(const char *rec, record_fields *f)
{
    for (int i = 0; i < MV_REGISTRY_RECORD_FIELDS; i++) {
        const char *end = strchr(rec, '\t');
        bool last = i == MV_REGISTRY_RECORD_FIELDS - 1;
        if (last != !end)
            return false;
        f->s[i] = rec;
        f->len[i] = end ? (size_t)(end - rec) : strlen(rec);
        rec = end + 1;
    }
    return true;
}

static bool field_is(const record_fields *f, int i, const char *v)
{
    return f->len[i] == strlen(v) && memcmp(f->s[i], v, f->len[i]) == 0;
}

static unsigned int field_uint(const record_fields *f, int i)
{
    unsigned int n = 0;
    for (size_t k = 0; k < f->len[i] && g_ascii_isdigit(f->s[i][k]); k++)
        n = n * 10 + (unsigned int)(f->s[i][k] - '0');
    return n;
}

static void set_str(char **dst, const record_fields *f, int i)
{
    if (*dst && strlen(*dst) == f->len[i] && memcmp(*dst, f->s[i], f->len[i]) == 0)
        return;
    g_free(*dst);
    *dst = g_strndup(f->s[i], f->len[i]);
}

static void set_list(GPtrArray *a, const record_fields *f, int i)
{
    g_ptr_array_set_size(a, 0);
    const char *v = f->s[i], *end = v + f->len[i];
    while (v < end) {
        const char *sep = memchr(v, LIST_SEP, (size_t)(end - v));
        if (!sep)
            sep = end;
        g_ptr_array_add(a, g_strndup(v, (gsize)(sep - v)));
        v = sep + 1;
    }
}

bool mv_registry_record_brief(const char *record, mv_registry_brief *b)
{
    record_fields f;
    if (!record_split(record, &f))
        return false;
    b->file = f.s[0];
    b->file_len = f.len[0];
    b->name = f.s[2];
    b->name_len = f.len[2];
    b->schemes = f.s[11];
    b->schemes_len = f.len[11];
    b->usable = field_is(&f, 1, "1");
    b->any_scheme = field_is(&f, 8, "1");
    b->has_probe = field_is(&f, 9, "1");
    b->shared_kinds = field_uint(&f, 10);
    return true;
}

/* What plugin-list shows and nothing else needs. */
static void parse_details(mv_registry_plugin *p, const record_fields *f)
{
    set_str(&p->version, f, 3);
    set_str(&p->description, f, 4);
    set_str(&p->license, f, 5);
    set_list(p->drivers, f, 12);
    g_free(p->reason);
    p->reason = f->len[13] ? g_strndup(f->s[13], f->len[13]) : NULL;
}

bool mv_registry_record_parse(mv_registry_plugin *p, const char *record, bool details)
{
    record_fields f;
    if (!record_split(record, &f) || !field_is(&f, 0, p->file))
        return false;
    p->usable = field_is(&f, 1, "1");
    set_str(&p->name, &f, 2);
    p->abi_major = field_uint(&f, 6);
    p->abi_minor = field_uint(&f, 7);
    p->any_scheme = field_is(&f, 8, "1");
    p->has_probe = field_is(&f, 9, "1");
    p->shared_kinds = field_uint(&f, 10);
    set_list(p->schemes, &f, 11);
    if (details)
        parse_details(p, &f);
    p->record = details ? NULL : record;
    return true;
}

void mv_registry_plugin_details(mv_registry_plugin *p)
{
    record_fields f;
    if (p->record && record_split(p->record, &f))
        parse_details(p, &f);
    p->record = NULL;
}
