/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-caps.h — what an installed QEMU binary can do, probed
 * over QMP and cached by the binary's identity, and the capabilities /
 * domain capabilities documents built from it.
 */
#ifndef MV_QEMU_CAPS_H
#define MV_QEMU_CAPS_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct mv_qemu_machine {
    char *name;
    char *alias;                /* "pc", "q35"; NULL when none */
    bool is_default;
    int max_cpus;
    bool deprecated;
} mv_qemu_machine;

typedef struct mv_qemu_caps {
    char *binary;               /* the path probed (a bare name resolved in PATH) */
    char *arch;                 /* "x86_64" */
    unsigned int version;       /* major*1000000 + minor*1000 + micro */
    char *package;              /* from query-version */
    bool kvm_available;         /* query-kvm: present and enabled, probed with
                                 * accel=kvm:tcg (never when /dev/kvm does not open) */
    GPtrArray *machines;        /* mv_qemu_machine* */
    /* char*: the CPU models usable for type='qemu' guests (TCG). */
    GPtrArray *cpu_models;
    GPtrArray *devices;         /* char*: non-abstract types implementing "device" */
    /* Appended to the agreed interface: */
    GPtrArray *cpu_models_kvm;  /* char*: usable for type='kvm' (empty without KVM) */
    bool from_cache;            /* read from the cache, no process was started */
} mv_qemu_caps;

/* The capabilities of BINARY: from CACHE_DIR/<sha256 of the path>.json when
 * the identity recorded there (path, st_dev, st_ino, st_size, st_mtim,
 * st_ctim, modvirt version, whether /dev/kvm opens) still matches; else
 * probed by running BINARY -S -no-user-config -nodefaults -nographic
 * -machine none,accel=kvm:tcg (accel=tcg when /dev/kvm cannot be opened)
 * with QMP on a socketpair, and written to the cache atomically (a cache
 * that cannot be written is only logged). When KVM works a second, TCG-only
 * process gives the TCG CPU models. CACHE_DIR NULL: no cache. The probe
 * processes are always reaped. NULL with a VIR_FROM_QEMU error naming the
 * binary on failure. */
mv_qemu_caps *mv_qemu_caps_get(const char *binary, const char *cache_dir);
void mv_qemu_caps_free(mv_qemu_caps *caps);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(mv_qemu_caps, mv_qemu_caps_free)

/* Bound on one probe (start to reaped); 30 s by default. For tests. */
void mv_qemu_caps_set_probe_timeout(int timeout_ms);

bool mv_qemu_caps_has_machine(const mv_qemu_caps *caps, const char *name);  /* name or alias */
/* The machine named or aliased NAME, or NULL. */
const mv_qemu_machine *mv_qemu_caps_find_machine(const mv_qemu_caps *caps, const char *name);
/* The default machine's alias when it has one ("pc"), else its name; NULL
 * when QEMU has no default. */
const char *mv_qemu_caps_default_machine(const mv_qemu_caps *caps);
bool mv_qemu_caps_has_device(const mv_qemu_caps *caps, const char *type);
bool mv_qemu_caps_has_cpu_model(const mv_qemu_caps *caps, const char *model, bool kvm);

/* qemu-caps-xml.c */

/* The <capabilities> document for this host and these emulators. NULL with
 * an error on failure. */
char *mv_qemu_caps_capabilities_xml(const mv_qemu_caps *const *caps, size_t ncaps);
/* <domainCapabilities> of CAPS for VIRTTYPE "qemu" or "kvm" (refused with
 * VIR_ERR_CONFIG_UNSUPPORTED without KVM) and MACHINE (NULL: the default;
 * unknown: VIR_ERR_INVALID_ARG). */
char *mv_qemu_caps_domain_xml(const mv_qemu_caps *caps, const char *virttype, const char *machine);

#endif
