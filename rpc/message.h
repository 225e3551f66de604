/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rpc/message.h — libvirt's RPC message framing, shared by the daemon and
 * the remote plugin.
 *
 * A message is a 4-byte big-endian length (counting itself), a 24-byte
 * header (program, version, procedure, type, serial, status, each a 4-byte
 * XDR unit) and a body whose layout the program and procedure decide: the
 * call's arguments, the reply's result, an error (status ERROR), an event,
 * or a chunk of stream data.
 */
#ifndef MV_RPC_MESSAGE_H
#define MV_RPC_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "xdr.h"

/* Programs. */
#define MV_RPC_REMOTE_PROGRAM        0x20008086u
#define MV_RPC_REMOTE_VERSION        1u
/* libvirt-qemu's program (qemu_protocol.x): one procedure served. */
#define MV_RPC_QEMU_PROGRAM          0x20008087u
#define MV_RPC_QEMU_VERSION          1u
#define MV_RPC_QEMU_PROC_DOMAIN_AGENT_COMMAND 3
#define MV_RPC_KEEPALIVE_PROGRAM     0x6b656570u
#define MV_RPC_KEEPALIVE_VERSION     1u
#define MV_RPC_KEEPALIVE_PING        1
#define MV_RPC_KEEPALIVE_PONG        2

/* Sizes: libvirt's limits. */
#define MV_RPC_LEN_SIZE              4u
#define MV_RPC_HEADER_SIZE           24u
#define MV_RPC_MESSAGE_MAX           33554432u   /* whole message, length included */
#define MV_RPC_MESSAGE_INITIAL       65536u
#define MV_RPC_PAYLOAD_MAX           (MV_RPC_MESSAGE_MAX - MV_RPC_HEADER_SIZE - MV_RPC_LEN_SIZE)
/* Stream data is sent in chunks of at most this many bytes. */
#define MV_RPC_STREAM_CHUNK          262120u

typedef enum {
    MV_RPC_CALL = 0,
    MV_RPC_REPLY = 1,
    MV_RPC_MESSAGE = 2,          /* unasked: events, keepalive */
    MV_RPC_STREAM = 3,
    MV_RPC_CALL_WITH_FDS = 4,
    MV_RPC_REPLY_WITH_FDS = 5,
    MV_RPC_STREAM_HOLE = 6,
} mv_rpc_type;

typedef enum {
    MV_RPC_OK = 0,
    MV_RPC_ERROR = 1,
    MV_RPC_CONTINUE = 2,         /* stream data follows */
} mv_rpc_status;

typedef struct mv_rpc_header {
    uint32_t prog;
    uint32_t vers;
    int32_t proc;
    int32_t type;
    uint32_t serial;
    int32_t status;
} mv_rpc_header;

/* A stream hole: LENGTH bytes of zeroes not sent (STREAM_HOLE body). */
typedef struct mv_rpc_stream_hole {
    int64_t length;
    uint32_t flags;
} mv_rpc_stream_hole;

bool mv_rpc_header_xdr(mv_xdr *x, mv_rpc_header *h);
bool mv_rpc_stream_hole_xdr(mv_xdr *x, void *p);

/* Starts an encoder for one message: reserves the length word and writes
 * HDR. Finish it with mv_rpc_message_finish. */
bool mv_rpc_message_begin(mv_xdr *x, const mv_rpc_header *hdr);
/* Writes the length word; false when the message is over the limit. */
bool mv_rpc_message_finish(mv_xdr *x);

/* Reads the length word at BUF (4 bytes): the message's total length, or 0
 * when it is shorter than a header or longer than MV_RPC_MESSAGE_MAX. */
uint32_t mv_rpc_message_length(const uint8_t *buf);

/* Decodes the header of a whole message BUF of LEN bytes (length word
 * included) and leaves X positioned on its body. */
bool mv_rpc_message_open(mv_xdr *x, const uint8_t *buf, size_t len, mv_rpc_header *hdr);

#endif
