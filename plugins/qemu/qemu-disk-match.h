/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-disk-match.h — the <disk> a guest agent disk address
 * names, matched as libvirt matches them (qemu-disk-match.c); pure, so the
 * tests link it with the command line builder. */
#ifndef MV_QEMU_DISK_MATCH_H
#define MV_QEMU_DISK_MATCH_H

#include <json-glib/json-glib.h>
#include <modvirt-plugin/conf-domain.h>
#include <modvirt-plugin/conf-domain-devices.h>

typedef struct mv_qemu_disk_match mv_qemu_disk_match;

/* What DEF's disks and controllers are at which PCI address, from ARGV,
 * the command line DEF's QEMU was started with. */
mv_qemu_disk_match *mv_qemu_disk_match_build(const mv_domain_def *def, char *const *argv);
/* The target (<target dev>) of the disk the agent's disk address ADDR (a
 * guest-get-fsinfo "disk" element, a guest-get-disks "address") names, or
 * NULL when none does. */
const char *mv_qemu_disk_match_find(const mv_qemu_disk_match *m, JsonObject *addr);
void mv_qemu_disk_match_free(mv_qemu_disk_match *m);

#endif
