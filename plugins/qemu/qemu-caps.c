/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-caps.c — probing a QEMU binary's capabilities: the
 * binary is started with no machine and QMP on a socketpair, asked for its
 * version, target, KVM state, machines, CPU models and device types, and
 * told to quit; the result is cached as JSON keyed by the binary's identity.
 * See qemu-caps.h.
 */
#include "qemu-caps.h"
#include "qemu-qmp.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <modvirt-plugin/error.h>
#include <modvirt-plugin/log.h>
#include <modvirt-plugin/paths.h>
#include <modvirt-plugin/process.h>

#ifndef MV_QEMU_CAPS_MODVIRT_VERSION
# define MV_QEMU_CAPS_MODVIRT_VERSION "unknown"
#endif

#define CAPS_LOG "plugin.qemu.caps"
#define CAPS_CACHE_FORMAT 1
/* The fd QEMU finds its end of the QMP socketpair on. */
#define PROBE_QMP_FD 3

static int probe_timeout_ms = 30000;

void mv_qemu_caps_set_probe_timeout(int timeout_ms)
{
    g_atomic_int_set(&probe_timeout_ms, timeout_ms > 0 ? timeout_ms : 30000);
}

static void machine_free(gpointer p)
{
    mv_qemu_machine *m = p;
    g_free(m->name);
    g_free(m->alias);
    g_free(m);
}

static mv_qemu_caps *caps_new(const char *binary)
{
    mv_qemu_caps *c = g_new0(mv_qemu_caps, 1);
    c->binary = g_strdup(binary);
    c->machines = g_ptr_array_new_with_free_func(machine_free);
    c->cpu_models = g_ptr_array_new_with_free_func(g_free);
    c->cpu_models_kvm = g_ptr_array_new_with_free_func(g_free);
    c->devices = g_ptr_array_new_with_free_func(g_free);
    return c;
}

void mv_qemu_caps_free(mv_qemu_caps *caps)
{
    if (!caps)
        return;
    g_free(caps->binary);
    g_free(caps->arch);
    g_free(caps->package);
    g_ptr_array_unref(caps->machines);
    g_ptr_array_unref(caps->cpu_models);
    g_ptr_array_unref(caps->cpu_models_kvm);
    g_ptr_array_unref(caps->devices);
    g_free(caps);
}

const mv_qemu_machine *mv_qemu_caps_find_machine(const mv_qemu_caps *caps, const char *name)
{
    if (!name)
        return NULL;
    for (guint i = 0; i < caps->machines->len; i++) {
        const mv_qemu_machine *m = caps->machines->pdata[i];
        if (strcmp(m->name, name) == 0 || g_strcmp0(m->alias, name) == 0)
            return m;
    }
    return NULL;
}

bool mv_qemu_caps_has_machine(const mv_qemu_caps *caps, const char *name)
{
    return mv_qemu_caps_find_machine(caps, name) != NULL;
}

const char *mv_qemu_caps_default_machine(const mv_qemu_caps *caps)
{
    for (guint i = 0; i < caps->machines->len; i++) {
        const mv_qemu_machine *m = caps->machines->pdata[i];
        if (m->is_default)
            return m->alias ? m->alias : m->name;
    }
    return NULL;
}

static bool str_array_has(const GPtrArray *a, const char *s)
{
    for (guint i = 0; i < a->len; i++)
        if (strcmp(a->pdata[i], s) == 0)
            return true;
    return false;
}

bool mv_qemu_caps_has_device(const mv_qemu_caps *caps, const char *type)
{
    return str_array_has(caps->devices, type);
}

bool mv_qemu_caps_has_cpu_model(const mv_qemu_caps *caps, const char *model, bool kvm)
{
    return str_array_has(kvm ? caps->cpu_models_kvm : caps->cpu_models, model);
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}


/* strcmp with runs of digits compared as numbers: pc-i440fx-2.2 before
 * pc-i440fx-2.10. */
