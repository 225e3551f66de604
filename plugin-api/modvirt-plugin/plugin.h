/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/plugin.h — everything a modvirt driver plugin may use.
 *
 * Include this one header. Build the module with -fvisibility=hidden and the
 * version script from pkg-config (variable plugin_version_script) so that it
 * exports only modvirt_plugin_entry. See docs/plugin-guide.md.
 */
#ifndef MODVIRT_PLUGIN_H
#define MODVIRT_PLUGIN_H

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "abi.h"
#include "uri.h"
#include "error.h"
#include "log.h"
#include "paths.h"
#include "process.h"
#include "driver-state.h"
#include "object-list.h"
#include "drivers.h"
#include "objects.h"
#include "events.h"
#include "xml.h"
#include "streams.h"
#include "typed-params.h"
#include "uuid.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Registration, only valid inside the plugin's init. Each returns 0, or -1
 * with an error (a table larger than the core knows, with unknown slots set;
 * a scheme another plugin already serves; a call outside init). */
int mv_plugin_register_connect(mv_plugin_ctx *ctx, const mv_connect_driver *drv);

/* Host-wide drivers, offered to every local connection whose connect driver
 * sets host_services (drivers.h) and has no table of that kind. Their
 * connectOpen may still decline; the first to accept serves it. */
int mv_plugin_register_shared_network(mv_plugin_ctx *ctx, const mv_network_driver *drv);
int mv_plugin_register_shared_storage(mv_plugin_ctx *ctx, const mv_storage_driver *drv);
int mv_plugin_register_shared_interface(mv_plugin_ctx *ctx, const mv_interface_driver *drv);

/* The name from the descriptor of the plugin being initialized. */
const char *mv_plugin_ctx_name(const mv_plugin_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif
