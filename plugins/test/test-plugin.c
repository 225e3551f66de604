/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-plugin.c — the test plugin's descriptor and every
 * driver table it registers: one connect driver for test:/// URIs with its
 * own hypervisor, network, storage and interface tables. Each slot names
 * the function that implements it (declared in the header of its file). */
#include "test-domain.h"
#include "test-interface.h"
#include "test-network.h"
#include "test-storage.h"

static const mv_hypervisor_driver test_hypervisor = {
    .size = sizeof(mv_hypervisor_driver),
    .connectURIProbe = mv_test_connect_uri_probe,
    .connectOpen = mv_test_connect_open,
    .connectClose = mv_test_connect_close,
    .connectGetVersion = mv_test_connect_get_version,
    .connectGetHostname = mv_test_connect_get_hostname,
    .connectGetCapabilities = mv_test_connect_get_capabilities,
    .connectGetMaxVcpus = mv_test_connect_get_max_vcpus,
    .connectIsAlive = mv_test_connect_yes,
    .connectIsSecure = mv_test_connect_yes,
    .connectIsEncrypted = mv_test_connect_no,
    .nodeGetInfo = mv_test_node_get_info,
    .nodeGetFreeMemory = mv_test_node_get_free_memory,
    .nodeGetCellsFreeMemory = mv_test_node_get_cells_free_memory,
    .connectListAllDomains = mv_test_list_all_domains,
    .domainLookupByID = mv_test_domain_lookup_id,
    .domainLookupByUUID = mv_test_domain_lookup_uuid,
    .domainLookupByName = mv_test_domain_lookup_name,
    .domainCreateXML = mv_test_domain_create_xml,
    .domainDefineXMLFlags = mv_test_domain_define_xml,
    .domainUndefineFlags = mv_test_domain_undefine,
    .domainCreateWithFlags = mv_test_domain_create,
    .domainDestroyFlags = mv_test_domain_destroy,
    .domainShutdownFlags = mv_test_domain_shutdown,
    .domainReboot = mv_test_domain_reboot,
    .domainSuspend = mv_test_domain_suspend,
    .domainResume = mv_test_domain_resume,
    .domainSaveFlags = mv_test_domain_save,
    .domainRestoreFlags = mv_test_domain_restore,
    .domainGetInfo = mv_test_domain_get_info,
    .domainGetState = mv_test_domain_get_state,
    .domainGetOSType = mv_test_domain_get_os_type,
    .domainGetMaxMemory = mv_test_domain_get_max_memory,
    .domainSetMemoryFlags = mv_test_domain_set_memory,
    .domainSetVcpusFlags = mv_test_domain_set_vcpus,
    .domainGetVcpusFlags = mv_test_domain_get_vcpus,
    .domainGetMaxVcpus = mv_test_domain_get_max_vcpus,
    .domainGetXMLDesc = mv_test_domain_get_xml,
    .domainGetAutostart = mv_test_domain_get_autostart,
    .domainSetAutostart = mv_test_domain_set_autostart,
    .domainIsActive = mv_test_domain_is_active,
    .domainIsPersistent = mv_test_domain_is_persistent,
    .domainIsUpdated = mv_test_domain_is_updated,
    .domainReset = mv_test_domain_reset,
    .domainInjectNMI = mv_test_domain_inject_nmi,
    .domainGetHostname = mv_test_domain_get_hostname,
    .domainGetTime = mv_test_domain_get_time,
    .domainSetTime = mv_test_domain_set_time,
    .domainSetUserPassword = mv_test_domain_set_user_password,
    .domainGetSchedulerType = mv_test_domain_get_scheduler_type,
    .domainGetSchedulerParametersFlags = mv_test_domain_get_scheduler_params,
    .domainSetSchedulerParametersFlags = mv_test_domain_set_scheduler_params,
    .domainSetMetadata = mv_test_domain_set_metadata,
    .domainGetMetadata = mv_test_domain_get_metadata,
    .domainGetDiskErrors = mv_test_domain_get_disk_errors,
    .domainScreenshot = mv_test_domain_screenshot,
};

/* libvirt's test driver has no DHCP leases call: networkGetDHCPLeases stays
 * NULL, so the core reports VIR_ERR_NO_SUPPORT as libvirt does. */
static const mv_network_driver test_network = {
    .size = sizeof(mv_network_driver),
    .connectNumOfNetworks = mv_test_num_active_networks,
    .connectListNetworks = mv_test_list_active_networks,
    .connectNumOfDefinedNetworks = mv_test_num_inactive_networks,
    .connectListDefinedNetworks = mv_test_list_inactive_networks,
    .connectListAllNetworks = mv_test_list_all_networks,
    .networkLookupByUUID = mv_test_lookup_network_uuid,
    .networkLookupByName = mv_test_lookup_network_name,
    .networkCreateXMLFlags = mv_test_create_network,
    .networkDefineXMLFlags = mv_test_define_network,
    .networkUndefine = mv_test_undefine_network,
    .networkUpdate = mv_test_update_network,
    .networkCreate = mv_test_start_network,
    .networkDestroy = mv_test_destroy_network,
    .networkGetXMLDesc = mv_test_network_xml,
    .networkGetBridgeName = mv_test_network_bridge,
    .networkGetAutostart = mv_test_network_get_autostart,
    .networkSetAutostart = mv_test_network_set_autostart,
    .networkIsActive = mv_test_network_is_active,
    .networkIsPersistent = mv_test_network_is_persistent,
};

