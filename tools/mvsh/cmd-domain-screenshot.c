/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/cmd-domain-screenshot.c — screenshot: an image of a domain's
 * display, received on a stream and written to a file (named after the
 * domain and the time when none is given), as virsh does. */
#include "mvsh.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

static int write_all(virStreamPtr st, const char *buf, size_t n, void *opaque)
{
    (void)st;
    size_t done = 0;
    while (done < n) {
        ssize_t put = write(*(int *)opaque, buf + done, n - done);
        if (put < 0 && errno == EINTR)
            continue;
        if (put < 0)
            return -1;
        done += (size_t)put;
    }
    return (int)n;
}

/* virsh's name for an image of DOM of type MIME: NAME-DATE-TIME.EXT. */
static char *gen_name(virDomainPtr dom, const char *mime)
{
    const char *ext = !strcmp(mime, "image/x-portable-pixmap") ? ".ppm"
                      : !strcmp(mime, "image/png") ? ".png" : "";
    g_autoptr(GDateTime) now = g_date_time_new_now_local();
    g_autofree char *stamp = g_date_time_format(now, "%Y-%m-%d-%H:%M:%S");
    return g_strdup_printf("%s-%s%s", virDomainGetName(dom), stamp, ext);
}

static int cmd_screenshot(mvsh *sh, const mvsh_args *a)
{
    unsigned int screen = 0;
    if (mvsh_arg_uint(a, "screen", &screen) < 0)
        return -1;
    virDomainPtr dom = mvsh_domain(sh, a, "domain", MVSH_BY_ANY);
    if (!dom)
        return -1;
    int rc = -1, fd = -1;
    bool created = false;
    g_autofree char *file = g_strdup(mvsh_arg(a, "file"));
    virStreamPtr st = virStreamNew(sh->conn, 0);
    char *mime = st ? virDomainScreenshot(dom, st, screen, 0) : NULL;
    if (!mime) {
        mvsh_error("could not take a screenshot of %s", virDomainGetName(dom));
        goto out;
    }
    if (!file)
        file = gen_name(dom, mime);
    if ((fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) >= 0)
        created = true;
    else if (errno != EEXIST || (fd = open(file, O_WRONLY | O_TRUNC | O_CLOEXEC, 0666)) < 0) {
        mvsh_error("cannot create file %s", file);
        goto out;
    }
    if (virStreamRecvAll(st, write_all, &fd) < 0) {
        mvsh_error("could not receive data from domain %s", virDomainGetName(dom));
        goto out;
    }
    int closed = close(fd);
    fd = -1;
    if (closed < 0) {
        mvsh_error("cannot close file %s", file);
        goto out;
    }
    if (virStreamFinish(st) < 0) {
        mvsh_error("cannot close stream on domain %s", virDomainGetName(dom));
        goto out;
    }
    /* virsh ends the line with the blank line that follows every command */
    mvsh_print_extra(sh, "Screenshot saved to %s, with type of %s", file, mime);
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    if (rc < 0 && created)
        unlink(file);
    if (st) {
        if (rc < 0)
            virStreamAbort(st);
        virStreamFree(st);
    }
    free(mime);
    virDomainFree(dom);
    return rc;
}

static const mvsh_opt screenshot_opts[] = {
    { "domain", MVSH_OT_DATA, MVSH_OPT_REQ },
    { "file", MVSH_OT_DATA, 0 },
    { "screen", MVSH_OT_STRING, 0 },
    { NULL },
};

const mvsh_cmd mvsh_cmd_screenshot = {
    .name = "screenshot",
    .summary = "take a screenshot of a current domain console and store it into a file",
    .usage = "screenshot <domain> [--file <string>] [--screen <number>]",
    .description = "Writes an image of the domain's display (screen --screen, 0 by default) "
                   "to --file, or to NAME-DATE-TIME.EXT in the current directory; says where "
                   "and of which type (image/png, or image/x-portable-pixmap from QEMU).",
    .group = MVSH_GRP_DOMAIN, .needs_conn = true, .takes_domain = true,
    .opts = screenshot_opts, .run = cmd_screenshot,
};
