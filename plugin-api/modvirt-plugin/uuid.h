/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/uuid.h — UUIDs in libvirt's text form, for drivers that
 * name objects in messages or files (handles have virDomainGetUUIDString and
 * friends; definitions carry raw bytes). */
#ifndef MODVIRT_PLUGIN_UUID_H
#define MODVIRT_PLUGIN_UUID_H

#include <libvirt/libvirt.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Parses "xxxxxxxx-xxxx-..." (dashes optional between bytes, hex either
 * case, surrounding spaces allowed, as libvirt accepts). 0, or -1 (no error
 * reported) on bad input. */
int mv_uuid_parse(const char *str, unsigned char *uuid);
/* Writes the canonical lower-case form into BUF[VIR_UUID_STRING_BUFLEN]. */
void mv_uuid_format(const unsigned char *uuid, char *buf);
/* A random (version 4) UUID. */
void mv_uuid_generate(unsigned char *uuid);

#ifdef __cplusplus
}
#endif

#endif
