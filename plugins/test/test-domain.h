/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-domain.h — the hypervisor slots of the test driver,
 * which the hypervisor table in test-plugin.c names: connection and host
 * (test-connect.c), domain life cycle (test-domain.c), and lookups,
 * listing, info, memory, vCPUs, XML and autostart (test-domain-query.c). */
#ifndef MV_TEST_DOMAIN_H
#define MV_TEST_DOMAIN_H

#include "test-state.h"

/* Rejects flags libvirt's test driver does not take, with its message
 * (FUNC is the libvirt function name it reports). */
#define MV_TEST_CHECK_FLAGS(flags, supported, func, failret) \
    do { \
        if (mv_error_check_flags((flags), (unsigned int)(supported), VIR_FROM_TEST, func) < 0) \
            return failret; \
    } while (0)

/* Locks CONN's state and finds DOM's domain; on failure unlocks and
 * returns NULL with the error reported. */
mv_domain_obj *mv_test_dom_lock(virDomainPtr dom, mv_test_state **stp);
/* The same for a domain that runs: else unlocked, "domain is not running". */
mv_domain_obj *mv_test_dom_lock_active(virDomainPtr dom, mv_test_state **stp);
/* "Requested operation is not valid: domain is not running" */
void mv_test_report_not_running(void);

/* What a domain object keeps in its priv (test-domain-guest.c), made with
 * the guest's first state on first use, freed with the object: the
 * guest's clock and frozen filesystems, and the ids of the I/O threads
 * added through virDomainAddIOThread (GArray of unsigned int, or NULL). */
typedef struct mv_test_dom_priv {
    long long seconds;
    unsigned int nseconds;
    bool frozen[2];
    GArray *iothreads;
} mv_test_dom_priv;
mv_test_dom_priv *mv_test_dom_priv_get(mv_domain_obj *d);
void mv_test_dom_priv_free(void *data);

/* test-connect.c */
char *mv_test_connect_uri_probe(void);
mv_open_status mv_test_connect_open(virConnectPtr conn, const mv_uri *uri,
                                    virConnectAuthPtr auth, unsigned int flags);
int mv_test_connect_close(virConnectPtr conn);
int mv_test_connect_get_version(virConnectPtr conn, unsigned long *hvVer);
char *mv_test_connect_get_hostname(virConnectPtr conn);
char *mv_test_connect_get_capabilities(virConnectPtr conn);
int mv_test_connect_get_max_vcpus(virConnectPtr conn, const char *type);
int mv_test_connect_yes(virConnectPtr conn);
int mv_test_connect_no(virConnectPtr conn);
int mv_test_node_get_info(virConnectPtr conn, virNodeInfoPtr info);
unsigned long long mv_test_node_get_free_memory(virConnectPtr conn);
int mv_test_node_get_cells_free_memory(virConnectPtr conn, unsigned long long *mems,
                                       int start, int max);

/* test-domain.c */
virDomainPtr mv_test_domain_create_xml(virConnectPtr conn, const char *xml, unsigned int flags);
virDomainPtr mv_test_domain_define_xml(virConnectPtr conn, const char *xml, unsigned int flags);
int mv_test_domain_undefine(virDomainPtr dom, unsigned int flags);
int mv_test_domain_create(virDomainPtr dom, unsigned int flags);
int mv_test_domain_destroy(virDomainPtr dom, unsigned int flags);
int mv_test_domain_shutdown(virDomainPtr dom, unsigned int flags);
int mv_test_domain_reboot(virDomainPtr dom, unsigned int flags);
int mv_test_domain_suspend(virDomainPtr dom);
int mv_test_domain_resume(virDomainPtr dom);
int mv_test_domain_save(virDomainPtr dom, const char *to, const char *dxml, unsigned int flags);
int mv_test_domain_restore(virConnectPtr conn, const char *from, const char *dxml,
                           unsigned int flags);

