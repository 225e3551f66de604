/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-ssh-keys.c — a guest user's authorized SSH keys
 * through the agent: guest-ssh-get-authorized-keys; set as
 * guest-ssh-add-authorized-keys (with reset unless appending) or
 * guest-ssh-remove-authorized-keys. */
#include "qemu-driver.h"

#include <string.h>

int mv_qemu_domain_ssh_keys_get(virDomainPtr dom, const char *user, char ***keys,
                                unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, MV_QEMU_ERR, __func__) < 0)
        return -1;
    g_autoptr(JsonObject) args = json_object_new();
    json_object_set_string_member(args, "username", user);
    JsonNode *r = mv_qemu_agent_run(dom, "guest-ssh-get-authorized-keys", args);
    if (!r)
        return -1;
    JsonObject *o = JSON_NODE_HOLDS_OBJECT(r) ? json_node_get_object(r) : NULL;
    JsonNode *kn = o ? json_object_get_member(o, "keys") : NULL;
    if (!kn || !JSON_NODE_HOLDS_ARRAY(kn)) {
        json_node_unref(r);
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR, "qemu agent didn't return an array "
                        "of keys");
        return -1;
    }
    JsonArray *a = json_node_get_array(kn);
    guint n = json_array_get_length(a);
    char **out = g_new0(char *, n + 1);
    for (guint i = 0; i < n; i++)
        out[i] = g_strdup(json_array_get_string_element(a, i));
    json_node_unref(r);
    *keys = out;
    return (int)n;
}

int mv_qemu_domain_ssh_keys_set(virDomainPtr dom, const char *user, const char **keys,
                                unsigned int nkeys, unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_APPEND |
                             VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_REMOVE, MV_QEMU_ERR,
                             __func__) < 0)
        return -1;
    bool remove = flags & VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_REMOVE;
    g_autoptr(JsonObject) args = json_object_new();
    json_object_set_string_member(args, "username", user);
    JsonArray *list = json_array_new();
    for (unsigned int i = 0; i < nkeys; i++)
        json_array_add_string_element(list, keys[i]);
    json_object_set_array_member(args, "keys", list);
    if (!remove)
        json_object_set_boolean_member(args, "reset",
                                       !(flags & VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_APPEND));
    JsonNode *r = mv_qemu_agent_run(dom, remove ? "guest-ssh-remove-authorized-keys"
                                                : "guest-ssh-add-authorized-keys", args);
    if (!r)
        return -1;
    json_node_unref(r);
    return 0;
}
