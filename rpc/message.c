/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rpc/message.c — message framing: the length word and the header. */
#include "message.h"

bool mv_rpc_header_xdr(mv_xdr *x, mv_rpc_header *h)
{
    return mv_xdr_uint(x, &h->prog) && mv_xdr_uint(x, &h->vers) && mv_xdr_int(x, &h->proc)
        && mv_xdr_int(x, &h->type) && mv_xdr_uint(x, &h->serial) && mv_xdr_int(x, &h->status);
}

bool mv_rpc_stream_hole_xdr(mv_xdr *x, void *p)
{
    mv_rpc_stream_hole *h = p;
    return mv_xdr_hyper(x, &h->length) && mv_xdr_uint(x, &h->flags);
}

bool mv_rpc_message_begin(mv_xdr *x, const mv_rpc_header *hdr)
{
    mv_rpc_header h = *hdr;
    mv_xdr_init_encode(x, MV_RPC_MESSAGE_MAX);
    return mv_xdr_reserve(x, MV_RPC_LEN_SIZE) != NULL && mv_rpc_header_xdr(x, &h);
}

bool mv_rpc_message_finish(mv_xdr *x)
{
    if (x->failed || x->len > MV_RPC_MESSAGE_MAX)
        return false;
    uint32_t n = (uint32_t)x->len;
    x->buf[0] = n >> 24;
    x->buf[1] = n >> 16;
    x->buf[2] = n >> 8;
    x->buf[3] = n;
    return true;
}

uint32_t mv_rpc_message_length(const uint8_t *buf)
{
    uint32_t n = (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 | (uint32_t)buf[2] << 8 | buf[3];
    if (n < MV_RPC_LEN_SIZE + MV_RPC_HEADER_SIZE || n > MV_RPC_MESSAGE_MAX)
        return 0;
    return n;
}

bool mv_rpc_message_open(mv_xdr *x, const uint8_t *buf, size_t len, mv_rpc_header *hdr)
{
    if (len < MV_RPC_LEN_SIZE + MV_RPC_HEADER_SIZE)
        return false;
    mv_xdr_init_decode(x, buf, len);
    x->pos = MV_RPC_LEN_SIZE;
    return mv_rpc_header_xdr(x, hdr);
}
