/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/conf/test-caps.c — builds a capabilities document through the
 * plugin API (two NUMA cells, two guests) and compares it byte for byte
 * with tests/conf/capabilities/expected.xml, which follows libvirt's
 * layout and validates against libvirt's capability.rng. */
#include <modvirt-plugin/conf-caps.h>

#include <glib.h>
#include <string.h>

static mv_caps *build_caps(void)
{
    static const unsigned char uuid[VIR_UUID_BUFLEN] = {
        0x6f, 0x3b, 0x1c, 0x2a, 0x9d, 0x4e, 0x4b, 0x8f,
        0xa1, 0x2c, 0x3d, 0x4e, 0x5f, 0x60, 0x71, 0x82,
    };
    mv_caps *caps = mv_caps_new("x86_64");
    mv_caps_set_host_uuid(caps, uuid);
    mv_caps_set_host_cpu(caps, "Skylake-Client-IBRS", "Intel", 2, 1, 2, 2);
    mv_caps_add_host_cpu_feature(caps, "vmx");
    mv_caps_add_host_cpu_feature(caps, "pdpe1gb");
    mv_caps_add_host_page_size(caps, 4);
    mv_caps_add_host_page_size(caps, 2048);
    mv_caps_set_power_management(caps, true, true, false);
    mv_caps_set_migration(caps, true);
    mv_caps_add_migration_transport(caps, "tcp");
    mv_caps_add_migration_transport(caps, "rdma");
    for (unsigned int c = 0; c < 2; c++) {
        mv_caps_cell *cell = mv_caps_add_cell(caps, c, 4194304ULL * (c + 1));
        mv_caps_cell_add_pages(cell, 4, 1048576ULL * (c + 1));
        mv_caps_cell_add_pages(cell, 2048, 0);
        mv_caps_cell_add_distance(cell, 0, c == 0 ? 10 : 21);
        mv_caps_cell_add_distance(cell, 1, c == 0 ? 21 : 10);
        for (unsigned int i = 0; i < 4; i++) {
            unsigned int id = c * 4 + i;
            g_autofree char *siblings = g_strdup_printf("%u-%u", id - id % 2, id - id % 2 + 1);
            mv_caps_cell_add_cpu(cell, id, (int)c, 0, (int)(i / 2), siblings);
        }
    }
    mv_caps_secmodel *sm = mv_caps_add_secmodel(caps, "selinux", "0");
    mv_caps_secmodel_add_baselabel(sm, "kvm", "system_u:system_r:svirt_t:s0");
    mv_caps_secmodel_add_baselabel(sm, "qemu", "system_u:system_r:svirt_tcg_t:s0");
    sm = mv_caps_add_secmodel(caps, "dac", "0");
    mv_caps_secmodel_add_baselabel(sm, "kvm", "+107:+107");

    mv_caps_guest *g = mv_caps_add_guest(caps, "hvm", "x86_64", 64, "/usr/bin/qemu-system-x86_64");
    mv_caps_guest_add_machine(g, "pc-q35-7.2", NULL, 288);
    mv_caps_guest_add_machine(g, "q35", "pc-q35-7.2", 288);
    mv_caps_guest_add_machine(g, "pc-i440fx-7.2", NULL, 255);
    mv_caps_guest_add_machine(g, "pc", "pc-i440fx-7.2", 255);
    mv_caps_guest_add_domain(g, "qemu", NULL);
    mv_caps_guest_domain *kvm = mv_caps_guest_add_domain(g, "kvm", "/usr/bin/qemu-kvm");
    mv_caps_guest_domain_add_machine(kvm, "pc-q35-7.2", NULL, 288);
    mv_caps_guest_add_feature(g, "acpi", true, true, true);
    mv_caps_guest_add_feature(g, "apic", true, true, false);
    mv_caps_guest_add_feature(g, "cpuselection", false, false, false);
    mv_caps_guest_add_feature(g, "deviceboot", false, false, false);
    mv_caps_guest_add_feature(g, "disksnapshot", true, true, false);

    g = mv_caps_add_guest(caps, "exe", "x86_64", 64, "/usr/libexec/libvirt_lxc");
    mv_caps_guest_add_domain(g, "lxc", NULL);
    return caps;
}

