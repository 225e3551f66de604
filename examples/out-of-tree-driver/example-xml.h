/* example-xml.h — the example driver's domain definition, its deliberately
 * tiny XML reader and writer, and UUID helpers.
 *
 * The reader understands <name>, <uuid>, <memory> and <vcpu> and nothing
 * else; it is enough to show how a driver turns XML into errors and state.
 * A real driver parses with a real XML parser.
 */
#ifndef EXAMPLE_XML_H
#define EXAMPLE_XML_H

#include <libvirt/libvirt.h>

/* libvirt has no error domain for a third-party driver. */
#define EX_ERR_DOMAIN VIR_FROM_NONE

#define EX_NAME_MAX 255
#define EX_VCPUS_MAX 64

typedef struct ex_def {
    char name[EX_NAME_MAX + 1];
    unsigned char uuid[VIR_UUID_BUFLEN];
    unsigned long long memory;   /* KiB */
    unsigned int vcpus;
} ex_def;

/* Fills DEF from XML. A missing <uuid> gets a random one. Returns 0, or -1
 * with VIR_ERR_XML_ERROR reported and DEF unspecified. */
int ex_def_parse(const char *xml, ex_def *def);

/* DEF as a malloc'd XML document; ID > 0 adds the running domain's id.
 * NULL with an error reported. */
char *ex_def_format(const ex_def *def, int id);

/* OUT must hold VIR_UUID_STRING_BUFLEN bytes. */
void ex_uuid_format(const unsigned char *uuid, char *out);

/* Accepts 32 hex digits, optionally with the usual dashes. 0 or -1. */
int ex_uuid_parse(const char *str, size_t len, unsigned char *uuid);

/* A random (version 4) UUID. 0, or -1 with an error reported. */
int ex_uuid_generate(unsigned char *uuid);

#endif
