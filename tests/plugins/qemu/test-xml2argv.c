/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/qemu/test-xml2argv.c — golden tests of the QEMU command
 * line builder. Each xml2argv/NAME.xml is parsed with the qemu driver's
 * options and built with fixed inputs; the argv must equal NAME.args, which
 * holds ONE ARGUMENT PER LINE (argv[0] first; a newline or backslash inside
 * an argument is written \n or \\). When NAME.err exists the case must fail
 * instead, with exactly that message; failures of the builder
 * itself must be VIR_FROM_QEMU / VIR_ERR_CONFIG_UNSUPPORTED, or
 * VIR_ERR_ARGUMENT_UNSUPPORTED for a value beyond what libvirt passes to
 * QEMU (the <iotune> bound).
 *
 * Fixed inputs: QMP socket /run/modvirt-test/NAME/qmp.sock; tap fds 20, 21,
 * ... by interface index; VNC autoport 5907; volumes resolve to
 * /var/lib/modvirt-test/POOL/VOLUME (pool "missing": unresolved); KVM is
 * available unless NAME contains "nokvm".
 * MV_TEST_REGENERATE=1 rewrites the .args / .err files (review the diff).
 */
#include "qemu-command.h"

#include <glib.h>
#include <libvirt/virterror.h>
#include <string.h>

static gboolean regenerate;

static char *render(char **argv)
{
    GString *s = g_string_new(NULL);
    for (char **a = argv; *a; a++) {
        for (const char *p = *a; *p; p++) {
            if (*p == '\n')
                g_string_append(s, "\\n");
            else if (*p == '\\')
                g_string_append(s, "\\\\");
            else
                g_string_append_c(s, *p);
        }
        g_string_append_c(s, '\n');
    }
    return g_string_free(s, FALSE);
}

/* Builds the case; returns the rendered argv, or NULL with *ERR set. */
static char *run_case(const char *name, const char *xml, char **err)
{
    mv_domain_def *def = mv_domain_def_parse(xml, mv_qemu_xmlopt(), 0);
    if (!def) {
        *err = g_strdup(virGetLastErrorMessage());
        return NULL;
    }
    int fds[16];
    for (size_t i = 0; i < G_N_ELEMENTS(fds); i++)
        fds[i] = 20 + (int)i;
    g_assert_cmpuint(def->devices->nnets, <=, G_N_ELEMENTS(fds));
    g_autoptr(GPtrArray) vols = g_ptr_array_new_with_free_func(g_free);
    for (size_t i = 0; i < def->devices->ndisks; i++) {
        const mv_domain_disk_def *d = def->devices->disks[i];
        bool resolved = d->type == MV_DOMAIN_DISK_TYPE_VOLUME && g_strcmp0(d->src_pool, "missing");
        g_ptr_array_add(vols, resolved ? g_strdup_printf("/var/lib/modvirt-test/%s/%s",
                                                         d->src_pool, d->src_volume) : NULL);
    }
    g_autofree char *qmp = g_strdup_printf("/run/modvirt-test/%s/qmp.sock", name);
    mv_qemu_command_input in = {
        .qmp_socket = qmp,
        .kvm_available = strstr(name, "nokvm") == NULL,
        .tap_fds = fds,
        .ntap_fds = def->devices->nnets,
        .volume_paths = (const char *const *)vols->pdata,
        .nvolume_paths = vols->len,
        .vnc_port = 5907,
    };
    char **argv = mv_qemu_build_argv(def, &in);
    mv_domain_def_free(def);
    if (!argv) {
        const virError *e = virGetLastError();
        g_assert_nonnull(e);
        g_assert_cmpint(e->domain, ==, VIR_FROM_QEMU);
        g_assert_true(e->code == VIR_ERR_CONFIG_UNSUPPORTED ||
                      e->code == VIR_ERR_ARGUMENT_UNSUPPORTED);
        *err = g_strdup(e->message);
        return NULL;
    }
    g_assert_cmpstr(argv[1], ==, "-nodefaults");
    g_assert_cmpstr(argv[2], ==, "-no-user-config");
    g_assert_cmpstr(argv[3], ==, "-S");
    char *out = render(argv);
    g_strfreev(argv);
    return out;
}

static void check_file(const char *path, const char *got)
{
    g_autofree char *want = NULL;
    if (regenerate) {
        g_autoptr(GError) e = NULL;
        if (!g_file_set_contents(path, got, -1, &e))
            g_error("%s", e->message);
        return;
    }
    if (!g_file_get_contents(path, &want, NULL, NULL))
        g_error("%s is missing (run with MV_TEST_REGENERATE=1 to create it)", path);
    if (strcmp(want, got) != 0)
        g_error("%s differs; got:\n%s", path, got);
}

static void test_case(gconstpointer data)
{
    const char *name = data;
    g_autofree char *base = g_build_filename(MV_XML2ARGV_DIR, name, NULL);
    g_autofree char *xml_path = g_strconcat(base, ".xml", NULL);
    g_autofree char *err_path = g_strconcat(base, ".err", NULL);
    g_autofree char *args_path = g_strconcat(base, ".args", NULL);
    g_autofree char *xml = NULL;
    g_assert_true(g_file_get_contents(xml_path, &xml, NULL, NULL));
    g_autofree char *err = NULL;
    g_autofree char *args = run_case(name, xml, &err);
    if (g_file_test(err_path, G_FILE_TEST_EXISTS)) {
        if (args)
            g_error("%s: expected an error, got a command line:\n%s", name, args);
        g_autofree char *line = g_strconcat(err, "\n", NULL);
        check_file(err_path, line);
        return;
    }
    if (!args)
        g_error("%s: %s", name, err);
    check_file(args_path, args);
}

static gint by_name(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    regenerate = g_strcmp0(g_getenv("MV_TEST_REGENERATE"), "1") == 0;
    g_autoptr(GDir) dir = g_dir_open(MV_XML2ARGV_DIR, 0, NULL);
    g_assert_nonnull(dir);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    for (const char *f; (f = g_dir_read_name(dir));)
        if (g_str_has_suffix(f, ".xml"))
            g_ptr_array_add(names, g_strndup(f, strlen(f) - 4));
    g_ptr_array_sort(names, by_name);
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *path = g_strdup_printf("/qemu/xml2argv/%s", (char *)names->pdata[i]);
        g_test_add_data_func(path, names->pdata[i], test_case);
    }
    return g_test_run();
}
