/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/core/test-process.c — the process foundation drivers share
 * (modvirt-plugin/process.h): what a spawned child gets (session, stdio,
 * descriptors), pidfds that see an exit while watched, reaping with the
 * wait status, stopping a child that ignores SIGTERM, /proc start times
 * that tell a process from a zombie or a stranger, and a log's tail. */
#include <modvirt-plugin/plugin.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static char *tmp_file(const char *dir, const char *name)
{
    return g_build_filename(dir, name, NULL);
}

/* The numbers of the descriptors PID has open, as "0 1 2 ...". */
static char *open_fds(pid_t pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/fd", (int)pid);
    g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
    g_assert_nonnull(d);
    GArray *fds = g_array_new(FALSE, FALSE, sizeof(int));
    const char *ent;
    while ((ent = g_dir_read_name(d))) {
        int fd = atoi(ent);
        g_array_append_val(fds, fd);
    }
    GString *out = g_string_new(NULL);
    for (int want = 0; want < 1024; want++)
        for (guint i = 0; i < fds->len; i++)
            if (g_array_index(fds, int, i) == want)
                g_string_append_printf(out, "%s%d", out->len ? " " : "", want);
    g_array_free(fds, TRUE);
    return g_string_free(out, FALSE);
}

/* Waits (5 s at most) until PID, a sleep(1) for a time, sleeps: only then are its
 * descriptors the ones the program got.  Before it, posix_spawn may have
 * returned while the child still carries out its file actions (as under
 * AddressSanitizer's interceptor), and after exec the dynamic loader holds
 * each library it maps open for a moment. */
static void wait_sleeping(pid_t pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/syscall", (int)pid);
    gint64 until = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;
    for (;;) {
        g_autofree char *now = NULL;
        if (g_file_get_contents(path, &now, NULL, NULL) && g_ascii_isdigit(now[0]) &&
            g_ascii_strtoll(now, NULL, 10) == SYS_clock_nanosleep)
            return;
        g_assert_cmpint(g_get_monotonic_time(), <, until);
        g_usleep(1000);
    }
}

/* What a spawned child gets: stdin on /dev/null, stdout and stderr appended
 * to the log, the descriptors passed at their numbers and no other, a
 * session of its own. */
static void test_spawn(void)
{
    g_autofree char *dir = g_dir_make_tmp("mv-process-XXXXXX", NULL);
    g_autofree char *log = tmp_file(dir, "child.log");
    int logfd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    g_assert_cmpint(logfd, >=, 0);
    g_assert_cmpint(write(logfd, "before\n", 7), ==, 7);
    int pipefd[2];
    g_assert_cmpint(pipe2(pipefd, O_CLOEXEC), ==, 0);
    g_assert_cmpint(write(pipefd[1], "passed\n", 7), ==, 7);
    close(pipefd[1]);
    /* a descriptor the child must not get although it is not close-on-exec */
    int stray = open("/dev/null", O_RDONLY);
    g_assert_cmpint(stray, >=, 0);

    const char *argv[] = { "/bin/sh", "-c", "cat <&7; echo err >&2", NULL };
    const mv_process_fd pass = { pipefd[0], 7 };
    pid_t pid = mv_process_spawn(argv, NULL, logfd, &pass, 1);
    g_assert_cmpint(pid, >, 0);
    int pidfd = mv_process_pidfd(pid);
    g_assert_cmpint(pidfd, >=, 0);
    g_assert_true(mv_process_exited(pidfd, -1));
    int status = -1;
    g_assert_true(mv_process_reap(pidfd, &status));
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    close(pidfd);
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(log, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "before\npassed\nerr\n");

    /* a child that stays (until stopped), looked at from outside */
    const char *stay[] = { "/bin/sleep", "1000", NULL };
    int dup_in = open("/dev/null", O_RDONLY | O_CLOEXEC);
    const mv_process_fd pass2 = { dup_in, 7 };
    pid = mv_process_spawn(stay, NULL, logfd, &pass2, 1);
    g_assert_cmpint(pid, >, 0);
    wait_sleeping(pid);
    g_autofree char *fds = open_fds(pid);
    g_assert_cmpstr(fds, ==, "0 1 2 7");
    g_autofree char *fd0 = g_strdup_printf("/proc/%d/fd/0", (int)pid);
    g_autofree char *fd1 = g_strdup_printf("/proc/%d/fd/1", (int)pid);
    g_autofree char *in = g_file_read_link(fd0, NULL);
    g_autofree char *out = g_file_read_link(fd1, NULL);
    g_assert_cmpstr(in, ==, "/dev/null");
    g_assert_cmpstr(out, ==, log);
    g_autofree char *statpath = g_strdup_printf("/proc/%d/stat", (int)pid);
    g_autofree char *stat = NULL;
    g_assert_true(g_file_get_contents(statpath, &stat, NULL, NULL));
    g_auto(GStrv) f = g_strsplit(strrchr(stat, ')') + 2, " ", -1);
    g_assert_cmpint(atoi(f[3]), ==, pid);            /* field 6: its session is its own */
    pidfd = mv_process_pidfd(pid);
    g_assert_true(mv_process_stop(pidfd, 1000));
    close(pidfd);
    close(dup_in);
    close(pipefd[0]);
    close(stray);
    close(logfd);

    /* a program that does not exist: -1 with errno, nothing left behind */
    const char *missing[] = { "/nonexistent/program", NULL };
    errno = 0;
    g_assert_cmpint(mv_process_spawn(missing, NULL, 2, NULL, 0), ==, -1);
    g_assert_cmpint(errno, ==, ENOENT);
    g_assert_cmpint(waitpid(-1, NULL, WNOHANG), ==, -1);
    g_assert_cmpint(errno, ==, ECHILD);

    g_unlink(log);
    g_rmdir(dir);
}

