/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-guest-agent.c — the domain's side of the guest agent:
 * its channel (org.qemu.guest_agent.0) in the live definition, the socket
 * path and virtio-serial address a start gives channels, the channel's
 * state as QEMU reports it (query-chardev at start, VSERPORT_CHANGE later)
 * with libvirt's agent lifecycle events, and the calls that go through the
 * agent: host name, clock, virDomainQemuAgentCommand. */
#include "qemu-driver.h"
#include "qemu-agent.h"

#include <libvirt/libvirt-qemu.h>

#include <errno.h>
#include <glib/gstdio.h>
#include <limits.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

mv_domain_chr_def *mv_qemu_agent_channel(const mv_domain_def *def)
{
    const mv_domain_devices *d = def->devices;
    for (size_t i = 0; d && i < d->nchannels; i++) {
        mv_domain_chr_def *c = d->channels[i];
        if (c->type == MV_DOMAIN_CHR_TYPE_UNIX && g_strcmp0(c->target_type, "virtio") == 0 &&
            g_strcmp0(c->target_name, MV_DOMAIN_CHANNEL_GUEST_AGENT) == 0)
            return c;
    }
    return NULL;
}

char *mv_qemu_channel_dir(mv_qemu_state *st, int id, const char *name)
{
    g_autofree char *base = mv_driver_state_path(st->root, MV_PATH_RUN, "channel", NULL);
    g_autofree char *leaf = g_strdup_printf("domain-%d-%s", id, name);
    return g_build_filename(base, "target", leaf, NULL);
}

int mv_qemu_channels_prepare(mv_qemu_state *st, mv_domain_def *live, int id)
{
    mv_domain_devices *d = live->devices;
    if (!d || d->nchannels == 0)
        return 0;
    g_autofree char *dir = mv_qemu_channel_dir(st, id, live->name);
    /* Ports of controller 0 bus 0 in use; 0 is the virtio console's. */
    unsigned int next_port = 1;
    for (size_t i = 0; i < d->nchannels; i++) {
        const mv_domain_device_info *info = d->channels[i]->info;
        if (info && info->address && info->address->type == MV_DOMAIN_ADDRESS_VIRTIO_SERIAL &&
            info->address->controller == 0 && info->address->drive_bus == 0)
            next_port = MAX(next_port, info->address->port + 1);
    }
    bool made_dir = false;
    for (size_t i = 0; i < d->nchannels; i++) {
        mv_domain_chr_def *c = d->channels[i];
        g_free(c->alias);
        c->alias = g_strdup_printf("channel%zu", i);
        if (g_strcmp0(c->target_type, "virtio") != 0)
            continue;
        if (!c->info)
            c->info = g_new0(mv_domain_device_info, 1);
        if (!c->info->address) {
            c->info->address = g_new0(mv_domain_device_address, 1);
            c->info->address->type = MV_DOMAIN_ADDRESS_VIRTIO_SERIAL;
            c->info->address->port = next_port++;
        }
        if (c->type != MV_DOMAIN_CHR_TYPE_UNIX || c->path)
            continue;
        if (!c->target_name) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                            "channel %zu: a unix socket without a path needs a target name", i);
            return -1;
        }
        if (!made_dir && g_mkdir_with_parents(dir, 0750) < 0) {
            mv_error_report_errno(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, errno,
                                  "Cannot create directory '%s'", dir);
            return -1;
        }
        made_dir = true;
        c->listen = true;
        c->path = g_build_filename(dir, c->target_name, NULL);
        if (strlen(c->path) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                            "channel socket path '%s' is too long for a unix socket", c->path);
            return -1;
        }
    }
    return 0;
}

void mv_qemu_channels_cleanup(mv_qemu_state *st, mv_qemu_vm *vm)
{
    if (vm->agent) {
        mv_qemu_agent_close(vm->agent);
        mv_qemu_agent_unref(vm->agent);
        vm->agent = NULL;
    }
    const mv_domain_def *def = vm->obj->def;
    if (!def->devices || def->devices->nchannels == 0 || def->id < 0)
        return;
    g_autofree char *dir = mv_qemu_channel_dir(st, def->id, def->name);
    for (size_t i = 0; i < def->devices->nchannels; i++) {
        const mv_domain_chr_def *c = def->devices->channels[i];
        if (c->type == MV_DOMAIN_CHR_TYPE_UNIX && c->path && g_str_has_prefix(c->path, dir))
            g_unlink(c->path);
    }
    g_rmdir(dir);
}

/* The channel whose alias is ALIAS, or NULL. */
static mv_domain_chr_def *channel_by_alias(const mv_domain_def *def, const char *alias)
{
    for (size_t i = 0; def->devices && alias && i < def->devices->nchannels; i++)
        if (g_strcmp0(def->devices->channels[i]->alias, alias) == 0)
            return def->devices->channels[i];
    return NULL;
}

void mv_qemu_channel_state_changed(mv_qemu_vm *vm, const char *alias, bool open, int reason)
{
    mv_domain_def *def = vm->obj->def;
    mv_domain_chr_def *c = channel_by_alias(def, alias);
    if (!c)
        return;
    mv_domain_chr_state state = open ? MV_DOMAIN_CHR_STATE_CONNECTED
                                     : MV_DOMAIN_CHR_STATE_DISCONNECTED;
    if (c->state == state)
        return;
    c->state = state;
    if (c == mv_qemu_agent_channel(def)) {
        /* The guest closed its end: what was in flight will not come. */
        if (!open && vm->agent)
            mv_qemu_agent_close(vm->agent);
        mv_event_queue_domain_agent_lifecycle(
            vm->st->events, def->name, def->uuid, def->id,
            open ? VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_STATE_CONNECTED
                 : VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_STATE_DISCONNECTED,
            reason);
    }
    if (!vm->starting && mv_qemu_status_save(vm->st, vm) < 0) {
        mv_log(MV_LOG_WARN, MV_QEMU_SRC, "%s", virGetLastErrorMessage());
        mv_error_reset();
    }
}

