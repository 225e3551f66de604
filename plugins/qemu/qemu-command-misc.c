/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-command-misc.c — the memory balloon (virtio unless the
 * domain says none, as libvirt) and random number generators (a -object
 * backend and a virtio-rng device).
 */
#include "qemu-command.h"

static const char *const balloon_devices[] = {
    [MV_DOMAIN_MEMBALLOON_VIRTIO] = "virtio-balloon-pci",
    [MV_DOMAIN_MEMBALLOON_VIRTIO_TRANSITIONAL] = "virtio-balloon-pci-transitional",
    [MV_DOMAIN_MEMBALLOON_VIRTIO_NON_TRANSITIONAL] = "virtio-balloon-pci-non-transitional",
};

static int add_balloon(mv_qemu_build *b)
{
    const mv_domain_memballoon_def *m = b->devs->memballoon;
    mv_domain_memballoon_model model = m ? m->model : MV_DOMAIN_MEMBALLOON_VIRTIO;
    if (model == MV_DOMAIN_MEMBALLOON_NONE)
        return 0;
    const char *dev = model < G_N_ELEMENTS(balloon_devices) ? balloon_devices[model] : NULL;
    if (!dev)
        return mv_qemu_unsupported("memballoon model 'xen' is not supported by QEMU");
    GString *s = g_string_new(dev);
    mv_qemu_opt_fmt(s, "id", "balloon0");
    return mv_qemu_add_pci_device(b, m ? m->info : NULL, s);
}

static const char *const rng_devices[] = {
    [MV_DOMAIN_RNG_VIRTIO] = "virtio-rng-pci",
    [MV_DOMAIN_RNG_VIRTIO_TRANSITIONAL] = "virtio-rng-pci-transitional",
    [MV_DOMAIN_RNG_VIRTIO_NON_TRANSITIONAL] = "virtio-rng-pci-non-transitional",
};

static int add_rng(mv_qemu_build *b, const mv_domain_rng_def *r, size_t i)
{
    if (r->model >= G_N_ELEMENTS(rng_devices))
        return mv_qemu_unsupported("rng model %d is not supported by QEMU", r->model);
    GString *obj = g_string_new(NULL);
    if (r->backend == MV_DOMAIN_RNG_BACKEND_BUILTIN) {
        mv_qemu_opt_fmt(obj, NULL, "rng-builtin");
        mv_qemu_opt_fmt(obj, "id", "objrng%zu", i);
    } else {
        mv_qemu_opt_fmt(obj, NULL, "rng-random");
        mv_qemu_opt_fmt(obj, "id", "objrng%zu", i);
        mv_qemu_opt_str(obj, "filename", r->source ? r->source : "/dev/urandom");
    }
    mv_qemu_add_opts(b, "-object", obj);
    GString *s = g_string_new(rng_devices[r->model]);
    mv_qemu_opt_fmt(s, "rng", "objrng%zu", i);
    mv_qemu_opt_fmt(s, "id", "rng%zu", i);
    if (r->rate_bytes) {
        mv_qemu_opt_fmt(s, "max-bytes", "%u", r->rate_bytes);
        mv_qemu_opt_fmt(s, "period", "%u", r->rate_period ? r->rate_period : 1000);
    }
    return mv_qemu_add_pci_device(b, r->info, s);
}

int mv_qemu_build_misc(mv_qemu_build *b)
{
    if (add_balloon(b) < 0)
        return -1;
    for (size_t i = 0; i < b->devs->nrngs; i++)
        if (add_rng(b, b->devs->rngs[i], i) < 0)
            return -1;
    return 0;
}
