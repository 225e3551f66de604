/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/plugins/qemu/test-disk-match.c — which <disk> a guest agent disk
 * address names (the disk aliases of virDomainGetGuestInfo), on the command
 * line the qemu driver's builder makes for the definition: a virtio disk by
 * its own PCI address, a disk behind a SCSI controller or the machine's
 * own IDE (pc) or AHCI (q35) by the controller's address and the drive
 * address, libvirt's index-only comparison of controllers, commas inside
 * option values, and addresses that name nothing. The agent addresses have
 * the members qemu-ga gives (guest-get-fsinfo's "disk" elements). The
 * real guest's side is in test-qemu-agent.c (/qemu/agent/guest-disk). */
#include "qemu-command.h"
#include "qemu-disk-match.h"

#include <glib.h>
#include <libvirt/virterror.h>
#include <string.h>

/* The match of DEF_XML's command line. */
static mv_qemu_disk_match *build(const char *def_xml)
{
    mv_domain_def *def = mv_domain_def_parse(def_xml, mv_qemu_xmlopt(), 0);
    if (!def)
        g_error("parse: %s", virGetLastErrorMessage());
    mv_qemu_command_input in = {
        .qmp_socket = "/run/modvirt-test/disk-match/qmp.sock",
        .vnc_port = 5900,
    };
    char **argv = mv_qemu_build_argv(def, &in);
    if (!argv)
        g_error("build: %s", virGetLastErrorMessage());
    mv_qemu_disk_match *m = mv_qemu_disk_match_build(def, argv);
    g_strfreev(argv);
    mv_domain_def_free(def);
    return m;
}

/* The disk the agent address JSON names (NULL: none). */
static const char *find(const mv_qemu_disk_match *m, const char *json)
{
    g_autoptr(JsonParser) p = json_parser_new();
    g_assert_true(json_parser_load_from_data(p, json, -1, NULL));
    return mv_qemu_disk_match_find(m, json_node_get_object(json_parser_get_root(p)));
}

/* An agent disk address: PCI SLOT.FN on bus 0, then bus, target, unit. */
#define ADDR(slot, fn, bus, target, unit) \
    "{\"bus-type\":\"virtio\",\"bus\":" #bus ",\"target\":" #target ",\"unit\":" #unit "," \
    "\"pci-controller\":{\"domain\":0,\"bus\":0,\"slot\":" #slot ",\"function\":" #fn "}," \
    "\"dev\":\"/dev/vda\"}"

static const char pc_xml[] =
    "<domain type='qemu'><name>m</name><memory unit='MiB'>64</memory>"
    "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices>"
    "<emulator>/usr/bin/qemu-system-x86_64</emulator>"
    "<disk type='file' device='disk'><source file='/images/a,b.img'/>"
    "<target dev='vda' bus='virtio'/><serial>x,addr=0x8</serial>"
    "<address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/></disk>"
    "<disk type='file' device='disk'><source file='/images/b.img'/>"
    "<target dev='vdb' bus='virtio'/>"
    "<address type='pci' domain='0x0000' bus='0x00' slot='0x09' function='0x0'/></disk>"
    "<disk type='file' device='disk'><source file='/images/c.img'/>"
    "<target dev='sda' bus='scsi'/>"
    "<address type='drive' controller='0' bus='0' target='0' unit='0'/></disk>"
    "<disk type='file' device='disk'><source file='/images/d.img'/>"
    "<target dev='sdb' bus='scsi'/>"
    "<address type='drive' controller='0' bus='0' target='0' unit='1'/></disk>"
    "<disk type='file' device='disk'><source file='/images/e.img'/>"
    "<target dev='hdc' bus='ide'/>"
    "<address type='drive' controller='0' bus='1' target='0' unit='0'/></disk>"
    "<controller type='scsi' index='0' model='virtio-scsi'>"
    "<address type='pci' domain='0x0000' bus='0x00' slot='0x06' function='0x0'/></controller>"
    "<controller type='virtio-serial' index='0'>"
    "<address type='pci' domain='0x0000' bus='0x00' slot='0x07' function='0x0'/></controller>"
    "</devices></domain>";

static void test_pc(void)
{
    mv_qemu_disk_match *m = build(pc_xml);
    /* virtio-blk: the disk's own function (a comma in an option value is
     * part of the value: the serial's "addr=0x8" is no address). */
    g_assert_cmpstr(find(m, ADDR(5, 0, 0, 0, 0)), ==, "vda");
    g_assert_null(find(m, ADDR(8, 0, 0, 0, 0)));
    g_assert_cmpstr(find(m, ADDR(9, 0, 0, 0, 0)), ==, "vdb");
    /* Behind the SCSI controller: its address and the drive address. */
    g_assert_cmpstr(find(m, ADDR(6, 0, 0, 0, 0)), ==, "sda");
    g_assert_cmpstr(find(m, ADDR(6, 0, 0, 0, 1)), ==, "sdb");
    g_assert_null(find(m, ADDR(6, 0, 0, 0, 7)));
    /* The machine's IDE function is controller 0. */
    g_assert_cmpstr(find(m, ADDR(1, 1, 1, 0, 0)), ==, "hdc");
    g_assert_null(find(m, ADDR(1, 1, 1, 0, 1)));
    /* libvirt compares the controller index only: the virtio-serial
     * controller 0 leads to the first disk on any controller 0 there. */
    g_assert_cmpstr(find(m, ADDR(7, 0, 0, 0, 0)), ==, "sda");
    /* Nothing at that address, or no address. */
    g_assert_null(find(m, ADDR(0x1e, 0, 0, 0, 0)));
    g_assert_null(find(m, ADDR(5, 1, 0, 0, 0)));
    g_assert_null(find(m, "{\"bus-type\":\"virtio\",\"dev\":\"/dev/vda\"}"));
    g_assert_null(find(m, "{}"));
    mv_qemu_disk_match_free(m);
}

static void test_q35(void)
{
    mv_qemu_disk_match *m = build(
        "<domain type='qemu'><name>m</name><memory unit='MiB'>64</memory>"
        "<os><type arch='x86_64' machine='q35'>hvm</type></os><devices>"
        "<emulator>/usr/bin/qemu-system-x86_64</emulator>"
        "<disk type='file' device='disk'><source file='/images/a.img'/>"
        "<target dev='sdc' bus='sata'/>"
        "<address type='drive' controller='0' bus='0' target='0' unit='2'/></disk>"
        "<disk type='file' device='disk'><source file='/images/b.img'/>"
        "<target dev='vda' bus='virtio'/></disk>"
        "</devices></domain>");
    /* The machine's AHCI function is SATA controller 0. */
    g_assert_cmpstr(find(m, ADDR(0x1f, 2, 0, 0, 2)), ==, "sdc");
    g_assert_null(find(m, ADDR(0x1f, 2, 0, 0, 0)));
    /* The virtio disk has the slot the builder gave it, whichever. */
    bool found = false;
    for (unsigned int slot = 1; slot < 0x1f; slot++) {
        g_autofree char *json = g_strdup_printf(
            "{\"bus\":0,\"target\":0,\"unit\":0,\"pci-controller\":"
            "{\"domain\":0,\"bus\":0,\"slot\":%u,\"function\":0}}", slot);
        const char *got = find(m, json);
        g_assert_true(got == NULL || strcmp(got, "vda") == 0);
        if (got) {
            g_assert_false(found);
            found = true;
        }
    }
    g_assert_true(found);
    mv_qemu_disk_match_free(m);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    virSetErrorFunc(NULL, NULL);
    g_test_add_func("/qemu/disk-match/pc", test_pc);
    g_test_add_func("/qemu/disk-match/q35", test_q35);
    return g_test_run();
}
