/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bench/bench-socket-floor.c — the floor under any daemon's round trip on
 * this machine: a client process writes a call-sized message on a unix
 * socket and waits for a reply-sized one from a server process whose
 * thread waits in epoll, as modvirtd's workers do, and does no work.
 * What a lookup through modvirtd costs above this is the daemon's and the
 * plugin's own; compare-remote.py prints it next to the lookup.
 *
 * usage: bench-socket-floor [--iters N] [--reps R]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-util.h"

/* The sizes of a CONNECT_LOOKUP_BY_NAME call for "test" and its reply. */
#define CALL_BYTES 36
#define REPLY_BYTES 64

static void serve(int fd)
{
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = { .events = EPOLLIN | EPOLLET };
    if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0)
        _exit(2);
    char buf[4096], reply[REPLY_BYTES] = { 0 };
    for (;;) {
        struct epoll_event out;
        if (epoll_wait(ep, &out, 1, -1) < 0) {
            if (errno == EINTR)
                continue;
            _exit(2);
        }
        for (;;) {
            ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
            if (n == 0)
                _exit(0);
            if (n < 0)
                break;
            if (send(fd, reply, sizeof(reply), MSG_NOSIGNAL) != (ssize_t)sizeof(reply))
                _exit(2);
        }
    }
}

static void round_trip(int fd)
{
    char call[CALL_BYTES] = { 0 }, buf[REPLY_BYTES];
    if (send(fd, call, sizeof(call), MSG_NOSIGNAL) != (ssize_t)sizeof(call))
        bench_die("send: %s", strerror(errno));
    size_t got = 0;
    while (got < sizeof(buf)) {
        ssize_t n = recv(fd, buf + got, sizeof(buf) - got, 0);
        if (n <= 0)
            bench_die("recv: %s", n ? strerror(errno) : "server gone");
        got += (size_t)n;
    }
}

int main(int argc, char **argv)
{
    static const char *const names[] = { "--iters", "--reps", NULL };
    long values[] = { 20000, 5 };
    bench_options(argc, argv, "usage: bench-socket-floor [--iters N] [--reps R]", names,
                  values);
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        bench_die("socketpair: %s", strerror(errno));
    pid_t pid = fork();
    if (pid < 0)
        bench_die("fork: %s", strerror(errno));
    if (pid == 0) {
        close(sv[0]);
        serve(sv[1]);
    }
    close(sv[1]);
    for (long i = 0; i < values[0] / 10; i++)
        round_trip(sv[0]);
    uint64_t *samples = calloc((size_t)values[1], sizeof(*samples));
    for (long r = 0; r < values[1]; r++) {
        uint64_t t0 = bench_now_ns();
        for (long i = 0; i < values[0]; i++)
            round_trip(sv[0]);
        samples[r] = (bench_now_ns() - t0) / (uint64_t)values[0];
    }
    double median = bench_median(samples, (size_t)values[1]);
    printf("unix socket round trip (epoll server, no work): median %.2f us, min %.2f us\n",
           median / 1000.0, samples[0] / 1000.0);
    close(sv[0]);
    waitpid(pid, NULL, 0);
    free(samples);
    return 0;
}
