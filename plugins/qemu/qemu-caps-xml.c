/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-caps-xml.c — the documents built from probed QEMU
 * capabilities: <capabilities> (through the core's conf-caps builder) and
 * <domainCapabilities> (written here; libvirt's element names, valid under
 * libvirt's domaincaps.rng). Only what this driver can actually run is
 * advertised. See qemu-caps.h.
 */
#include "qemu-caps.h"

#include <string.h>

#include <modvirt-plugin/conf-caps.h>
#include <modvirt-plugin/error.h>

/* libvirt's name of a QEMU target. */
static const char *guest_arch(const char *qemu_arch)
{
    return strcmp(qemu_arch, "i386") == 0 ? "i686" : qemu_arch;
}

static int arch_wordsize(const char *arch)
{
    static const char *const w32[] = { "i686", "i386", "arm", "armv7l", "ppc", "riscv32",
                                       "mips", "mipsel", "sparc", "or1k", "m68k" };
    for (size_t i = 0; i < G_N_ELEMENTS(w32); i++)
        if (strcmp(arch, w32[i]) == 0)
            return 32;
    return 64;
}

static bool arch_is_x86(const char *arch)
{
    return strcmp(arch, "x86_64") == 0 || strcmp(arch, "i686") == 0;
}

char *mv_qemu_caps_capabilities_xml(const mv_qemu_caps *const *caps, size_t ncaps)
{
    mv_caps *doc = mv_caps_new(NULL);
    if (!doc) {
        mv_error_report(VIR_FROM_QEMU, VIR_ERR_INTERNAL_ERROR, "cannot build the capabilities");
        return NULL;
    }
    for (size_t i = 0; i < ncaps; i++) {
        const mv_qemu_caps *c = caps[i];
        const char *arch = guest_arch(c->arch);
        mv_caps_guest *g = mv_caps_add_guest(doc, "hvm", arch, arch_wordsize(arch), c->binary);
        for (guint m = 0; m < c->machines->len; m++) {
            const mv_qemu_machine *mc = c->machines->pdata[m];
            if (strcmp(mc->name, "none") == 0)
                continue;
            unsigned int max = mc->max_cpus > 0 ? (unsigned int)mc->max_cpus : 0;
            mv_caps_guest_add_machine(g, mc->name, NULL, max);
            if (mc->alias)
                mv_caps_guest_add_machine(g, mc->alias, mc->name, max);
        }
        mv_caps_guest_add_domain(g, "qemu", NULL);
        if (c->kvm_available)
            mv_caps_guest_add_domain(g, "kvm", NULL);
        if (arch_is_x86(arch)) {
            mv_caps_guest_add_feature(g, "acpi", true, true, true);
            mv_caps_guest_add_feature(g, "apic", true, true, false);
        }
        mv_caps_guest_add_feature(g, "cpuselection", false, false, false);
        mv_caps_guest_add_feature(g, "deviceboot", false, false, false);
    }
    char *xml = mv_caps_format(doc);
    mv_caps_free(doc);
    return xml;
}

/* ---- domain capabilities ---- */

static void esc(GString *s, const char *text)
{
    g_autofree char *e = g_markup_escape_text(text, -1);
    g_string_append(s, e);
}

static void enum_open(GString *s, const char *indent, const char *name)
{
    g_string_append_printf(s, "%s<enum name='%s'>\n", indent, name);
}

static void enum_value(GString *s, const char *indent, const char *value)
{
    g_string_append_printf(s, "%s  <value>", indent);
    esc(s, value);
    g_string_append(s, "</value>\n");
}

static void enum_close(GString *s, const char *indent)
{
    g_string_append_printf(s, "%s</enum>\n", indent);
}

/* libvirt's vendor attribute of a CPU model, from the model's family. */
static const char *cpu_vendor(const char *model)
{
    static const char *const amd[] = { "EPYC", "Opteron", "phenom", "athlon" };
    static const char *const intel[] = {
        "Skylake", "Cascadelake", "Cooperlake", "Icelake", "SapphireRapids", "Snowridge",
        "Denverton", "Broadwell", "Haswell", "IvyBridge", "SandyBridge", "Westmere",
        "Nehalem", "Penryn", "Conroe", "KnightsMill", "core2duo", "coreduo", "pentium",
        "n270", "486", "Dhyana",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(amd); i++)
        if (g_str_has_prefix(model, amd[i]))
            return "AMD";
    for (size_t i = 0; i < G_N_ELEMENTS(intel); i++)
        if (g_str_has_prefix(model, intel[i]))
            return strcmp(intel[i], "Dhyana") == 0 ? "Hygon" : "Intel";
    return "unknown";
}

/* Video models the driver can put on the command line, with the QEMU
 * device each needs. */
static const struct {
    const char *model;
    const char *device;
} video_models[] = {
    { "vga", "VGA" },
    { "cirrus", "cirrus-vga" },
    { "vmvga", "vmware-svga" },
    { "qxl", "qxl-vga" },
    { "virtio", "virtio-vga" },
    { "bochs", "bochs-display" },
    { "ramfb", "ramfb" },
};

char *mv_qemu_caps_domain_xml(const mv_qemu_caps *caps, const char *virttype, const char *machine)
{
    if (!virttype || (strcmp(virttype, "qemu") != 0 && strcmp(virttype, "kvm") != 0)) {
        mv_error_report(VIR_FROM_QEMU, VIR_ERR_INVALID_ARG,
                        "unknown virttype: %s", virttype ? virttype : "(null)");
        return NULL;
    }
    bool kvm = strcmp(virttype, "kvm") == 0;
    if (kvm && !caps->kvm_available) {
        mv_error_report(VIR_FROM_QEMU, VIR_ERR_CONFIG_UNSUPPORTED,
                        "KVM is not available on this host: virttype 'kvm' cannot be used "
                        "with emulator '%s'", caps->binary);
        return NULL;
    }
    const char *want = machine ? machine : mv_qemu_caps_default_machine(caps);
    const mv_qemu_machine *m = mv_qemu_caps_find_machine(caps, want);
    if (!m || strcmp(m->name, "none") == 0) {
        mv_error_report(VIR_FROM_QEMU, VIR_ERR_INVALID_ARG,
                        "the machine '%s' is not supported by emulator '%s'",
                        want ? want : "(default)", caps->binary);
        return NULL;
    }
    bool q35 = strstr(m->name, "q35") != NULL;
    bool pc = strstr(m->name, "i440fx") != NULL || strcmp(m->name, "isapc") == 0;
    const char *arch = guest_arch(caps->arch);

    GString *s = g_string_new("<domainCapabilities>\n");
    g_string_append(s, "  <path>");
    esc(s, caps->binary);
    g_string_append(s, "</path>\n");
    g_string_append_printf(s, "  <domain>%s</domain>\n", virttype);
    g_string_append(s, "  <machine>");
    esc(s, m->name);
    g_string_append(s, "</machine>\n  <arch>");
    esc(s, arch);
    g_string_append(s, "</arch>\n");
    g_string_append_printf(s, "  <vcpu max='%d'/>\n", m->max_cpus > 0 ? m->max_cpus : 1);
    g_string_append(s, "  <iothreads supported='no'/>\n");
    /* Firmware is QEMU's own (SeaBIOS): no loader selection. */
    g_string_append(s, "  <os supported='yes'>\n"
                       "    <loader supported='no'/>\n"
                       "  </os>\n");

    g_string_append(s, "  <cpu>\n");
    g_string_append_printf(s, "    <mode name='host-passthrough' supported='%s'/>\n",
                           kvm ? "yes" : "no");
    g_string_append(s, "    <mode name='maximum' supported='yes'/>\n");
    g_string_append(s, "    <mode name='host-model' supported='no'/>\n");
    const GPtrArray *models = kvm ? caps->cpu_models_kvm : caps->cpu_models;
    g_string_append_printf(s, "    <mode name='custom' supported='%s'>\n",
                           models->len ? "yes" : "no");
    for (guint i = 0; i < models->len; i++) {
        const char *name = models->pdata[i];
        if (strcmp(name, "host") == 0 || strcmp(name, "max") == 0 || strcmp(name, "base") == 0)
            continue;
        g_string_append_printf(s, "      <model usable='yes' vendor='%s'>", cpu_vendor(name));
        esc(s, name);
        g_string_append(s, "</model>\n");
    }
    g_string_append(s, "    </mode>\n  </cpu>\n");

    const char *i3 = "      ";
    g_string_append(s, "  <devices>\n    <disk supported='yes'>\n");
    enum_open(s, i3, "diskDevice");
    enum_value(s, i3, "disk");
    enum_value(s, i3, "cdrom");
    if (pc && mv_qemu_caps_has_device(caps, "floppy"))
        enum_value(s, i3, "floppy");
    enum_close(s, i3);
    enum_open(s, i3, "bus");
    if (pc && mv_qemu_caps_has_device(caps, "floppy"))
        enum_value(s, i3, "fdc");
    if (!q35 && mv_qemu_caps_has_device(caps, "ide-hd"))
        enum_value(s, i3, "ide");
    if (mv_qemu_caps_has_device(caps, "virtio-scsi-pci"))
        enum_value(s, i3, "scsi");
    if (mv_qemu_caps_has_device(caps, "virtio-blk-pci"))
        enum_value(s, i3, "virtio");
    if (mv_qemu_caps_has_device(caps, "ahci") || q35)
        enum_value(s, i3, "sata");
    enum_close(s, i3);
    g_string_append(s, "    </disk>\n");

    g_string_append(s, "    <graphics supported='yes'>\n");
    enum_open(s, i3, "type");
    enum_value(s, i3, "vnc");
    enum_close(s, i3);
    g_string_append(s, "    </graphics>\n");

    g_string_append(s, "    <video supported='yes'>\n");
    enum_open(s, i3, "modelType");
    for (size_t i = 0; i < G_N_ELEMENTS(video_models); i++)
        if (mv_qemu_caps_has_device(caps, video_models[i].device))
            enum_value(s, i3, video_models[i].model);
    enum_value(s, i3, "none");
    enum_close(s, i3);
    g_string_append(s, "    </video>\n");
    g_string_append(s, "    <hostdev supported='no'/>\n");
    g_string_append(s, "  </devices>\n</domainCapabilities>\n");
    return g_string_free(s, FALSE);
}