typedef struct {
    int pidfd;
    gboolean seen;
} watcher;

static void *watch(void *data)
{
    watcher *w = data;
    w->seen = mv_process_exited(w->pidfd, -1);
    return NULL;
}

/* A process that exits while a thread waits on its pidfd wakes it, and its
 * exit status comes back from the reap. */
static void test_exit_while_watched(void)
{
    int gate[2];
    g_assert_cmpint(pipe2(gate, O_CLOEXEC), ==, 0);
    const char *argv[] = { "/bin/sh", "-c", "read -r line <&5; exit 3", NULL };
    const mv_process_fd pass = { gate[0], 5 };
    pid_t pid = mv_process_spawn(argv, NULL, 2, &pass, 1);
    g_assert_cmpint(pid, >, 0);
    close(gate[0]);
    watcher w = { .pidfd = mv_process_pidfd(pid) };
    g_assert_cmpint(w.pidfd, >=, 0);
    g_assert_false(mv_process_exited(w.pidfd, 0));
    g_assert_false(mv_process_reap(w.pidfd, NULL));   /* running: nothing to reap */
    pthread_t t;
    g_assert_cmpint(pthread_create(&t, NULL, watch, &w), ==, 0);
    g_assert_cmpint(write(gate[1], "go\n", 3), ==, 3);   /* the child exits on this */
    pthread_join(t, NULL);
    g_assert_true(w.seen);
    int status = 0;
    g_assert_true(mv_process_reap(w.pidfd, &status));
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 3);
    close(w.pidfd);
    close(gate[1]);
}

/* A child that ignores SIGTERM is killed after the grace time and reaped;
 * the reaped status says which signal ended it. */
static void test_stop(void)
{
    int gate[2];
    g_assert_cmpint(pipe2(gate, O_CLOEXEC), ==, 0);
    /* it says when its trap is set, then waits forever on the gate */
    const char *argv[] = { "/bin/sh", "-c", "trap '' TERM; echo ready >&6; read -r x <&5", NULL };
    int ready[2];
    g_assert_cmpint(pipe2(ready, O_CLOEXEC), ==, 0);
    const mv_process_fd pass[] = { { gate[0], 5 }, { ready[1], 6 } };
    pid_t pid = mv_process_spawn(argv, NULL, 2, pass, 2);
    g_assert_cmpint(pid, >, 0);
    close(gate[0]);
    close(ready[1]);
    char buf[8];
    g_assert_cmpint(read(ready[0], buf, sizeof(buf)), ==, 6);
    int pidfd = mv_process_pidfd(pid);
    g_assert_true(mv_process_stop(pidfd, 200));
    g_assert_cmpint(waitpid(pid, NULL, WNOHANG), ==, -1);   /* already reaped */
    g_assert_cmpint(errno, ==, ECHILD);
    close(pidfd);
    close(gate[1]);
    close(ready[0]);
}

