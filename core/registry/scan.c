/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/registry/scan.c — learning what a plugin file is without trusting
 * it: the plugin scanner.
 *
 * Files the cache does not know are loaded in a helper process,
 * modvirt-plugin-scanner, which runs each one's constructors and init in
 * turn and prints its record (one line) as soon as it has it. If the
 * scanner dies, the file it was on killed it (a crash, an abort, an exit in
 * a constructor or init); if no record arrives in SCAN_TIMEOUT_S, that file
 * hangs (an endless loop, a deadlock) and the scanner is killed. Either way
 * the file is recorded as refused, with that reason, and a new scanner goes
 * on with the files after it. Without a scanner (not installed), files are
 * loaded here, as before there was one.
 *
 * The scanner's side (mv_registry_scanner_main) loads each file into a
 * registry of its own, so that its record says what the file is on its
 * own; which of two plugins wins a name or scheme is decided later, in
 * each process, by the order of the plugin directories.
 */
#include "mv-config.h"
#include "core/registry/registry.h"
#include "core/util/error.h"
#include "core/util/build-tree.h"
#include "core/util/secure.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MV_LOG_SRC "registry"
#define SCAN_TIMEOUT_S 5

extern char **environ;

/* $MODVIRT_PLUGIN_SCANNER, the build tree's for a core run uninstalled,
 * else the installed one. */
static const char *scanner_path(void)
{
    static char *path;
    static gsize once;
    if (g_once_init_enter(&once)) {
        const char *env = mv_util_secure_execution() ? NULL : g_getenv("MODVIRT_PLUGIN_SCANNER");
        const char *build = mv_util_uninstalled_build_root();
        if (env && *env)
            path = g_strdup(env);
        else if (build)
            path = g_build_filename(build, "tools", "plugin-scanner", "modvirt-plugin-scanner",
                                    NULL);
        else
            path = g_strdup(MV_LIBEXECDIR "/modvirt-plugin-scanner");
        g_once_init_leave(&once, 1);
    }
    return path;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Starts the scanner on PLUGINS[FROM..], its stdout on *OUT. */
static pid_t scanner_spawn(const char *scanner, GPtrArray *plugins, guint from, int *out)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0)
        return -1;
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_ptr_array_add(argv, (char *)scanner);
    for (guint i = from; i < plugins->len; i++)
        g_ptr_array_add(argv, ((mv_registry_plugin *)plugins->pdata[i])->file);
    g_ptr_array_add(argv, NULL);

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclosefrom_np(&fa, 3);
    pid_t pid;
    int rc = posix_spawn(&pid, scanner, &fa, NULL, (char **)argv->pdata, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        errno = rc;
        return -1;
    }
    *out = fds[0];
    return pid;
}

/* Why the scanner ended as STATUS while loading a file. */
static char *death_reason(pid_t pid, bool timed_out)
{
    int status = 0;
    if (timed_out)
        kill(pid, SIGKILL);
    pid_t r;
    while ((r = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
        ;
    if (timed_out)
        return g_strdup_printf("init did not return in %d s", SCAN_TIMEOUT_S);
    if (r < 0)
        return g_strdup("the plugin scanner ended without a report");
    if (WIFSIGNALED(status)) {
        const char *abbrev = sigabbrev_np(WTERMSIG(status));
        return abbrev ? g_strdup_printf("crashed during init: SIG%s", abbrev)
                      : g_strdup_printf("crashed during init: signal %d", WTERMSIG(status));
    }
    return g_strdup_printf("exited during init with status %d", WEXITSTATUS(status));
}

/* Reads records from the scanner until it ends or stalls; returns the
 * index of the first plugin without a record (its culprit, if it died). */
static guint scanner_read(int fd, GPtrArray *plugins, guint next, bool *timed_out)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    int64_t deadline = now_ms() + SCAN_TIMEOUT_S * 1000;
    *timed_out = false;
    for (;;) {
        int64_t left = deadline - now_ms();
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        int n = left > 0 ? poll(&pfd, 1, (int)left) : 0;
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0) {
            *timed_out = true;
            return next;
        }
        char chunk[4096];
        ssize_t got = read(fd, chunk, sizeof(chunk));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return next;
        g_string_append_len(buf, chunk, got);
        char *nl;
        while ((nl = memchr(buf->str, '\n', buf->len)) && next < plugins->len) {
            *nl = '\0';
            if (mv_registry_record_parse(plugins->pdata[next], buf->str, true))
                next++;
            g_string_erase(buf, 0, nl - buf->str + 1);
            deadline = now_ms() + SCAN_TIMEOUT_S * 1000;
        }
    }
}

/* In-process fallback: what the scanner would have said. The plugin's init
 * runs again when a connection needs it (init only registers). */
static void scan_here(GPtrArray *plugins)
{
    mv_log(MV_LOG_WARN, MV_LOG_SRC, "no plugin scanner at %s: loading new plugins in this "
           "process", scanner_path());
    for (guint i = 0; i < plugins->len; i++) {
        mv_registry_plugin *p = plugins->pdata[i];
        mv_registry scratch;
        mv_registry_scratch_init(&scratch);
        mv_registry_plugin_load(&scratch, p);
        /* Its drivers are registered for real when a connection needs it. */
        p->loaded = false;
        mv_registry_scratch_free(&scratch);
    }
}

void mv_registry_scan(GPtrArray *plugins)
{
    const char *scanner = scanner_path();
    guint next = 0;
    while (next < plugins->len) {
        int fd;
        pid_t pid = scanner_spawn(scanner, plugins, next, &fd);
        if (pid < 0) {
            if (next == 0) {
                scan_here(plugins);
                return;
            }
            for (; next < plugins->len; next++)
                mv_registry_plugin_refuse(plugins->pdata[next], "cannot run the plugin "
                                          "scanner %s: %s", scanner, g_strerror(errno));
            return;
        }
        bool timed_out;
        next = scanner_read(fd, plugins, next, &timed_out);
        close(fd);
        g_autofree char *why = death_reason(pid, timed_out);
        if (next < plugins->len)
            mv_registry_plugin_refuse(plugins->pdata[next++], "%s", why);
    }
}

int mv_registry_scanner_main(int argc, char **argv)
{
    /* Records go to the parent on the original stdout; whatever a plugin
     * prints goes to stderr, where it cannot be taken for one. */
    int fd = dup(1);
    FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!out || dup2(2, 1) < 0)
        return 1;
    mv_registry_scanner_mode();
    for (int i = 1; i < argc; i++) {
        mv_registry scratch;
        mv_registry_scratch_init(&scratch);
        mv_registry_plugin *p = mv_registry_plugin_new(argv[i]);
        mv_registry_plugin_load(&scratch, p);
        g_autofree char *record = mv_registry_record_format(p);
        fprintf(out, "%s\n", record);
        fflush(out);
        mv_registry_scratch_free(&scratch);
        mv_registry_plugin_free(p);
    }
    return fclose(out) == 0 ? 0 : 1;
}
