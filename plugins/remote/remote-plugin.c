/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/remote/remote-plugin.c — the remote plugin's descriptor and
 * driver tables: one connect driver for the "remote" scheme, which the core
 * gives every URI naming a transport or a host and, outside the daemon, the
 * system and session URIs of every driver. Every slot sends its call to the
 * daemon: the generated stubs, and the hand-written slots of remote.h. The
 * shared drivers relay a per-driver daemon's networks, volumes and
 * interfaces to the daemon serving them (remote-shared.c). */
#include "remote.h"

/* As libvirt's client: a destroyed domain's handle reports no id. */
static int remote_domain_destroy_flags(virDomainPtr dom, unsigned int flags)
{
    if (mv_remote_slot_domainDestroyFlags(dom, flags) < 0)
        return -1;
    mv_domain_set_id(dom, -1);
    return 0;
}

/* Not const: the destroy slot is put in at init, over the generated one. */
static mv_hypervisor_driver remote_hypervisor = {
    .size = sizeof(mv_hypervisor_driver),
    MV_REMOTE_HYPERVISOR_SLOTS
    .connectOpen = mv_remote_connect_open,
    .connectClose = mv_remote_connect_close,
    .connectIsAlive = mv_remote_connect_is_alive,
    .connectSetKeepAlive = mv_remote_connect_set_keep_alive,
    .connectIsEncrypted = mv_remote_connect_is_encrypted,
    .domainCreateWithFlags = mv_remote_domain_create_with_flags,
    .domainOpenConsole = mv_remote_domain_open_console,
    .domainGetSchedulerType = mv_remote_domain_get_scheduler_type,
    .domainGetDiskErrors = mv_remote_domain_get_disk_errors,
    .domainFSFreeze = mv_remote_domain_fs_freeze,
    .domainFSThaw = mv_remote_domain_fs_thaw,
    .domainInterfaceAddresses = mv_remote_domain_interface_addresses,
    .domainGetIOThreadInfo = mv_remote_domain_get_iothread_info,
    .domainPinIOThread = mv_remote_domain_pin_iothread,
    .domainSetIOThreadParams = mv_remote_domain_set_iothread_params,
    .domainGetGuestInfo = mv_remote_domain_get_guest_info,
    .domainAuthorizedSSHKeysGet = mv_remote_domain_authorized_ssh_keys_get,
    .domainAuthorizedSSHKeysSet = mv_remote_domain_authorized_ssh_keys_set,
    .domainScreenshot = mv_remote_domain_screenshot,
    .domainQemuAgentCommand = mv_remote_domain_qemu_agent_command,
    .domainGetSchedulerParametersFlags = mv_remote_domain_get_scheduler_params,
    .domainSetSchedulerParametersFlags = mv_remote_domain_set_scheduler_params,
    .domainGetJobStats = mv_remote_domain_get_job_stats,
    .domainBlockStats = mv_remote_domain_block_stats,
    .domainInterfaceStats = mv_remote_domain_interface_stats,
    .domainBlockStatsFlags = mv_remote_domain_block_stats_flags,
    .domainGetBlockIoTune = mv_remote_domain_get_block_io_tune,
    .domainSetBlockIoTune = mv_remote_domain_set_block_io_tune,
    .domainSetMemoryParameters = mv_remote_domain_set_memory_parameters,
    .domainGetMemoryParameters = mv_remote_domain_get_memory_parameters,
    .domainSetBlkioParameters = mv_remote_domain_set_blkio_parameters,
    .domainGetBlkioParameters = mv_remote_domain_get_blkio_parameters,
    .connectGetAllDomainStats = mv_remote_connect_get_all_domain_stats,
    .domainGetVcpus = mv_remote_domain_get_vcpus,
    .domainPinVcpuFlags = mv_remote_domain_pin_vcpu_flags,
    .domainGetVcpuPinInfo = mv_remote_domain_get_vcpu_pin_info,
    .domainPinEmulator = mv_remote_domain_pin_emulator,
    .domainGetEmulatorPinInfo = mv_remote_domain_get_emulator_pin_info,
    .domainGetCPUStats = mv_remote_domain_get_cpu_stats,
    .nodeGetCPUStats = mv_remote_node_get_cpu_stats,
    .nodeGetMemoryStats = mv_remote_node_get_memory_stats,
    .nodeGetCPUMap = mv_remote_node_get_cpu_map,
};

static const mv_network_driver remote_network = {
    .size = sizeof(mv_network_driver),
    MV_REMOTE_NETWORK_SLOTS
};

static const mv_storage_driver remote_storage = {
    .size = sizeof(mv_storage_driver),
    MV_REMOTE_STORAGE_SLOTS
    .storageVolUpload = mv_remote_vol_upload,
    .storageVolDownload = mv_remote_vol_download,
};

static const mv_interface_driver remote_interface = {
    .size = sizeof(mv_interface_driver),
    MV_REMOTE_INTERFACE_SLOTS
};

static const char *const remote_schemes[] = { MV_REMOTE_SCHEME, NULL };

/* The name is what a connection reports until the daemon has said its own
 * type (virConnectGetType answers the daemon's). */
static const mv_connect_driver remote_connect = {
    .size = sizeof(mv_connect_driver),
    .name = "remote",
    .uri_schemes = remote_schemes,
    .local_only = 0,
    .hypervisor = &remote_hypervisor,
    .network = &remote_network,
    .storage = &remote_storage,
    .interface = &remote_interface,
};

static int remote_init(mv_plugin_ctx *ctx)
{
    remote_hypervisor.domainDestroyFlags = remote_domain_destroy_flags;
    remote_hypervisor.connectIsSecure = mv_remote_connect_is_secure;
    if (mv_plugin_register_connect(ctx, &remote_connect) < 0 ||
        mv_plugin_register_shared_network(ctx, &mv_remote_relay_network) < 0 ||
        mv_plugin_register_shared_storage(ctx, &mv_remote_relay_storage) < 0)
        return -1;
    return mv_plugin_register_shared_interface(ctx, &mv_remote_relay_interface);
}

static const mv_plugin_descriptor remote_descriptor = {
    MV_PLUGIN_DESCRIPTOR_HEADER,
    .name = "remote",
    .version = MV_REMOTE_VERSION,
    .description = "libvirt's remote protocol: modvirtd and libvirtd over unix sockets",
    .license = "LGPL-2.1-or-later",
    .init = remote_init,
};

MV_PLUGIN_DEFINE(remote_descriptor)