static char *expected_path(void)
{
    const char *root = g_getenv("MV_TEST_SOURCE_ROOT");
    return g_build_filename(root ? root : ".", "tests", "conf", "capabilities",
                            "expected.xml", NULL);
}

static void test_format(void)
{
    mv_caps *caps = build_caps();
    g_autofree char *xml = mv_caps_format(caps);
    g_autofree char *path = expected_path();
    g_autofree char *expected = NULL;
    g_autoptr(GError) err = NULL;
    mv_caps_free(caps);
    g_assert_nonnull(xml);
    if (g_getenv("MV_TEST_REGENERATE")) {
        g_assert_true(g_file_set_contents(path, xml, -1, &err));
        return;
    }
    g_assert_true(g_file_get_contents(path, &expected, NULL, &err));
    g_assert_cmpstr(xml, ==, expected);
}

/* Checks the document against libvirt's schema when xmllint is there. */
static void test_schema(void)
{
    g_autofree char *xmllint = g_find_program_in_path("xmllint");
    const char *rng = "/usr/share/libvirt/schemas/capability.rng";
    if (!xmllint || !g_file_test(rng, G_FILE_TEST_EXISTS)) {
        g_test_skip("xmllint or libvirt's capability.rng is not installed");
        return;
    }
    g_autofree char *path = expected_path();
    const char *argv[] = { xmllint, "--noout", "--relaxng", rng, path, NULL };
    int status = -1;
    g_autoptr(GError) err = NULL;
    g_autofree char *out = NULL, *errout = NULL;
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &errout, &status, &err));
    if (!g_spawn_check_wait_status(status, NULL))
        g_error("%s does not validate: %s", path, errout);
}

static void test_lookup(void)
{
    mv_caps *caps = build_caps();
    const mv_caps_guest *g = mv_caps_find_guest(caps, "hvm", "x86_64", "kvm");
    g_assert_nonnull(g);
    g_assert_cmpstr(g->emulator, ==, "/usr/bin/qemu-system-x86_64");
    g_assert_cmpuint(g->nmachines, ==, 4);
    g_assert_cmpstr(g->machines[1]->canonical, ==, "pc-q35-7.2");
    g_assert_null(mv_caps_find_guest(caps, "hvm", "x86_64", "lxc"));
    g_assert_nonnull(mv_caps_find_guest(caps, "exe", NULL, "lxc"));
    g_assert_null(mv_caps_find_guest(caps, "xen", NULL, NULL));
    g_assert_cmpuint(caps->host->ncells, ==, 2);
    g_assert_cmpuint(caps->host->cells[1]->ncpus, ==, 4);
    g_assert_cmpuint(caps->host->cells[1]->cpus[3]->id, ==, 7);
    mv_caps_free(caps);
}

static void test_minimal(void)
{
    /* A host with nothing but its arch still validates: cpu, power
     * management and iommu are always printed, as libvirt does. */
    mv_caps *caps = mv_caps_new("aarch64");
    g_autofree char *xml = mv_caps_format(caps);
    g_assert_cmpstr(xml, ==,
                    "<capabilities>\n\n"
                    "  <host>\n"
                    "    <cpu>\n"
                    "      <arch>aarch64</arch>\n"
                    "    </cpu>\n"
                    "    <power_management/>\n"
                    "    <iommu support='no'/>\n"
                    "  </host>\n\n"
                    "</capabilities>\n");
    mv_caps_free(caps);
    mv_caps_free(NULL);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/conf/caps/format", test_format);
    g_test_add_func("/conf/caps/schema", test_schema);
    g_test_add_func("/conf/caps/lookup", test_lookup);
    g_test_add_func("/conf/caps/minimal", test_minimal);
    return g_test_run();
}
