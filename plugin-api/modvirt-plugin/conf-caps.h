/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/conf-caps.h — the capabilities document
 * (virConnectGetCapabilities): what the host has and which guests a driver
 * can run. Drivers build it with the functions below and format it; there
 * is no parser.
 *
 * The core allocates every struct; plugins read and modify fields, never
 * allocate or embed one. Fields are only appended. Strings are g_malloc'd.
 */
#ifndef MODVIRT_PLUGIN_CONF_CAPS_H
#define MODVIRT_PLUGIN_CONF_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <libvirt/libvirt.h>

#ifdef __cplusplus
extern "C" {
#endif

/* <cpu id socket_id die_id core_id siblings/> in a NUMA cell. socket_id < 0:
 * only the id is printed. */
typedef struct mv_caps_cpu {
    unsigned int id;
    int socket_id;
    int die_id;
    int core_id;
    char *siblings;                /* cpuset, e.g. "0,4"; NULL: the id */
} mv_caps_cpu;

/* <pages unit='KiB' size='S'>COUNT</pages> of a cell. */
typedef struct mv_caps_pages {
    unsigned int size_kib;
    unsigned long long count;
} mv_caps_pages;

/* <sibling id value/> in a cell's <distances>. */
typedef struct mv_caps_distance {
    unsigned int cell_id;
    unsigned int value;
} mv_caps_distance;

typedef struct mv_caps_cell {
    unsigned int id;
    unsigned long long memory_kib; /* 0: no <memory> */
    mv_caps_cpu **cpus;
    size_t ncpus;
    mv_caps_pages **pages;
    size_t npages;
    mv_caps_distance **distances;
    size_t ndistances;
} mv_caps_cell;

typedef struct mv_caps_secmodel {
    char *model;
    char *doi;
    char **baselabel_types;        /* parallel to baselabels */
    char **baselabels;
    size_t nbaselabels;
} mv_caps_secmodel;

typedef struct mv_caps_host {
    unsigned char uuid[VIR_UUID_BUFLEN];
    bool has_uuid;
    char *arch;
    char **features;               /* <features><pae/>...: pae, nonpae, vmx, svm */
    size_t nfeatures;
    char *cpu_model;
    char *cpu_vendor;
    unsigned int sockets, dies, cores, threads;   /* sockets 0: no <topology> */
    char **cpu_features;           /* <feature name='...'/> */
    size_t ncpu_features;
    unsigned int *page_sizes_kib;  /* <pages unit='KiB' size='...'/> */
    size_t npage_sizes;
    bool pm_suspend_mem, pm_suspend_disk, pm_suspend_hybrid;
    bool iommu;
    bool migration;                /* <migration_features> is printed */
    bool migration_live;
    char **migration_transports;
    size_t nmigration_transports;
    mv_caps_cell **cells;
    size_t ncells;
    mv_caps_secmodel **secmodels;
    size_t nsecmodels;
} mv_caps_host;

/* <machine canonical maxCpus>NAME</machine>; max_cpus 0: not printed. */
typedef struct mv_caps_machine {
    char *name;
    char *canonical;
    unsigned int max_cpus;
} mv_caps_machine;

/* <domain type='...'> of a guest arch, with its own emulator/machines. */
typedef struct mv_caps_guest_domain {
    char *type;
    char *emulator;
    mv_caps_machine **machines;
    size_t nmachines;
} mv_caps_guest_domain;

/* A guest <features> entry: <NAME/>, or with toggle info
 * <NAME default='on|off' toggle='yes|no'/>. */
typedef struct mv_caps_guest_feature {
    char *name;
    bool has_toggle;
    bool default_on;
    bool toggle;
} mv_caps_guest_feature;

typedef struct mv_caps_guest {
    char *os_type;                 /* hvm, exe, xen */
    char *arch;
    int wordsize;
    char *emulator;
    char *loader;
    mv_caps_machine **machines;
    size_t nmachines;
    mv_caps_guest_domain **domains;
    size_t ndomains;
    mv_caps_guest_feature **features;
    size_t nfeatures;
} mv_caps_guest;

typedef struct mv_caps {
    mv_caps_host *host;
    mv_caps_guest **guests;
    size_t nguests;
} mv_caps;

/* A document for a host of HOST_ARCH (NULL: the build machine's). */
mv_caps *mv_caps_new(const char *host_arch);
void mv_caps_free(mv_caps *caps);
/* The document as libvirt prints it. */
char *mv_caps_format(const mv_caps *caps);

/* Host. */
void mv_caps_set_host_uuid(mv_caps *caps, const unsigned char *uuid);
void mv_caps_set_host_cpu(mv_caps *caps, const char *model, const char *vendor,
                          unsigned int sockets, unsigned int dies, unsigned int cores,
                          unsigned int threads);
void mv_caps_add_host_feature(mv_caps *caps, const char *name);
void mv_caps_add_host_cpu_feature(mv_caps *caps, const char *name);
void mv_caps_add_host_page_size(mv_caps *caps, unsigned int size_kib);
void mv_caps_set_power_management(mv_caps *caps, bool suspend_mem, bool suspend_disk,
                                  bool suspend_hybrid);
void mv_caps_set_migration(mv_caps *caps, bool live);
void mv_caps_add_migration_transport(mv_caps *caps, const char *transport);
mv_caps_cell *mv_caps_add_cell(mv_caps *caps, unsigned int id, unsigned long long memory_kib);
mv_caps_cpu *mv_caps_cell_add_cpu(mv_caps_cell *cell, unsigned int id, int socket_id,
                                  int die_id, int core_id, const char *siblings);
void mv_caps_cell_add_pages(mv_caps_cell *cell, unsigned int size_kib, unsigned long long count);
void mv_caps_cell_add_distance(mv_caps_cell *cell, unsigned int cell_id, unsigned int value);
mv_caps_secmodel *mv_caps_add_secmodel(mv_caps *caps, const char *model, const char *doi);
void mv_caps_secmodel_add_baselabel(mv_caps_secmodel *sm, const char *type, const char *label);

/* Guests. */
mv_caps_guest *mv_caps_add_guest(mv_caps *caps, const char *os_type, const char *arch,
                                 int wordsize, const char *emulator);
mv_caps_machine *mv_caps_guest_add_machine(mv_caps_guest *guest, const char *name,
                                           const char *canonical, unsigned int max_cpus);
mv_caps_guest_domain *mv_caps_guest_add_domain(mv_caps_guest *guest, const char *type,
                                               const char *emulator);
mv_caps_machine *mv_caps_guest_domain_add_machine(mv_caps_guest_domain *dom, const char *name,
                                                  const char *canonical, unsigned int max_cpus);
void mv_caps_guest_add_feature(mv_caps_guest *guest, const char *name, bool has_toggle,
                               bool default_on, bool toggle);
/* The guest for OS_TYPE/ARCH that has domain type VIRT_TYPE (NULL: any),
 * or NULL. */
const mv_caps_guest *mv_caps_find_guest(const mv_caps *caps, const char *os_type,
                                        const char *arch, const char *virt_type);

#ifdef __cplusplus
}
#endif

#endif
