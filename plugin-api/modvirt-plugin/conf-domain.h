/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/conf-domain.h — domain definitions: libvirt's <domain> XML
 * parsed into mv_domain_def, and formatted back.
 *
 * The core allocates every struct here and plugins only read and modify
 * fields: never allocate one, copy one by value or embed one. Fields are only
 * appended (ABI rule), sub-structures are reached through pointers, and
 * lists are arrays of pointers with a count.
 */
#ifndef MODVIRT_PLUGIN_CONF_DOMAIN_H
#define MODVIRT_PLUGIN_CONF_DOMAIN_H

#include <stddef.h>
#include <libvirt/libvirt.h>
#include "abi.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mv_domain_def mv_domain_def;
typedef struct mv_domain_devices mv_domain_devices;   /* conf-domain-devices.h */

/* <domain type='...'>: the types libvirt's drivers share. A type a driver
 * declares in its xmlopt's virt_types (say "toy") is given the next free
 * number when a definition of that driver is first parsed, and keeps it in
 * that process: compare such a type by name, with
 * mv_domain_virt_type_to_string(def->virt_type). */
typedef enum {
    MV_DOMAIN_VIRT_NONE = 0,
    MV_DOMAIN_VIRT_QEMU = 1,
    MV_DOMAIN_VIRT_KVM = 2,
    MV_DOMAIN_VIRT_LXC = 3,
    MV_DOMAIN_VIRT_TEST = 4,
} mv_domain_virt_type;

/* Parse flags. */
typedef enum {
    /* Ignore runtime-only data (id, live device names) in the input. */
    MV_DOMAIN_PARSE_INACTIVE = 1 << 0,
    /* Skip filling defaults (for tools that want the input as written). */
    MV_DOMAIN_PARSE_NO_DEFAULTS = 1 << 1,
} mv_domain_parse_flags;

/* What a driver tells the parser: its defaults and checks. Pass NULL for
 * generic defaults. Set `size` to sizeof(mv_domain_xmlopt). */
typedef struct mv_domain_xmlopt {
    size_t size;
    /* <domain type> values this driver accepts (NULL-terminated), e.g.
     * {"qemu", "kvm", NULL} or a type of its own, {"toy", NULL}; NULL
     * accepts every type known in the process (the shared ones and those
     * other drivers declared). Others fail with VIR_ERR_CONFIG_UNSUPPORTED:
     * "invalid domain type T" for a type nobody declared, "domain type 'T'
     * is not supported by this driver" for another driver's. A type of its
     * own is 1-32 of [a-z0-9_-]. */
    const char *const *virt_types;
    const char *default_arch;      /* <os><type arch>: NULL = host arch */
    const char *default_machine;   /* <os><type machine>: NULL = none */
    const char *default_emulator;  /* <devices><emulator>: NULL = none */
    /* Not used yet: like libvirt, a domain without <os><type> is refused
     * whatever the driver; kept for drivers that will default it. */
    const char *default_os_type;
    const char *mac_prefix;        /* generated MACs: NULL = "52:54:00" */
    /* Called after parsing and defaults, before validation succeeds: the
     * driver's own defaults and checks. 0, or -1 with an error. */
    int (*post_parse)(mv_domain_def *def, unsigned int flags, void *opaque);
    void *opaque;
#if MV_PLUGIN_ABI_MIN_REQUIRED >= MV_PLUGIN_ABI_1_2
    /* Appended in plugin ABI 1.2. The model (mv_domain_video_type) of a
     * <video> without one, and of the video the core adds for <graphics>,
     * in DEF (its type, os and arch are set); MV_DOMAIN_VIDEO_DEFAULT leaves
     * it unset. Called while the core fills device defaults, so those that
     * depend on the model (vram) follow it. NULL: unset. */
    int (*default_video)(const mv_domain_def *def, void *opaque);
#endif
} mv_domain_xmlopt;