/* --- the calls -------------------------------------------------------------- */

mv_qemu_agent *mv_qemu_agent_acquire(virDomainPtr dom)
{
    mv_qemu_state *st;
    mv_qemu_vm *vm = mv_qemu_vm_lock(dom, &st);
    if (!vm)
        return NULL;
    mv_qemu_agent *ag = NULL;
    const mv_domain_chr_def *c;
    if (!mv_qemu_vm_active(vm)) {
        mv_qemu_error_not_running();
    } else if (!(c = mv_qemu_agent_channel(vm->obj->def))) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_ARGUMENT_UNSUPPORTED,
                        "QEMU guest agent is not configured");
    } else if (c->state == MV_DOMAIN_CHR_STATE_DISCONNECTED || !c->path) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_AGENT_UNRESPONSIVE,
                        "QEMU guest agent is not connected");
    } else {
        if (!vm->agent)
            vm->agent = mv_qemu_agent_new(c->path);
        ag = mv_qemu_agent_ref(vm->agent);
    }
    pthread_mutex_unlock(&st->lock);
    return ag;
}

JsonNode *mv_qemu_agent_run(virDomainPtr dom, const char *cmd, JsonObject *args)
{
    mv_qemu_agent *ag = mv_qemu_agent_acquire(dom);
    if (!ag)
        return NULL;
    JsonNode *r = mv_qemu_agent_command(ag, cmd, args, MV_QEMU_AGENT_DEFAULT);
    mv_qemu_agent_unref(ag);
    return r;
}

char *mv_qemu_domain_agent_hostname(virDomainPtr dom)
{
    JsonNode *r = mv_qemu_agent_run(dom, "guest-get-host-name", NULL);
    if (!r)
        return NULL;
    JsonObject *o = JSON_NODE_HOLDS_OBJECT(r) ? json_node_get_object(r) : NULL;
    const char *name = o ? json_object_get_string_member_with_default(o, "host-name", NULL)
                         : NULL;
    char *ret = g_strdup(name);
    json_node_unref(r);
    if (!ret)
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                        "malformed return value");
    return ret;
}

int mv_qemu_domain_agent_get_time(virDomainPtr dom, long long *seconds, unsigned int *nseconds)
{
    JsonNode *r = mv_qemu_agent_run(dom, "guest-get-time", NULL);
    if (!r)
        return -1;
    if (!JSON_NODE_HOLDS_VALUE(r) || json_node_get_value_type(r) != G_TYPE_INT64) {
        json_node_unref(r);
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INTERNAL_ERROR,
                        "malformed return value");
        return -1;
    }
    gint64 ns = json_node_get_int(r);
    json_node_unref(r);
    *seconds = ns / 1000000000LL;
    *nseconds = (unsigned int)(ns % 1000000000LL);
    return 0;
}

int mv_qemu_domain_agent_set_time(virDomainPtr dom, long long seconds, unsigned int nseconds,
                                  bool sync)
{
    g_autoptr(JsonObject) args = NULL;
    if (!sync) {
        /* libvirt's bound: the nanoseconds since the epoch fit a long long. */
        if (seconds > LLONG_MAX / 1000000000LL - 1) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG,
                            "Time '%lld' is too big for guest agent", seconds);
            return -1;
        }
        args = json_object_new();
        json_object_set_int_member(args, "time", seconds * 1000000000LL + nseconds);
    }
    JsonNode *r = mv_qemu_agent_run(dom, "guest-set-time", args);
    if (!r)
        return -1;
    json_node_unref(r);
    return 0;
}

char *mv_qemu_domain_qemu_agent_command(virDomainPtr dom, const char *cmd, int timeout,
                                        unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, MV_QEMU_ERR, __func__) < 0)
        return NULL;
    if (timeout < VIR_DOMAIN_QEMU_AGENT_COMMAND_MIN) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG,
                        "guest agent timeout '%d' is less than the minimum '%d'", timeout,
                        VIR_DOMAIN_QEMU_AGENT_COMMAND_MIN);
        return NULL;
    }
    mv_qemu_agent *ag = mv_qemu_agent_acquire(dom);
    if (!ag)
        return NULL;
    char *ret = mv_qemu_agent_command_text(ag, cmd, timeout);
    mv_qemu_agent_unref(ag);
    return ret;
}

int mv_qemu_domain_set_user_password(virDomainPtr dom, const char *user, const char *password,
                                     unsigned int flags)
{
    if (mv_error_check_flags(flags, VIR_DOMAIN_PASSWORD_ENCRYPTED, MV_QEMU_ERR, __func__) < 0)
        return -1;
    g_autofree char *b64 = g_base64_encode((const guchar *)password, strlen(password));
    g_autoptr(JsonObject) args = json_object_new();
    json_object_set_string_member(args, "username", user);
    json_object_set_string_member(args, "password", b64);
    json_object_set_boolean_member(args, "crypted", (flags & VIR_DOMAIN_PASSWORD_ENCRYPTED) != 0);
    JsonNode *r = mv_qemu_agent_run(dom, "guest-set-user-password", args);
    if (!r)
        return -1;
    json_node_unref(r);
    return 0;
}