static int natural_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (g_ascii_isdigit(*a) && g_ascii_isdigit(*b)) {
            while (*a == '0' && g_ascii_isdigit(a[1]))
                a++;
            while (*b == '0' && g_ascii_isdigit(b[1]))
                b++;
            size_t la = 0, lb = 0;
            while (g_ascii_isdigit(a[la]))
                la++;
            while (g_ascii_isdigit(b[lb]))
                lb++;
            if (la != lb)
                return la < lb ? -1 : 1;
            int c = strncmp(a, b, la);
            if (c)
                return c;
            a += la;
            b += lb;
            continue;
        }
        if (*a != *b)
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        a++;
        b++;
    }
    return *a ? 1 : *b ? -1 : 0;
}

static gint cmp_machine(gconstpointer a, gconstpointer b)
{
    const mv_qemu_machine *x = *(const mv_qemu_machine *const *)a;
    const mv_qemu_machine *y = *(const mv_qemu_machine *const *)b;
    return natural_cmp(x->name, y->name);
}

/* ---- JSON helpers that never raise criticals on unexpected types ---- */

static const char *j_str(JsonObject *o, const char *name)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING
        ? json_node_get_string(n) : NULL;
}

static gint64 j_int(JsonObject *o, const char *name, gint64 def)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_INT64
        ? json_node_get_int(n) : def;
}

static bool j_bool(JsonObject *o, const char *name)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_BOOLEAN &&
           json_node_get_boolean(n);
}

static JsonObject *j_obj(JsonObject *o, const char *name)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

static JsonArray *j_arr(JsonObject *o, const char *name)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    return n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
}

static JsonObject *j_arr_obj(JsonArray *a, guint i)
{
    JsonNode *n = json_array_get_element(a, i);
    return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

/* ---- the binary's identity ---- */

typedef struct {
    char *path;
    struct stat st;
    bool kvm_dev;                /* /dev/kvm could be opened */
} caps_identity;

static bool kvm_dev_usable(void)
{
    int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return false;
    close(fd);
    return true;
}

/* Resolves and checks BINARY. -1 with an error naming it. */
static int identity_get(const char *binary, caps_identity *id)
{
    memset(id, 0, sizeof(*id));
    if (!binary || !*binary) {
        mv_error_report(VIR_FROM_QEMU, VIR_ERR_INVALID_ARG, "no QEMU binary given");
        return -1;
    }
    if (strchr(binary, '/')) {
        id->path = g_path_is_absolute(binary) ? g_strdup(binary)
                                              : g_canonicalize_filename(binary, NULL);
    } else if (!(id->path = g_find_program_in_path(binary))) {
        mv_error_report(VIR_FROM_QEMU, VIR_ERR_INTERNAL_ERROR,
                        "Cannot find QEMU binary %s: not found in PATH", binary);
        return -1;
    }
    if (stat(id->path, &id->st) < 0) {
        mv_error_report_errno(VIR_FROM_QEMU, VIR_ERR_INTERNAL_ERROR, errno,
                              "Cannot check QEMU binary %s", id->path);
        goto fail;
    }
    if (!S_ISREG(id->st.st_mode) || access(id->path, X_OK) < 0) {
        mv_error_report(VIR_FROM_QEMU, VIR_ERR_INTERNAL_ERROR,
                        "QEMU binary %s is not an executable file", id->path);
        goto fail;
    }
    id->kvm_dev = kvm_dev_usable();
    return 0;
 fail:
    g_clear_pointer(&id->path, g_free);
    return -1;
}

static void identity_clear(caps_identity *id)
{
    g_clear_pointer(&id->path, g_free);
}

/* ---- the cache file ---- */

static char *cache_file(const char *cache_dir, const char *path)
{
    g_autofree char *h = g_compute_checksum_for_string(G_CHECKSUM_SHA256, path, -1);
    g_autofree char *name = g_strconcat(h, ".json", NULL);
    return g_build_filename(cache_dir, name, NULL);
}

static void build_identity(JsonBuilder *b, const caps_identity *id)
{
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "path");
    json_builder_add_string_value(b, id->path);
    json_builder_set_member_name(b, "dev");
    json_builder_add_int_value(b, (gint64)id->st.st_dev);
    json_builder_set_member_name(b, "ino");
    json_builder_add_int_value(b, (gint64)id->st.st_ino);
    json_builder_set_member_name(b, "size");
    json_builder_add_int_value(b, (gint64)id->st.st_size);
    json_builder_set_member_name(b, "mtime_sec");
    json_builder_add_int_value(b, (gint64)id->st.st_mtim.tv_sec);
    json_builder_set_member_name(b, "mtime_nsec");
    json_builder_add_int_value(b, (gint64)id->st.st_mtim.tv_nsec);
    json_builder_set_member_name(b, "ctime_sec");
    json_builder_add_int_value(b, (gint64)id->st.st_ctim.tv_sec);
    json_builder_set_member_name(b, "ctime_nsec");
    json_builder_add_int_value(b, (gint64)id->st.st_ctim.tv_nsec);
    json_builder_set_member_name(b, "kvm_dev");
    json_builder_add_boolean_value(b, id->kvm_dev);
    json_builder_end_object(b);
}