/* Tri-state switches (<feature state='on|off'>, yes/no attributes). */
typedef enum {
    MV_TRISTATE_ABSENT = 0,
    MV_TRISTATE_ON = 1,      /* "on" / "yes" */
    MV_TRISTATE_OFF = 2,     /* "off" / "no" */
} mv_domain_tristate;

/* <on_poweroff>, <on_reboot>, <on_crash>. */
typedef enum {
    MV_DOMAIN_LIFECYCLE_DESTROY = 0,
    MV_DOMAIN_LIFECYCLE_RESTART = 1,
    MV_DOMAIN_LIFECYCLE_RESTART_RENAME = 2,    /* "rename-restart" */
    MV_DOMAIN_LIFECYCLE_PRESERVE = 3,
    MV_DOMAIN_LIFECYCLE_COREDUMP_DESTROY = 4,  /* on_crash only */
    MV_DOMAIN_LIFECYCLE_COREDUMP_RESTART = 5,  /* on_crash only */
} mv_domain_lifecycle_action;

/* <vcpu placement>. */
typedef enum {
    MV_DOMAIN_VCPU_PLACEMENT_STATIC = 0,
    MV_DOMAIN_VCPU_PLACEMENT_AUTO = 1,
} mv_domain_vcpu_placement;

/* <numatune><memory mode>. */
typedef enum {
    MV_DOMAIN_NUMATUNE_STRICT = 0,
    MV_DOMAIN_NUMATUNE_PREFERRED = 1,
    MV_DOMAIN_NUMATUNE_INTERLEAVE = 2,
    MV_DOMAIN_NUMATUNE_RESTRICTIVE = 3,
} mv_domain_numatune_mode;

/* <numatune><memory placement>. */
typedef enum {
    MV_DOMAIN_NUMATUNE_PLACEMENT_DEFAULT = 0,   /* no <numatune><memory> */
    MV_DOMAIN_NUMATUNE_PLACEMENT_STATIC = 1,
    MV_DOMAIN_NUMATUNE_PLACEMENT_AUTO = 2,
} mv_domain_numatune_placement;

/* <os><boot dev>. */
typedef enum {
    MV_DOMAIN_BOOT_FLOPPY = 0,   /* "fd" */
    MV_DOMAIN_BOOT_DISK = 1,     /* "hd" */
    MV_DOMAIN_BOOT_CDROM = 2,
    MV_DOMAIN_BOOT_NET = 3,      /* "network" */
} mv_domain_boot_dev;

/* <os><smbios mode>. */
typedef enum {
    MV_DOMAIN_SMBIOS_NONE = 0,
    MV_DOMAIN_SMBIOS_EMULATE = 1,
    MV_DOMAIN_SMBIOS_HOST = 2,
    MV_DOMAIN_SMBIOS_SYSINFO = 3,
} mv_domain_smbios_mode;

/* <os><initenv name='NAME'>VALUE</initenv>. */
typedef struct mv_domain_os_env {
    char *name;
    char *value;
} mv_domain_os_env;

/* <os>. */
typedef struct mv_domain_os_def {
    char *type;                 /* "hvm", "exe", "xen", ... */
    char *arch;                 /* libvirt arch name: "x86_64", "i686", ... */
    char *machine;              /* NULL when none */
    int *boot_devs;             /* mv_domain_boot_dev, in boot order */
    size_t nboot_devs;
    char *kernel;
    char *initrd;
    char *cmdline;
    char *dtb;
    /* Containers (type "exe"). */
    char *init;
    char **initargs;
    size_t ninitargs;
    mv_domain_os_env **initenv;
    size_t ninitenv;
    char *initdir;
    char *inituser;
    char *initgroup;
    int bootmenu;               /* mv_domain_tristate */
    int bootmenu_timeout;       /* ms; -1 when not given */
    int bios_useserial;         /* mv_domain_tristate */
    int bios_reboot_timeout;    /* ms, -1..65535; -2 when not given */
    int smbios_mode;            /* mv_domain_smbios_mode */
} mv_domain_os_def;

/* <features>: one mv_domain_tristate per feature. Presence-only features
 * (acpi, apic, pae, viridian, privnet) are ON or ABSENT. */
