/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-command.h — a domain definition turned into a QEMU 7.2
 * command line, as a pure function: everything the driver prepares at run
 * time (QMP socket path, tap fds, resolved volumes, VNC port, KVM presence)
 * is an input, so the same inputs always give the same argv.
 */
#ifndef MV_QEMU_COMMAND_H
#define MV_QEMU_COMMAND_H

#include <glib.h>
#include <stdbool.h>
#include <modvirt-plugin/conf-domain.h>
#include <modvirt-plugin/conf-domain-devices.h>

/* What the driver prepared before building the command line. */
typedef struct mv_qemu_command_input {
    const char *qmp_socket;      /* unix socket path for QMP (required) */
    bool kvm_available;          /* /dev/kvm works: type='kvm' is allowed */
    /* One entry per def->devices->nets[i]: the tap fd the driver opened and
     * will pass to QEMU for network/bridge/ethernet interfaces (-1 or
     * ignored for user networking). */
    const int *tap_fds;
    size_t ntap_fds;
    /* One entry per def->devices->disks[i]: the path a type='volume' disk
     * resolved to through the storage API (NULL for other disks). */
    const char *const *volume_paths;
    size_t nvolume_paths;
    int vnc_port;                /* the port chosen for autoport VNC (>= 5900) */
} mv_qemu_command_input;

/* The highest block I/O throttle value libvirt passes to QEMU. */
#define MV_QEMU_IOTUNE_MAX 1000000000000000ULL

/* A disk's <iotune> as libvirt validates it for QEMU (when defined and when
 * started): a group needs limits, values at most MV_QEMU_IOTUNE_MAX. 0, or
 * -1 with libvirt's error. <iotune> itself goes to QEMU over QMP once it
 * runs (qemu-iotune.c), never on the command line. */
int mv_qemu_check_disk_iotune(const mv_domain_disk_def *d);

/* The parser options of the qemu driver (types qemu/kvm, x86_64, machine
 * "pc", emulator /usr/bin/qemu-system-x86_64, MACs 52:54:00). */
const mv_domain_xmlopt *mv_qemu_xmlopt(void);

/* The argv (NULL-terminated, argv[0] the emulator; g_strfreev it), or NULL
 * with a VIR_FROM_QEMU error (VIR_ERR_CONFIG_UNSUPPORTED for definitions
 * QEMU or this driver cannot run). Nothing in it is meant for a shell. */
char **mv_qemu_build_argv(const mv_domain_def *def, const mv_qemu_command_input *in);

/* ---- internal to qemu-command*.c ---- */

typedef struct mv_qemu_build {
    const mv_domain_def *def;
    const mv_domain_devices *devs;
    const mv_qemu_command_input *in;
    GPtrArray *argv;
    bool q35;
    bool kvm;
    const char *pci_bus;         /* "pci.0" or "pcie.0" */
    guint32 used_slots;          /* PCI slots taken on the root bus */
    bool has_usb;                /* a USB bus named usb.0 exists */
    unsigned int video_slot;     /* slot kept for the primary video, or 0 */
} mv_qemu_build;

/* Appends one argv element / an option and its value. */
void mv_qemu_add(mv_qemu_build *b, const char *arg);
void mv_qemu_add_opt(mv_qemu_build *b, const char *opt, const char *value);
/* Appends GString S as OPT's value and frees S. */
void mv_qemu_add_opts(mv_qemu_build *b, const char *opt, GString *s);

/* ",KEY=VALUE" (no leading comma on an empty S) with VALUE's commas
 * doubled for QEMU's option syntax. */
void mv_qemu_opt_str(GString *s, const char *key, const char *value);
/* ",KEY=<printf>" for values built from numbers and fixed words. */
void mv_qemu_opt_fmt(GString *s, const char *key, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* Reports VIR_FROM_QEMU / VIR_ERR_CONFIG_UNSUPPORTED and returns -1. */
int mv_qemu_unsupported(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/* Marks the explicit PCI addresses of every device as taken (or fails on
 * a clash or a bus other than 0) and reserves the primary video's slot. */
int mv_qemu_pci_reserve(mv_qemu_build *b);
/* Appends ",bus=...,addr=..." for a PCI device: INFO's address, or the
 * next free slot. -1 with an error when the bus is full. */
int mv_qemu_pci_addr(mv_qemu_build *b, const mv_domain_device_info *info, GString *s);
/* Adds "-device S" with S's PCI address appended (see mv_qemu_pci_addr);
 * frees S either way. */
int mv_qemu_add_pci_device(mv_qemu_build *b, const mv_domain_device_info *info, GString *s);
/* Appends ",bootindex=N" when INFO has a boot order. */
void mv_qemu_opt_boot(GString *s, const mv_domain_device_info *info);

/* The areas, in command-line order; each returns 0 or -1 with an error. */
int mv_qemu_build_machine(mv_qemu_build *b);     /* -machine .. -uuid */
int mv_qemu_build_clock_boot(mv_qemu_build *b);  /* -rtc, -boot, -kernel */
int mv_qemu_build_controllers(mv_qemu_build *b);
int mv_qemu_build_disks(mv_qemu_build *b);
int mv_qemu_build_nets(mv_qemu_build *b);
int mv_qemu_build_chardevs(mv_qemu_build *b);    /* serials, consoles */
int mv_qemu_build_inputs(mv_qemu_build *b);
int mv_qemu_build_graphics(mv_qemu_build *b);    /* -vnc or -display none */
int mv_qemu_build_videos(mv_qemu_build *b);
int mv_qemu_build_misc(mv_qemu_build *b);        /* balloon, rng */

#endif