static void build_str_array(JsonBuilder *b, const char *name, const GPtrArray *a)
{
    json_builder_set_member_name(b, name);
    json_builder_begin_array(b);
    for (guint i = 0; i < a->len; i++)
        json_builder_add_string_value(b, a->pdata[i]);
    json_builder_end_array(b);
}

static char *cache_format(const mv_qemu_caps *c, const caps_identity *id)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "format");
    json_builder_add_int_value(b, CAPS_CACHE_FORMAT);
    json_builder_set_member_name(b, "modvirt");
    json_builder_add_string_value(b, MV_QEMU_CAPS_MODVIRT_VERSION);
    json_builder_set_member_name(b, "identity");
    build_identity(b, id);
    json_builder_set_member_name(b, "arch");
    json_builder_add_string_value(b, c->arch);
    json_builder_set_member_name(b, "version");
    json_builder_add_int_value(b, c->version);
    json_builder_set_member_name(b, "package");
    json_builder_add_string_value(b, c->package ? c->package : "");
    json_builder_set_member_name(b, "kvm_available");
    json_builder_add_boolean_value(b, c->kvm_available);
    json_builder_set_member_name(b, "machines");
    json_builder_begin_array(b);
    for (guint i = 0; i < c->machines->len; i++) {
        const mv_qemu_machine *m = c->machines->pdata[i];
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "name");
        json_builder_add_string_value(b, m->name);
        if (m->alias) {
            json_builder_set_member_name(b, "alias");
            json_builder_add_string_value(b, m->alias);
        }
        json_builder_set_member_name(b, "is_default");
        json_builder_add_boolean_value(b, m->is_default);
        json_builder_set_member_name(b, "max_cpus");
        json_builder_add_int_value(b, m->max_cpus);
        json_builder_set_member_name(b, "deprecated");
        json_builder_add_boolean_value(b, m->deprecated);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    build_str_array(b, "cpu_models", c->cpu_models);
    build_str_array(b, "cpu_models_kvm", c->cpu_models_kvm);
    build_str_array(b, "devices", c->devices);
    json_builder_end_object(b);
    g_autoptr(JsonNode) root = json_builder_get_root(b);
    g_autoptr(JsonGenerator) gen = json_generator_new();
    json_generator_set_root(gen, root);
    json_generator_set_pretty(gen, TRUE);
    return json_generator_to_data(gen, NULL);
}

static bool identity_matches(JsonObject *o, const caps_identity *id)
{
    return o && g_strcmp0(j_str(o, "path"), id->path) == 0 &&
           j_int(o, "dev", -1) == (gint64)id->st.st_dev &&
           j_int(o, "ino", -1) == (gint64)id->st.st_ino &&
           j_int(o, "size", -1) == (gint64)id->st.st_size &&
           j_int(o, "mtime_sec", -1) == (gint64)id->st.st_mtim.tv_sec &&
           j_int(o, "mtime_nsec", -1) == (gint64)id->st.st_mtim.tv_nsec &&
           j_int(o, "ctime_sec", -1) == (gint64)id->st.st_ctim.tv_sec &&
           j_int(o, "ctime_nsec", -1) == (gint64)id->st.st_ctim.tv_nsec &&
           j_bool(o, "kvm_dev") == id->kvm_dev;
}