typedef struct mv_domain_features {
    int acpi;
    int apic;
    int pae;
    int hap;
    int viridian;
    int privnet;
    int pvspinlock;
    int pmu;
    int vmport;
    int smm;
    int vmcoreinfo;
    int htm;
    int nested_hv;
    int ccf_assist;
    int apic_eoi;               /* <apic eoi='on|off'> */
} mv_domain_features;

/* <cpu mode>. */
typedef enum {
    MV_DOMAIN_CPU_MODE_CUSTOM = 0,
    MV_DOMAIN_CPU_MODE_HOST_MODEL = 1,
    MV_DOMAIN_CPU_MODE_HOST_PASSTHROUGH = 2,
    MV_DOMAIN_CPU_MODE_MAXIMUM = 3,
} mv_domain_cpu_mode;

/* <cpu match> (0: not given). */
typedef enum {
    MV_DOMAIN_CPU_MATCH_NONE = 0,
    MV_DOMAIN_CPU_MATCH_MINIMUM = 1,
    MV_DOMAIN_CPU_MATCH_EXACT = 2,
    MV_DOMAIN_CPU_MATCH_STRICT = 3,
} mv_domain_cpu_match;

/* <cpu check> (0: not given). */
typedef enum {
    MV_DOMAIN_CPU_CHECK_DEFAULT = 0,
    MV_DOMAIN_CPU_CHECK_NONE = 1,
    MV_DOMAIN_CPU_CHECK_PARTIAL = 2,
    MV_DOMAIN_CPU_CHECK_FULL = 3,
} mv_domain_cpu_check;

/* <cpu><model fallback>. */
typedef enum {
    MV_DOMAIN_CPU_FALLBACK_ALLOW = 0,
    MV_DOMAIN_CPU_FALLBACK_FORBID = 1,
} mv_domain_cpu_fallback;

/* <cpu><feature policy>. */
typedef enum {
    MV_DOMAIN_CPU_FEATURE_FORCE = 0,
    MV_DOMAIN_CPU_FEATURE_REQUIRE = 1,
    MV_DOMAIN_CPU_FEATURE_OPTIONAL = 2,
    MV_DOMAIN_CPU_FEATURE_DISABLE = 3,
    MV_DOMAIN_CPU_FEATURE_FORBID = 4,
} mv_domain_cpu_feature_policy;

typedef struct mv_domain_cpu_feature {
    char *name;
    int policy;                 /* mv_domain_cpu_feature_policy */
} mv_domain_cpu_feature;

/* <cpu>. */
typedef struct mv_domain_cpu_def {
    int mode;                   /* mv_domain_cpu_mode */
    int match;                  /* mv_domain_cpu_match */
    int check;                  /* mv_domain_cpu_check */
    int migratable;             /* mv_domain_tristate */
    char *model;
    int fallback;               /* mv_domain_cpu_fallback */
    char *vendor;
    /* <topology>: all 0 when absent. */
    unsigned int sockets;
    unsigned int dies;
    unsigned int cores;
    unsigned int threads;
    mv_domain_cpu_feature **features;
    size_t nfeatures;
} mv_domain_cpu_def;

/* <clock offset>. */
typedef enum {
    MV_DOMAIN_CLOCK_UTC = 0,
    MV_DOMAIN_CLOCK_LOCALTIME = 1,
    MV_DOMAIN_CLOCK_VARIABLE = 2,
    MV_DOMAIN_CLOCK_TIMEZONE = 3,
    MV_DOMAIN_CLOCK_ABSOLUTE = 4,
} mv_domain_clock_offset;

/* <timer name>. */
typedef enum {
    MV_DOMAIN_TIMER_PLATFORM = 0,
    MV_DOMAIN_TIMER_PIT = 1,
    MV_DOMAIN_TIMER_RTC = 2,
    MV_DOMAIN_TIMER_HPET = 3,
    MV_DOMAIN_TIMER_TSC = 4,
    MV_DOMAIN_TIMER_KVMCLOCK = 5,
    MV_DOMAIN_TIMER_HYPERVCLOCK = 6,
    MV_DOMAIN_TIMER_ARMVTIMER = 7,
} mv_domain_timer_name;

