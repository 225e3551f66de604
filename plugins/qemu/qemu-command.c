/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-command.c — the entry of the command line builder: the
 * qemu driver's parser options, the checks that apply to the whole domain,
 * and the order of the areas (see qemu-command.h).
 */
#include "qemu-command.h"

#include <string.h>
#include <modvirt-plugin/error.h>

/* libvirt's qemu driver defaults the video model to VGA on x86. */
static int mv_qemu_post_parse(mv_domain_def *def, unsigned int flags, void *opaque)
{
    (void)flags;
    (void)opaque;
    for (size_t i = 0; i < def->devices->nvideos; i++)
        if (def->devices->videos[i]->type == MV_DOMAIN_VIDEO_DEFAULT)
            def->devices->videos[i]->type = MV_DOMAIN_VIDEO_VGA;
    return 0;
}

static const mv_domain_xmlopt qemu_xmlopt = {
    .size = sizeof(mv_domain_xmlopt),
    .virt_types = (const char *const[]){ "qemu", "kvm", NULL },
    .default_arch = "x86_64",
    .default_machine = "pc",
    .default_emulator = "/usr/bin/qemu-system-x86_64",
    .mac_prefix = "52:54:00",
    .post_parse = mv_qemu_post_parse,
};

const mv_domain_xmlopt *mv_qemu_xmlopt(void)
{
    return &qemu_xmlopt;
}

static int check_domain(mv_qemu_build *b)
{
    const mv_domain_def *def = b->def;
    if (def->virt_type == MV_DOMAIN_VIRT_KVM && !b->in->kvm_available)
        return mv_qemu_unsupported("domain type 'kvm' requested for '%s', but KVM is not "
                                   "available on this host (no usable /dev/kvm); "
                                   "use type 'qemu'", def->name);
    if (def->virt_type != MV_DOMAIN_VIRT_KVM && def->virt_type != MV_DOMAIN_VIRT_QEMU)
        return mv_qemu_unsupported("domain type '%s' is not supported by the QEMU driver",
                                   mv_domain_virt_type_to_string(def->virt_type));
    if (g_strcmp0(def->os->type, "hvm") != 0)
        return mv_qemu_unsupported("OS type '%s' is not supported by QEMU (only 'hvm')",
                                   def->os->type);
    if (g_strcmp0(def->os->arch, "x86_64") != 0 && g_strcmp0(def->os->arch, "i686") != 0)
        return mv_qemu_unsupported("architecture '%s' is not supported by this QEMU driver "
                                   "(x86_64 and i686 only)", def->os->arch);
    if (!b->in->qmp_socket || !b->devs->emulator)
        return mv_qemu_unsupported("no QMP socket or emulator for domain '%s'", def->name);
    if (b->devs->nfilesystems)
        return mv_qemu_unsupported("filesystem devices are not supported yet by the QEMU driver");
    return 0;
}

static int (*const areas[])(mv_qemu_build *b) = {
    mv_qemu_build_machine,
    mv_qemu_build_clock_boot,
    mv_qemu_build_controllers,
    mv_qemu_build_disks,
    mv_qemu_build_nets,
    mv_qemu_build_chardevs,
    mv_qemu_build_inputs,
    mv_qemu_build_graphics,
    mv_qemu_build_videos,
    mv_qemu_build_misc,
};

char **mv_qemu_build_argv(const mv_domain_def *def, const mv_qemu_command_input *in)
{
    mv_qemu_build b = {
        .def = def,
        .devs = def->devices,
        .in = in,
        .argv = g_ptr_array_new_with_free_func(g_free),
    };
    const char *machine = def->os->machine ? def->os->machine : "pc";
    b.q35 = g_str_has_prefix(machine, "q35") || g_str_has_prefix(machine, "pc-q35");
    b.kvm = def->virt_type == MV_DOMAIN_VIRT_KVM;
    b.pci_bus = b.q35 ? "pcie.0" : "pci.0";

    if (check_domain(&b) < 0 || mv_qemu_pci_reserve(&b) < 0)
        goto error;
    mv_qemu_add(&b, b.devs->emulator);
    mv_qemu_add(&b, "-nodefaults");
    mv_qemu_add(&b, "-no-user-config");
    mv_qemu_add(&b, "-S");
    GString *mon = g_string_new("socket,id=charmonitor");
    mv_qemu_opt_str(mon, "path", in->qmp_socket);
    mv_qemu_opt_fmt(mon, "server", "on");
    mv_qemu_opt_fmt(mon, "wait", "off");
    mv_qemu_add_opts(&b, "-chardev", mon);
    mv_qemu_add_opt(&b, "-mon", "chardev=charmonitor,id=monitor,mode=control");
    for (size_t i = 0; i < G_N_ELEMENTS(areas); i++)
        if (areas[i](&b) < 0)
            goto error;
    mv_qemu_add_opt(&b, "-msg", "timestamp=on");
    g_ptr_array_add(b.argv, NULL);
    return (char **)g_ptr_array_free(b.argv, FALSE);

error:
    g_ptr_array_free(b.argv, TRUE);
    return NULL;
}