/* storagePoolLookupByTargetPath stays NULL: libvirt's test driver has none. */
static const mv_storage_driver test_storage = {
    .size = sizeof(mv_storage_driver),
    .connectListAllStoragePools = mv_test_list_all_pools,
    .connectFindStoragePoolSources = mv_test_pool_find_sources,
    .storagePoolLookupByName = mv_test_lookup_pool_name,
    .storagePoolLookupByUUID = mv_test_lookup_pool_uuid,
    .storagePoolLookupByVolume = mv_test_lookup_pool_volume,
    .storagePoolCreateXML = mv_test_create_pool,
    .storagePoolDefineXML = mv_test_define_pool,
    .storagePoolBuild = mv_test_build_pool,
    .storagePoolUndefine = mv_test_undefine_pool,
    .storagePoolCreate = mv_test_start_pool,
    .storagePoolDestroy = mv_test_destroy_pool,
    .storagePoolDelete = mv_test_delete_pool,
    .storagePoolRefresh = mv_test_refresh_pool,
    .storagePoolGetInfo = mv_test_pool_info,
    .storagePoolGetXMLDesc = mv_test_pool_xml,
    .storagePoolGetAutostart = mv_test_pool_get_autostart,
    .storagePoolSetAutostart = mv_test_pool_set_autostart,
    .storagePoolNumOfVolumes = mv_test_vol_count,
    .storagePoolListVolumes = mv_test_vol_list,
    .storagePoolListAllVolumes = mv_test_vol_list_all,
    .storagePoolIsActive = mv_test_pool_is_active,
    .storagePoolIsPersistent = mv_test_pool_is_persistent,
    .storageVolLookupByName = mv_test_vol_lookup_name,
    .storageVolLookupByKey = mv_test_vol_lookup_key,
    .storageVolLookupByPath = mv_test_vol_lookup_path,
    .storageVolCreateXML = mv_test_vol_create,
    .storageVolCreateXMLFrom = mv_test_vol_clone,
    .storageVolDelete = mv_test_vol_delete,
    .storageVolWipePattern = mv_test_vol_wipe,
    .storageVolGetInfoFlags = mv_test_vol_get_info,
    .storageVolGetXMLDesc = mv_test_vol_xml,
    .storageVolGetPath = mv_test_vol_path,
    .storageVolResize = mv_test_vol_resize,
};

static const mv_interface_driver test_interface = {
    .size = sizeof(mv_interface_driver),
    .connectNumOfInterfaces = mv_test_num_active_ifaces,
    .connectListInterfaces = mv_test_list_active_ifaces,
    .connectNumOfDefinedInterfaces = mv_test_num_inactive_ifaces,
    .connectListDefinedInterfaces = mv_test_list_inactive_ifaces,
    .connectListAllInterfaces = mv_test_list_all_ifaces,
    .interfaceLookupByName = mv_test_lookup_iface_name,
    .interfaceLookupByMACString = mv_test_lookup_iface_mac,
    .interfaceGetXMLDesc = mv_test_iface_xml,
    .interfaceDefineXML = mv_test_define_iface,
    .interfaceUndefine = mv_test_undefine_iface,
    .interfaceCreate = mv_test_start_iface,
    .interfaceDestroy = mv_test_stop_iface,
    .interfaceIsActive = mv_test_iface_is_active,
    .interfaceChangeBegin = mv_test_iface_begin,
    .interfaceChangeCommit = mv_test_iface_commit,
    .interfaceChangeRollback = mv_test_iface_rollback,
};

static const char *const test_schemes[] = { "test", NULL };

static const mv_connect_driver test_connect = {
    .size = sizeof(mv_connect_driver),
    .name = "TEST",
    .uri_schemes = test_schemes,
    .local_only = 1,
    .hypervisor = &test_hypervisor,
    .network = &test_network,
    .storage = &test_storage,
    .interface = &test_interface,
};

static int test_init(mv_plugin_ctx *ctx)
{
    return mv_plugin_register_connect(ctx, &test_connect);
}

static const mv_plugin_descriptor test_descriptor = {
    MV_PLUGIN_DESCRIPTOR_HEADER,
    .name = "test",
    .version = MV_TEST_VERSION,
    .description = "in-memory test driver (test:///default, test:///PATH.xml)",
    .license = "LGPL-2.1-or-later",
    .init = test_init,
};

MV_PLUGIN_DEFINE(test_descriptor)
