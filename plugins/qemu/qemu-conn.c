/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-conn.c — opening qemu:///system (root only),
 * qemu:///session (the user's XDG dirs) and qemu:///embed?root=DIR, and
 * the host queries: version (the QEMU binary's, from its capabilities),
 * hostname, node info from /proc, capabilities XML, max vCPUs. */
#include "qemu-driver.h"

#include <string.h>
#include <sys/sysinfo.h>
#include <unistd.h>

mv_open_status mv_qemu_connect_open(virConnectPtr conn, const mv_uri *uri, unsigned int flags)
{
    if (!uri->driver || strcmp(uri->driver, "qemu") != 0 || uri->server || uri->transport)
        return MV_OPEN_DECLINED;
    const char *root = mv_uri_get_param(uri, "root");
    const char *path = uri->path ? uri->path : "";
    if (root && strcmp(path, "/embed") != 0) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                        "the 'root' parameter is only supported with qemu:///embed");
        return MV_OPEN_ERROR;
    }
    if (!strcmp(path, "/embed")) {
        if (!root || !*root || root[0] != '/') {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                            "URI must be qemu:///embed?root=/some/absolute/path");
            return MV_OPEN_ERROR;
        }
    } else if (!strcmp(path, "/system")) {
        if (geteuid() != 0) {
            mv_error_report(MV_QEMU_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                            "qemu:///system needs root; use qemu:///session");
            return MV_OPEN_ERROR;
        }
    } else if (strcmp(path, "/session") != 0) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_CONFIG_UNSUPPORTED,
                        "unexpected QEMU URI path '%s', try qemu:///system, qemu:///session "
                        "or qemu:///embed?root=DIR", path);
        return MV_OPEN_ERROR;
    }
    /* A read-only connection changes nothing: it starts no domain,
     * autostart included, and cleans nothing up. */
    bool readonly = flags & VIR_CONNECT_RO;
    mv_qemu_state *st = mv_qemu_state_acquire(uri, readonly);
    if (!st)
        return MV_OPEN_ERROR;
    mv_connect_set_private(conn, MV_DRIVER_HYPERVISOR, st);
    mv_connect_set_event_source(conn, MV_DRIVER_HYPERVISOR, st->events);
    if (!readonly)
        mv_qemu_autostart_kick(st);
    return MV_OPEN_SUCCESS;
}

int mv_qemu_connect_close(virConnectPtr conn)
{
    mv_qemu_state *st = mv_qemu_state_of(conn);
    mv_connect_set_private(conn, MV_DRIVER_HYPERVISOR, NULL);
    mv_qemu_state_release(st);
    return 0;
}

static const mv_qemu_caps *caps_locked(virConnectPtr conn, mv_qemu_state **stp)
{
    mv_qemu_state *st = mv_qemu_state_of(conn);
    pthread_mutex_lock(&st->lock);
    const mv_qemu_caps *caps = mv_qemu_state_caps(st);
    if (!caps)
        pthread_mutex_unlock(&st->lock);
    *stp = st;
    return caps;
}

int mv_qemu_connect_get_version(virConnectPtr conn, unsigned long *ver)
{
    mv_qemu_state *st;
    const mv_qemu_caps *caps = caps_locked(conn, &st);
    if (!caps)
        return -1;
    *ver = caps->version;
    pthread_mutex_unlock(&st->lock);
    return 0;
}

char *mv_qemu_connect_get_hostname(virConnectPtr conn)
{
    (void)conn;
    char buf[256];
    if (gethostname(buf, sizeof(buf)) < 0) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_SYSTEM_ERROR, "cannot get the host name");
        return NULL;
    }
    buf[sizeof(buf) - 1] = '\0';
    return g_strdup(buf);
}

char *mv_qemu_connect_get_capabilities(virConnectPtr conn)
{
    mv_qemu_state *st;
    const mv_qemu_caps *caps = caps_locked(conn, &st);
    if (!caps)
        return NULL;
    char *xml = mv_qemu_caps_capabilities_xml(&caps, 1);
    pthread_mutex_unlock(&st->lock);
    return xml;
}

char *mv_qemu_connect_get_domain_capabilities(virConnectPtr conn, const char *emulatorbin,
                                              const char *arch, const char *machine,
                                              const char *virttype, unsigned int flags)
{
    if (mv_error_check_flags(flags, 0, MV_QEMU_ERR, __func__) < 0)
        return NULL;
    if (arch && strcmp(arch, "x86_64") != 0) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG,
                        "unknown or unsupported architecture '%s' (this driver runs x86_64)",
                        arch);
        return NULL;
    }
    mv_qemu_state *st = mv_qemu_state_of(conn);
    if (emulatorbin && strcmp(emulatorbin, MV_QEMU_DEFAULT_EMULATOR) != 0) {
        g_autoptr(mv_qemu_caps) other = mv_qemu_caps_get(emulatorbin, st->cache_dir);
        return other ? mv_qemu_caps_domain_xml(other, virttype ? virttype : "kvm", machine)
                     : NULL;
    }
    const mv_qemu_caps *caps = caps_locked(conn, &st);
    if (!caps)
        return NULL;
    char *xml = mv_qemu_caps_domain_xml(caps, virttype ? virttype
                                        : caps->kvm_available ? "kvm" : "qemu", machine);
    pthread_mutex_unlock(&st->lock);
    return xml;
}

int mv_qemu_connect_get_max_vcpus(virConnectPtr conn, const char *type)
{
    (void)conn;
    if (type && g_ascii_strcasecmp(type, "qemu") != 0 && g_ascii_strcasecmp(type, "kvm") != 0) {
        mv_error_report(MV_QEMU_ERR, VIR_ERR_INVALID_ARG, "unknown type '%s'", type);
        return -1;
    }
    return 255;   /* pc's limit; q35 allows more with the x2APIC, kept simple */
}

int mv_qemu_node_get_info(virConnectPtr conn, virNodeInfoPtr info)
{
    (void)conn;
    memset(info, 0, sizeof(*info));
    g_strlcpy(info->model, "x86_64", sizeof(info->model));
    struct sysinfo si;
    if (sysinfo(&si) == 0)
        info->memory = (unsigned long)((unsigned long long)si.totalram * si.mem_unit / 1024);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    info->cpus = (unsigned int)(n > 0 ? n : 1);
    info->nodes = 1;
    info->sockets = 1;
    info->cores = info->cpus;
    info->threads = 1;
    g_autofree char *cpuinfo = NULL;
    if (g_file_get_contents("/proc/cpuinfo", &cpuinfo, NULL, NULL)) {
        char *mhz = strstr(cpuinfo, "cpu MHz");
        char *colon = mhz ? strchr(mhz, ':') : NULL;
        if (colon)
            info->mhz = (unsigned int)g_ascii_strtoull(colon + 1, NULL, 10);
    }
    return 0;
}
