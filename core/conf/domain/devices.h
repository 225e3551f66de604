/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/devices.h — the contract between the domain definition
 * (domain-*.c: everything outside <devices>) and the device code
 * (devices-*.c). Core-private.
 *
 * The domain parser calls mv_domain_devices_parse on the <devices> element
 * (NULL when absent: an empty list), then, unless the caller asked for no
 * defaults, mv_domain_devices_post_parse once the general parts (arch, os
 * type, virt type) are known. The formatter calls mv_domain_devices_format
 * at the indentation of <devices>.
 */
#ifndef MV_CONF_DOMAIN_DEVICES_H
#define MV_CONF_DOMAIN_DEVICES_H

#include "core/conf/xml.h"
#include <modvirt-plugin/conf-domain.h>

typedef struct mv_domain_parse_ctx {
    const mv_domain_xmlopt *opt;   /* never NULL: defaults filled in */
    unsigned int flags;            /* mv_domain_parse_flags */
    const char *arch;              /* resolved <os><type arch> */
    const char *os_type;           /* "hvm", "exe", ... */
    const mv_domain_def *def;      /* the definition being parsed */
} mv_domain_parse_ctx;

/* Parses <devices> (NULL: none). NULL with an error (VIR_FROM_DOMAIN). */
mv_domain_devices *mv_domain_devices_parse(xmlNodePtr devices, const mv_domain_parse_ctx *ctx);

/* Fills device defaults as libvirt does (MACs from ctx->opt->mac_prefix,
 * disk bus from the target name, the emulator from the xmlopt, ...) and
 * checks cross-device rules (duplicate disk targets, ...). 0 or -1. */
int mv_domain_devices_post_parse(mv_domain_def *def, const mv_domain_parse_ctx *ctx);

/* Writes "<devices>...</devices>" at W's indentation; FLAGS are
 * virDomainXMLFlags (VIR_DOMAIN_XML_INACTIVE omits runtime data). Writes
 * nothing when there are no devices and libvirt would write none. */
void mv_domain_devices_format(mv_xml_writer *w, const mv_domain_def *def, unsigned int flags);

void mv_domain_devices_free(mv_domain_devices *devs);


/* ABI stability as libvirt checks it across a live update or migration:
 * same number, kind and guest-visible identity (target, bus, model, MAC,
 * address) of devices. 0 if stable, else -1 with VIR_ERR_CONFIG_UNSUPPORTED
 * saying what changed. */
int mv_domain_devices_check_abi(const mv_domain_devices *a, const mv_domain_devices *b);

#endif