/* <timer>: enum fields are 0 when the attribute is absent, otherwise
 * 1 + the index in libvirt's list (tickpolicy: delay, catchup, merge,
 * discard; track: boot, guest, wall, realtime; mode: auto, native, emulate,
 * paravirt, smpsafe). */
typedef struct mv_domain_timer {
    int name;                   /* mv_domain_timer_name */
    int present;                /* mv_domain_tristate */
    int tickpolicy;
    int track;
    unsigned long long frequency;   /* 0: not given */
    int mode;
} mv_domain_timer;

/* <clock>. */
typedef struct mv_domain_clock_def {
    int offset;                 /* mv_domain_clock_offset */
    int adjustment_reset;       /* utc/localtime with adjustment='reset' */
    long long adjustment;       /* variable: seconds */
    int basis;                  /* variable: 0 utc, 1 localtime */
    char *timezone;             /* timezone */
    unsigned long long start;   /* absolute */
    mv_domain_timer **timers;
    size_t ntimers;
} mv_domain_clock_def;

/* The <memtune> limits libvirt treats as "no limit" (2^53 - 1 KiB): an
 * unset limit holds it, and a limit holding it is not written (since
 * plugin ABI 1.1). */
#define MV_DOMAIN_MEMORY_UNLIMITED 9007199254740991ULL

/* <cputune>: its scalar children (since plugin ABI 1.1). A value of 0 means
 * "not given" and is not written, except for shares, where shares_given
 * tells. Ranges, checked after parsing as libvirt does: shares 0 or
 * [2, 262144]; periods [1000, 1000000] us; quotas negative (no limit) or
 * [1000, 17592186044415] us (after the xmlopt post_parse callback). The
 * pins follow (since 1.2), then iothread_period/iothread_quota (same rules
 * as emulator_*; since 1.2). The I/O threads' pins are in
 * mv_domain_iothread. The other children (vcpusched, cachetune, ...) are
 * not modelled: they are ignored when parsing and not written. */
typedef struct mv_domain_cputune {
    int shares_given;                   /* <shares> present (0 is written) */
    unsigned long long shares;
    unsigned long long period;
    long long quota;
    unsigned long long global_period;
    long long global_quota;
    unsigned long long emulator_period;
    long long emulator_quota;
#if MV_PLUGIN_ABI_MIN_REQUIRED >= MV_PLUGIN_ABI_1_2
    /* Since plugin ABI 1.2 (the core allocates this struct, so it grows at
     * its end): <vcpupin vcpu='N' cpuset='...'/> as vcpupin[N], a
     * canonical cpuset ("0-2,5"), or NULL for a vCPU without one; nvcpupin
     * entries, never more than vcpus_max (libvirt drops the pins of vCPUs
     * the domain does not have). <emulatorpin cpuset> likewise, or NULL.
     * All g_malloc'd: a driver changing a pin replaces the string (and
     * grows the array with g_renew, zeroing the new entries). Written in
     * vCPU order after the scalars, then emulatorpin, as libvirt does. */
    char **vcpupin;
    size_t nvcpupin;
    char *emulatorpin;
    /* Appended in plugin ABI 1.2: <iothread_period>, <iothread_quota>. */
    unsigned long long iothread_period;
    long long iothread_quota;
#endif
} mv_domain_cputune;

/* An I/O thread (since plugin ABI 1.2): <iothreadids><iothread id='N'
 * thread_pool_min thread_pool_max/> and its <cputune><iothreadpin>. ids
 * are at least 1 and distinct. autofill marks the threads libvirt numbers
 * itself to reach the <iothreads> count (the lowest free ids); when every
 * thread is autofilled and none has a pool size, <iothreadids> is not
 * written. cpuset is the pin's canonical cpuset, or NULL (g_malloc'd). */
