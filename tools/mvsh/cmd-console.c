/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-console.c — `console`: connects the terminal to a running
 * domain's console through virDomainOpenConsole on a non-blocking stream,
 * driven by the default event loop (registered in main.c before any
 * connection): the loop watches standard input (virEventAddHandle) and the
 * stream (virStreamEventAddCallback); stream data goes to stdout, input to
 * the stream. The session ends on Ctrl-] (0x1d) in the input, when the
 * stream ends or hangs up, or when a terminal's input ends. On a terminal,
 * input is raw while connected and restored on every way out, including
 * the fatal signals. Unlike virsh, a non-terminal standard input is
 * accepted (scripts, tests): it is sent as it comes, and at its end mvsh
 * keeps copying the console's output until the console closes.
 */
#include "mvsh.h"

#include <errno.h>
#include <glib.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define ESCAPE_CHAR 0x1d   /* Ctrl-] */
#define STREAM_EVENTS \
    (VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_HANGUP | VIR_STREAM_EVENT_ERROR)

typedef struct console {
    virStreamPtr st;
    bool tty;             /* stdin is a terminal */
    int stdin_watch;      /* -1 when stdin is not (or no longer) watched */
    bool done;            /* leave the event loop */
    bool ended;           /* the stream itself ended: finish, not abort */
    int rc;
    GByteArray *pending;  /* input the stream has not taken yet */
} console;

/* The terminal as it was, for the restore and for the signal handler. */
static struct termios saved_tty;
static volatile sig_atomic_t tty_is_raw;
static const int fatal_signals[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE };
static struct sigaction saved_actions[G_N_ELEMENTS(fatal_signals)];
static bool handlers_set;

static void tty_restore(void)
{
    if (tty_is_raw) {
        tcsetattr(STDIN_FILENO, TCSADRAIN, &saved_tty);
        tty_is_raw = 0;
    }
}

/* Async-signal-safe: put the terminal back, then die of the signal. */
static void on_fatal_signal(int sig)
{
    tty_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

static int tty_make_raw(void)
{
    if (tcgetattr(STDIN_FILENO, &saved_tty) < 0) {
        mvsh_error("unable to get tty attributes: %s", g_strerror(errno));
        return -1;
    }
    struct sigaction sa = { .sa_handler = on_fatal_signal };
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < G_N_ELEMENTS(fatal_signals); i++)
        sigaction(fatal_signals[i], &sa, &saved_actions[i]);
    handlers_set = true;
    struct termios raw = saved_tty;
    cfmakeraw(&raw);
    tty_is_raw = 1;
    if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) < 0) {
        mvsh_error("unable to set tty attributes: %s", g_strerror(errno));
        return -1;
    }
    return 0;
}

static void tty_leave(void)
{
    tty_restore();
    for (size_t i = 0; handlers_set && i < G_N_ELEMENTS(fatal_signals); i++)
        sigaction(fatal_signals[i], &saved_actions[i], NULL);
    handlers_set = false;
}

static int write_all(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EAGAIN) {
            struct pollfd p = { .fd = fd, .events = POLLOUT };
            poll(&p, 1, -1);
            continue;
        }
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        buf += w;
        n -= (size_t)w;
    }
    return 0;
}

static void console_end(console *c, int rc)
{
    c->done = true;
    if (rc < 0)
        c->rc = -1;
}

static void stop_stdin(console *c)
{
    if (c->stdin_watch >= 0)
        virEventRemoveHandle(c->stdin_watch);
    c->stdin_watch = -1;
}

/* Sends what it can of the pending input; asks for WRITABLE for the rest. */
static void flush_pending(console *c)
{
    while (c->pending->len > 0) {
        int n = virStreamSend(c->st, (const char *)c->pending->data, c->pending->len);
        if (n == -2)
            break;
        if (n < 0) {
            console_end(c, -1);
            return;
        }
        g_byte_array_remove_range(c->pending, 0, (guint)n);
    }
    virStreamEventUpdateCallback(c->st, STREAM_EVENTS |
                                 (c->pending->len ? VIR_STREAM_EVENT_WRITABLE : 0));
}

static void on_stdin(int watch, int fd, int events, void *opaque)
{
    console *c = opaque;
    char buf[1024];
    if (c->done)
        return;
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) {
        stop_stdin(c);
        /* A terminal that goes away ends the session; a file or pipe at its
         * end leaves the console's output flowing until the console closes. */
        if (c->tty || n < 0)
            console_end(c, 0);
        return;
    }
    const char *esc = memchr(buf, ESCAPE_CHAR, (size_t)n);
    g_byte_array_append(c->pending, (const guint8 *)buf, (guint)(esc ? esc - buf : n));
    flush_pending(c);
    if (esc)
        console_end(c, 0);
}

