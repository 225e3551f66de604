/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/net.h — modvirtd on the network: the TCP and TLS settings
 * (libvirtd.conf's names and defaults), the listening sockets
 * (listen-net.c) and the TLS handshake of accepted clients, done off the
 * I/O loop with a time limit (tls-handshake.c). */
#ifndef MV_DAEMON_NET_H
#define MV_DAEMON_NET_H

#include <stdbool.h>

/* What a listener requires of its clients (libvirt's REMOTE_AUTH_*). */
enum { MVD_AUTH_NONE = 0, MVD_AUTH_SASL = 1, MVD_AUTH_POLKIT = 2 };

/* The kinds of listening socket. */
enum { MVD_LISTEN_UNIX = 0, MVD_LISTEN_TCP = 1, MVD_LISTEN_TLS = 2 };

typedef struct mvd_net_config {
    bool listen_tcp;             /* off unless configured */
    bool listen_tls;             /* off unless configured */
    char *listen_addr;           /* NULL: every address */
    char *tcp_port;              /* "16509" */
    char *tls_port;              /* "16514" */
    int auth_tcp;                /* MVD_AUTH_SASL unless configured */
    int auth_tls;                /* MVD_AUTH_NONE: the certificate is the check */
    char *key_file, *cert_file, *ca_file, *crl_file;   /* NULL: libvirt's layout */
    bool tls_no_verify_certificate;
    bool tls_no_sanity_certificate;
    char **tls_allowed_dn_list;  /* NULL: any client with a valid certificate */
    char *tls_priority;          /* NULL: "NORMAL" */
    int tls_handshake_timeout;   /* seconds */
} mvd_net_config;

void mvd_net_config_defaults(mvd_net_config *n);
void mvd_net_config_copy(mvd_net_config *dst, const mvd_net_config *src);
void mvd_net_config_clear(mvd_net_config *n);
/* Applies KEY when it is one of these settings: 1 done, 0 not one of
 * them, -1 a bad value (*ERR). IS_INT/NUM, or STR (and ITEMS for a
 * list), give the value. */
int mvd_net_config_apply(mvd_net_config *n, const char *key, bool is_int, long long num,
                         const char *str, char **items, char **err);

/* Opens the TCP and TLS listeners the settings ask for (and the TLS
 * credentials). False with *ERR. */
bool mvd_net_listen(char **err);

typedef struct mvd_client mvd_client;

/* An accepted TCP or TLS client C on listener NAME: its address is noted
 * and logged. */
void mvd_net_accepted(mvd_client *c, int fd, const char *name, int kind, int auth);
/* Starts C's TLS handshake; C is watched for calls once it passed. */
void mvd_tls_handshake_begin(mvd_client *c);

#endif