typedef struct mv_domain_iothread {
    unsigned int id;
    int autofill;               /* 1: numbered by libvirt, 0: given */
    int thread_pool_min;        /* -1: not given */
    int thread_pool_max;        /* -1: not given */
    char *cpuset;
} mv_domain_iothread;

/* A domain's I/O threads (since plugin ABI 1.2), in the order libvirt
 * keeps them: <iothreadids> in document order, then the autofilled ones;
 * a thread added at run time goes at the end. <iothreads> is written as
 * nthreads. default_pool_min/max are <defaultiothread>'s attributes (-1:
 * not given). A driver changing the threads uses g_renew (the core frees
 * the array and each cpuset with g_free). */
typedef struct mv_domain_iothreads {
    mv_domain_iothread *threads;
    size_t nthreads;
    int default_pool_min;
    int default_pool_max;
} mv_domain_iothreads;

/* <memtune> (since plugin ABI 1.1), in KiB. hard_limit, soft_limit and
 * swap_hard_limit are MV_DOMAIN_MEMORY_UNLIMITED when not given (0 is a
 * limit, and is written); min_guarantee is 0 when not given. */
typedef struct mv_domain_memtune {
    unsigned long long hard_limit;
    unsigned long long soft_limit;
    unsigned long long swap_hard_limit;
    unsigned long long min_guarantee;
} mv_domain_memtune;

/* <blkiotune><device> (since plugin ABI 1.2): a host block device's weight
 * and throttles; 0 means "not given" and is not written (a device with
 * nothing given is not written at all). */
typedef struct mv_domain_blkio_device {
    char *path;
    unsigned int weight;
    unsigned int read_iops;
    unsigned int write_iops;
    unsigned long long read_bytes;
    unsigned long long write_bytes;
} mv_domain_blkio_device;

/* <blkiotune> (since plugin ABI 1.2): the guest's block I/O weight (0 when
 * not given) and its devices, in document order, paths distinct. */
typedef struct mv_domain_blkiotune {
    unsigned int weight;
    mv_domain_blkio_device *devices;
    size_t ndevices;
} mv_domain_blkiotune;

/* <idmap><uid start target count/> or <gid .../> (since plugin ABI 1.1). */
typedef struct mv_domain_idmap_entry {
    unsigned int start;                 /* first id in the container */
    unsigned int target;                /* first id on the host */
    unsigned int count;
} mv_domain_idmap_entry;

/* <idmap>: the entries of every <idmap> element, uids and gids each sorted
 * by start as libvirt sorts them. Both empty without <idmap>; otherwise,
 * once parsed, both are non-empty and both map id 0 (libvirt's checks, made
 * after the xmlopt post_parse callback, which may see anything). */
typedef struct mv_domain_idmap {
    mv_domain_idmap_entry **uids;
    size_t nuids;
    mv_domain_idmap_entry **gids;
    size_t ngids;
} mv_domain_idmap;

/* A <domain>. Sub-structures os, features, clock and devices are never NULL
 * after parse, copy or new; cpu is NULL without <cpu>. cputune, memtune and
 * idmap (appended in plugin ABI 1.1) and blkiotune (1.2) are never NULL
 * either. */
struct mv_domain_def {
    int virt_type;              /* mv_domain_virt_type */
    int id;                     /* -1 when inactive */
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
    char *title;
    char *description;
    /* The whole <metadata> element as XML text (only namespaced children,
     * one per namespace, as libvirt keeps them), or NULL. */
    char *metadata;
    unsigned long long memory;          /* KiB */
    unsigned long long current_memory;  /* KiB */
    unsigned long long max_memory;      /* KiB, 0 without <maxMemory> */
    unsigned int max_memory_slots;
    int mem_dump_core;                  /* mv_domain_tristate */
    int vcpu_placement;                 /* mv_domain_vcpu_placement */
    char *vcpu_cpuset;                  /* canonical "0-3,5", or NULL */
    unsigned int vcpus_max;
    unsigned int vcpus_current;
    int numatune_mode;                  /* mv_domain_numatune_mode */
    int numatune_placement;             /* mv_domain_numatune_placement */
    char *numatune_nodeset;             /* canonical, or NULL */
    mv_domain_os_def *os;
    mv_domain_features *features;
    mv_domain_cpu_def *cpu;
    mv_domain_clock_def *clock;
    int on_poweroff;                    /* mv_domain_lifecycle_action */
    int on_reboot;
    int on_crash;
    mv_domain_devices *devices;
#if MV_PLUGIN_ABI_MIN_REQUIRED >= MV_PLUGIN_ABI_1_1
    /* Since plugin ABI 1.1: a 1.0 core's definitions end at devices, and a
     * plugin that targets 1.0 does not see these. */
    mv_domain_cputune *cputune;         /* <cputune> */
    mv_domain_memtune *memtune;         /* <memtune> */
    mv_domain_idmap *idmap;             /* <idmap> */
#endif
#if MV_PLUGIN_ABI_MIN_REQUIRED >= MV_PLUGIN_ABI_1_2
    /* Since plugin ABI 1.2; never NULL. Drivers changing devices use
     * g_renew and g_strdup (the core frees them with g_free). */
    mv_domain_blkiotune *blkiotune;     /* <blkiotune> */
    /* Appended in plugin ABI 1.2; never NULL. */
    mv_domain_iothreads *iothreads;     /* <iothreads>, <iothreadids>, <defaultiothread> */
#endif
};

/* Since plugin ABI 1.2: CPU sets as cpumaps (one bit per host CPU, CPU 0
 * in the lowest bit of the first byte, as virDomainPinVcpu's).
 * mv_domain_cpuset_to_map fills MAP (MAPLEN bytes) from CPUSET in the
 * syntax <vcpu cpuset> takes, dropping CPUs beyond the map: 0, or -1 with
 * libvirt's "Failed to parse bitmap" error. mv_domain_cpuset_from_map is
 * MAP in the canonical form definitions hold (g_malloc'd), NULL when no
 * bit is set. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_domain_cpuset_to_map(const char *cpuset, unsigned char *map, int maplen);
MV_PLUGIN_AVAILABLE_IN_1_2
char *mv_domain_cpuset_from_map(const unsigned char *map, int maplen);
/* Since plugin ABI 1.2: drops the <vcpupin> of every vCPU at or beyond
 * DEF's vcpus_max, as libvirt drops them with the vCPUs; a driver lowering
 * vcpus_max calls it, so that the pins do not come back with the vCPUs. */
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_domain_def_trim_vcpupin(mv_domain_def *def);
/* Since plugin ABI 1.2: DEF's I/O thread ID, or NULL. */
MV_PLUGIN_AVAILABLE_IN_1_2
mv_domain_iothread *mv_domain_iothread_find(const mv_domain_def *def, unsigned int id);
/* Since plugin ABI 1.2: libvirt's checks before I/O thread ID is added to
 * DEF (not there yet) or removed from it (there, and no disk's
 * <driver iothread>): 0, or -1 with libvirt's VIR_ERR_INVALID_ARG under
 * VIR_FROM_DOMAIN. mv_domain_iothread_add appends the thread (no pool
 * sizes, no pin); mv_domain_iothread_del drops it with its pin. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_domain_iothread_can_add(const mv_domain_def *def, unsigned int id);
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_domain_iothread_can_del(const mv_domain_def *def, unsigned int id);
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_domain_iothread_add(mv_domain_def *def, unsigned int id);
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_domain_iothread_del(mv_domain_def *def, unsigned int id);

/* Since plugin ABI 1.2: <blkiotune> as virDomainGet/SetBlkioParameters
 * carry it. FIELD is one of the VIR_DOMAIN_BLKIO_DEVICE_* names.
 * mv_domain_blkiotune_parse_devices reads TEXT ("/path,VALUE,/path,VALUE";
 * "" is none) into *DEVS (g_malloc'd, *NDEVS entries, only FIELD's value
 * set): 0, or -1 with libvirt's VIR_ERR_INVALID_ARG errors under
 * VIR_FROM_DOMAIN. mv_domain_blkiotune_merge puts FIELD's value of each of
 * DEVS into B as libvirt merges them: a path B has gets the value (0
 * included), a new path is added unless its value is 0; the paths are
 * moved from DEVS, which the caller still frees (with its remaining
 * paths). mv_domain_blkiotune_params fills at most MAX of PARAMS (zeroed
 * first) as libvirt answers: weight (uint), then for each FIELD in
 * libvirt's order (device_weight, device_read_iops_sec,
 * device_write_iops_sec, device_read_bytes_sec, device_write_bytes_sec)
 * the "/path,VALUE" of the devices whose value is not 0, comma-separated
 * (a g_malloc'd string, "" for none); it returns how many it filled. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_domain_blkiotune_parse_devices(const char *field, const char *text,
                                      mv_domain_blkio_device **devs, size_t *ndevs);
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_domain_blkiotune_merge(mv_domain_blkiotune *b, const char *field,
                               mv_domain_blkio_device *devs, size_t ndevs);
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_domain_blkiotune_params(const mv_domain_blkiotune *b, virTypedParameterPtr params,
                               int max);

/* Parses a <domain> document. FLAGS: mv_domain_parse_flags. NULL with an
 * error (libvirt's codes and messages) on any failure. */