static bool load_str_array(JsonObject *o, const char *name, GPtrArray *out)
{
    JsonArray *a = j_arr(o, name);
    if (!a)
        return false;
    for (guint i = 0; i < json_array_get_length(a); i++) {
        JsonNode *n = json_array_get_element(a, i);
        if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING)
            return false;
        g_ptr_array_add(out, g_strdup(json_node_get_string(n)));
    }
    return true;
}

/* The cached capabilities when the file exists, parses and matches ID;
 * NULL (and no error) otherwise. */
static mv_qemu_caps *cache_load(const char *file, const caps_identity *id)
{
    g_autofree char *text = mv_file_read_text(file, MV_FILE_STATE_MAX, NULL);
    if (!text)
        return NULL;
    g_autoptr(JsonParser) p = json_parser_new_immutable();
    if (!json_parser_load_from_data(p, text, -1, NULL)) {
        mv_log(MV_LOG_INFO, CAPS_LOG, "ignoring corrupt capability cache %s", file);
        return NULL;
    }
    JsonNode *rn = json_parser_get_root(p);
    JsonObject *r = rn && JSON_NODE_HOLDS_OBJECT(rn) ? json_node_get_object(rn) : NULL;
    if (!r || j_int(r, "format", -1) != CAPS_CACHE_FORMAT ||
        g_strcmp0(j_str(r, "modvirt"), MV_QEMU_CAPS_MODVIRT_VERSION) != 0 ||
        !identity_matches(j_obj(r, "identity"), id)) {
        mv_log(MV_LOG_DEBUG, CAPS_LOG, "capability cache %s is stale or invalid", file);
        return NULL;
    }
    g_autoptr(mv_qemu_caps) c = caps_new(id->path);
    const char *arch = j_str(r, "arch");
    JsonArray *ma = j_arr(r, "machines");
    gint64 version = j_int(r, "version", -1);
    if (!arch || !ma || version <= 0 || version > G_MAXUINT)
        return NULL;
    c->arch = g_strdup(arch);
    c->version = (unsigned int)version;
    c->package = g_strdup(j_str(r, "package"));
    c->kvm_available = j_bool(r, "kvm_available");
    for (guint i = 0; i < json_array_get_length(ma); i++) {
        JsonObject *mo = j_arr_obj(ma, i);
        const char *name = j_str(mo, "name");
        if (!name)
            return NULL;
        mv_qemu_machine *m = g_new0(mv_qemu_machine, 1);
        m->name = g_strdup(name);
        m->alias = g_strdup(j_str(mo, "alias"));
        m->is_default = j_bool(mo, "is_default");
        m->max_cpus = (int)j_int(mo, "max_cpus", 1);
        m->deprecated = j_bool(mo, "deprecated");
        g_ptr_array_add(c->machines, m);
    }
    if (!load_str_array(r, "cpu_models", c->cpu_models) ||
        !load_str_array(r, "cpu_models_kvm", c->cpu_models_kvm) ||
        !load_str_array(r, "devices", c->devices))
        return NULL;
    c->from_cache = true;
    return g_steal_pointer(&c);
}

/* ---- the probe process ---- */

typedef struct {
    pid_t pid;
    int pidfd;
    int errfd;                   /* memfd holding the process's stderr */
} probe_proc;

