/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz/fuzz-rpc-message.c — libFuzzer target for the decoding modvirtd does
 * on every message a client sends: the length word, the header, the
 * procedure lookup, the call's arguments (or a stream hole), and freeing
 * what was decoded. Decoded arguments must encode, and that encoding must
 * decode and encode again to the same bytes; anything else aborts. */
#include "message.h"
#include "remote-protocol.h"

#include <stdlib.h>
#include <string.h>
#include <glib.h>

static uint8_t *encode(mv_xdr_proc proc, void *obj, size_t *len)
{
    mv_xdr x;
    mv_xdr_init_encode(&x, MV_RPC_MESSAGE_MAX);
    if (!proc(&x, obj)) {
        mv_xdr_dispose(&x);
        return NULL;
    }
    return mv_xdr_steal(&x, len);
}

/* The decoded OBJ (SIZE bytes, by PROC) survives a round trip. */
static void round_trip(mv_xdr_proc proc, void *obj, size_t size)
{
    size_t n1 = 0, n2 = 0;
    uint8_t *b1 = encode(proc, obj, &n1);
    if (!b1)
        return;   /* over the encoder's limit: the daemon answers an error */
    void *again = g_malloc0(MAX(size, 1));
    mv_xdr x;
    mv_xdr_init_decode(&x, b1, n1);
    if (!proc(&x, again) || !mv_xdr_at_end(&x))
        abort();
    uint8_t *b2 = encode(proc, again, &n2);
    if (!b2 || n1 != n2 || memcmp(b1, b2, n1) != 0)
        abort();
    mv_xdr_free(proc, again);
    g_free(again);
    g_free(b1);
    g_free(b2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < MV_RPC_LEN_SIZE)
        return 0;
    uint32_t len = mv_rpc_message_length(data);
    if (len == 0 || len > size)
        return 0;   /* the daemon drops the client, or waits for the rest */
    /* The daemon reads exactly LEN bytes into a buffer of that size. */
    uint8_t *buf = g_malloc(len);
    memcpy(buf, data, len);
    mv_xdr x;
    mv_rpc_header h;
    if (!mv_rpc_message_open(&x, buf, len, &h))
        abort();   /* LEN covers a header: opening cannot fail */
    if (h.prog == MV_RPC_REMOTE_PROGRAM && h.vers == MV_RPC_REMOTE_VERSION) {
        if (h.type == 0 /* CALL */) {
            const mv_remote_proc *proc = mv_remote_proc_find(h.proc);
            if (proc) {
                if (mv_remote_proc_index(proc) >= mv_remote_nprocs || proc->num != h.proc)
                    abort();
                void *args = g_malloc0(MAX(proc->args_size, 1));
                if (proc->args_xdr(&x, args))
                    round_trip(proc->args_xdr, args, proc->args_size);
                mv_xdr_free(proc->args_xdr, args);
                g_free(args);
            }
        } else if (h.type == MV_RPC_STREAM_HOLE) {
            mv_rpc_stream_hole hole = { 0 };
            if (mv_rpc_stream_hole_xdr(&x, &hole))
                round_trip(mv_rpc_stream_hole_xdr, &hole, sizeof(hole));
        } else if (h.type == MV_RPC_REPLY && h.status == MV_RPC_ERROR) {
            mv_remote_error err;
            memset(&err, 0, sizeof(err));
            if (mv_remote_error_xdr(&x, &err))
                round_trip(mv_remote_error_xdr, &err, sizeof(err));
            mv_xdr_free(mv_remote_error_xdr, &err);
        }
    }
    g_free(buf);
    return 0;
}
