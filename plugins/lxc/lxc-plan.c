/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/lxc/lxc-plan.c — everything a start needs, checked and resolved
 * by the driver before it forks: canonical filesystem sources (which must
 * exist and be directories, anywhere on the host but under /proc, /sys,
 * /dev or in the driver's own directories: an embed root scopes the
 * driver's files, not the paths a definition uses), the init program
 * (found inside the root), its arguments
 * and environment as libvirt sets them, and the bridges of the interfaces
 * (a bridge-net network's through the public API on the same connection). */
#include "lxc.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static bool path_under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (n == 1 && dir[0] == '/')
        return true;
    return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* Refuses (with an error) a canonical source CANON that is or lies under a
 * kernel interface (a container gets its own /proc, /sys and /dev) or that
 * is, lies under or contains one of the driver's own directories. */
static int check_source_allowed(mv_lxc_state *st, const char *canon, const char *src,
                                const char *what)
{
    const char *kernel[] = { "/proc", "/sys", "/dev" };
    const char *own[] = { st->config_dir, st->run_dir, st->log_dir };
    const char *inside = NULL, *contains = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(kernel) && !inside; i++)
        if (path_under(canon, kernel[i]))
            inside = kernel[i];
    for (size_t i = 0; i < G_N_ELEMENTS(own) && !inside && !contains; i++) {
        g_autofree char *d = realpath(own[i], NULL);
        if (path_under(canon, d ? d : own[i]))
            inside = own[i];
        else if (d && path_under(d, canon))
            contains = own[i];
    }
    if (!inside && !contains)
        return 0;
    mv_error_report(MV_LXC_ERR, VIR_ERR_CONFIG_UNSUPPORTED, "%s '%s' is not allowed: it %s '%s'",
                    what, src, inside ? "is inside" : "contains", inside ? inside : contains);
    return -1;
}

/* The canonical form of filesystem source SRC, or NULL with an error. */
static char *check_source(mv_lxc_state *st, const char *src, const char *what)
{
    char *canon = realpath(src, NULL);
    if (!canon) {
        mv_error_report_errno(MV_LXC_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot access %s '%s'", what, src);
        return NULL;
    }
    struct stat sb;
    if (stat(canon, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                        "%s '%s' is not a directory", what, src);
        free(canon);
        return NULL;
    }
    if (check_source_allowed(st, canon, src, what) < 0) {
        free(canon);
        return NULL;
    }
    return canon;
}

/* Is PATH an executable file inside ROOT, resolved as the container will? */
static int check_in_root(const char *root, const char *path, bool dir)
{
    int rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0)
        return -errno;
    struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT };
    int fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
    int e = errno;
    close(rootfd);
    if (fd < 0)
        return -e;
    struct stat sb;
    int r = fstat(fd, &sb) < 0 ? -errno : 0;
    close(fd);
    if (r == 0 && dir && !S_ISDIR(sb.st_mode))
        r = -ENOTDIR;
    if (r == 0 && !dir && (!S_ISREG(sb.st_mode) || !(sb.st_mode & 0111)))
        r = S_ISDIR(sb.st_mode) ? -EISDIR : -EACCES;
    return r;
}

static int plan_fs(mv_lxc_state *st, const mv_domain_def *def, mv_lxc_plan *p)
{
    const mv_domain_devices *devs = def->devices;
    p->mounts = g_new0(mv_lxc_mount, devs->nfilesystems + 1);
    for (size_t i = 0; i < devs->nfilesystems; i++) {
        const mv_domain_fs_def *fs = devs->filesystems[i];
        bool is_root = strcmp(fs->dst, "/") == 0;
        char *canon = check_source(st, fs->src_dir, is_root ? "root filesystem source"
                                                            : "filesystem source");
        if (!canon)
            return -1;
        if (is_root) {
            p->root = canon;
            p->root_readonly = fs->readonly;
            continue;
        }
        mv_lxc_mount *m = &p->mounts[p->nmounts++];
        m->src = canon;
        m->dst = g_strdup(fs->dst);
        m->readonly = fs->readonly;
    }
    /* targets must exist in the root (it may be read-only) */
    for (size_t i = 0; i < p->nmounts; i++) {
        int r = check_in_root(p->root ? p->root : "/", p->mounts[i].dst, true);
        if (r < 0) {
            mv_error_report_errno(MV_LXC_ERR, VIR_ERR_SYSTEM_ERROR, -r,
                                  "filesystem target '%s' is not a directory in the container root",
                                  p->mounts[i].dst);
            return -1;
        }
    }
    return 0;
}

