/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/rpc/test-xdr.c — the remote program's encoding: messages byte for
 * byte as XDR (RFC 4506) and libvirt's framing lay them out, and decoders
 * that refuse short, oversized and malformed input. */
#include <string.h>
#include <glib.h>

#include "message.h"
#include "remote-protocol.h"

static void assert_bytes(const uint8_t *got, size_t got_len, const uint8_t *want, size_t want_len)
{
    if (got_len != want_len || memcmp(got, want, want_len) != 0) {
        g_autoptr(GString) a = g_string_new(NULL), b = g_string_new(NULL);
        for (size_t i = 0; i < got_len; i++)
            g_string_append_printf(a, "%02x", got[i]);
        for (size_t i = 0; i < want_len; i++)
            g_string_append_printf(b, "%02x", want[i]);
        g_error("bytes differ:\n got  %s\n want %s", a->str, b->str);
    }
}

/* A call as libvirt's client sends it: length, header, arguments. */
static void test_call_message(void)
{
    mv_rpc_header h = { MV_RPC_REMOTE_PROGRAM, MV_RPC_REMOTE_VERSION,
                        MV_REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME, MV_RPC_CALL, 7, MV_RPC_OK };
    mv_remote_domain_lookup_by_name_args args = { .name = (char *)"vm1" };
    mv_xdr x;
    g_assert_true(mv_rpc_message_begin(&x, &h));
    g_assert_true(mv_remote_domain_lookup_by_name_args_xdr(&x, &args));
    g_assert_true(mv_rpc_message_finish(&x));
    static const uint8_t want[] = {
        0x00, 0x00, 0x00, 0x24,                 /* 36 bytes in all */
        0x20, 0x00, 0x80, 0x86, 0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x17,                 /* procedure 23 */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x03, 'v', 'm', '1', 0x00, /* string, padded */
    };
    assert_bytes(x.buf, x.len, want, sizeof(want));
    g_assert_cmpuint(mv_rpc_message_length(x.buf), ==, sizeof(want));

    mv_xdr d;
    mv_rpc_header got;
    g_assert_true(mv_rpc_message_open(&d, x.buf, x.len, &got));
    g_assert_cmpint(got.proc, ==, 23);
    g_assert_cmpuint(got.serial, ==, 7);
    mv_remote_domain_lookup_by_name_args back = { 0 };
    g_assert_true(mv_remote_domain_lookup_by_name_args_xdr(&d, &back));
    g_assert_true(mv_xdr_at_end(&d));
    g_assert_cmpstr(back.name, ==, "vm1");
    mv_xdr_free(mv_remote_domain_lookup_by_name_args_xdr, &back);
    g_assert_null(back.name);
    mv_xdr_dispose(&x);
}

/* A reply with a counted array of handles and a hyper. */
static void test_list_roundtrip(void)
{
    mv_remote_domain doms[2] = {
        { .name = (char *)"a", .id = 1 },
        { .name = (char *)"bbbbb", .id = -1 },
    };
    memset(doms[0].uuid, 0x11, sizeof(doms[0].uuid));
    memset(doms[1].uuid, 0x22, sizeof(doms[1].uuid));
    mv_remote_connect_list_all_domains_ret ret = { .ret = 2 };
    ret.domains.n = 2;
    ret.domains.v = doms;
    mv_xdr x;
    mv_xdr_init_encode(&x, 1 << 20);
    g_assert_true(mv_remote_connect_list_all_domains_ret_xdr(&x, &ret));
    /* count, then (4+4 name a, 16 uuid, 4 id), (4+8 name, 16, 4), then ret */
    g_assert_cmpuint(x.len, ==, 4 + (8 + 16 + 4) + (12 + 16 + 4) + 4);
    g_assert_cmpuint(x.buf[3], ==, 2);
    g_assert_cmpuint(x.buf[4 + 8 + 16 + 3], ==, 1);       /* id 1 */
    g_assert_cmpuint(x.buf[x.len - 1], ==, 2);

    mv_xdr d;
    mv_xdr_init_decode(&d, x.buf, x.len);
    mv_remote_connect_list_all_domains_ret back = { 0 };
    g_assert_true(mv_remote_connect_list_all_domains_ret_xdr(&d, &back));
    g_assert_true(mv_xdr_at_end(&d));
    g_assert_cmpuint(back.domains.n, ==, 2);
    g_assert_cmpstr(back.domains.v[1].name, ==, "bbbbb");
    g_assert_cmpint(back.domains.v[1].id, ==, -1);
    g_assert_cmpint(back.domains.v[0].uuid[15], ==, 0x11);
    g_assert_cmpuint(back.ret, ==, 2);
    mv_xdr_free(mv_remote_connect_list_all_domains_ret_xdr, &back);
    mv_xdr_dispose(&x);
}

/* Every prefix of a valid body is refused, and what was decoded before
 * the failure is freed (the sanitizer build checks the leak). */