/* Starts BINARY with ACCEL; *QMP_FD receives our end of the monitor. */
static int probe_spawn(const char *binary, const char *accel, probe_proc *p, int *qmp_fd)
{
    int sv[2] = { -1, -1 };
    g_autofree char *machine = g_strdup_printf("none,accel=%s", accel);
    g_autofree char *chardev = g_strdup_printf("socket,id=mon,fd=%d", PROBE_QMP_FD);
    p->pid = -1;
    p->pidfd = -1;
    p->errfd = -1;
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0 ||
        (p->errfd = memfd_create("qemu-probe-stderr", MFD_CLOEXEC)) < 0) {
        mv_error_report_errno(VIR_FROM_QEMU, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot prepare the probe of %s", binary);
        goto fail;
    }
    const char *argv[] = {
        binary, "-S", "-no-user-config", "-nodefaults", "-nographic",
        "-machine", machine,
        "-chardev", chardev,
        "-mon", "chardev=mon,mode=control",
        NULL,
    };
    mv_log(MV_LOG_DEBUG, CAPS_LOG, "probing %s (accel %s)", binary, accel);
    const mv_process_fd qmp = { sv[1], PROBE_QMP_FD };
    pid_t pid = mv_process_spawn(argv, NULL, p->errfd, &qmp, 1);
    if (pid < 0) {
        mv_error_report_errno(VIR_FROM_QEMU, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot start %s", binary);
        goto fail;
    }
    p->pid = pid;
    p->pidfd = mv_process_pidfd(pid);
    close(sv[1]);
    *qmp_fd = sv[0];
    return 0;
 fail:
    if (sv[0] >= 0)
        close(sv[0]);
    if (sv[1] >= 0)
        close(sv[1]);
    if (p->errfd >= 0)
        close(p->errfd);
    p->errfd = -1;
    return -1;
}

/* Waits up to GRACE_MS for the process to exit, kills it when it does not,
 * then kills whatever is left in its session (before reaping, while its
 * pid, which is the session's id, cannot be reused) and reaps it.
 * Returns the wait status. */
static int probe_reap(probe_proc *p, int grace_ms)
{
    int status = 0;
    if (p->pid <= 0)
        return 0;
    gint64 deadline = g_get_monotonic_time() + (gint64)grace_ms * 1000;
    for (;;) {
        siginfo_t info = { 0 };
        int r = waitid(P_PID, (id_t)p->pid, &info, WEXITED | WNOHANG | WNOWAIT);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 || info.si_pid == p->pid)
            break;                       /* exited (still a zombie) */
        gint64 left = deadline - g_get_monotonic_time();
        if (left <= 0) {
            kill(p->pid, SIGKILL);
            break;
        }
        if (p->pidfd >= 0) {
            struct pollfd pf = { .fd = p->pidfd, .events = POLLIN };
            poll(&pf, 1, (int)MIN(left / 1000 + 1, 100));
        } else {
            g_usleep(2000);
        }
    }
    kill(-p->pid, SIGKILL);
    while (waitpid(p->pid, &status, 0) < 0 && errno == EINTR)
        ;
    p->pid = -1;
    if (p->pidfd >= 0)
        close(p->pidfd);
    p->pidfd = -1;
    return status;
}

/* The last lines of the probe's stderr, for error messages ("" if none). */
static char *probe_stderr(const probe_proc *p)
{
    if (p->errfd < 0)
        return g_strdup("");
    char buf[1024];
    struct stat st;
    off_t off = 0;
    if (fstat(p->errfd, &st) == 0 && st.st_size > (off_t)sizeof(buf) - 1)
        off = st.st_size - (off_t)sizeof(buf) + 1;
    ssize_t n = pread(p->errfd, buf, sizeof(buf) - 1, off);
    buf[n > 0 ? n : 0] = '\0';
    return g_strstrip(g_strdup(buf));
}

static bool cpu_usable(JsonObject *def)
{
    JsonArray *u = j_arr(def, "unavailable-features");
    return !u || json_array_get_length(u) == 0;
}

static int fill_cpu_models(mv_qmp *mon, GPtrArray *out, int timeout_ms)
{
    JsonNode *r = mv_qmp_command(mon, "query-cpu-definitions", NULL, timeout_ms);
    if (!r)
        return -1;
    if (JSON_NODE_HOLDS_ARRAY(r)) {
        JsonArray *a = json_node_get_array(r);
        for (guint i = 0; i < json_array_get_length(a); i++) {
            JsonObject *d = j_arr_obj(a, i);
            const char *name = j_str(d, "name");
            if (name && cpu_usable(d))
                g_ptr_array_add(out, g_strdup(name));
        }
    }
    g_ptr_array_sort(out, cmp_str);
    json_node_unref(r);
    return 0;
}

