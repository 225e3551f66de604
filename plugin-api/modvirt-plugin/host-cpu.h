/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/host-cpu.h — the host's CPU and memory counters and its
 * CPUs, as libvirt's drivers for local hypervisors answer
 * virNodeGetCPUStats, virNodeGetMemoryStats and virNodeGetCPUMap: read
 * from /proc/stat, /proc/meminfo (or a NUMA node's meminfo) and
 * /sys/devices/system/cpu, with libvirt's fields, units and errors. A
 * driver puts them in its slots as they are (CONN is not used). Since plugin ABI 1.2.
 */
#ifndef MODVIRT_PLUGIN_HOST_CPU_H
#define MODVIRT_PLUGIN_HOST_CPU_H

#include <libvirt/libvirt.h>
#include "abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* kernel, user, idle and iowait of CPU CPUNUM (-1: all), in ns. *NPARAMS
 * 0 asks for the count (4); any other count than 4 is refused. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_host_cpu_stats(virConnectPtr conn, int cpuNum, virNodeCPUStatsPtr params, int *nparams, unsigned int flags);

/* total, free, buffers and cached of the host (CELLNUM -1), or total and
 * free of NUMA node CELLNUM, in KiB. *NPARAMS 0 asks for the count. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_host_memory_stats(virConnectPtr conn, int cellNum, virNodeMemoryStatsPtr params, int *nparams,
                         unsigned int flags);

/* The number of host CPUs (the highest present one plus 1); *CPUMAP (if
 * given) a bitmap of the online ones, for the caller to free(); *ONLINE
 * (if given) how many are online. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_host_cpu_map(virConnectPtr conn, unsigned char **cpumap, unsigned int *online, unsigned int flags);

#ifdef __cplusplus
}
#endif

#endif