static int plan_init(const mv_domain_def *def, mv_lxc_plan *p)
{
    const mv_domain_os_def *os = def->os;
    int r = check_in_root(p->root ? p->root : "/", os->init, false);
    if (r < 0) {
        mv_error_report_errno(MV_LXC_ERR, VIR_ERR_SYSTEM_ERROR, -r,
                              "cannot find init path '%s' relative to container root",
                              os->init);
        return -1;
    }
    if (os->initdir && (r = check_in_root(p->root ? p->root : "/", os->initdir, true)) < 0) {
        mv_error_report_errno(MV_LXC_ERR, VIR_ERR_SYSTEM_ERROR, -r,
                              "cannot use initdir '%s' in the container root", os->initdir);
        return -1;
    }
    p->initdir = g_strdup(os->initdir);
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, g_strdup(os->init));
    for (size_t i = 0; i < os->ninitargs; i++)
        g_ptr_array_add(argv, g_strdup(os->initargs[i]));
    g_ptr_array_add(argv, NULL);
    p->argv = (char **)g_ptr_array_free(argv, FALSE);
    /* libvirt's environment for init, then <initenv> */
    GPtrArray *env = g_ptr_array_new();
    g_ptr_array_add(env, g_strdup("PATH=/bin:/sbin"));
    g_ptr_array_add(env, g_strdup("TERM=linux"));
    g_ptr_array_add(env, g_strdup("container=lxc-libvirt"));
    g_ptr_array_add(env, g_strdup("HOME=/"));
    g_ptr_array_add(env, g_strdup_printf("container_uuid=%s", p->uuid));
    g_ptr_array_add(env, g_strdup_printf("LIBVIRT_LXC_UUID=%s", p->uuid));
    g_ptr_array_add(env, g_strdup_printf("LIBVIRT_LXC_NAME=%s", def->name));
    for (size_t i = 0; i < os->ninitenv; i++)
        g_ptr_array_add(env, g_strdup_printf("%s=%s", os->initenv[i]->name,
                                             os->initenv[i]->value ? os->initenv[i]->value : ""));
    g_ptr_array_add(env, NULL);
    p->envp = (char **)g_ptr_array_free(env, FALSE);
    return 0;
}

static bool link_exists(const char *name)
{
    g_autofree char *path = g_strdup_printf("/sys/class/net/%s", name);
    return g_file_test(path, G_FILE_TEST_EXISTS);
}

static int net_bridge(virConnectPtr conn, const mv_domain_net_def *net, char *out)
{
    g_autofree char *br = NULL;
    if (net->type == MV_DOMAIN_NET_TYPE_NETWORK) {
        virNetworkPtr n = virNetworkLookupByName(conn, net->network);
        if (!n)
            return -1;   /* the network driver's error stays */
        int active = virNetworkIsActive(n);
        char *name = active == 1 ? virNetworkGetBridgeName(n) : NULL;
        virNetworkFree(n);
        if (active == 0) {
            mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_INVALID,
                            "network '%s' is not active", net->network);
            return -1;
        }
        if (!name)
            return -1;
        br = g_strdup(name);
        free(name);
    } else if (net->type == MV_DOMAIN_NET_TYPE_BRIDGE) {
        br = g_strdup(net->bridge);
    } else {
        out[0] = '\0';
        return 0;
    }
    g_autofree char *sys = g_strdup_printf("/sys/class/net/%s/bridge", br ? br : "");
    if (!br || strlen(br) > 15 || !g_file_test(sys, G_FILE_TEST_IS_DIR)) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_OPERATION_INVALID,
                        "bridge '%s' does not exist on the host", br ? br : "");
        return -1;
    }
    g_strlcpy(out, br, 16);
    return 0;
}

