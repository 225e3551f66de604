/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-command-net.c — interfaces: a -netdev backend (tap on a
 * file descriptor the driver already opened for network, bridge and
 * ethernet; user networking otherwise; never vhost) and the NIC device.
 */
#include "qemu-command.h"

static const struct { const char *model, *device; } nic_models[] = {
    { "virtio", "virtio-net-pci" },
    { "virtio-transitional", "virtio-net-pci-transitional" },
    { "virtio-non-transitional", "virtio-net-pci-non-transitional" },
    { "e1000", "e1000" }, { "e1000e", "e1000e" }, { "rtl8139", "rtl8139" },
    { "ne2k_pci", "ne2k_pci" }, { "pcnet", "pcnet" }, { "vmxnet3", "vmxnet3" },
};

static const char *nic_device(const mv_domain_net_def *n)
{
    /* libvirt's default NIC model on x86. */
    const char *model = n->model ? n->model : "rtl8139";
    for (size_t i = 0; i < G_N_ELEMENTS(nic_models); i++)
        if (g_str_equal(nic_models[i].model, model))
            return nic_models[i].device;
    return NULL;
}

static int add_netdev(mv_qemu_build *b, size_t i)
{
    const mv_domain_net_def *n = b->devs->nets[i];
    GString *s = g_string_new(NULL);
    if (n->type == MV_DOMAIN_NET_TYPE_USER) {
        mv_qemu_opt_fmt(s, "type", "user");
    } else {
        int fd = i < b->in->ntap_fds ? b->in->tap_fds[i] : -1;
        if (fd < 0) {
            g_string_free(s, TRUE);
            return mv_qemu_unsupported("interface %zu (type '%s') has no tap device prepared "
                                       "by the driver", i, mv_domain_net_type_to_string(n->type));
        }
        mv_qemu_opt_fmt(s, "type", "tap");
        mv_qemu_opt_fmt(s, "fd", "%d", fd);
        mv_qemu_opt_fmt(s, "vhost", "off");
    }
    mv_qemu_opt_fmt(s, "id", "hostnet%zu", i);
    mv_qemu_add_opts(b, "-netdev", s);
    return 0;
}

static int add_net(mv_qemu_build *b, size_t i)
{
    const mv_domain_net_def *n = b->devs->nets[i];
    const char *dev = nic_device(n);
    if (!dev)
        return mv_qemu_unsupported("interface model '%s' is not supported by QEMU", n->model);
    if (!n->has_mac)
        return mv_qemu_unsupported("interface %zu has no MAC address", i);
    if (add_netdev(b, i) < 0)
        return -1;
    char mac[18];
    mv_domain_mac_format(n->mac, mac);
    GString *s = g_string_new(dev);
    mv_qemu_opt_fmt(s, "netdev", "hostnet%zu", i);
    mv_qemu_opt_fmt(s, "id", "net%zu", i);
    mv_qemu_opt_fmt(s, "mac", "%s", mac);
    mv_qemu_opt_boot(s, n->info);
    return mv_qemu_add_pci_device(b, n->info, s);
}

int mv_qemu_build_nets(mv_qemu_build *b)
{
    for (size_t i = 0; i < b->devs->nnets; i++)
        if (add_net(b, i) < 0)
            return -1;
    return 0;
}
