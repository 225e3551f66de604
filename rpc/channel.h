/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rpc/channel.h — a byte channel between the RPC framing and a socket: a
 * security layer (TLS, a SASL layer) that encodes what is sent and decodes
 * what is received. The daemon and the remote plugin read and write
 * through a channel when one is set on a connection; a plain socket has
 * none and keeps its direct recv()/send() calls.
 *
 * One thread may receive while another sends on the same channel (GnuTLS
 * allows that on a session, as does a SASL layer with separate buffers);
 * two receivers or two senders at once are not allowed.
 *
 * Readiness: a layer may hold input it already decoded (a TLS record read
 * whole, of which the caller took part). The socket will not announce it:
 * a reader driven by edge-triggered readiness must call pending() before it
 * stops reading, and read again while it is non-zero.
 */
#ifndef MV_RPC_CHANNEL_H
#define MV_RPC_CHANNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct mv_channel mv_channel;

typedef struct mv_channel_ops {
    /* Reads up to LEN decoded bytes into BUF. Returns the count (> 0), 0 at
     * the end of the stream, or -1 with errno set (EAGAIN: nothing now, when
     * BLOCK is false). */
    ssize_t (*recv)(mv_channel *ch, void *buf, size_t len, bool block);
    /* Sends up to LEN bytes of BUF. Returns how many were taken (at least
     * one), or -1 with errno set (EAGAIN: the socket has no room, when
     * BLOCK is false). After EAGAIN the layer may hold an encoded part of
     * BUF: the caller calls again with the same bytes from the same place
     * (keeping unsent data where it is, as a queue does), and nothing
     * else in between. */
    ssize_t (*send)(mv_channel *ch, const void *buf, size_t len, bool block);
    /* Decoded bytes held inside the layer, which a read returns without
     * touching the socket. */
    size_t (*pending)(mv_channel *ch);
    /* Frees the layer (not the socket). */
    void (*free)(mv_channel *ch);
} mv_channel_ops;

/* A channel: its ops and its socket. A layer embeds this as its first
 * member. */
struct mv_channel {
    const mv_channel_ops *ops;
    int fd;
};

static inline ssize_t mv_channel_recv(mv_channel *ch, void *buf, size_t len, bool block)
{
    return ch->ops->recv(ch, buf, len, block);
}

static inline ssize_t mv_channel_send(mv_channel *ch, const void *buf, size_t len, bool block)
{
    return ch->ops->send(ch, buf, len, block);
}

static inline size_t mv_channel_pending(mv_channel *ch)
{
    return ch->ops->pending ? ch->ops->pending(ch) : 0;
}

static inline void mv_channel_free(mv_channel *ch)
{
    if (ch)
        ch->ops->free(ch);
}

#endif
