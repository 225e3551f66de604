/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/remote/remote-ssh-keys.c — a guest user's authorized SSH keys
 * over RPC: string lists both ways, refused beyond libvirt's 2048 keys as
 * libvirt's client refuses them. */
#include "remote.h"

#include <string.h>

int mv_remote_domain_authorized_ssh_keys_get(virDomainPtr dom, const char *user, char ***keys,
                                             unsigned int flags)
{
    mv_remote_domain_authorized_ssh_keys_get_args a;
    mv_remote_domain_authorized_ssh_keys_get_ret r;
    memset(&a, 0, sizeof(a));
    memset(&r, 0, sizeof(r));
    mv_remote_domain_put(&a.dom, dom, false);
    a.user = (char *)user;
    a.flags = flags;
    if (mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_AUTHORIZED_SSH_KEYS_GET,
                       mv_remote_domain_authorized_ssh_keys_get_args_xdr, &a,
                       mv_remote_domain_authorized_ssh_keys_get_ret_xdr, &r) < 0)
        return -1;
    uint32_t n = r.keys.n;
    char **out = g_new0(char *, n + 1);
    for (uint32_t i = 0; i < n; i++)
        out[i] = g_steal_pointer(&r.keys.v[i]);
    mv_xdr_free(mv_remote_domain_authorized_ssh_keys_get_ret_xdr, &r);
    *keys = out;
    return (int)n;
}

int mv_remote_domain_authorized_ssh_keys_set(virDomainPtr dom, const char *user,
                                             const char **keys, unsigned int nkeys,
                                             unsigned int flags)
{
    if (nkeys > MV_REMOTE_DOMAIN_AUTHORIZED_SSH_KEYS_MAX) {
        mv_error_report(VIR_FROM_RPC, VIR_ERR_RPC, "too many keys: %u > %d", nkeys,
                        MV_REMOTE_DOMAIN_AUTHORIZED_SSH_KEYS_MAX);
        return -1;
    }
    mv_remote_domain_authorized_ssh_keys_set_args a;
    memset(&a, 0, sizeof(a));
    mv_remote_domain_put(&a.dom, dom, false);
    a.user = (char *)user;
    a.keys.n = nkeys;
    a.keys.v = (char **)keys;
    a.flags = flags;
    return mv_remote_call(virDomainGetConnect(dom), MV_REMOTE_PROC_DOMAIN_AUTHORIZED_SSH_KEYS_SET,
                          mv_remote_domain_authorized_ssh_keys_set_args_xdr, &a, mv_remote_void_xdr,
                          NULL);
}
