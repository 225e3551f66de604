/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/daemon/test-keepalive.c — virConnectSetKeepAlive through the
 * remote plugin: a daemon that stops answering (SIGSTOP) is declared dead
 * after INTERVAL * (COUNT + 1) seconds; the close callback says why and
 * virConnectIsAlive tells the truth. Local drivers have no peer to ping.
 *
 * Run by with-modvirtd.py: the daemon's socket is in MV_TEST_DEFAULT_URI;
 * its pid is the peer of a connection to that socket.
 */
#include <glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define GUARD_US (60 * G_USEC_PER_SEC)

static const char *uri;
static char *sock_path;

static GMutex lock;
static GCond cond;
static int close_reason = -1;

static void on_close(virConnectPtr conn, int reason, void *opaque)
{
    (void)conn;
    (void)opaque;
    g_mutex_lock(&lock);
    close_reason = reason;
    g_cond_broadcast(&cond);
    g_mutex_unlock(&lock);
}

static pid_t daemon_pid(void)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    g_strlcpy(sa.sun_path, sock_path, sizeof(sa.sun_path));
    struct ucred cred = { 0 };
    socklen_t len = sizeof(cred);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0
        || getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
        cred.pid = -1;
    if (fd >= 0)
        close(fd);
    return cred.pid;
}

static void test_local_unsupported(void)
{
    virConnectPtr conn = virConnectOpen("test:///default");
    g_assert_nonnull(conn);
    g_assert_cmpint(virConnectSetKeepAlive(conn, 5, 3), ==, -1);
    g_assert_cmpint(virGetLastErrorCode(), ==, VIR_ERR_NO_SUPPORT);
    virConnectClose(conn);
}

static void test_dead_daemon(void)
{
    virConnectPtr conn = virConnectOpen(uri);
    g_assert_nonnull(conn);
    g_assert_cmpint(virConnectRegisterCloseCallback(conn, on_close, NULL, NULL), ==, 0);
    g_assert_cmpint(virConnectSetKeepAlive(conn, 1, 1), ==, 0);
    g_assert_cmpint(virConnectNumOfDomains(conn), >=, 0);
    g_assert_cmpint(virConnectIsAlive(conn), ==, 1);

    pid_t pid = daemon_pid();
    g_assert_cmpint(pid, >, 0);
    g_assert_cmpint(kill(pid, SIGSTOP), ==, 0);
    gint64 stopped = g_get_monotonic_time();
    g_mutex_lock(&lock);
    gint64 end = stopped + GUARD_US;
    while (close_reason < 0 && g_cond_wait_until(&cond, &lock, end))
        ;
    int reason = close_reason;
    g_mutex_unlock(&lock);
    gint64 took = g_get_monotonic_time() - stopped;
    bool alive = virConnectIsAlive(conn) == 1;
    int n = virConnectNumOfDomains(conn);
    int code = virGetLastErrorCode();
    g_assert_cmpint(kill(pid, SIGCONT), ==, 0);

    g_test_message("declared dead after %.1f s", took / 1e6);
    g_assert_cmpint(reason, ==, VIR_CONNECT_CLOSE_REASON_KEEPALIVE);
    /* A ping after 1 s of silence, the end after 1 more unanswered. */
    g_assert_cmpint(took, >=, 1 * G_USEC_PER_SEC);
    g_assert_false(alive);
    g_assert_cmpint(n, ==, -1);
    g_assert_cmpint(code, !=, VIR_ERR_OK);
    virConnectClose(conn);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    uri = g_getenv("MV_TEST_DEFAULT_URI");
    const char *sock = uri ? strstr(uri, "socket=") : NULL;
    if (!sock) {
        g_printerr("MV_TEST_DEFAULT_URI names no daemon socket\n");
        return 1;
    }
    sock_path = g_strdup(sock + strlen("socket="));
    g_test_add_func("/daemon/keepalive/local-unsupported", test_local_unsupported);
    g_test_add_func("/daemon/keepalive/dead-daemon", test_dead_daemon);
    return g_test_run();
}
