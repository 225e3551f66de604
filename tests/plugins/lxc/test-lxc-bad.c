/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/lxc/test-lxc-bad.c — bad input gives a clear libvirt error
 * and leaves nothing running or mounted: a missing init, an init that
 * cannot be executed, a missing root directory, a root that is a file,
 * roots and bind mounts from the kernel's interfaces (/proc, /sys, /dev)
 * or the driver's own directories, names that would escape the state
 * directory, unsupported devices, a bridge that does not exist, and wrong
 * URIs. */
#include "lxc-test.h"

static lxc_fx fx;

/* S with the first FROM replaced by TO. */
static char *replace1(const char *s, const char *from, const char *to)
{
    g_auto(GStrv) parts = g_strsplit(s, from, 2);
    return g_strjoinv(to, parts);
}

/* Creating XML fails with CODE and SUBSTR and leaves nothing of NAME. */
static void expect_create_fails(const char *name, const char *xml, int code, const char *substr)
{
    virDomainPtr dom = virDomainCreateXML(fx.conn, xml, 0);
    if (dom)
        g_error("'%s' was created", name);
    lxc_assert_error(code, substr);
    g_assert_null(virDomainLookupByName(fx.conn, name));
    lxc_assert_gone(&fx, name);
    g_autofree char *veths = lxc_out("ip -o link show type veth 2>/dev/null | grep -c mvg; true");
    g_assert_cmpstr(veths, ==, "0");
}

static char *with_root(const char *name, const char *src, const char *script)
{
    g_autofree char *esc = g_markup_escape_text(script, -1);
    return g_strdup_printf(
        "<domain type='lxc'><name>%s</name><memory unit='MiB'>64</memory>"
        "<os><type>exe</type><init>/bin/sh</init><initarg>-c</initarg><initarg>%s</initarg></os>"
        "<devices><filesystem type='mount'><source dir='%s'/><target dir='/'/></filesystem>"
        "<console type='pty'/></devices></domain>", name, esc, src);
}

static void test_init(void)
{
    g_autofree char *xml = lxc_xml(&fx, "noinit", "true", NULL, NULL);
    g_autofree char *bad = replace1(xml, "/bin/sh", "/bin/nope");
    expect_create_fails("noinit", bad, VIR_ERR_SYSTEM_ERROR,
                        "cannot find init path '/bin/nope' relative to container root");
    /* executable, but not a program: execve fails inside the container */
    g_autofree char *junk = g_build_filename(fx.rootfs, "bin", "junk", NULL);
    g_assert_true(g_file_set_contents(junk, "\x7f" "ELFjunk", -1, NULL));
    g_chmod(junk, 0755);
    g_autofree char *bad2 = replace1(xml, "/bin/sh", "/bin/junk");
    expect_create_fails("noinit", bad2, VIR_ERR_OPERATION_FAILED, "cannot execute init '/bin/junk'");
    /* a directory is not an init either */
    g_autofree char *bad3 = replace1(xml, "/bin/sh", "/tmp");
    expect_create_fails("noinit", bad3, VIR_ERR_SYSTEM_ERROR, "cannot find init path '/tmp'");
    /* define succeeds (checks are made at start) and start fails cleanly */
    virDomainPtr dom = virDomainDefineXML(fx.conn, bad);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, -1);
    lxc_assert_error(VIR_ERR_SYSTEM_ERROR, "cannot find init path");
    lxc_assert_state(dom, VIR_DOMAIN_SHUTOFF, -1);
    lxc_assert_gone(&fx, "noinit");
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
}