static void test_truncated(void)
{
    mv_remote_domain doms[1] = { { .name = (char *)"guest", .id = 3 } };
    mv_remote_connect_list_all_domains_ret ret = { .ret = 1 };
    ret.domains.n = 1;
    ret.domains.v = doms;
    mv_xdr x;
    mv_xdr_init_encode(&x, 1 << 20);
    g_assert_true(mv_remote_connect_list_all_domains_ret_xdr(&x, &ret));
    for (size_t len = 0; len < x.len; len++) {
        mv_xdr d;
        mv_xdr_init_decode(&d, x.buf, len);
        mv_remote_connect_list_all_domains_ret back = { 0 };
        g_assert_false(mv_remote_connect_list_all_domains_ret_xdr(&d, &back));
        mv_xdr_free(mv_remote_connect_list_all_domains_ret_xdr, &back);
    }
    mv_xdr_dispose(&x);
}

static bool decode_string(const uint8_t *buf, size_t len, uint32_t max)
{
    mv_xdr d;
    char *s = NULL;
    mv_xdr_init_decode(&d, buf, len);
    bool ok = mv_xdr_string(&d, &s, max);
    g_free(s);
    return ok;
}

static void test_bad_input(void)
{
    static const uint8_t ok[] = { 0, 0, 0, 2, 'h', 'i', 0, 0 };
    static const uint8_t nul[] = { 0, 0, 0, 2, 'h', 0, 0, 0 };
    static const uint8_t huge[] = { 0xff, 0xff, 0xff, 0xf0, 'h', 'i', 0, 0 };
    static const uint8_t nopad[] = { 0, 0, 0, 2, 'h', 'i' };
    g_assert_true(decode_string(ok, sizeof(ok), 16));
    g_assert_false(decode_string(ok, sizeof(ok), 1));          /* over its bound */
    g_assert_false(decode_string(nul, sizeof(nul), 16));       /* NUL inside */
    g_assert_false(decode_string(huge, sizeof(huge), 0xffffffffu)); /* longer than the input */
    g_assert_false(decode_string(nopad, sizeof(nopad), 16));   /* padding missing */

    /* An array count no input could hold is refused before any allocation. */
    static const uint8_t count[] = { 0x00, 0x10, 0x00, 0x00 };
    mv_xdr d;
    mv_xdr_init_decode(&d, count, sizeof(count));
    mv_remote_connect_list_all_domains_ret back = { 0 };
    g_assert_false(mv_remote_connect_list_all_domains_ret_xdr(&d, &back));
    g_assert_null(back.domains.v);

    /* A boolean is 0 or 1. */
    static const uint8_t two[] = { 0, 0, 0, 2 };
    int b = 0;
    mv_xdr_init_decode(&d, two, sizeof(two));
    g_assert_false(mv_xdr_bool(&d, &b));

    /* Length words outside [28, 32 MiB] are refused. */
    static const uint8_t short_len[] = { 0, 0, 0, 27 };
    static const uint8_t long_len[] = { 0x02, 0x00, 0x00, 0x01 };
    static const uint8_t min_len[] = { 0, 0, 0, 28 };
    g_assert_cmpuint(mv_rpc_message_length(short_len), ==, 0);
    g_assert_cmpuint(mv_rpc_message_length(long_len), ==, 0);
    g_assert_cmpuint(mv_rpc_message_length(min_len), ==, 28);
}

/* An encoder never grows past its limit: a message over libvirt's maximum
 * is refused, not sent. */
static void test_encode_limit(void)
{
    mv_xdr x;
    mv_xdr_init_encode(&x, 64);
    char *big = g_strnfill(100, 'x');
    g_assert_false(mv_xdr_string(&x, &big, 1000));
    g_assert_true(x.failed);
    g_free(big);
    mv_xdr_dispose(&x);
}

/* The procedure table: sorted, found by number, unknown numbers absent. */
static void test_proc_table(void)
{
    for (size_t i = 1; i < mv_remote_nprocs; i++)
        g_assert_cmpint(mv_remote_procs[i - 1].num, <, mv_remote_procs[i].num);
    const mv_remote_proc *p = mv_remote_proc_find(MV_REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS);
    g_assert_nonnull(p);
    g_assert_cmpint(p->num, ==, 273);
    g_assert_cmpstr(p->function, ==, "virConnectListAllDomains");
    g_assert_null(mv_remote_proc_find(0));
    g_assert_null(mv_remote_proc_find(100000));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/rpc/xdr/call-message", test_call_message);
    g_test_add_func("/rpc/xdr/list-roundtrip", test_list_roundtrip);
    g_test_add_func("/rpc/xdr/truncated", test_truncated);
    g_test_add_func("/rpc/xdr/bad-input", test_bad_input);
    g_test_add_func("/rpc/xdr/encode-limit", test_encode_limit);
    g_test_add_func("/rpc/xdr/proc-table", test_proc_table);
    return g_test_run();
}
