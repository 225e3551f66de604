/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/storage-dir/sdir-test.h — what the storage-dir tests
 * share: a temporary embed root per test, a connection to it, a started
 * pool in it, file helpers and error checks. */
#ifndef SDIR_TEST_H
#define SDIR_TEST_H

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MIB (1024ULL * 1024)

typedef struct {
    char *root;       /* embed root, removed at the end */
    char *pooldir;    /* ROOT/pool: the default pool's target */
    char *uri;
    virConnectPtr conn;
} sdir_fx;

static inline void sdir_quiet(void *data, virErrorPtr err) { (void)data; (void)err; }

static inline void sdir_fx_open(sdir_fx *fx)
{
    fx->root = g_dir_make_tmp("sdir-test-XXXXXX", NULL);
    g_assert_nonnull(fx->root);
    fx->pooldir = g_build_filename(fx->root, "pool", NULL);
    fx->uri = g_strdup_printf("storage:///embed?root=%s", fx->root);
    virSetErrorFunc(NULL, sdir_quiet);
    fx->conn = virConnectOpen(fx->uri);
    g_assert_nonnull(fx->conn);
}

static inline char *sdir_pool_xml(const char *name, const char *dir)
{
    return g_strdup_printf("<pool type='dir'><name>%s</name><target><path>%s</path>"
                           "<permissions><mode>0750</mode></permissions></target></pool>",
                           name, dir);
}

/* Defines, builds and starts pool "p" at fx->pooldir. */
static inline virStoragePoolPtr sdir_fx_pool(sdir_fx *fx)
{
    g_autofree char *xml = sdir_pool_xml("p", fx->pooldir);
    virStoragePoolPtr p = virStoragePoolDefineXML(fx->conn, xml, 0);
    g_assert_nonnull(p);
    g_assert_cmpint(virStoragePoolBuild(p, 0), ==, 0);
    g_assert_cmpint(virStoragePoolCreate(p, 0), ==, 0);
    return p;
}

static inline char *sdir_vol_xml(const char *name, const char *fmt,
                                 unsigned long long cap, unsigned long long alloc)
{
    return g_strdup_printf("<volume><name>%s</name><capacity unit='bytes'>%llu</capacity>"
                           "<allocation unit='bytes'>%llu</allocation>"
                           "<target><format type='%s'/></target></volume>",
                           name, cap, alloc, fmt);
}

static inline void sdir_rm_rf(const char *path)
{
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", path);
    g_assert_cmpint(system(cmd), ==, 0);
}

static inline void sdir_fx_close(sdir_fx *fx)
{
    if (fx->conn)
        virConnectClose(fx->conn);
    sdir_rm_rf(fx->root);
    g_free(fx->root);
    g_free(fx->pooldir);
    g_free(fx->uri);
}

/* Makes ROOT look as if the host rebooted since its last autostart. */
static inline void sdir_new_boot(const char *root)
{
    g_autofree char *marker = g_strdup_printf("%s/run/storage/autostarted", root);
    g_assert_true(g_file_set_contents(marker, "an older boot\n", -1, NULL));
}

static inline void sdir_assert_error(int code, const char *substr)
{
    virErrorPtr e = virGetLastError();
    g_assert_nonnull(e);
    if (e->code != code || (substr && !strstr(e->message, substr)))
        g_error("expected code %d with '%s', got code %d '%s'", code, substr ? substr : "*",
                e->code, e->message);
}

static inline void sdir_write_file(const char *path, const void *data, size_t len)
{
    g_assert_true(g_file_set_contents(path, data, len, NULL));
}

static inline bool sdir_have_qemu_img(void)
{
    g_autofree char *p = g_find_program_in_path("qemu-img");
    return p != NULL;
}

#endif