static void test_root(void)
{
    g_autofree char *missing = g_build_filename(fx.root, "nothere", NULL);
    g_autofree char *x1 = with_root("noroot", missing, "true");
    expect_create_fails("noroot", x1, VIR_ERR_SYSTEM_ERROR, "cannot access root filesystem source");
    g_autofree char *file = g_build_filename(fx.root, "afile", NULL);
    g_assert_true(g_file_set_contents(file, "x", -1, NULL));
    g_autofree char *x2 = with_root("fileroot", file, "true");
    expect_create_fails("fileroot", x2, VIR_ERR_CONFIG_UNSUPPORTED, "is not a directory");
    /* the kernel's interfaces, and under them */
    const char *kernel[][2] = { { "/proc", "/proc" }, { "/sys/fs", "/sys" }, { "/dev", "/dev" } };
    for (size_t i = 0; i < G_N_ELEMENTS(kernel); i++) {
        g_autofree char *x = with_root("kroot", kernel[i][0], "true");
        g_autofree char *want = g_strdup_printf("root filesystem source '%s' is not allowed: "
                                                "it is inside '%s'", kernel[i][0], kernel[i][1]);
        expect_create_fails("kroot", x, VIR_ERR_CONFIG_UNSUPPORTED, want);
    }
    /* the driver's own directories, and what contains them */
    const char *own[] = { "run/lxc", "log/lxc", "etc/lxc", "etc/lxc/autostart" };
    for (size_t i = 0; i < G_N_ELEMENTS(own); i++) {
        g_autofree char *dir = g_build_filename(fx.root, own[i], NULL);
        g_autofree char *x = with_root("ownroot", dir, "true");
        expect_create_fails("ownroot", x, VIR_ERR_CONFIG_UNSUPPORTED, "is not allowed: it is inside");
    }
    g_autofree char *x4 = with_root("embedroot", fx.root, "true");
    expect_create_fails("embedroot", x4, VIR_ERR_CONFIG_UNSUPPORTED, "is not allowed: it contains");
    /* a symlink pointing there is resolved before the check */
    g_autofree char *link = g_build_filename(fx.root, "sneaky", NULL);
    g_assert_cmpint(symlink("/dev", link), ==, 0);
    g_autofree char *x5 = with_root("linkroot", link, "true");
    expect_create_fails("linkroot", x5, VIR_ERR_CONFIG_UNSUPPORTED, "is not allowed: it is inside '/dev'");
    /* a defined domain with such a root: define works, start fails, nothing
     * changes */
    virDomainPtr dom = virDomainDefineXML(fx.conn, x5);
    g_assert_nonnull(dom);
    g_assert_cmpint(virDomainCreate(dom), ==, -1);
    lxc_assert_error(VIR_ERR_CONFIG_UNSUPPORTED, "is not allowed");
    lxc_assert_state(dom, VIR_DOMAIN_SHUTOFF, -1);
    lxc_assert_gone(&fx, "linkroot");
    g_assert_cmpint(virDomainUndefine(dom), ==, 0);
    virDomainFree(dom);
}

/* a root whose /dev and /proc point at host paths: mounts and nodes stay
 * inside the root; nothing appears on the host */
static void test_evil_root(void)
{
    g_autofree char *evil = g_build_filename(fx.root, "evil", NULL);
    g_assert_cmpint(lxc_sh("cp -a '%s' '%s'", fx.rootfs, evil), ==, 0);
    g_autofree char *target = g_strdup_printf("/tmp/lxc-evil-%d", (int)getpid());
    g_assert_cmpint(lxc_sh("rmdir '%s/dev' && ln -s '%s' '%s/dev'", evil, target, evil), ==, 0);
    g_autofree char *xml = with_root("evil", evil, "echo hi");
    expect_create_fails("evil", xml, VIR_ERR_OPERATION_FAILED, "/dev");
    g_assert_false(g_file_test(target, G_FILE_TEST_EXISTS));
    /* the same with the target present in the root: the tmpfs goes there */
    g_autofree char *inside = g_strdup_printf("%s%s", evil, target);
    g_assert_cmpint(g_mkdir_with_parents(inside, 0755), ==, 0);
    virDomainPtr dom = virDomainCreateXML(fx.conn, xml, 0);
    if (!dom)
        g_error("create: %s", virGetLastErrorMessage());
    g_assert_false(g_file_test(target, G_FILE_TEST_EXISTS));
    g_autofree char *null = g_strdup_printf("%s/null", inside);
    g_assert_false(g_file_test(null, G_FILE_TEST_EXISTS));   /* on the tmpfs, not the disk */
    virDomainDestroy(dom);
    virDomainFree(dom);
    lxc_assert_gone(&fx, "evil");
}

static void test_binds(void)
{
    g_autofree char *logdir = g_build_filename(fx.root, "log", "lxc", NULL);
    g_autofree char *etcdir = g_build_filename(fx.root, "etc", NULL);
    const char *srcs[] = { "/proc/self", "/sys", "/dev", "/dev/shm", logdir, etcdir };
    for (size_t i = 0; i < G_N_ELEMENTS(srcs); i++) {
        g_autofree char *devs = g_strdup_printf(
            "<filesystem type='mount'><source dir='%s'/><target dir='/mnt'/></filesystem>", srcs[i]);
        g_autofree char *xml = lxc_xml(&fx, "binds", "true", NULL, devs);
        g_autofree char *want = g_strdup_printf("filesystem source '%s' is not allowed", srcs[i]);
        expect_create_fails("binds", xml, VIR_ERR_CONFIG_UNSUPPORTED, want);
    }
    /* a target that does not exist in the root */
    g_autofree char *ok = g_build_filename(fx.root, "data", NULL);
    g_mkdir(ok, 0755);
    g_autofree char *devs = g_strdup_printf(
        "<filesystem type='mount'><source dir='%s'/><target dir='/no/such'/></filesystem>", ok);
    g_autofree char *xml = lxc_xml(&fx, "binds", "true", NULL, devs);
    expect_create_fails("binds", xml, VIR_ERR_SYSTEM_ERROR, "'/no/such' is not a directory");
    /* relative paths */
    g_autofree char *rel = lxc_xml(&fx, "binds", "true", NULL,
        "<filesystem type='mount'><source dir='data'/><target dir='/mnt'/></filesystem>");
    expect_create_fails("binds", rel, VIR_ERR_CONFIG_UNSUPPORTED, "absolute");
}