static void on_stream(virStreamPtr st, int events, void *opaque)
{
    console *c = opaque;
    if (c->done)
        return;
    if ((events & VIR_STREAM_EVENT_WRITABLE) && c->pending->len)
        flush_pending(c);
    char buf[4096];
    /* Read on hangup too: the data before it still belongs to the user. */
    while (!c->done && (events & STREAM_EVENTS)) {
        int n = virStreamRecv(st, buf, sizeof(buf));
        if (n == -2)
            break;
        if (n == 0)
            c->ended = true;
        if (n <= 0) {
            console_end(c, n);
            return;
        }
        if (write_all(STDOUT_FILENO, buf, (size_t)n) < 0) {
            mvsh_error("cannot write to standard output: %s", g_strerror(errno));
            console_end(c, -1);
            return;
        }
    }
    if (events & (VIR_STREAM_EVENT_HANGUP | VIR_STREAM_EVENT_ERROR)) {
        c->ended = true;
        console_end(c, 0);
    }
}

static int run_console(mvsh *sh, virDomainPtr dom, const char *devname, unsigned int flags)
{
    console c = { .stdin_watch = -1, .tty = isatty(STDIN_FILENO) == 1,
                  .pending = g_byte_array_new() };
    bool opened = false, watched = false;
    c.st = virStreamNew(sh->conn, VIR_STREAM_NONBLOCK);
    if (!c.st || virDomainOpenConsole(dom, devname, c.st, flags) < 0) {
        c.rc = -1;
        goto out;
    }
    opened = true;
    if (virStreamEventAddCallback(c.st, STREAM_EVENTS, on_stream, &c, NULL) < 0) {
        c.rc = -1;
        goto out;
    }
    watched = true;
    c.stdin_watch = virEventAddHandle(STDIN_FILENO, VIR_EVENT_HANDLE_READABLE, on_stdin, &c,
                                      NULL);
    if (c.stdin_watch < 0) {
        mvsh_error("cannot watch standard input");
        c.rc = -1;
        goto out;
    }
    if (c.tty && tty_make_raw() < 0) {
        c.rc = -1;
        goto out;
    }
    while (!c.done) {
        if (virEventRunDefaultImpl() < 0) {
            c.rc = -1;
            break;
        }
    }
out:
    tty_leave();
    stop_stdin(&c);
    if (watched)
        virStreamEventRemoveCallback(c.st);
    if (opened && c.ended && c.rc == 0) {
        if (virStreamFinish(c.st) < 0)
            c.rc = -1;
    } else if (opened) {
        virStreamAbort(c.st);
    }
    if (c.st)
        virStreamFree(c.st);
    g_byte_array_unref(c.pending);
    return c.rc;
}

static int cmd_console(mvsh *sh, const mvsh_args *a)
{
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    int state, rc = -1;
    if (virDomainGetState(dom, &state, NULL, 0) < 0) {
        mvsh_error("Unable to get domain status");
    } else if (state == VIR_DOMAIN_SHUTOFF) {
        mvsh_error("The domain is not running");
    } else {
        unsigned int flags = (mvsh_flag(a, "force") ? VIR_DOMAIN_CONSOLE_FORCE : 0) |
                             (mvsh_flag(a, "safe") ? VIR_DOMAIN_CONSOLE_SAFE : 0);
        mvsh_print_extra(sh, "Connected to domain '%s'\n", virDomainGetName(dom));
        mvsh_print_extra(sh, "Escape character is ^] (Ctrl + ])\n");
        fflush(stdout);
        rc = run_console(sh, dom, mvsh_arg(a, "devname"), flags);
    }
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt console_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "devname", MVSH_OT_STRING, 0 },
    { "force", MVSH_OT_BOOL, 0 },
    { "safe", MVSH_OT_BOOL, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_console = {
    .name = "console",
    .summary = "connect to the guest console",
    .usage = "console <domain> [--devname <string>] [--force] [--safe]",
    .description = "Connects the terminal to the running domain's console (or to its "
                   "character device --devname, such as serial1): the guest's output is "
                   "printed and what is typed is sent, with the terminal in raw mode, until "
                   "Ctrl-] is typed or the console closes. --force disconnects another session "
                   "using the console; --safe connects only if the driver can do so safely. "
                   "Without a terminal, standard input is sent as it comes (Ctrl-] in it "
                   "still ends the session), and after its end the output is copied until "
                   "the console closes.",
    .group = MVSH_GRP_DOMAIN,
    .needs_conn = true,
    .takes_domain = true,
    .opts = console_opts,
    .run = cmd_console,
};
