/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-guest-fs.c — the guest's filesystems frozen and thawed
 * through its agent: guest-fsfreeze-freeze (all of them) or
 * guest-fsfreeze-freeze-list (the mount points named), guest-fsfreeze-thaw
 * (always all, as the agent has no list for it). */
#include "qemu-driver.h"

/* The number the agent answers, or -1 (reported). */
static int agent_count(virDomainPtr dom, const char *cmd, JsonObject *args)
{
    JsonNode *r = mv_qemu_agent_run(dom, cmd, args);
    if (!r)
        return -1;
    int n = -1;
    if (JSON_NODE_HOLDS_VALUE(r) && json_node_get_value_type(r) == G_TYPE_INT64)
        n = (int)json_node_get_int(r);
    json_node_unref(r);
    if (n < 0)
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR, "malformed return value");
    return n;
}

int mv_qemu_domain_fs_freeze(virDomainPtr dom, const char **mountpoints, unsigned int n,
                             unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, MV_QEMU_ERR, __func__) < 0)
        return -1;
    if (n == 0)
        return agent_count(dom, "guest-fsfreeze-freeze", NULL);
    g_autoptr(JsonObject) args = json_object_new();
    JsonArray *list = json_array_new();
    for (unsigned int i = 0; i < n; i++)
        json_array_add_string_element(list, mountpoints[i]);
    json_object_set_array_member(args, "mountpoints", list);
    return agent_count(dom, "guest-fsfreeze-freeze-list", args);
}

int mv_qemu_domain_fs_thaw(virDomainPtr dom, const char **mountpoints, unsigned int n,
                           unsigned int flags)
{
    (void)mountpoints;
    if (mv_error_check_flags(flags, 0, MV_QEMU_ERR, __func__) < 0)
        return -1;
    if (n > 0) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_ARGUMENT_UNSUPPORTED,
                        "specifying mountpoints is not supported");
        return -1;
    }
    return agent_count(dom, "guest-fsfreeze-thaw", NULL);
}