static void test_names(void)
{
    const char *names[] = { "../../escape", "a/b", ".hidden", ".." };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        g_autofree char *xml = lxc_xml(&fx, names[i], "true", NULL, NULL);
        g_assert_null(virDomainDefineXML(fx.conn, xml));
        virErrorPtr e = virGetLastError();
        g_assert_nonnull(e);
        g_assert_true(e->code == VIR_ERR_XML_ERROR || e->code == VIR_ERR_INVALID_ARG);
        g_assert_null(virDomainCreateXML(fx.conn, xml, 0));
    }
    /* nothing was written outside the config directory */
    g_autofree char *files = lxc_out("find '%s' -name '*.xml' | grep -v '/etc/lxc/' | grep -v rootfs; true",
                                     fx.root);
    g_assert_cmpstr(files, ==, "");
}

static void test_devices(void)
{
    g_autofree char *hvm = lxc_xml(&fx, "hvm", "true", NULL, NULL);
    g_autofree char *x1 = replace1(hvm, "<type>exe</type>", "<type>hvm</type>");
    g_assert_null(virDomainDefineXML(fx.conn, x1));
    lxc_assert_error(VIR_ERR_CONFIG_UNSUPPORTED, NULL);
    g_autofree char *x2 = lxc_xml(&fx, "disk", "true", NULL,
        "<disk type='file' device='disk'><source file='/x.img'/><target dev='vda'/></disk>");
    g_assert_null(virDomainDefineXML(fx.conn, x2));
    lxc_assert_error(VIR_ERR_CONFIG_UNSUPPORTED, "disks are not supported");
    g_autofree char *x3 = lxc_xml(&fx, "nobr", "true", NULL,
        "<interface type='bridge'><source bridge='mvnobr0'/></interface>");
    expect_create_fails("nobr", x3, VIR_ERR_OPERATION_INVALID, "bridge 'mvnobr0' does not exist");
    g_autofree char *x4 = lxc_xml(&fx, "qemu", "true", NULL, NULL);
    g_autofree char *x5 = replace1(x4, "type='lxc'", "type='kvm'");
    g_assert_null(virDomainDefineXML(fx.conn, x5));
    lxc_assert_error(VIR_ERR_CONFIG_UNSUPPORTED, NULL);
    g_autofree char *x6 = lxc_xml(&fx, "shares", "true", "<cputune><shares>lots</shares></cputune>", NULL);
    g_assert_null(virDomainDefineXML(fx.conn, x6));
    lxc_assert_error(VIR_ERR_XML_ERROR, "can't parse cputune shares value");
    /* the core checks the maps as libvirt does; the driver bounds them */
    g_autofree char *x7 = lxc_xml(&fx, "noroot", "true",
        "<idmap><uid start='1' target='1000' count='1'/><gid start='0' target='1000' count='1'/></idmap>",
        NULL);
    g_assert_null(virDomainDefineXML(fx.conn, x7));
    lxc_assert_error(VIR_ERR_CONFIG_UNSUPPORTED, "You must map the root user of container");
    g_autofree char *x8 = lxc_xml(&fx, "zero", "true",
        "<idmap><uid start='0' target='1000' count='0'/><gid start='0' target='1000' count='1'/></idmap>",
        NULL);
    g_assert_null(virDomainDefineXML(fx.conn, x8));
    lxc_assert_error(VIR_ERR_CONFIG_UNSUPPORTED, "non-zero count");
    g_autofree char *x9 = lxc_xml(&fx, "range", "true", "<cputune><period>10</period></cputune>", NULL);
    g_assert_null(virDomainDefineXML(fx.conn, x9));
    lxc_assert_error(VIR_ERR_CONFIG_UNSUPPORTED,
                     "Value of cputune 'period' must be in range [1000, 1000000]");
}

static void test_uris(void)
{
    g_assert_null(virConnectOpen("lxc:///embed"));
    lxc_assert_error(VIR_ERR_INVALID_ARG, "root");
    g_assert_null(virConnectOpen("lxc:///embed?root=relative/dir"));
    g_assert_null(virConnectOpen("lxc:///bogus"));
    lxc_assert_error(VIR_ERR_INTERNAL_ERROR, "lxc:///system");
    /* root= belongs to embed (lxc:///system itself is not opened here: it
     * would make the host's system directories) */
    g_assert_null(virConnectOpen("lxc:///system?root=/tmp"));
    lxc_assert_error(VIR_ERR_INVALID_ARG, "root=");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (lxc_skip_all())
        return 0;
    lxc_fx_open(&fx);
    g_test_add_func("/lxc/bad/init", test_init);
    g_test_add_func("/lxc/bad/root", test_root);
    g_test_add_func("/lxc/bad/evil-root", test_evil_root);
    g_test_add_func("/lxc/bad/binds", test_binds);
    g_test_add_func("/lxc/bad/names", test_names);
    g_test_add_func("/lxc/bad/devices", test_devices);
    g_test_add_func("/lxc/bad/uris", test_uris);
    int ret = g_test_run();
    lxc_fx_close(&fx);
    return ret;
}
