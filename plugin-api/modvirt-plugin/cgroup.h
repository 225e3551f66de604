/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* modvirt-plugin/cgroup.h — a guest's cgroup, for drivers whose guests are
 * host processes (a container's init, an emulator): where it goes on
 * cgroup v1, v2 and hybrid hosts (read from /proc/self/mountinfo and
 * /proc/self/cgroup, nothing assumed), made as a child of the caller's own
 * cgroup in every hierarchy, limited from a definition's <memory>,
 * <memtune> and <cputune> as libvirt limits its guests, read (CPU time,
 * memory), frozen, killed and removed. Errors are reported under
 * VIR_FROM_CGROUP, as libvirt's. Since plugin ABI 1.2.
 */
#ifndef MODVIRT_PLUGIN_CGROUP_H
#define MODVIRT_PLUGIN_CGROUP_H

#include <stdbool.h>
#include <sys/types.h>
#include <glib.h>
#include "abi.h"
#include "conf-domain.h"
#include "domain-list.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The controllers a guest's cgroup is made in. */
typedef enum {
    MV_CGROUP_MEMORY,
    MV_CGROUP_CPU,
    MV_CGROUP_CPUACCT,
    MV_CGROUP_CPUSET,
    MV_CGROUP_PIDS,
    MV_CGROUP_FREEZER,
    MV_CGROUP_DEVICES,
    MV_CGROUP_BLKIO,              /* "blkio" on v1, "io" on v2 */
    MV_CGROUP_NCTRL
} mv_cgroup_ctrl;

/* A guest's cgroup: one directory per hierarchy it lives in. */
typedef struct mv_cgroup {
    char *dir[MV_CGROUP_NCTRL];   /* per controller (borrowed from dirs), or NULL */
    bool v2[MV_CGROUP_NCTRL];     /* served by the cgroup2 directory */
    char *unified;                /* the cgroup2 directory, or NULL */
    GPtrArray *dirs;              /* every directory (owned, distinct; keep them
                                   * in a status file to find the cgroup again) */
} mv_cgroup;

/* Where the cgroup LEAF goes, from the text of /proc/self/mountinfo and
 * /proc/self/cgroup; nothing is created (on cgroup2 the controllers are
 * enabled in the parent). REQUIRED: a bit (1 << ctrl) per controller
 * without which the guest cannot run. NULL with an error. */
MV_PLUGIN_AVAILABLE_IN_1_2
mv_cgroup *mv_cgroup_layout(const char *mountinfo, const char *self, const char *leaf,
                            unsigned int required);
/* The same for this process, and the directories made (a leftover of an
 * earlier run of the same name is removed first). NULL with an error. */
MV_PLUGIN_AVAILABLE_IN_1_2
mv_cgroup *mv_cgroup_new(const char *leaf, unsigned int required);
/* The handle again from the directories kept in a status file. */
MV_PLUGIN_AVAILABLE_IN_1_2
mv_cgroup *mv_cgroup_from_dirs(char **dirs);
MV_PLUGIN_AVAILABLE_IN_1_2
void mv_cgroup_free(mv_cgroup *cg);

/* A file of controller C: V1's name or V2's; NULL without the controller. */
MV_PLUGIN_AVAILABLE_IN_1_2
char *mv_cgroup_file(mv_cgroup *cg, mv_cgroup_ctrl c, const char *v1, const char *v2);
/* A cgroup file: written whole (0 or -errno), read stripped (or NULL). */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_write(const char *path, const char *val);
MV_PLUGIN_AVAILABLE_IN_1_2
char *mv_cgroup_read(const char *path);
/* Writes VAL to FILE of directory DIR; -1 with an error naming both. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_set(const char *dir, const char *file, const char *val);

/* DEF's memory limits, as libvirt: <memtune> hard_limit (else, with
 * MEMORY_IS_LIMIT, <memory>: a container's processes are its memory, an
 * emulator needs more than its guest's), soft_limit, swap_hard_limit
 * (memory plus swap on v1, swap alone on v2). 0, or -1 with an error. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_apply_memtune(mv_cgroup *cg, const mv_domain_def *def, bool memory_is_limit);
/* DEF's <cputune> shares (cpu.shares on v1, cpu.weight on v2 with
 * libvirt's mapping), and a bandwidth (cpu.cfs_period_us/cfs_quota_us,
 * cpu.max): <period> and <quota> for a guest whose CPUs are all its
 * processes (a container), <global_period> and <global_quota> with GLOBAL
 * (an emulator, whose per-vCPU bandwidth is not this cgroup's). 0, or -1
 * with an error. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_apply_cputune(mv_cgroup *cg, const mv_domain_def *def, bool global);
/* Moves process PID (all its threads) into every directory. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_add_process(mv_cgroup *cg, pid_t pid);

/* The CPU controller's values: shares (cgroup v2's weight mapped back as
 * libvirt maps it), and where the controller has CFS bandwidth the period
 * and quota (us; quota -1 for none). */
typedef struct mv_cgroup_cpu {
    unsigned long long shares, period;
    long long quota;
    bool bandwidth;
} mv_cgroup_cpu;
/* Reads them; -1 with libvirt's "cgroup CPU controller is not mounted"
 * under FROM when the controller is missing. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_get_cpu(mv_cgroup *cg, int from, mv_cgroup_cpu *v);
/* Writes the values of V that SHARES, PERIOD and QUOTA name; -1 with an
 * error under FROM. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_set_cpu(mv_cgroup *cg, int from, const mv_cgroup_cpu *v, bool shares, bool period,
                      bool quota);

/* Whether no process is left in it (its child cgroups included). */
MV_PLUGIN_AVAILABLE_IN_1_2
bool mv_cgroup_empty(mv_cgroup *cg);
/* Removes the directories, child cgroups first (busy ones retried for up
 * to a second): 0, or -1 (logged) when one stays. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_remove(mv_cgroup *cg);
/* Freezes or thaws every process (waiting up to a second for the freeze). */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_freeze(mv_cgroup *cg, bool frozen);
/* 1 frozen, 0 not, -1 unknown. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_is_frozen(mv_cgroup *cg);
/* SIGKILL to every process in it or in its child cgroups. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_kill(mv_cgroup *cg);
/* The memory limit (KiB): 0, or -1 with an error. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_set_memory(mv_cgroup *cg, unsigned long long kib);
/* CPU time used (ns) and memory in use (KiB); 0 when unknown. */
MV_PLUGIN_AVAILABLE_IN_1_2
unsigned long long mv_cgroup_cpu_ns(mv_cgroup *cg);
MV_PLUGIN_AVAILABLE_IN_1_2
unsigned long long mv_cgroup_mem_kib(mv_cgroup *cg);

/* --- A guest's thread cgroups (appended in plugin ABI 1.2) ---------------
 * An emulator's threads are told apart as libvirt tells them: each vCPU in
 * a child cgroup "vcpuN" of the guest's, each I/O thread in "iothreadN",
 * every other thread in "emulator"; each child limited on its own (CFS
 * bandwidth, cpuset) and counted on its own (CPU time per host CPU). A
 * child lives in the hierarchies of the cpu, cpuacct and cpuset
 * controllers only (on cgroup v1 each its own directory; memory, pids and
 * the freezer stay the guest's). On cgroup v2 it is a threaded cgroup
 * (cgroup.type "threaded", which makes the guest's a threaded domain) with
 * the cpu and cpuset controllers enabled for it where the guest's cgroup
 * has them, as libvirt makes it; threads move with cgroup.threads. The
 * children are directories inside the guest's: a handle rebuilt with
 * mv_cgroup_from_dirs finds them again by name, mv_cgroup_empty,
 * mv_cgroup_kill and mv_cgroup_remove see and remove them with the guest's
 * cgroup. */

/* The threads a child cgroup holds. */
typedef enum {
    MV_CGROUP_THREAD_VCPU,        /* "vcpuN", N the vCPU's index */
    MV_CGROUP_THREAD_EMULATOR,    /* "emulator" (the id is ignored) */
    MV_CGROUP_THREAD_IOTHREAD,    /* "iothreadN", N the I/O thread's id */
} mv_cgroup_thread;

/* libvirt's name of a child: "vcpu0", "emulator", "iothread1". */
MV_PLUGIN_AVAILABLE_IN_1_2
char *mv_cgroup_thread_name(mv_cgroup_thread kind, unsigned int id);
/* Where child NAME of CG goes (CG's cpu, cpuacct and cpuset directories
 * plus NAME); nothing is created. NULL with an error under FROM when CG
 * has none of the three (libvirt's "cgroup CPU controller is not
 * mounted"). */
MV_PLUGIN_AVAILABLE_IN_1_2
mv_cgroup *mv_cgroup_child_layout(mv_cgroup *cg, int from, const char *name);
/* Child NAME of CG: with CREATE made (an existing one is kept; on v1 its
 * cpuset gets the guest's CPUs and memory nodes, on v2 it is made
 * threaded and the guest's cgroup enables cpu and cpuset for it), else
 * the existing one (an error when it is missing). Free with
 * mv_cgroup_free; NULL with an error under FROM. */
MV_PLUGIN_AVAILABLE_IN_1_2
mv_cgroup *mv_cgroup_child(mv_cgroup *cg, int from, const char *name, bool create);
/* Moves thread TID alone into every directory of CG ("tasks" on v1,
 * "cgroup.threads" on v2); mv_cgroup_add_process moves all the threads
 * of a process, into a threaded v2 child too. 0, or -1 with an error. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_add_thread(mv_cgroup *cg, pid_t tid);
/* CPU time (ns) used on each host CPU (v1 cpuacct.usage_percpu), in a
 * g_malloc'd *NS: the number of CPUs, or -1 with libvirt's "cgroup
 * CPUACCT controller is not mounted" under FROM where there is no such
 * counter (no v1 cpuacct; cgroup v2 keeps none per CPU). */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_percpu_ns(mv_cgroup *cg, int from, unsigned long long **ns);
/* Writes CPUS ("0-2,5") to CG's cpuset.cpus: 0 (also without a cpuset
 * controller, where there is nothing to restrict), or -1 with an error. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_set_cpuset_cpus(mv_cgroup *cg, const char *cpus);

/* --- A running guest's memory tunables (appended in plugin ABI 1.2) ------
 * The limits of <memtune> in the guest's cgroup, as libvirt's
 * virDomainGet/SetMemoryParameters read and write them: hard_limit
 * (memory.limit_in_bytes; cgroup v2 memory.max), soft_limit
 * (memory.soft_limit_in_bytes; memory.high) and swap_hard_limit
 * (memory.memsw.limit_in_bytes; memory.swap.max), in KiB,
 * MV_DOMAIN_MEMORY_UNLIMITED for "no limit". Both fail with libvirt's
 * "cgroup memory controller is not mounted" (VIR_ERR_OPERATION_INVALID)
 * under FROM when CG has no memory controller. */

/* Reads the three limits into M (min_guarantee is left as it is; a v1
 * host without swap accounting reads no swap limit). 0, or -1 with an
 * error. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_get_memtune(mv_cgroup *cg, int from, mv_domain_memtune *m);
/* Writes the limits of WANT that HARD, SOFT and SWAP name, in libvirt's
 * order (soft; hard before swap when it goes down, after it otherwise),
 * each written one copied into LIVE (the running definition's <memtune>,
 * whose hard_limit tells which way it goes). 0, or -1 with an error
 * (those written before it stay written and copied). */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_set_memtune(mv_cgroup *cg, int from, mv_domain_memtune *live,
                          const mv_domain_memtune *want, bool hard, bool soft, bool swap);

/* The calls themselves, for a driver whose guests live in a cgroup, as
 * libvirt's qemu and lxc drivers serve them; call them with OBJ locked, CG
 * the running guest's cgroup (NULL when it has none). The definitions
 * FLAGS name are picked as mv_domain_obj_get_defs picks them, with its
 * errors; a running guest without a memory controller gets libvirt's
 * "cgroup memory controller is not mounted". The reads answer *NPARAMS 0
 * with the count (3 and 6) and otherwise fill at most *NPARAMS: the
 * running guest's values from CG, the persistent ones from the
 * definition. The sets check the parameters (mv_typed_params_validate_*),
 * the memory one the hard limit against the swap limit as libvirt does
 * (both as they are in the running definition unless given), then
 * change CG (mv_cgroup_set_memtune) and the running definition, and the
 * persistent definition; *CHANGED_LIVE and *CHANGED_CONFIG name the
 * definitions the driver must save (NULL when none; set also when a
 * later step failed). The block I/O calls on a running guest without a
 * block I/O controller get libvirt's "blkio cgroup isn't mounted"; with
 * one, its weight is read from CG (mv_cgroup_get_blkio_weight, which may
 * fail as libvirt's does) and the devices from the running definition,
 * and a set writes each parameter to CG, reads it back into the running
 * definition and goes on with the next when one fails; the persistent
 * definition takes every parameter it can (mv_domain_blkiotune_*). 0, or
 * -1 with an error
 * under FROM. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_domain_get_memtune(mv_domain_obj *obj, mv_cgroup *cg, int from,
                                 virTypedParameterPtr params, int *nparams, unsigned int flags);
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_domain_set_memtune(mv_domain_obj *obj, mv_cgroup *cg, int from,
                                 virTypedParameterPtr params, int nparams, unsigned int flags,
                                 mv_domain_def **changed_live, mv_domain_def **changed_config);
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_domain_get_blkiotune(mv_domain_obj *obj, mv_cgroup *cg, int from,
                                   virTypedParameterPtr params, int *nparams, unsigned int flags);
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_domain_set_blkiotune(mv_domain_obj *obj, mv_cgroup *cg, int from,
                                   virTypedParameterPtr params, int nparams, unsigned int flags,
                                   mv_domain_def **changed_live, mv_domain_def **changed_config);

/* --- Block I/O (appended in plugin ABI 1.2) ------------------------------
 * The block I/O controller as libvirt drives it: the guest's weight
 * (blkio.bfq.weight or blkio.weight on v1, io.bfq.weight or io.weight on
 * v2; without one, libvirt's "blkio device weight is valid only for bfq or
 * cfq scheduler"), and per host block device (named by a path, written as
 * its major:minor; a path that is not a block device gets libvirt's
 * "Path '...' must be a block device") a weight (blkio.weight_device,
 * io.weight) and read/write throttles in I/Os and bytes per second
 * (blkio.throttle.*_device, io.max; 0 lifts the throttle). Errors under
 * VIR_FROM_CGROUP, as libvirt's; -1 with an error also when CG has no
 * block I/O controller. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_get_blkio_weight(mv_cgroup *cg, unsigned int *weight);
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_set_blkio_weight(mv_cgroup *cg, unsigned int weight);
/* FIELD (one of the VIR_DOMAIN_BLKIO_DEVICE_* names) of device DEV:
 * written from DEV, or read into DEV (0 when the device has none). */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_set_blkio_device(mv_cgroup *cg, const char *field,
                               const mv_domain_blkio_device *dev);
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_get_blkio_device(mv_cgroup *cg, const char *field, mv_domain_blkio_device *dev);
/* DEF's <blkiotune> applied to a guest being started, as libvirt applies
 * it: nothing to do without one; without a block I/O controller,
 * libvirt's "Block I/O tuning is not available on this host"; else the
 * weight, then each device's given values. 0, or -1 with an error. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_apply_blkiotune(mv_cgroup *cg, const mv_domain_def *def);


/* --- CPU and block I/O statistics (appended in plugin ABI 1.2) -----------
 * What libvirt's virDomainGetCPUStats and virDomainBlockStats read from a
 * guest's cgroup. Errors of the files under VIR_FROM_CGROUP, as libvirt's
 * (a file that cannot be read: "Unable to read from '...'"). */

/* The guest's CPU time in ns: in total (v1 cpuacct.usage, v2 cpu.stat
 * usage_usec), and where USER and SYSTEM are given the user and system
 * time (v1 cpuacct.stat, USER_HZ ticks converted; v2 cpu.stat user_usec,
 * system_usec). 0, or -1 with an error. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_get_cpu_times(mv_cgroup *cg, unsigned long long *total, unsigned long long *user,
                            unsigned long long *system);
/* virDomainGetCPUStats with start_cpu -1, as libvirt's
 * virCgroupGetDomainTotalCpuStats: NPARAMS 0 answers the count (3), else
 * cpu_time, user_time and system_time (at most NPARAMS of them) and how
 * many were filled. Without a cpuacct controller, libvirt's "cgroup
 * CPUACCT controller is not mounted" (VIR_ERR_OPERATION_INVALID) under
 * FROM. -1 with an error. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_total_cpu_stats(mv_cgroup *cg, int from, virTypedParameterPtr params, int nparams);
/* virDomainGetCPUStats per host CPU, as libvirt's virCgroupGetPercpuStats:
 * NPARAMS 0 (NCPUS not 0) answers the parameters per CPU (1, or 2 with
 * VCPUS), NCPUS 0 the host's CPU count; START_CPU past the host's CPUs
 * gets libvirt's "start_cpu %d larger than maximum of %d"; else for each
 * CPU from START_CPU (NCPUS of them, fewer at the host's end) cpu_time
 * from CG's cpuacct.usage_percpu in PARAMS[(cpu - START_CPU) * NPARAMS],
 * and with VCPUS (NVCPUS child cgroups of the guest's vCPUs) and NPARAMS
 * of 2 or more vcpu_time, their sum on that CPU, next to it. Returns the
 * parameters per CPU filled; the cpuacct errors as
 * mv_cgroup_total_cpu_stats's and mv_cgroup_percpu_ns's. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_percpu_stats(mv_cgroup *cg, int from, mv_cgroup *const *vcpus, size_t nvcpus,
                           virTypedParameterPtr params, unsigned int nparams, int start_cpu,
                           unsigned int ncpus);
/* The block I/O the guest did, summed over every device as libvirt's
 * virCgroupGetBlkioIoServiced sums it: bytes and requests read and
 * written (v1: the "Read" and "Write" entries of
 * blkio.throttle.io_service_bytes and blkio.throttle.io_serviced; v2:
 * rbytes, wbytes, rios and wios of io.stat). Without a block I/O
 * controller libvirt's "blkio cgroup isn't mounted". 0, or -1 with an
 * error. */
MV_PLUGIN_AVAILABLE_IN_1_2
int mv_cgroup_get_blkio_stats(mv_cgroup *cg, long long *rd_bytes, long long *wr_bytes,
                              long long *rd_req, long long *wr_req);

#ifdef __cplusplus
}
#endif

#endif
