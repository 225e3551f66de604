/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-plugin.c — the qemu plugin's descriptor and its
 * connect driver for qemu:/// URIs. Networks, storage and host interfaces
 * of these connections come from the host-wide drivers other plugins
 * register (bridge-net, storage-dir). */
#include "qemu-driver.h"

#include <modvirt-plugin/host-cpu.h>

static mv_open_status qemu_open(virConnectPtr conn, const mv_uri *uri, virConnectAuthPtr auth,
                                unsigned int flags)
{
    (void)auth;
    return mv_qemu_connect_open(conn, uri, flags);
}

const mv_hypervisor_driver mv_qemu_hypervisor = {
    .size = sizeof(mv_hypervisor_driver),
    .connectOpen = qemu_open,
    .connectClose = mv_qemu_connect_close,
    .connectGetVersion = mv_qemu_connect_get_version,
    .connectGetHostname = mv_qemu_connect_get_hostname,
    .connectGetCapabilities = mv_qemu_connect_get_capabilities,
    .connectGetDomainCapabilities = mv_qemu_connect_get_domain_capabilities,
    .connectGetMaxVcpus = mv_qemu_connect_get_max_vcpus,
    .nodeGetInfo = mv_qemu_node_get_info,
    .nodeGetCPUStats = mv_host_cpu_stats,
    .nodeGetMemoryStats = mv_host_memory_stats,
    .nodeGetCPUMap = mv_host_cpu_map,
    .domainGetVcpus = mv_qemu_domain_vcpu_info,
    .domainPinVcpuFlags = mv_qemu_domain_pin_vcpu_flags,
    .domainGetVcpuPinInfo = mv_qemu_domain_get_vcpu_pin_info,
    .domainPinEmulator = mv_qemu_domain_pin_emulator,
    .domainGetEmulatorPinInfo = mv_qemu_domain_get_emulator_pin_info,
    .domainGetIOThreadInfo = mv_qemu_domain_get_iothread_info,
    .domainPinIOThread = mv_qemu_domain_pin_iothread,
    .domainAddIOThread = mv_qemu_domain_add_iothread,
    .domainDelIOThread = mv_qemu_domain_del_iothread,
    .domainSetIOThreadParams = mv_qemu_domain_set_iothread_params,
    .domainGetCPUStats = mv_qemu_domain_get_cpu_stats,
    .domainGetSchedulerType = mv_qemu_get_scheduler_type,
    .domainGetSchedulerParametersFlags = mv_qemu_get_scheduler_params,
    .domainSetSchedulerParametersFlags = mv_qemu_set_scheduler_params,
    .domainSetMemoryParameters = mv_qemu_set_memory_params,
    .domainGetMemoryParameters = mv_qemu_get_memory_params,
    .domainSetBlkioParameters = mv_qemu_set_blkio_params,
    .domainGetBlkioParameters = mv_qemu_get_blkio_params,
    .connectListAllDomains = mv_qemu_list_all_domains,
    .domainLookupByID = mv_qemu_domain_lookup_id,
    .domainLookupByUUID = mv_qemu_domain_lookup_uuid,
    .domainLookupByName = mv_qemu_domain_lookup_name,
    .domainCreateXML = mv_qemu_domain_create_xml,
    .domainDefineXMLFlags = mv_qemu_domain_define_xml,
    .domainUndefineFlags = mv_qemu_domain_undefine,
    .domainCreateWithFlags = mv_qemu_domain_create,
    .domainDestroyFlags = mv_qemu_domain_destroy,
    .domainShutdownFlags = mv_qemu_domain_shutdown,
    .domainReboot = mv_qemu_domain_reboot,
    .domainReset = mv_qemu_domain_reset,
    .domainInjectNMI = mv_qemu_domain_inject_nmi,
    .domainBlockStats = mv_qemu_domain_block_stats,
    .domainBlockStatsFlags = mv_qemu_domain_block_stats_flags,
    .domainInterfaceStats = mv_qemu_domain_interface_stats,
    .domainMemoryStats = mv_qemu_domain_memory_stats,
    .connectGetAllDomainStats = mv_qemu_connect_get_all_domain_stats,
    .domainGetBlockInfo = mv_qemu_domain_get_block_info,
    .domainSetMemoryStatsPeriod = mv_qemu_domain_set_memory_stats_period,
    .domainGetBlockIoTune = mv_qemu_domain_get_block_io_tune,
    .domainSetBlockIoTune = mv_qemu_domain_set_block_io_tune,
    .domainGetHostname = mv_qemu_domain_get_hostname,
    .domainGetTime = mv_qemu_domain_get_time,
    .domainSetTime = mv_qemu_domain_set_time,
    .domainSetMetadata = mv_qemu_domain_set_metadata,
    .domainGetMetadata = mv_qemu_domain_get_metadata,
    .domainGetDiskErrors = mv_qemu_domain_get_disk_errors,
    .domainScreenshot = mv_qemu_domain_screenshot,
    .domainQemuAgentCommand = mv_qemu_domain_qemu_agent_command,
    .domainSetUserPassword = mv_qemu_domain_set_user_password,
    .domainFSFreeze = mv_qemu_domain_fs_freeze,
    .domainFSThaw = mv_qemu_domain_fs_thaw,
    .domainInterfaceAddresses = mv_qemu_domain_interface_addresses,
    .domainGetGuestInfo = mv_qemu_domain_get_guest_info,
    .domainAuthorizedSSHKeysGet = mv_qemu_domain_ssh_keys_get,
    .domainAuthorizedSSHKeysSet = mv_qemu_domain_ssh_keys_set,
    .domainSuspend = mv_qemu_domain_suspend,
    .domainResume = mv_qemu_domain_resume,
    .domainSaveFlags = mv_qemu_domain_save,
    .domainRestoreFlags = mv_qemu_domain_restore,
    .domainGetJobInfo = mv_qemu_domain_get_job_info,
    .domainGetJobStats = mv_qemu_domain_get_job_stats,
    .domainAbortJob = mv_qemu_domain_abort_job,
    .domainAbortJobFlags = mv_qemu_domain_abort_job_flags,
    .domainManagedSave = mv_qemu_domain_managed_save,
    .domainHasManagedSaveImage = mv_qemu_domain_has_managed_save,
    .domainManagedSaveRemove = mv_qemu_domain_managed_save_remove,
    .domainManagedSaveGetXMLDesc = mv_qemu_domain_managed_save_get_xml,
    .domainManagedSaveDefineXML = mv_qemu_domain_managed_save_define_xml,
    .domainCoreDump = mv_qemu_domain_core_dump,
    .domainCoreDumpWithFormat = mv_qemu_domain_core_dump_format,
    .domainGetInfo = mv_qemu_domain_get_info,
    .domainGetState = mv_qemu_domain_get_state,
    .domainGetOSType = mv_qemu_domain_get_os_type,
    .domainGetMaxMemory = mv_qemu_domain_get_max_memory,
    .domainSetMemoryFlags = mv_qemu_domain_set_memory,
    .domainSetVcpusFlags = mv_qemu_domain_set_vcpus,
    .domainGetVcpusFlags = mv_qemu_domain_get_vcpus,
    .domainGetMaxVcpus = mv_qemu_domain_get_max_vcpus,
    .domainGetXMLDesc = mv_qemu_domain_get_xml,
    .domainGetAutostart = mv_qemu_domain_get_autostart,
    .domainSetAutostart = mv_qemu_domain_set_autostart,
    .domainIsActive = mv_qemu_domain_is_active,
    .domainIsPersistent = mv_qemu_domain_is_persistent,
    .domainIsUpdated = mv_qemu_domain_is_updated,
    .domainOpenConsole = mv_qemu_domain_open_console,
};

static const char *const qemu_schemes[] = { "qemu", NULL };

static const mv_connect_driver qemu_connect = {
    .size = sizeof(mv_connect_driver),
    .name = "QEMU",
    .uri_schemes = qemu_schemes,
    .local_only = 1,
    .hypervisor = &mv_qemu_hypervisor,
    /* Pools, volumes, networks and interfaces come from the host's
     * drivers (storage-dir, bridge-net) for the same root. */
    .host_services = 1,
};

static int qemu_init(mv_plugin_ctx *ctx)
{
    return mv_plugin_register_connect(ctx, &qemu_connect);
}

static const mv_plugin_descriptor qemu_descriptor = {
    MV_PLUGIN_DESCRIPTOR_HEADER,
    .name = "qemu",
    .version = MV_QEMU_VERSION,
    .description = "QEMU virtual machines over QMP (qemu:///system, qemu:///session, "
                   "qemu:///embed?root=DIR)",
    .license = "LGPL-2.1-or-later",
    .init = qemu_init,
};

MV_PLUGIN_DEFINE(qemu_descriptor)
