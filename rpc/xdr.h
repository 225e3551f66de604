/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rpc/xdr.h — XDR (RFC 4506) encoding and decoding into a growable buffer.
 *
 * One function per type serves three directions, as XDR codecs usually do:
 * the stream's op says whether it writes the C value into the buffer, reads
 * it from the buffer, or frees what an earlier decode allocated. Every
 * function returns false once the stream has failed (short input, a length
 * over its bound, no memory) and the stream remembers the failure, so a
 * codec can run to the end and check once.
 */
#ifndef MV_RPC_XDR_H
#define MV_RPC_XDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { MV_XDR_ENCODE, MV_XDR_DECODE, MV_XDR_FREE } mv_xdr_op;

typedef struct mv_xdr {
    mv_xdr_op op;
    uint8_t *buf;      /* encode: owned, grows; decode: borrowed */
    size_t len;        /* bytes written (encode) or available (decode) */
    size_t cap;        /* allocated size (encode) */
    size_t pos;        /* read position (decode) */
    size_t max;        /* encode: the buffer never grows past this */
    bool failed;
} mv_xdr;

typedef bool (*mv_xdr_proc)(mv_xdr *x, void *obj);

/* An encoder that appends to BUF (may be NULL) of CAP bytes and grows up to
 * MAX bytes in total. */
void mv_xdr_init_encode(mv_xdr *x, size_t max);
/* A decoder reading LEN bytes at BUF (not copied). */
void mv_xdr_init_decode(mv_xdr *x, const void *buf, size_t len);
void mv_xdr_init_free(mv_xdr *x);
/* Releases an encoder's buffer. */
void mv_xdr_dispose(mv_xdr *x);
/* Hands the encoder's buffer to the caller. */
uint8_t *mv_xdr_steal(mv_xdr *x, size_t *len);
/* Frees what PROC decoded into OBJ (the object itself is not freed). */
void mv_xdr_free(mv_xdr_proc proc, void *obj);
/* Decode only: true when every byte was consumed. */
bool mv_xdr_at_end(const mv_xdr *x);

/* Reserves N bytes at the end of an encoder; returns where they start. */
uint8_t *mv_xdr_reserve(mv_xdr *x, size_t n);

bool mv_xdr_int(mv_xdr *x, int32_t *v);
bool mv_xdr_uint(mv_xdr *x, uint32_t *v);
bool mv_xdr_hyper(mv_xdr *x, int64_t *v);
bool mv_xdr_uhyper(mv_xdr *x, uint64_t *v);
bool mv_xdr_double(mv_xdr *x, double *v);
/* A C int carried as an XDR bool (0 or 1 on the wire). */
bool mv_xdr_bool(mv_xdr *x, int *v);
/* C types narrower than XDR's 4-byte unit, as rpcgen carries them. */
bool mv_xdr_char(mv_xdr *x, char *v);
bool mv_xdr_uchar(mv_xdr *x, unsigned char *v);
bool mv_xdr_short(mv_xdr *x, short *v);
bool mv_xdr_ushort(mv_xdr *x, unsigned short *v);
/* C int / unsigned int / unsigned long / long long fields. */
bool mv_xdr_cint(mv_xdr *x, int *v);
bool mv_xdr_cuint(mv_xdr *x, unsigned int *v);
bool mv_xdr_culong(mv_xdr *x, unsigned long *v);   /* as unsigned hyper */
bool mv_xdr_cllong(mv_xdr *x, long long *v);
bool mv_xdr_cullong(mv_xdr *x, unsigned long long *v);

/* A string of at most MAX bytes that may not be NULL (decoded NUL-terminated,
 * with g_malloc). A NUL inside the string is refused on decode. */
bool mv_xdr_string(mv_xdr *x, char **s, uint32_t max);
/* The same, optional: a presence flag, then the string. */
bool mv_xdr_ostring(mv_xdr *x, char **s, uint32_t max);
/* Fixed-length opaque data (a UUID). */
bool mv_xdr_opaque_fixed(mv_xdr *x, uint8_t *p, uint32_t n);
/* Variable-length opaque data of at most MAX bytes. */
bool mv_xdr_opaque(mv_xdr *x, uint8_t **p, uint32_t *n, uint32_t max);
/* A fixed array of N chars, each a 4-byte unit (rpcgen's `char x[N]`). */
bool mv_xdr_char_vector(mv_xdr *x, char *p, uint32_t n);
/* A counted array of at most MAX elements of SIZE bytes, each coded by
 * PROC; on decode the array is g_malloc'd (NULL when empty). */
bool mv_xdr_array(mv_xdr *x, void **arr, uint32_t *count, uint32_t max, size_t size,
                  mv_xdr_proc proc);
/* An optional pointer to an object of SIZE bytes coded by PROC. */
bool mv_xdr_pointer(mv_xdr *x, void **obj, size_t size, mv_xdr_proc proc);

#endif
