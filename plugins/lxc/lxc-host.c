/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/lxc/lxc-host.c — what a connection says about the host: the
 * capabilities document (one guest, os type exe on the host's
 * architecture, domain type lxc, as libvirt's LXC driver advertises),
 * node info from sysfs/procfs, and the maximum number of vCPUs. */
#include "lxc.h"

#include <modvirt-plugin/conf-caps.h>

#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

char *mv_lxc_get_capabilities(virConnectPtr conn)
{
    (void)conn;
    struct utsname u;
    uname(&u);
    mv_caps *doc = mv_caps_new(NULL);
    if (!doc) {
        mv_error_report(MV_LXC_ERR, VIR_ERR_INTERNAL_ERROR, "cannot build the capabilities");
        return NULL;
    }
    const char *arch = doc->host && doc->host->arch ? doc->host->arch : u.machine;
    mv_caps_guest *g = mv_caps_add_guest(doc, "exe", arch, (int)sizeof(void *) * 8, NULL);
    if (g)
        mv_caps_guest_add_domain(g, "lxc", NULL);
    char *xml = mv_caps_format(doc);
    mv_caps_free(doc);
    return xml;
}

int mv_lxc_node_get_info(virConnectPtr conn, virNodeInfoPtr info)
{
    (void)conn;
    struct utsname u;
    uname(&u);
    memset(info, 0, sizeof(*info));
    g_strlcpy(info->model, u.machine, sizeof(info->model));
    long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);
    info->memory = (unsigned long)((unsigned long long)pages * (unsigned long long)psize / 1024);
    info->cpus = (unsigned int)sysconf(_SC_NPROCESSORS_ONLN);
    info->nodes = 1;
    info->sockets = 1;
    info->cores = info->cpus;
    info->threads = 1;
    g_autofree char *mhz = NULL;
    if (g_file_get_contents("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq", &mhz, NULL, NULL))
        info->mhz = (unsigned int)(g_ascii_strtoull(mhz, NULL, 10) / 1000);
    return 0;
}

int mv_lxc_get_max_vcpus_conn(virConnectPtr conn, const char *type)
{
    (void)conn;
    (void)type;
    return (int)sysconf(_SC_NPROCESSORS_CONF);
}
