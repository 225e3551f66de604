/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/domain-internal.h — what the domain-*.c files share:
 * string tables for the enums of conf-domain.h and the per-section
 * parse/format entry points (typed attributes are read with xml-prop.h).
 * Core-private. */
#ifndef MV_CONF_DOMAIN_INTERNAL_H
#define MV_CONF_DOMAIN_INTERNAL_H

#include "core/conf/domain/devices.h"
#include "core/conf/xml.h"
#include "core/conf/xml-prop.h"
#include <modvirt-plugin/conf-domain.h>

/* A NULL-terminated table of XML strings, indexed by enum value. */
typedef const char *const mv_conf_enum_table[];

int mv_conf_enum_from(const char *const *table, const char *s);
const char *mv_conf_enum_to(const char *const *table, int v);

extern const char *const mv_conf_domain_lifecycle_names[];
extern const char *const mv_conf_domain_placement_names[];
extern const char *const mv_conf_domain_numatune_mode_names[];
extern const char *const mv_conf_domain_numatune_placement_names[];
extern const char *const mv_conf_domain_boot_names[];
extern const char *const mv_conf_domain_smbios_names[];
extern const char *const mv_conf_domain_cpu_mode_names[];
extern const char *const mv_conf_domain_cpu_match_names[];
extern const char *const mv_conf_domain_cpu_check_names[];
extern const char *const mv_conf_domain_cpu_fallback_names[];
extern const char *const mv_conf_domain_cpu_policy_names[];
extern const char *const mv_conf_domain_clock_names[];
extern const char *const mv_conf_domain_clock_basis_names[];
extern const char *const mv_conf_domain_timer_names[];
extern const char *const mv_conf_domain_tickpolicy_names[];  /* "" first */
extern const char *const mv_conf_domain_track_names[];       /* "" first */
extern const char *const mv_conf_domain_timer_mode_names[];  /* "" first */

/* The number of <domain type> NAME, which a driver declared in its
 * xmlopt: given one at first use. -1 with an error for a bad name. */
int mv_conf_domain_virt_type_declare(const char *name);

/* libvirt's known architectures ("i686", "x86_64", ...) and the host's. */
bool mv_conf_domain_arch_known(const char *arch);
const char *mv_conf_domain_host_arch(void);

/* Bitmaps as libvirt reads and writes them ("0-3,^2,8"): BITS is the
 * number of valid positions. Canonical text, or NULL with an error;
 * *ALL_SET tells whether every position is set. */
char *mv_conf_domain_bitmap_canon(const char *text, unsigned int bits, bool *all_set,
                                  bool *empty);

/* Sections of the parser (domain-parse-*.c): 0, or -1 with an error. */
int mv_conf_domain_parse_os(mv_domain_def *def, xmlNodePtr os);
int mv_conf_domain_parse_features(mv_domain_def *def, xmlNodePtr features);
int mv_conf_domain_parse_cpu(mv_domain_def *def, xmlNodePtr cpu);
int mv_conf_domain_parse_clock(mv_domain_def *def, xmlNodePtr clock);
int mv_conf_domain_parse_resources(mv_domain_def *def, xmlNodePtr root);
/* domain-parse-tune.c: <memtune>, <cputune>, <idmap> under ROOT, and their
 * checks (run after the driver's post-parse, as libvirt validates). */
int mv_conf_domain_parse_memtune(mv_domain_def *def, xmlNodePtr root);
int mv_conf_domain_parse_cputune(mv_domain_def *def, xmlNodePtr root);
int mv_conf_domain_parse_idmap(mv_domain_def *def, xmlNodePtr root);
int mv_conf_domain_validate_tune(const mv_domain_def *def);
/* domain-iothreads.c: <iothreads>, <iothreadids>, <defaultiothread> under
 * ROOT (read before <cputune>, whose pins name them), their pool sizes
 * checked, written, allocated and released. */
