/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-agent.h — a client of the QEMU guest agent (qemu-ga)
 * through the unix socket of the domain's org.qemu.guest_agent.0 channel.
 *
 * The socket is connected for each command and closed after it: QEMU
 * serves one client at a time, and every process using the root may
 * need the agent (mvsh next to an application). Each command is preceded
 * by guest-sync-delimited with a fresh id: whatever the agent left in the
 * channel (replies to commands that timed out, a guest restart's noise) is
 * skipped up to the 0xFF it sends and the reply carrying that id. One
 * command runs at a time; callers from several threads wait their turn.
 * Errors are libvirt's (VIR_FROM_QEMU):
 *  - sync not answered in 5 s, or the command not within its timeout:
 *    VIR_ERR_AGENT_UNRESPONSIVE "Guest agent not available for now",
 *  - the socket closed or failed: VIR_ERR_AGENT_UNRESPONSIVE "Guest agent
 *    disappeared while executing command",
 *  - an error reply: VIR_ERR_INTERNAL_ERROR "unable to execute QEMU agent
 *    command 'CMD': DESC".
 */
#ifndef MV_QEMU_AGENT_H
#define MV_QEMU_AGENT_H

#include <glib.h>
#include <json-glib/json-glib.h>

typedef struct mv_qemu_agent mv_qemu_agent;

/* libvirt's timeouts (virDomainAgentResponseTimeoutValues), in seconds
 * otherwise. */
#define MV_QEMU_AGENT_BLOCK (-2)     /* wait for the reply as long as it takes */
#define MV_QEMU_AGENT_DEFAULT (-1)   /* the driver's default: BLOCK */
#define MV_QEMU_AGENT_NOWAIT 0       /* a reply already there, or none */

/* An agent on the socket PATH (not connected yet); one reference. */
mv_qemu_agent *mv_qemu_agent_new(const char *path);
mv_qemu_agent *mv_qemu_agent_ref(mv_qemu_agent *ag);
void mv_qemu_agent_unref(mv_qemu_agent *ag);
/* Closes the socket: a command waiting fails as "disappeared". */
void mv_qemu_agent_close(mv_qemu_agent *ag);

/* Runs CMD with ARGS (NULL or an object; not taken) and returns its
 * "return" member (json_node_unref it), or NULL with an error. */
JsonNode *mv_qemu_agent_command(mv_qemu_agent *ag, const char *cmd, JsonObject *args,
                                int timeout);

/* virDomainQemuAgentCommand: CMD is a whole JSON command as the user wrote
 * it; the reply is returned as text ({"return": ...}), or NULL with an
 * error (VIR_ERR_INTERNAL_ERROR for a command that is not a JSON object
 * with "execute"). */
char *mv_qemu_agent_command_text(mv_qemu_agent *ag, const char *cmd, int timeout);

#endif
