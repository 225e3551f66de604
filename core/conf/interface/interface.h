/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/interface/interface.h — the pieces of the host <interface>
 * definition (core-private): interface-parse.c reads the element tree and
 * calls the <protocol> code here; interface-format.c writes it back.
 */
#ifndef MV_CONF_INTERFACE_H
#define MV_CONF_INTERFACE_H

#include "core/conf/xml.h"
#include "core/conf/network/network.h"
#include <modvirt-plugin/conf-interface.h>

/* One <protocol family> element. NULL with an error. */
mv_interface_protocol *mv_conf_interface_protocol_parse(xmlNodePtr node, const char *ifname);
void mv_conf_interface_protocol_format(mv_xml_writer *w, const mv_interface_protocol *p);
void mv_conf_interface_protocol_free(mv_interface_protocol *p);

/* <link state> names, indexed by mv_interface_link_state. */
extern const char *const mv_conf_interface_link_states[9];

/* Reports VIR_FROM_INTERFACE / VIR_ERR_XML_ERROR; evaluates to -1. */
#define mv_conf_interface_fail(...) \
    mv_conf_network_fail(VIR_FROM_INTERFACE, VIR_ERR_XML_ERROR, __VA_ARGS__)

#endif