/* Queries everything but the CPU models into C. */
static int fill_main(mv_qmp *mon, mv_qemu_caps *c, bool kvm_tried, int timeout_ms)
{
    JsonNode *r = mv_qmp_command(mon, "query-version", NULL, timeout_ms);
    if (!r)
        return -1;
    JsonObject *v = JSON_NODE_HOLDS_OBJECT(r) ? j_obj(json_node_get_object(r), "qemu") : NULL;
    gint64 major = j_int(v, "major", -1), minor = j_int(v, "minor", -1);
    gint64 micro = j_int(v, "micro", -1);
    if (major < 0 || minor < 0 || micro < 0 || major > 4000 || minor > 999 || micro > 999) {
        json_node_unref(r);
        mv_error_report(VIR_FROM_QEMU, VIR_ERR_INTERNAL_ERROR, "query-version returned no version");
        return -1;
    }
    c->version = (unsigned int)(major * 1000000 + minor * 1000 + micro);
    c->package = g_strdup(j_str(json_node_get_object(r), "package"));
    json_node_unref(r);

    if (!(r = mv_qmp_command(mon, "query-target", NULL, timeout_ms)))
        return -1;
    const char *arch = JSON_NODE_HOLDS_OBJECT(r) ? j_str(json_node_get_object(r), "arch") : NULL;
    c->arch = g_strdup(arch ? arch : "unknown");
    json_node_unref(r);

    if (kvm_tried) {
        if (!(r = mv_qmp_command(mon, "query-kvm", NULL, timeout_ms)))
            return -1;
        JsonObject *k = JSON_NODE_HOLDS_OBJECT(r) ? json_node_get_object(r) : NULL;
        c->kvm_available = j_bool(k, "present") && j_bool(k, "enabled");
        json_node_unref(r);
    }

    if (!(r = mv_qmp_command(mon, "query-machines", NULL, timeout_ms)))
        return -1;
    if (JSON_NODE_HOLDS_ARRAY(r)) {
        JsonArray *a = json_node_get_array(r);
        for (guint i = 0; i < json_array_get_length(a); i++) {
            JsonObject *mo = j_arr_obj(a, i);
            const char *name = j_str(mo, "name");
            if (!name)
                continue;
            mv_qemu_machine *m = g_new0(mv_qemu_machine, 1);
            m->name = g_strdup(name);
            m->alias = g_strdup(j_str(mo, "alias"));
            m->is_default = j_bool(mo, "is-default");
            m->max_cpus = (int)CLAMP(j_int(mo, "cpu-max", 1), 0, G_MAXINT);
            m->deprecated = j_bool(mo, "deprecated");
            g_ptr_array_add(c->machines, m);
        }
    }
    g_ptr_array_sort(c->machines, cmp_machine);
    json_node_unref(r);

    g_autoptr(JsonObject) args = json_object_new();
    json_object_set_string_member(args, "implements", "device");
    json_object_set_boolean_member(args, "abstract", FALSE);
    if (!(r = mv_qmp_command(mon, "qom-list-types", args, timeout_ms)))
        return -1;
    if (JSON_NODE_HOLDS_ARRAY(r)) {
        JsonArray *a = json_node_get_array(r);
        for (guint i = 0; i < json_array_get_length(a); i++) {
            const char *name = j_str(j_arr_obj(a, i), "name");
            if (name)
                g_ptr_array_add(c->devices, g_strdup(name));
        }
    }
    g_ptr_array_sort(c->devices, cmp_str);
    json_node_unref(r);
    return 0;
}

/* One probe process. FULL: everything (CPU models into cpu_models_kvm when
 * KVM turns out enabled); else only the TCG CPU models. 0, or -1 with an
 * error naming the binary. */
static int probe_run(mv_qemu_caps *c, const char *path, bool full, bool try_kvm)
{
    gint64 deadline = g_get_monotonic_time() + (gint64)g_atomic_int_get(&probe_timeout_ms) * 1000;
    probe_proc p;
    int fd = -1;
    if (probe_spawn(path, try_kvm ? "kvm:tcg" : "tcg", &p, &fd) < 0)
        return -1;
    int ret = -1;
#define LEFT_MS() ((int)MAX(1, (deadline - g_get_monotonic_time()) / 1000))
    mv_qmp *mon = mv_qmp_open_fd(fd, p.pidfd, LEFT_MS(), NULL, NULL, NULL, NULL);
    if (mon) {
        int r;
        if (full) {
            r = fill_main(mon, c, try_kvm, LEFT_MS());
            if (r == 0)
                r = fill_cpu_models(mon, c->kvm_available ? c->cpu_models_kvm : c->cpu_models,
                                    LEFT_MS());
        } else {
            r = fill_cpu_models(mon, c->cpu_models, LEFT_MS());
        }
        if (r == 0) {
            ret = 0;
            /* The reply may race with the socket closing: not an error. */
            JsonNode *q = mv_qmp_command(mon, "quit", NULL, LEFT_MS());
            if (q)
                json_node_unref(q);
            mv_error_reset();
        }
    }
    /* Keep the error text before anything else can replace it. */
    g_autofree char *why = ret < 0 ? g_strdup(virGetLastErrorMessage()) : NULL;
    mv_qmp_close(mon);
    int status = probe_reap(&p, ret == 0 ? MAX(LEFT_MS(), 1000) : 0);
    g_autofree char *err = probe_stderr(&p);
    close(p.errfd);
    if (ret < 0) {
        g_autofree char *exit_info = WIFEXITED(status)
            ? g_strdup_printf("exit status %d", WEXITSTATUS(status))
            : g_strdup_printf("signal %d", WTERMSIG(status));
        mv_error_report(VIR_FROM_QEMU, VIR_ERR_INTERNAL_ERROR,
                        "Failed to probe capabilities for %s: %s (process ended with %s)%s%s",
                        path, why ? why : "unknown error", exit_info,
                        *err ? ": " : "", err);
    }
#undef LEFT_MS
    return ret;
}

static mv_qemu_caps *probe(const caps_identity *id)
{
    g_autoptr(mv_qemu_caps) c = caps_new(id->path);
    if (probe_run(c, id->path, true, id->kvm_dev) < 0)
        return NULL;
    if (c->kvm_available && probe_run(c, id->path, false, false) < 0)
        return NULL;
    if (c->machines->len == 0) {
        mv_error_report(VIR_FROM_QEMU, VIR_ERR_INTERNAL_ERROR,
                        "Failed to probe capabilities for %s: no machine types", id->path);
        return NULL;
    }
    return g_steal_pointer(&c);
}

mv_qemu_caps *mv_qemu_caps_get(const char *binary, const char *cache_dir)
{
    caps_identity id;
    if (identity_get(binary, &id) < 0)
        return NULL;
    g_autofree char *file = cache_dir ? cache_file(cache_dir, id.path) : NULL;
    mv_qemu_caps *c = file ? cache_load(file, &id) : NULL;
    if (c) {
        identity_clear(&id);
        return c;
    }
    gint64 t0 = g_get_monotonic_time();
    c = probe(&id);
    if (c) {
        mv_log(MV_LOG_DEBUG, CAPS_LOG, "probed %s in %" G_GINT64_FORMAT " ms", id.path,
               (g_get_monotonic_time() - t0) / 1000);
        if (file) {
            g_autofree char *text = cache_format(c, &id);
            if (mv_file_mkdir_p(cache_dir, 0755) < 0 ||
                mv_file_write_atomic(file, text, strlen(text), 0644) < 0) {
                mv_log(MV_LOG_WARN, CAPS_LOG, "cannot write the capability cache %s: %s",
                       file, virGetLastErrorMessage());
                mv_error_reset();
            }
        }
    }
    identity_clear(&id);
    return c;
}
