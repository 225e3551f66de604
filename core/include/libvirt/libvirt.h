/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt public API — libvirt.h — the one header applications include.
 * The family headers below refuse direct inclusion, as libvirt's do. */
#ifndef LIBVIRT_H
#define LIBVIRT_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define __VIR_LIBVIRT_H_INCLUDES__
#include <libvirt/libvirt-common.h>
#include <libvirt/libvirt-host.h>
#include <libvirt/libvirt-domain.h>
#include <libvirt/libvirt-event.h>
#include <libvirt/libvirt-interface.h>
#include <libvirt/libvirt-network.h>
#include <libvirt/libvirt-storage.h>
#include <libvirt/libvirt-stream.h>
#undef __VIR_LIBVIRT_H_INCLUDES__

#ifdef __cplusplus
}
#endif

#endif /* LIBVIRT_H */
