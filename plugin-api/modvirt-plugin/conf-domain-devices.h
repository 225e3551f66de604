/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/conf-domain-devices.h — the <devices> part of a domain
 * definition: disks, filesystems, interfaces, character devices, graphics,
 * video, inputs, controllers, the memory balloon and RNGs, with libvirt's
 * element and attribute names and meanings.
 *
 * Same rules as conf-domain.h: the core allocates every struct (parse or
 * copy), plugins read and modify fields, fields are only appended, and
 * lists are arrays of pointers with a count. Enum values are fixed.
 */
#ifndef MODVIRT_PLUGIN_CONF_DOMAIN_DEVICES_H
#define MODVIRT_PLUGIN_CONF_DOMAIN_DEVICES_H

#include <stdbool.h>
#include <stddef.h>
#include "conf-domain.h"

#ifdef __cplusplus
extern "C" {
#endif

/* <address type='...'> of a device. */
typedef enum {
    MV_DOMAIN_ADDRESS_NONE = 0,
    MV_DOMAIN_ADDRESS_PCI = 1,    /* domain, bus, slot, function */
    MV_DOMAIN_ADDRESS_DRIVE = 2,  /* controller, bus, target, unit */
    MV_DOMAIN_ADDRESS_VIRTIO_SERIAL = 3,  /* controller, bus (drive_bus), port */
} mv_domain_address_type;

typedef struct mv_domain_device_address {
    mv_domain_address_type type;
    unsigned int domain, bus, slot, function;     /* pci */
    bool multifunction;                           /* pci multifunction='on' */
    unsigned int controller, drive_bus, target, unit;  /* drive */
    unsigned int port;                            /* virtio-serial */
} mv_domain_device_address;

/* What every device may carry. */
typedef struct mv_domain_device_info {
    unsigned int boot_order;            /* <boot order>: 0 = none */
    mv_domain_device_address *address;  /* NULL = none (to be assigned) */
} mv_domain_device_info;

/* ---- disks ---- */
typedef enum {
    MV_DOMAIN_DISK_TYPE_FILE = 0,
    MV_DOMAIN_DISK_TYPE_BLOCK = 1,
    MV_DOMAIN_DISK_TYPE_VOLUME = 2,
} mv_domain_disk_type;

typedef enum {
    MV_DOMAIN_DISK_DEVICE_DISK = 0,
    MV_DOMAIN_DISK_DEVICE_CDROM = 1,
    MV_DOMAIN_DISK_DEVICE_FLOPPY = 2,
    MV_DOMAIN_DISK_DEVICE_LUN = 3,
} mv_domain_disk_device;

typedef enum {
    MV_DOMAIN_DISK_BUS_NONE = 0,   /* not given: derived from the target */
    MV_DOMAIN_DISK_BUS_IDE = 1,
    MV_DOMAIN_DISK_BUS_FDC = 2,
    MV_DOMAIN_DISK_BUS_SCSI = 3,
    MV_DOMAIN_DISK_BUS_VIRTIO = 4,
    MV_DOMAIN_DISK_BUS_XEN = 5,
    MV_DOMAIN_DISK_BUS_USB = 6,
    MV_DOMAIN_DISK_BUS_UML = 7,
    MV_DOMAIN_DISK_BUS_SATA = 8,
    MV_DOMAIN_DISK_BUS_SD = 9,
} mv_domain_disk_bus;

typedef enum {
    MV_DOMAIN_DISK_CACHE_DEFAULT = 0,  /* not written */
    MV_DOMAIN_DISK_CACHE_NONE = 1,
    MV_DOMAIN_DISK_CACHE_WRITETHROUGH = 2,
    MV_DOMAIN_DISK_CACHE_WRITEBACK = 3,
    MV_DOMAIN_DISK_CACHE_DIRECTSYNC = 4,
    MV_DOMAIN_DISK_CACHE_UNSAFE = 5,
} mv_domain_disk_cache;

/* <disk><iotune>: I/O throttling, one value per child element, indexed
 * in the order libvirt writes them (group_name, a string, comes between
 * size_iops_sec and the _max_length values). Each element name is also
 * the virDomainSetBlockIoTune parameter of the same value. 0 = not set.
 * Since plugin ABI 1.2. */
typedef enum {
    MV_DOMAIN_IOTUNE_TOTAL_BYTES_SEC = 0,
    MV_DOMAIN_IOTUNE_READ_BYTES_SEC = 1,
    MV_DOMAIN_IOTUNE_WRITE_BYTES_SEC = 2,
    MV_DOMAIN_IOTUNE_TOTAL_IOPS_SEC = 3,
    MV_DOMAIN_IOTUNE_READ_IOPS_SEC = 4,
    MV_DOMAIN_IOTUNE_WRITE_IOPS_SEC = 5,
    MV_DOMAIN_IOTUNE_TOTAL_BYTES_SEC_MAX = 6,
    MV_DOMAIN_IOTUNE_READ_BYTES_SEC_MAX = 7,
    MV_DOMAIN_IOTUNE_WRITE_BYTES_SEC_MAX = 8,
    MV_DOMAIN_IOTUNE_TOTAL_IOPS_SEC_MAX = 9,
    MV_DOMAIN_IOTUNE_READ_IOPS_SEC_MAX = 10,
    MV_DOMAIN_IOTUNE_WRITE_IOPS_SEC_MAX = 11,
    MV_DOMAIN_IOTUNE_SIZE_IOPS_SEC = 12,
    MV_DOMAIN_IOTUNE_TOTAL_BYTES_SEC_MAX_LENGTH = 13,
    MV_DOMAIN_IOTUNE_READ_BYTES_SEC_MAX_LENGTH = 14,
    MV_DOMAIN_IOTUNE_WRITE_BYTES_SEC_MAX_LENGTH = 15,
    MV_DOMAIN_IOTUNE_TOTAL_IOPS_SEC_MAX_LENGTH = 16,
    MV_DOMAIN_IOTUNE_READ_IOPS_SEC_MAX_LENGTH = 17,
    MV_DOMAIN_IOTUNE_WRITE_IOPS_SEC_MAX_LENGTH = 18,
    MV_DOMAIN_IOTUNE_NVALUES = 19,
} mv_domain_iotune_value;

typedef struct mv_domain_iotune {
    unsigned long long v[MV_DOMAIN_IOTUNE_NVALUES];
    char *group_name;         /* <group_name>: NULL = none */
} mv_domain_iotune;

typedef struct mv_domain_disk_def {
    mv_domain_disk_type type;
    mv_domain_disk_device device;
    char *driver_name;        /* <driver name>, e.g. "qemu" */
    char *driver_type;        /* <driver type>: image format, e.g. "qcow2" */
    mv_domain_disk_cache cache;
    char *src_path;           /* <source file> (file) or <source dev> (block) */
    char *src_pool;           /* <source pool> (volume) */
    char *src_volume;         /* <source volume> (volume) */
    char *dst;                /* <target dev>, e.g. "vda" */
    mv_domain_disk_bus bus;   /* <target bus> */
    bool readonly;
    bool shareable;
    char *serial;
    mv_domain_device_info *info;
    /* Appended in plugin ABI 1.2: <iotune>. */
    mv_domain_iotune iotune;
    /* Appended in plugin ABI 1.2: <driver iothread='N'>, 0 when not given
     * (libvirt does not check that the domain has thread N). */
    unsigned int iothread;
} mv_domain_disk_def;

/* ---- filesystems ---- */
typedef enum {
    MV_DOMAIN_FS_TYPE_MOUNT = 0,
} mv_domain_fs_type;

typedef enum {
    MV_DOMAIN_FS_ACCESS_PASSTHROUGH = 0,
    MV_DOMAIN_FS_ACCESS_MAPPED = 1,
    MV_DOMAIN_FS_ACCESS_SQUASH = 2,
} mv_domain_fs_access;

typedef struct mv_domain_fs_def {
    mv_domain_fs_type type;
    mv_domain_fs_access accessmode;
    char *src_dir;            /* <source dir> */
    char *dst;                /* <target dir> (a mount tag) */
    bool readonly;
    mv_domain_device_info *info;
} mv_domain_fs_def;

/* ---- interfaces ---- */
typedef enum {
    MV_DOMAIN_NET_TYPE_USER = 0,
    MV_DOMAIN_NET_TYPE_ETHERNET = 1,
    MV_DOMAIN_NET_TYPE_NETWORK = 2,
    MV_DOMAIN_NET_TYPE_BRIDGE = 3,
} mv_domain_net_type;

typedef struct mv_domain_net_def {
    mv_domain_net_type type;
    bool has_mac;             /* false only when parsed without defaults */
    unsigned char mac[6];
    char *network;            /* <source network> (network) */
    char *bridge;             /* <source bridge> (bridge) */
    char *ifname;             /* <target dev> */
    char *model;              /* <model type>, e.g. "virtio" */
    mv_domain_device_info *info;
} mv_domain_net_def;

/* ---- serial ports and consoles ---- */
typedef enum {
    MV_DOMAIN_CHR_TYPE_NULL = 0,
    MV_DOMAIN_CHR_TYPE_VC = 1,
    MV_DOMAIN_CHR_TYPE_PTY = 2,
    MV_DOMAIN_CHR_TYPE_DEV = 3,
    MV_DOMAIN_CHR_TYPE_FILE = 4,
    MV_DOMAIN_CHR_TYPE_PIPE = 5,
    MV_DOMAIN_CHR_TYPE_STDIO = 6,
    MV_DOMAIN_CHR_TYPE_TCP = 7,
    MV_DOMAIN_CHR_TYPE_UNIX = 8,
} mv_domain_chr_type;

typedef enum {
    MV_DOMAIN_CHR_DEVICE_SERIAL = 0,
    MV_DOMAIN_CHR_DEVICE_CONSOLE = 1,
    MV_DOMAIN_CHR_DEVICE_CHANNEL = 2,
} mv_domain_chr_device;

/* <channel><target state>: what the guest side of a virtio port did last. */
typedef enum {
    MV_DOMAIN_CHR_STATE_DEFAULT = 0,        /* not known: not written */
    MV_DOMAIN_CHR_STATE_CONNECTED = 1,
    MV_DOMAIN_CHR_STATE_DISCONNECTED = 2,
} mv_domain_chr_state;

/* The name of the QEMU guest agent's virtio channel. */
#define MV_DOMAIN_CHANNEL_GUEST_AGENT "org.qemu.guest_agent.0"

typedef struct mv_domain_chr_def {
    mv_domain_chr_device device;   /* <serial> or <console> */
    mv_domain_chr_type type;
    char *path;               /* <source path>: dev, file, pipe, unix; pty when live */
    bool listen;              /* <source mode='bind'> (tcp, unix) */
    char *host;               /* <source host> (tcp) */
    char *service;            /* <source service> (tcp) */
    bool telnet;              /* <protocol type='telnet'> (tcp) */
    /* <target type>: serial: "isa-serial", "usb-serial", "pci-serial", ...;
     * console: "serial", "virtio", "xen", ... NULL = not given. */
    char *target_type;
    int target_port;          /* <target port>: -1 = not given */
    mv_domain_device_info *info;
    /* channel: <target type>: "virtio", "xen"; <target name> (NULL = none)
     * and, in live definitions only, <target state>. */
    char *target_name;
    mv_domain_chr_state state;
    char *alias;              /* <alias name> of a live definition; NULL = none */
} mv_domain_chr_def;

/* ---- graphics ---- */
typedef enum {
    MV_DOMAIN_GRAPHICS_VNC = 0,
} mv_domain_graphics_type;

typedef enum {
    MV_DOMAIN_GRAPHICS_LISTEN_ADDRESS = 0,
    MV_DOMAIN_GRAPHICS_LISTEN_NETWORK = 1,
    MV_DOMAIN_GRAPHICS_LISTEN_NONE = 2,
} mv_domain_graphics_listen_type;

typedef struct mv_domain_graphics_listen {
    mv_domain_graphics_listen_type type;
    char *address;            /* address: NULL = the driver's default */
    char *network;            /* network: the network's name */
} mv_domain_graphics_listen;

typedef struct mv_domain_graphics_def {
    mv_domain_graphics_type type;
    int port;                 /* -1 with autoport */
    bool autoport;
    int websocket;            /* 0 = none, -1 = auto */
    char *keymap;
    mv_domain_graphics_listen **listens;
    size_t nlistens;
} mv_domain_graphics_def;

/* ---- video ---- */
typedef enum {
    MV_DOMAIN_VIDEO_DEFAULT = 0,
    MV_DOMAIN_VIDEO_VGA = 1,
    MV_DOMAIN_VIDEO_CIRRUS = 2,
    MV_DOMAIN_VIDEO_VMVGA = 3,
    MV_DOMAIN_VIDEO_XEN = 4,
    MV_DOMAIN_VIDEO_VBOX = 5,
    MV_DOMAIN_VIDEO_QXL = 6,
    MV_DOMAIN_VIDEO_PARALLELS = 7,
    MV_DOMAIN_VIDEO_VIRTIO = 8,
    MV_DOMAIN_VIDEO_GOP = 9,
    MV_DOMAIN_VIDEO_NONE = 10,
    MV_DOMAIN_VIDEO_BOCHS = 11,
    MV_DOMAIN_VIDEO_RAMFB = 12,
} mv_domain_video_type;

typedef struct mv_domain_video_def {
    mv_domain_video_type type;
    unsigned int ram;         /* KiB, 0 = not set (qxl) */
    unsigned int vram;        /* KiB, 0 = not set */
    unsigned int vgamem;      /* KiB, 0 = not set (qxl) */
    unsigned int heads;       /* 0 = not set */
    bool primary;
    mv_domain_device_info *info;
} mv_domain_video_def;

/* ---- inputs ---- */
typedef enum {
    MV_DOMAIN_INPUT_MOUSE = 0,
    MV_DOMAIN_INPUT_TABLET = 1,
    MV_DOMAIN_INPUT_KEYBOARD = 2,
} mv_domain_input_type;

typedef enum {
    MV_DOMAIN_INPUT_BUS_DEFAULT = 0,   /* not given */
    MV_DOMAIN_INPUT_BUS_PS2 = 1,
    MV_DOMAIN_INPUT_BUS_USB = 2,
    MV_DOMAIN_INPUT_BUS_XEN = 3,
    MV_DOMAIN_INPUT_BUS_PARALLELS = 4,
    MV_DOMAIN_INPUT_BUS_VIRTIO = 5,
    MV_DOMAIN_INPUT_BUS_NONE = 6,
} mv_domain_input_bus;

typedef struct mv_domain_input_def {
    mv_domain_input_type type;
    mv_domain_input_bus bus;
    mv_domain_device_info *info;
} mv_domain_input_def;

/* ---- controllers ---- */
typedef enum {
    MV_DOMAIN_CONTROLLER_IDE = 0,
    MV_DOMAIN_CONTROLLER_FDC = 1,
    MV_DOMAIN_CONTROLLER_SCSI = 2,
    MV_DOMAIN_CONTROLLER_SATA = 3,
    MV_DOMAIN_CONTROLLER_VIRTIO_SERIAL = 4,
    MV_DOMAIN_CONTROLLER_CCID = 5,
    MV_DOMAIN_CONTROLLER_USB = 6,
    MV_DOMAIN_CONTROLLER_PCI = 7,
} mv_domain_controller_type;

typedef struct mv_domain_controller_def {
    mv_domain_controller_type type;
    int idx;                  /* <controller index>: -1 = to be assigned */
    char *model;              /* checked against the type's models; NULL = none */
    int ports;                /* virtio-serial ports: -1 = not given */
    int vectors;              /* virtio-serial vectors: -1 = not given */
    mv_domain_device_info *info;
} mv_domain_controller_def;

/* ---- memory balloon ---- */
typedef enum {
    MV_DOMAIN_MEMBALLOON_VIRTIO = 0,
    MV_DOMAIN_MEMBALLOON_XEN = 1,
    MV_DOMAIN_MEMBALLOON_NONE = 2,
    MV_DOMAIN_MEMBALLOON_VIRTIO_TRANSITIONAL = 3,
    MV_DOMAIN_MEMBALLOON_VIRTIO_NON_TRANSITIONAL = 4,
} mv_domain_memballoon_model;

typedef struct mv_domain_memballoon_def {
    mv_domain_memballoon_model model;
    unsigned int stats_period;   /* <stats period>: 0 = not given */
    mv_domain_device_info *info;
} mv_domain_memballoon_def;

/* ---- random number generators ---- */
typedef enum {
    MV_DOMAIN_RNG_VIRTIO = 0,
    MV_DOMAIN_RNG_VIRTIO_TRANSITIONAL = 1,
    MV_DOMAIN_RNG_VIRTIO_NON_TRANSITIONAL = 2,
} mv_domain_rng_model;

typedef enum {
    MV_DOMAIN_RNG_BACKEND_RANDOM = 0,
    MV_DOMAIN_RNG_BACKEND_BUILTIN = 1,
} mv_domain_rng_backend;

typedef struct mv_domain_rng_def {
    mv_domain_rng_model model;
    mv_domain_rng_backend backend;
    char *source;                /* random: the host device, e.g. /dev/urandom */
    unsigned int rate_bytes;     /* <rate bytes>: 0 = no rate limit */
    unsigned int rate_period;    /* <rate period> ms: 0 = not given */
    mv_domain_device_info *info;
} mv_domain_rng_def;

/* ---- the <devices> element ---- */
struct mv_domain_devices {
    char *emulator;
    mv_domain_disk_def **disks;
    size_t ndisks;
    mv_domain_fs_def **filesystems;
    size_t nfilesystems;
    mv_domain_net_def **nets;
    size_t nnets;
    mv_domain_chr_def **serials;
    size_t nserials;
    mv_domain_chr_def **consoles;
    size_t nconsoles;
    mv_domain_graphics_def **graphics;
    size_t ngraphics;
    mv_domain_video_def **videos;
    size_t nvideos;
    mv_domain_input_def **inputs;
    size_t ninputs;
    mv_domain_controller_def **controllers;
    size_t ncontrollers;
    mv_domain_memballoon_def *memballoon;   /* NULL = none written */
    mv_domain_rng_def **rngs;
    size_t nrngs;
    mv_domain_chr_def **channels;
    size_t nchannels;
};

/* The disk whose <target dev> is TARGET, or NULL. */
mv_domain_disk_def *mv_domain_devices_find_disk(const mv_domain_devices *devs, const char *target);
/* The interface with MAC (text, any case), or NULL. */
mv_domain_net_def *mv_domain_devices_find_net(const mv_domain_devices *devs, const char *mac);
/* The interface whose <target dev> is IFNAME, or NULL. */
mv_domain_net_def *mv_domain_devices_find_net_by_ifname(const mv_domain_devices *devs,
                                                        const char *ifname);
/* The controller of TYPE with index IDX, or NULL. */
mv_domain_controller_def *mv_domain_devices_find_controller(const mv_domain_devices *devs,
                                                            mv_domain_controller_type type,
                                                            int idx);

/* MAC addresses: "aa:bb:cc:dd:ee:ff" (hex either case) <->
 * bytes. Parse returns 0, or -1 (no error reported). Format writes the
 * lower-case form into BUF[18]. Generate fills the 3 bytes of PREFIX (NULL:
 * "52:54:00") and 3 random bytes; 0, or -1 with an error for a bad PREFIX. */
int mv_domain_mac_parse(const char *str, unsigned char mac[6]);
void mv_domain_mac_format(const unsigned char mac[6], char buf[18]);
int mv_domain_mac_generate(const char *prefix, unsigned char mac[6]);

/* Names of enum values as written in XML, or NULL for a value out of range. */
const char *mv_domain_disk_bus_to_string(mv_domain_disk_bus bus);

/* Since plugin ABI 1.2: a disk's <iotune>.
 * mv_domain_iotune_name: the element and parameter name of value I
 * ("total_bytes_sec", ...), NULL out of range.
 * mv_domain_iotune_has_any: whether any value is set (the group name
 * alone does not count).
 * mv_domain_iotune_copy: DST becomes a copy of SRC (DST's group name freed).
 * mv_domain_iotune_clear: frees the group name, sets every value to 0.
 * mv_domain_iotune_apply_params: the values virDomainSetBlockIoTune's
 * PARAMS name (checked with mv_typed_params_validate_block_iotune) set in
 * T, the others kept (a group name given replaces T's, "" included).
 * mv_domain_iotune_get_params: T as virDomainGetBlockIoTune returns it:
 * the first 13 values, group_name (a string, "" for none; a copy the
 * caller frees), then the 6 burst lengths; at most *NPARAMS of them,
 * *NPARAMS set to the count written (20 when *NPARAMS is 0 and nothing is
 * written). */
MV_PLUGIN_AVAILABLE_IN_1_2
const char *mv_domain_iotune_name(mv_domain_iotune_value i);
MV_PLUGIN_AVAILABLE_IN_1_2
bool mv_domain_iotune_has_any(const mv_domain_iotune *t);
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_domain_iotune_copy(mv_domain_iotune *dst, const mv_domain_iotune *src);
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_domain_iotune_clear(mv_domain_iotune *t);
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_domain_iotune_apply_params(mv_domain_iotune *t, const virTypedParameter *params,
                                   int nparams);
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_domain_iotune_get_params(const mv_domain_iotune *t, virTypedParameterPtr params,
                                 int *nparams);
#define MV_DOMAIN_IOTUNE_NPARAMS (MV_DOMAIN_IOTUNE_NVALUES + 1)
const char *mv_domain_net_type_to_string(mv_domain_net_type type);
const char *mv_domain_chr_type_to_string(mv_domain_chr_type type);
const char *mv_domain_controller_type_to_string(mv_domain_controller_type type);

#ifdef __cplusplus
}
#endif

#endif