mv_domain_def *mv_domain_def_parse(const char *xml, const mv_domain_xmlopt *opt,
                                   unsigned int flags);

/* Formats DEF as libvirt does. FLAGS: virDomainXMLFlags
 * (VIR_DOMAIN_XML_INACTIVE omits the id and runtime data). g_malloc'd. */
char *mv_domain_def_format(const mv_domain_def *def, unsigned int flags);

void mv_domain_def_free(mv_domain_def *def);

/* An empty definition: id -1, os/features/clock/devices allocated,
 * lifecycle actions as libvirt's defaults. */
mv_domain_def *mv_domain_def_new(void);

/* Deep copy; NULL with an error on failure. */
mv_domain_def *mv_domain_def_copy(const mv_domain_def *def);

/* 1 when A and B have the same name and uuid, else 0. */
int mv_domain_def_same_identity(const mv_domain_def *a, const mv_domain_def *b);

/* 0 when B can replace A without the guest noticing (same virt type, uuid,
 * name, memory, vCPUs, OS, features, CPU, devices), else -1 with
 * VIR_ERR_CONFIG_UNSUPPORTED saying what changed. */
int mv_domain_def_check_abi_stability(const mv_domain_def *a, const mv_domain_def *b);

/* Enum <-> XML string helpers: NULL / -1 for unknown values. */
const char *mv_domain_virt_type_to_string(int type);
int mv_domain_virt_type_from_string(const char *s);
const char *mv_domain_lifecycle_action_to_string(int action);
int mv_domain_lifecycle_action_from_string(const char *s);
const char *mv_domain_boot_dev_to_string(int dev);
int mv_domain_boot_dev_from_string(const char *s);
const char *mv_domain_cpu_mode_to_string(int mode);
int mv_domain_cpu_mode_from_string(const char *s);
const char *mv_domain_clock_offset_to_string(int offset);
int mv_domain_clock_offset_from_string(const char *s);

/* The <metadata> child in namespace URI, as XML text (g_malloc'd) out of
 * that namespace (as virDomainGetMetadata returns it), or NULL (no error)
 * when there is none. */
char *mv_domain_def_get_metadata(const mv_domain_def *def, const char *uri);

/* Replaces (or with XML NULL removes) the <metadata> child in namespace
 * URI; XML is one element, which is put in URI with prefix KEY, as
 * virDomainSetMetadata does. 0, or -1 with an error. */
int mv_domain_def_set_metadata(mv_domain_def *def, const char *xml, const char *key,
                               const char *uri);

#ifdef __cplusplus
}
#endif

#endif