/* Identity: the start time of a process is stable and its own; a pidfd is
 * attached only to the process that started then, never to a zombie. */
static void test_identity(void)
{
    unsigned long long self = mv_process_start_time(getpid());
    g_assert_cmpuint(self, >, 0);
    unsigned long long start = 0, utime = 0, stime = 0;
    g_assert_true(mv_process_proc_stat(getpid(), &start, &utime, &stime));
    g_assert_cmpuint(start, ==, self);
    g_assert_false(mv_process_proc_stat(0, &start, NULL, NULL));

    /* a command name with spaces and parentheses does not shift fields */
    g_autofree char *dir = g_dir_make_tmp("mv-process-XXXXXX", NULL);
    g_autofree char *odd = tmp_file(dir, "a) b (c");
    g_assert_cmpint(symlink("/bin/sh", odd), ==, 0);
    int gate[2];
    g_assert_cmpint(pipe2(gate, O_CLOEXEC), ==, 0);
    const char *argv[] = { odd, "-c", "read -r x <&5", NULL };
    const mv_process_fd pass = { gate[0], 5 };
    pid_t pid = mv_process_spawn(argv, NULL, 2, &pass, 1);
    g_assert_cmpint(pid, >, 0);
    close(gate[0]);
    unsigned long long child = mv_process_start_time(pid);
    g_assert_cmpuint(child, >=, self);
    int fd = mv_process_attach(pid, child);
    g_assert_cmpint(fd, >=, 0);
    g_assert_false(mv_process_exited(fd, 0));
    g_assert_cmpint(mv_process_attach(pid, child + 1), ==, -1);   /* another process */
    g_assert_cmpint(mv_process_attach(pid, 0), ==, -1);

    close(gate[1]);                          /* it exits: a zombie until reaped */
    g_assert_true(mv_process_exited(fd, -1));
    g_assert_cmpint(mv_process_attach(pid, child), ==, -1);
    g_assert_true(mv_process_reap(fd, NULL));
    close(fd);
    g_unlink(odd);
    g_rmdir(dir);
}

static void test_log_tail(void)
{
    g_autofree char *dir = g_dir_make_tmp("mv-process-XXXXXX", NULL);
    g_autofree char *log = tmp_file(dir, "qemu.log");
    GString *text = g_string_new("an earlier run\n");
    gsize from = text->len;
    for (int i = 1; i <= 20; i++)
        g_string_append_printf(text, "line %d\n", i);
    g_string_append(text, "\n\n");
    g_assert_true(g_file_set_contents(log, text->str, (gssize)text->len, NULL));
    g_autofree char *three = mv_process_log_tail(log, (off_t)from, 3);
    g_assert_cmpstr(three, ==, "line 18\nline 19\nline 20");
    g_autofree char *all = mv_process_log_tail(log, (off_t)from, 100);
    g_assert_true(g_str_has_prefix(all, "line 1\n"));          /* not the earlier run */
    g_autofree char *none = mv_process_log_tail(log, (off_t)text->len, 3);
    g_assert_cmpstr(none, ==, "");
    g_autofree char *missing = mv_process_log_tail("/nonexistent/log", 0, 3);
    g_assert_cmpstr(missing, ==, "");
    g_string_free(text, TRUE);
    g_unlink(log);
    g_rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/process/spawn", test_spawn);
    g_test_add_func("/process/exit-while-watched", test_exit_while_watched);
    g_test_add_func("/process/stop", test_stop);
    g_test_add_func("/process/identity", test_identity);
    g_test_add_func("/process/log-tail", test_log_tail);
    return g_test_run();
}
