/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/lxc/guard-leak.c — a test program that fails with everything
 * still running, for test-run-guarded.py: a container (supervisor, init and
 * a child of init, their cgroups), a QEMU, inside a network namespace
 * (MVT_NS, from run-in-netns.sh) a network with its bridge, nftables table
 * and dnsmasq, a tmpfs mounted and a loop device attached in its temporary
 * directory. It prints each as "LEFT KIND VALUE", then fails an assertion
 * ("abort") or waits to be killed ("hang"). Exit 77 with a reason when it
 * cannot make them here. */
#include "lxc-test.h"

#include <sys/mount.h>

#define QEMU_BIN "/usr/bin/qemu-system-x86_64"

static void left(const char *kind, const char *value)
{
    printf("LEFT %s %s\n", kind, value);
    fflush(stdout);
}

static void left_pid(const char *kind, int pid)
{
    g_autofree char *v = g_strdup_printf("%d", pid);
    left(kind, v);
}

static G_GNUC_NORETURN void cannot(const char *why)
{
    printf("SKIP %s\n", why);
    exit(77);
}

/* The mount point of the cgroup hierarchy with controller CTRL ("" for
 * cgroup2), from mountinfo TEXT; NULL if there is none. */
static char *hierarchy_mount(const char *text, const char *ctrl)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++) {
        g_auto(GStrv) f = g_strsplit(*l, " ", -1);
        guint n = g_strv_length(f), sep = 0;
        for (guint i = 6; i < n && !sep; i++)
            sep = strcmp(f[i], "-") == 0 ? i : 0;
        if (!sep || sep + 3 >= n)
            continue;
        g_auto(GStrv) opts = g_strsplit(f[sep + 3], ",", -1);
        bool v2 = strcmp(f[sep + 1], "cgroup2") == 0;
        if ((!*ctrl && v2) || (*ctrl && !v2 && g_strv_contains((const char *const *)opts, ctrl)))
            return g_strdup(f[4]);
    }
    return NULL;
}

/* Every cgroup directory PID is in, but the hierarchies' roots. */
static void left_cgroups(int pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/cgroup", pid);
    g_autofree char *self = NULL, *mountinfo = NULL;
    g_assert_true(g_file_get_contents(path, &self, NULL, NULL));
    g_assert_true(g_file_get_contents("/proc/self/mountinfo", &mountinfo, NULL, NULL));
    g_auto(GStrv) lines = g_strsplit(self, "\n", -1);
    for (char **l = lines; *l; l++) {
        g_auto(GStrv) f = g_strsplit(*l, ":", 3);
        if (g_strv_length(f) != 3 || strcmp(f[2], "/") == 0)
            continue;
        g_auto(GStrv) ctrls = g_strsplit(f[1], ",", -1);
        g_autofree char *mnt = hierarchy_mount(mountinfo, ctrls[0] ? ctrls[0] : "");
        g_autofree char *dir = mnt ? g_strconcat(mnt, f[2], NULL) : NULL;
        if (dir && g_file_test(dir, G_FILE_TEST_IS_DIR))
            left("cgroup", dir);
    }
}

static void start_container(const char *root)
{
    g_autofree char *rootfs = g_build_filename(root, "rootfs", NULL);
    lxc_make_rootfs(rootfs);
    g_autofree char *uri = g_strdup_printf("lxc:///embed?root=%s", root);
    virConnectPtr conn = virConnectOpen(uri);
    g_assert_nonnull(conn);
    const char *net = g_getenv("MVT_NS") ? "<interface type='network'><source network='leak'/></interface>"
                                         : NULL;
    if (net) {
        virNetworkPtr n = virNetworkCreateXML(conn,
            "<network><name>leak</name><forward mode='nat'/><bridge name='mvleak0' stp='off'/>"
            "<ip address='10.79.0.1' netmask='255.255.255.0'><dhcp>"
            "<range start='10.79.0.10' end='10.79.0.99'/></dhcp></ip></network>");
        if (!n)
            g_error("network: %s", virGetLastErrorMessage());
        g_autofree char *pidfile = g_build_filename(root, "run", "network", "leak.pid", NULL);
        g_autofree char *pid = NULL;
        g_assert_true(g_file_get_contents(pidfile, &pid, NULL, NULL));
        left_pid("process", atoi(pid));
        left("netns", g_getenv("MVT_NS"));
    }
    g_autofree char *xml = lxc_xml_root(rootfs, "leak", "sleep 1000 & echo up; exec sleep 1000",
                                        NULL, net);
    virDomainPtr dom = virDomainCreateXML(conn, xml, 0);
    if (!dom)
        g_error("container: %s", virGetLastErrorMessage());
    g_free(lxc_console_expect(dom, "up"));
    int init = lxc_init_pid(dom);
    left_pid("process", (int)virDomainGetID(dom));
    left_pid("process", init);
    g_autofree char *kids = lxc_out("cat /proc/%d/task/%d/children", init, init);
    left_pid("process", atoi(kids));
    left_cgroups(init);
}

static void start_qemu(const char *root)
{
    g_autofree char *uri = g_strdup_printf("qemu:///embed?root=%s", root);
    virConnectPtr conn = virConnectOpen(uri);
    g_assert_nonnull(conn);
    virDomainPtr dom = virDomainCreateXML(conn,
        "<domain type='qemu'><name>leak</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
        "<os><type arch='x86_64' machine='pc'>hvm</type></os>"
        "<devices><emulator>" QEMU_BIN "</emulator></devices></domain>", 0);
    if (!dom)
        g_error("qemu: %s", virGetLastErrorMessage());
    g_autofree char *status = g_build_filename(root, "run", "qemu", "leak.status", NULL);
    g_autofree char *text = NULL;
    int pid = 0;
    g_assert_true(g_file_get_contents(status, &text, NULL, NULL));
    g_assert_cmpint(sscanf(text, "pid=%d", &pid), ==, 1);
    left_pid("process", pid);
}

static void mount_and_attach(const char *root)
{
    g_autofree char *mnt = g_build_filename(root, "mnt", NULL);
    g_assert_cmpint(g_mkdir(mnt, 0755), ==, 0);
    g_assert_cmpint(mount("tmpfs", mnt, "tmpfs", 0, "size=1m"), ==, 0);
    left("mount", mnt);
    g_autofree char *img = g_build_filename(root, "disk.img", NULL);
    g_autofree char *loop = lxc_out("truncate -s 1M '%s' && losetup -f --show '%s'", img, img);
    g_assert_true(g_str_has_prefix(loop, "/dev/loop"));
    left("loop", loop);
}

int main(int argc, char **argv)
{
    if (argc != 2 || (strcmp(argv[1], "abort") && strcmp(argv[1], "hang")))
        g_error("usage: guard-leak abort|hang");
    const char *why = lxc_unsupported();
    if (why)
        cannot(why);
    if (access(QEMU_BIN, X_OK) != 0)
        cannot("needs " QEMU_BIN);
    if (system("command -v losetup >/dev/null 2>&1") != 0)
        cannot("needs losetup");
    virSetErrorFunc(NULL, lxc_quiet);
    g_autofree char *root = g_dir_make_tmp("guard-leak-XXXXXX", NULL);
    g_assert_nonnull(root);
    g_chmod(root, 0755);
    left("path", root);
    left_cgroups(getpid());
    start_container(root);
    start_qemu(root);
    mount_and_attach(root);
    if (strcmp(argv[1], "hang") == 0) {
        printf("READY\n");
        fflush(stdout);
        for (;;)
            pause();
    }
    g_assert_cmpstr("everything stopped", ==, "everything left running");
    return 0;
}
