/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/units.h — sizes with units (memory, capacity) as libvirt reads
 * and writes them: b/bytes, KB/K/KiB, MB/M/MiB, ... up to EB/E/EiB, where
 * the "B" forms are powers of 1000 and the others powers of 1024. */
#ifndef MV_CONF_UNITS_H
#define MV_CONF_UNITS_H

/* Scales VALUE (decimal text) by UNIT (NULL or "": DEFAULT_SCALE bytes per
 * unit) into bytes, then divides by DIVISOR (1 for bytes, 1024 for KiB),
 * rounding up, and refuses results over MAX. 0, or -1 with libvirt's errors:
 * VIR_ERR_XML_ERROR naming ELEMENT (e.g. "./memory[1]") for a value that is
 * not a number, VIR_ERR_INVALID_ARG for an unknown unit, VIR_ERR_OVERFLOW. */
int mv_units_parse(const char *value, const char *unit, unsigned long long default_scale,
                   unsigned long long divisor, unsigned long long max,
                   const char *element, unsigned long long *out);

#endif