/* test-domain-query.c */
int mv_test_list_all_domains(virConnectPtr conn, virDomainPtr **domains, unsigned int flags);
virDomainPtr mv_test_domain_lookup_id(virConnectPtr conn, int id);
virDomainPtr mv_test_domain_lookup_uuid(virConnectPtr conn, const unsigned char *uuid);
virDomainPtr mv_test_domain_lookup_name(virConnectPtr conn, const char *name);
int mv_test_domain_get_info(virDomainPtr dom, virDomainInfoPtr info);
int mv_test_domain_get_state(virDomainPtr dom, int *state, int *reason, unsigned int flags);
char *mv_test_domain_get_os_type(virDomainPtr dom);

/* test-domain-tune.c */
int mv_test_domain_set_memory_parameters(virDomainPtr dom, virTypedParameterPtr params,
                                         int nparams, unsigned int flags);
int mv_test_domain_get_memory_parameters(virDomainPtr dom, virTypedParameterPtr params,
                                         int *nparams, unsigned int flags);
int mv_test_domain_set_blkio_parameters(virDomainPtr dom, virTypedParameterPtr params,
                                        int nparams, unsigned int flags);
int mv_test_domain_get_blkio_parameters(virDomainPtr dom, virTypedParameterPtr params,
                                        int *nparams, unsigned int flags);

/* test-domain-sched.c */
/* test-domain-screenshot.c */
char *mv_test_domain_screenshot(virDomainPtr dom, virStreamPtr st, unsigned int screen,
                                unsigned int flags);

/* test-domain-disks.c */
int mv_test_domain_get_disk_errors(virDomainPtr dom, virDomainDiskErrorPtr errors,
                                   unsigned int maxerrors, unsigned int flags);

/* test-domain-metadata.c */
int mv_test_domain_set_metadata(virDomainPtr dom, int type, const char *metadata,
                                const char *key, const char *uri, unsigned int flags);
char *mv_test_domain_get_metadata(virDomainPtr dom, int type, const char *uri, unsigned int flags);

char *mv_test_domain_get_scheduler_type(virDomainPtr dom, int *nparams);
int mv_test_domain_get_scheduler_params(virDomainPtr dom, virTypedParameterPtr params,
                                        int *nparams, unsigned int flags);
int mv_test_domain_set_scheduler_params(virDomainPtr dom, virTypedParameterPtr params,
                                        int nparams, unsigned int flags);

/* test-domain-stats.c */
int mv_test_domain_memory_stats(virDomainPtr dom, virDomainMemoryStatPtr stats,
                                unsigned int nr_stats, unsigned int flags);
int mv_test_domain_set_memory_stats_period(virDomainPtr dom, int period, unsigned int flags);
int mv_test_domain_block_stats(virDomainPtr dom, const char *path, virDomainBlockStatsPtr stats);
int mv_test_domain_interface_stats(virDomainPtr dom, const char *device,
                                   virDomainInterfaceStatsPtr stats);
int mv_test_domain_get_block_info(virDomainPtr dom, const char *path, virDomainBlockInfoPtr info,
                                  unsigned int flags);
int mv_test_domain_set_block_io_tune(virDomainPtr dom, const char *path,
                                     virTypedParameterPtr params, int nparams, unsigned int flags);
int mv_test_domain_get_block_io_tune(virDomainPtr dom, const char *path,
                                     virTypedParameterPtr params, int *nparams,
                                     unsigned int flags);
int mv_test_connect_get_all_domain_stats(virConnectPtr conn, virDomainPtr *doms,
                                         unsigned int ndoms, unsigned int stats,
                                         virDomainStatsRecordPtr **retStats, unsigned int flags);

/* test-domain-guest.c */
int mv_test_domain_reset(virDomainPtr dom, unsigned int flags);
int mv_test_domain_inject_nmi(virDomainPtr dom, unsigned int flags);
char *mv_test_domain_get_hostname(virDomainPtr dom, unsigned int flags);
int mv_test_domain_get_time(virDomainPtr dom, long long *seconds, unsigned int *nseconds,
                            unsigned int flags);
int mv_test_domain_set_time(virDomainPtr dom, long long seconds, unsigned int nseconds,
                            unsigned int flags);

