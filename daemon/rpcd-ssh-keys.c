/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemon/rpcd-ssh-keys.c — a guest user's authorized SSH keys for
 * clients: the keys travel as string lists (at most libvirt's 2048). */
#include "daemon.h"

#include <stdlib.h>

int mv_rpcd_custom_domain_authorized_ssh_keys_get(mv_rpcd_call *call, virConnectPtr conn,
                                                  void *args, void *ret)
{
    (void)call;
    mv_remote_domain_authorized_ssh_keys_get_args *a = args;
    mv_remote_domain_authorized_ssh_keys_get_ret *r = ret;
    if (!mvd_need_conn(conn))
        return -1;
    virDomainPtr dom = mv_remote_domain_get(conn, &a->dom);
    if (!dom)
        return -1;
    char **keys = NULL;
    int n = virDomainAuthorizedSSHKeysGet(dom, a->user, &keys, a->flags);
    MVD_KEEP_ERROR(virDomainFree(dom));
    if (n < 0)
        return -1;
    if (n > MV_REMOTE_DOMAIN_AUTHORIZED_SSH_KEYS_MAX) {
        for (int i = 0; i < n; i++)
            free(keys[i]);
        free(keys);
        mv_error_report(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR,
                        "Number of keys %d, which exceeds max limit: %d", n,
                        MV_REMOTE_DOMAIN_AUTHORIZED_SSH_KEYS_MAX);
        return -1;
    }
    r->keys.n = (uint32_t)n;
    r->keys.v = g_new0(char *, n + 1);
    for (int i = 0; i < n; i++)
        r->keys.v[i] = keys[i];   /* the reply frees them */
    free(keys);
    return 0;
}

int mv_rpcd_custom_domain_authorized_ssh_keys_set(mv_rpcd_call *call, virConnectPtr conn,
                                                  void *args, void *ret)
{
    (void)call;
    (void)ret;
    mv_remote_domain_authorized_ssh_keys_set_args *a = args;
    if (!mvd_need_conn(conn))
        return -1;
    virDomainPtr dom = mv_remote_domain_get(conn, &a->dom);
    if (!dom)
        return -1;
    int rc = virDomainAuthorizedSSHKeysSet(dom, a->user, (const char **)a->keys.v, a->keys.n,
                                           a->flags);
    MVD_KEEP_ERROR(virDomainFree(dom));
    return rc < 0 ? -1 : 0;
}
