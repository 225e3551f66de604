/* core/util/uuid.h — UUIDs as libvirt reads and writes them. */
#ifndef MV_UUID_H
#define MV_UUID_H

#include <libvirt/libvirt.h>

/* Parses "xxxxxxxx-xxxx-..." (dashes optional between bytes, hex either case,
 * surrounding spaces allowed, as libvirt accepts). 0, or -1 on bad input. */
int mv_uuid_parse(const char *str, unsigned char *uuid);
/* Writes the canonical lower-case form into BUF[VIR_UUID_STRING_BUFLEN]. */
void mv_uuid_format(const unsigned char *uuid, char *buf);
/* A random (version 4) UUID. */
void mv_uuid_generate(unsigned char *uuid);

#endif