/* test-domain-managed.c */
int mv_test_domain_managed_save(virDomainPtr dom, unsigned int flags);
int mv_test_domain_has_managed_save(virDomainPtr dom, unsigned int flags);
int mv_test_domain_managed_save_remove(virDomainPtr dom, unsigned int flags);
int mv_test_domain_core_dump(virDomainPtr dom, const char *to, unsigned int flags);
int mv_test_domain_core_dump_format(virDomainPtr dom, const char *to, unsigned int dumpformat,
                                    unsigned int flags);
/* test-domain-vcpu.c */
int mv_test_domain_vcpu_info(virDomainPtr dom, virVcpuInfoPtr info, int maxinfo,
                             unsigned char *cpumaps, int maplen);
int mv_test_domain_pin_vcpu_flags(virDomainPtr dom, unsigned int vcpu, unsigned char *cpumap,
                                  int maplen, unsigned int flags);
int mv_test_domain_get_vcpu_pin_info(virDomainPtr dom, int ncpumaps, unsigned char *cpumaps,
                                     int maplen, unsigned int flags);
int mv_test_domain_pin_emulator(virDomainPtr dom, unsigned char *cpumap, int maplen,
                                unsigned int flags);
/* test-domain-iothread.c */
int mv_test_domain_get_iothread_info(virDomainPtr dom, virDomainIOThreadInfoPtr **info,
                                     unsigned int flags);
int mv_test_domain_pin_iothread(virDomainPtr dom, unsigned int iothread_id,
                                unsigned char *cpumap, int maplen, unsigned int flags);
int mv_test_domain_add_iothread(virDomainPtr dom, unsigned int iothread_id, unsigned int flags);
int mv_test_domain_del_iothread(virDomainPtr dom, unsigned int iothread_id, unsigned int flags);
int mv_test_domain_set_iothread_params(virDomainPtr dom, unsigned int iothread_id,
                                       virTypedParameterPtr params, int nparams,
                                       unsigned int flags);
int mv_test_domain_get_emulator_pin_info(virDomainPtr dom, unsigned char *cpumap, int maplen,
                                         unsigned int flags);
int mv_test_domain_get_cpu_stats(virDomainPtr dom, virTypedParameterPtr params,
                                 unsigned int nparams, int start_cpu, unsigned int ncpus,
                                 unsigned int flags);
int mv_test_node_get_cpu_stats(virConnectPtr conn, int cpuNum, virNodeCPUStatsPtr params,
                               int *nparams, unsigned int flags);
int mv_test_node_get_cpu_map(virConnectPtr conn, unsigned char **cpumap, unsigned int *online,
                             unsigned int flags);
int mv_test_domain_set_user_password(virDomainPtr dom, const char *user, const char *password,
                                     unsigned int flags);
int mv_test_domain_fs_freeze(virDomainPtr dom, const char **mountpoints, unsigned int n,
                             unsigned int flags);
int mv_test_domain_fs_thaw(virDomainPtr dom, const char **mountpoints, unsigned int n,
                           unsigned int flags);
int mv_test_domain_interface_addresses(virDomainPtr dom, virDomainInterfacePtr **ifaces,
                                       unsigned int source, unsigned int flags);
unsigned long long mv_test_domain_get_max_memory(virDomainPtr dom);
int mv_test_domain_set_memory(virDomainPtr dom, unsigned long memory, unsigned int flags);
int mv_test_domain_set_vcpus(virDomainPtr dom, unsigned int nvcpus, unsigned int flags);
int mv_test_domain_get_vcpus(virDomainPtr dom, unsigned int flags);
int mv_test_domain_get_max_vcpus(virDomainPtr dom);
char *mv_test_domain_get_xml(virDomainPtr dom, unsigned int flags);
int mv_test_domain_get_autostart(virDomainPtr dom, int *autostart);
int mv_test_domain_set_autostart(virDomainPtr dom, int autostart);
int mv_test_domain_is_active(virDomainPtr dom);
int mv_test_domain_is_persistent(virDomainPtr dom);
int mv_test_domain_is_updated(virDomainPtr dom);

#endif