int mv_conf_domain_parse_iothreads(mv_domain_def *def, xmlNodePtr root);
int mv_conf_domain_validate_iothreads(const mv_domain_def *def);
void mv_conf_domain_format_iothreads(mv_xml_writer *w, const mv_domain_iothreads *t);
mv_domain_iothreads *mv_conf_domain_iothreads_new(void);
void mv_conf_domain_iothreads_free(mv_domain_iothreads *t);
/* domain-blkiotune.c: <blkiotune> under ROOT, written, released. */
int mv_conf_domain_parse_blkiotune(mv_domain_def *def, xmlNodePtr root);
void mv_conf_domain_format_blkiotune(mv_xml_writer *w, const mv_domain_blkiotune *b);
void mv_conf_domain_blkiotune_free(mv_domain_blkiotune *b);
/* domain-blkiotune-params.c: a device's value of FIELD (one of the
 * VIR_DOMAIN_BLKIO_DEVICE_* names), read and written. */
unsigned long long mv_conf_blkio_device_value(const mv_domain_blkio_device *d, const char *field);
void mv_conf_blkio_device_set_value(mv_domain_blkio_device *d, const char *field,
                                    unsigned long long v);
/* Sanitized copy of <metadata> (see domain-metadata.c), or NULL on error. */
char *mv_conf_domain_metadata_from_node(xmlNodePtr metadata);
void mv_conf_domain_metadata_format(mv_xml_writer *w, const char *metadata);

/* Defaults and cross-field checks once everything is parsed. PER_DEVICE_BOOT
 * tells whether some device carries a <boot order>. */
int mv_conf_domain_post_parse(mv_domain_def *def, const mv_domain_parse_ctx *ctx,
                              bool per_device_boot);

/* Sections of the formatter (domain-format-*.c). */
void mv_conf_domain_format_os(mv_xml_writer *w, const mv_domain_os_def *os);
void mv_conf_domain_format_features(mv_xml_writer *w, const mv_domain_features *f);
void mv_conf_domain_format_cpu(mv_xml_writer *w, const mv_domain_cpu_def *cpu);
void mv_conf_domain_format_clock(mv_xml_writer *w, const mv_domain_clock_def *clock);
void mv_conf_domain_format_memtune(mv_xml_writer *w, const mv_domain_memtune *m);
void mv_conf_domain_format_cputune(mv_xml_writer *w, const mv_domain_cputune *c,
                                   const mv_domain_iothreads *t,
                                   unsigned int vcpus_max);
void mv_conf_domain_cputune_free(mv_domain_cputune *c);
void mv_conf_domain_format_idmap(mv_xml_writer *w, const mv_domain_idmap *im);

/* Allocation and release of the sub-structures. */
mv_domain_os_def *mv_conf_domain_os_new(void);
mv_domain_clock_def *mv_conf_domain_clock_new(void);
void mv_conf_domain_os_free(mv_domain_os_def *os);
void mv_conf_domain_cpu_free(mv_domain_cpu_def *cpu);
void mv_conf_domain_clock_free(mv_domain_clock_def *clock);
mv_domain_memtune *mv_conf_domain_memtune_new(void);   /* limits unset */
void mv_conf_domain_idmap_free(mv_domain_idmap *im);

/* Feature table for parse, format and ABI checks. */
typedef enum {
    MV_CONF_FEATURE_PRESENCE,        /* <acpi/>: on when present */
    MV_CONF_FEATURE_STATE_OPTIONAL,  /* <hap/> or <hap state='off'/> */
    MV_CONF_FEATURE_STATE_REQUIRED,  /* <htm state='on'/> */
} mv_conf_feature_kind;

typedef struct mv_conf_feature_info {
    const char *name;
    mv_conf_feature_kind kind;
    size_t offset;                   /* in mv_domain_features */
} mv_conf_feature_info;

extern const mv_conf_feature_info mv_conf_domain_feature_table[];
extern const size_t mv_conf_domain_nfeatures;

#endif