static int plan_nets(virConnectPtr conn, const mv_domain_def *def, mv_lxc_plan *p)
{
    const mv_domain_devices *devs = def->devices;
    p->nets = g_new0(mv_lxc_netif, devs->nnets + 1);
    int next = 0;
    for (size_t i = 0; i < devs->nnets; i++) {
        const mv_domain_net_def *net = devs->nets[i];
        mv_lxc_netif *n = &p->nets[p->nnets++];
        if (net_bridge(conn, net, n->bridge) < 0)
            return -1;
        memcpy(n->mac, net->mac, 6);
        if (net->ifname) {
            if (strlen(net->ifname) > 15 || link_exists(net->ifname)) {
                mv_error_report(MV_LXC_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                                "interface name '%s' is too long or already in use", net->ifname);
                return -1;
            }
            g_strlcpy(n->host, net->ifname, sizeof(n->host));
        } else {
            /* a first guess; the supervisor takes the next if it is gone */
            do
                snprintf(n->host, sizeof(n->host), "veth%d", next++);
            while (link_exists(n->host) && next < 100000);
            n->auto_name = true;
        }
        snprintf(n->guest_tmp, sizeof(n->guest_tmp), "mvg%u", g_random_int() % 100000000u);
        snprintf(n->guest, sizeof(n->guest), "eth%u", (unsigned)(i % 1000));
    }
    return 0;
}

mv_lxc_plan *mv_lxc_plan_new(mv_lxc_state *st, const mv_lxc_dom *d, virConnectPtr conn)
{
    const mv_domain_def *def = d->obj->def;
    mv_lxc_plan *p = g_new0(mv_lxc_plan, 1);
    p->console_fd = p->log_fd = p->status_fd = -1;
    p->name = g_strdup(def->name);
    mv_uuid_format(def->uuid, p->uuid);
    p->hostname = g_strndup(def->name, 64);
    p->extra = d->extra;
    /* the core checked the maps; lxc_post_parse bounded their number */
    const mv_domain_idmap *im = def->idmap;
    for (size_t i = 0; i < im->nuids && i < MV_LXC_MAX_IDMAP; i++)
        p->uid[p->nuid++] = (mv_lxc_idmap){ im->uids[i]->start, im->uids[i]->target,
                                            im->uids[i]->count };
    for (size_t i = 0; i < im->ngids && i < MV_LXC_MAX_IDMAP; i++)
        p->gid[p->ngid++] = (mv_lxc_idmap){ im->gids[i]->start, im->gids[i]->target,
                                            im->gids[i]->count };
    if (plan_fs(st, def, p) < 0 || plan_init(def, p) < 0 || plan_nets(conn, def, p) < 0) {
        mv_lxc_plan_free(p);
        return NULL;
    }
    p->stage = mv_lxc_path(st, MV_PATH_RUN, def->name, ".root");
    p->exit_path = mv_lxc_path(st, MV_PATH_RUN, def->name, ".exit");
    p->init_path = mv_lxc_path(st, MV_PATH_RUN, def->name, ".init");
    /* the mapped root of a user namespace walks to the stage: the run dir
     * and its parent (ours, made 0700) become searchable, not readable */
    if (p->nuid) {
        g_autofree char *parent = g_path_get_dirname(st->run_dir);
        chmod(parent, 0711);
        chmod(st->run_dir, 0711);
    }
    if ((mkdir(p->stage, 0711) < 0 && errno != EEXIST) || chmod(p->stage, 0711) < 0) {
        mv_error_report_errno(MV_LXC_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                              "cannot create directory '%s'", p->stage);
        mv_lxc_plan_free(p);
        return NULL;
    }
    return p;
}

void mv_lxc_plan_free(mv_lxc_plan *p)
{
    if (!p)
        return;
    g_free(p->name);
    free(p->root);
    g_free(p->stage);
    for (size_t i = 0; i < p->nmounts; i++) {
        free(p->mounts[i].src);
        g_free(p->mounts[i].dst);
    }
    g_free(p->mounts);
    g_strfreev(p->argv);
    g_strfreev(p->envp);
    g_free(p->initdir);
    g_free(p->nets);
    g_free(p->hostname);
    g_strfreev(p->cg_procs);
    g_strfreev(p->cg_dirs);
    g_free(p->cg_kill);
    g_free(p->cg_oom);
    g_free(p->console_path);
    g_free(p->exit_path);
    g_free(p->init_path);
    g_free(p);
}
