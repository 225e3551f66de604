/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/abi/test-layout.c — pins the plugin ABI: the order of every slot in
 * every driver table, the layout of the descriptor and of core-allocated
 * structs, and the value of every ABI enum. A change that breaks a built
 * plugin fails here; an append updates the list below on purpose. */
#include <modvirt-plugin/plugin.h>
#include <modvirt-plugin/conf-domain.h>
#include <modvirt-plugin/conf-domain-devices.h>
#include <modvirt-plugin/domain-list.h>

#include <glib.h>
#include <stddef.h>

/* Each table: its slots in ABI order, after the leading size_t. */
#define HV_SLOTS(X) \
    X(connectURIProbe) X(connectOpen) X(connectClose) X(connectGetVersion) \
    X(connectGetHostname) X(connectGetCapabilities) X(connectGetDomainCapabilities) \
    X(connectGetMaxVcpus) X(connectIsAlive) X(connectIsSecure) X(connectIsEncrypted) \
    X(nodeGetInfo) X(nodeGetFreeMemory) X(nodeGetCellsFreeMemory) \
    X(connectNumOfDomains) X(connectListDomains) X(connectNumOfDefinedDomains) \
    X(connectListDefinedDomains) X(connectListAllDomains) X(domainLookupByID) \
    X(domainLookupByUUID) X(domainLookupByName) X(domainCreateXML) X(domainDefineXMLFlags) \
    X(domainUndefineFlags) X(domainCreateWithFlags) X(domainDestroyFlags) \
    X(domainShutdownFlags) X(domainReboot) X(domainSuspend) X(domainResume) \
    X(domainSaveFlags) X(domainRestoreFlags) X(domainGetInfo) X(domainGetState) \
    X(domainGetOSType) X(domainGetMaxMemory) X(domainSetMemoryFlags) \
    X(domainSetVcpusFlags) X(domainGetVcpusFlags) X(domainGetMaxVcpus) \
    X(domainGetXMLDesc) X(domainGetAutostart) X(domainSetAutostart) X(domainIsActive) \
    X(domainIsPersistent) X(domainIsUpdated) X(domainOpenConsole) X(connectSetKeepAlive) \
    X(domainReset) X(domainInjectNMI) X(domainGetHostname) X(domainGetTime) X(domainSetTime) \
    X(domainGetSchedulerType) X(domainGetSchedulerParametersFlags) \
    X(domainSetSchedulerParametersFlags) \
    X(domainSetMetadata) X(domainGetMetadata) X(domainGetDiskErrors) \
    X(domainScreenshot) \
    X(domainGetJobInfo) X(domainGetJobStats) X(domainAbortJob) X(domainAbortJobFlags) \
    X(domainManagedSave) X(domainHasManagedSaveImage) X(domainManagedSaveRemove) \
    X(domainManagedSaveGetXMLDesc) X(domainManagedSaveDefineXML) X(domainCoreDump) \
    X(domainCoreDumpWithFormat) \
    X(domainMemoryStats) X(domainSetMemoryStatsPeriod) X(domainBlockStats) \
    X(domainBlockStatsFlags) X(domainInterfaceStats) X(domainGetBlockInfo) \
    X(domainSetBlockIoTune) X(domainGetBlockIoTune) X(connectGetAllDomainStats) \
    X(domainGetVcpus) X(domainPinVcpuFlags) X(domainGetVcpuPinInfo) X(domainPinEmulator) \
    X(domainGetEmulatorPinInfo) X(domainGetCPUStats) X(nodeGetCPUStats) \
    X(nodeGetMemoryStats) X(nodeGetCPUMap) \
    X(domainQemuAgentCommand) X(domainSetUserPassword) \
    X(domainFSFreeze) X(domainFSThaw) \
    X(domainInterfaceAddresses) X(domainGetGuestInfo) \
    X(domainAuthorizedSSHKeysGet) X(domainAuthorizedSSHKeysSet) \
    X(domainSetMemoryParameters) X(domainGetMemoryParameters) X(domainSetBlkioParameters) \
    X(domainGetBlkioParameters) X(domainGetIOThreadInfo) X(domainPinIOThread) \
    X(domainAddIOThread) X(domainDelIOThread) X(domainSetIOThreadParams)

#define NET_SLOTS(X) \
    X(connectOpen) X(connectClose) X(connectNumOfNetworks) X(connectListNetworks) \
    X(connectNumOfDefinedNetworks) X(connectListDefinedNetworks) X(connectListAllNetworks) \
    X(networkLookupByUUID) X(networkLookupByName) X(networkCreateXMLFlags) \
    X(networkDefineXMLFlags) X(networkUndefine) X(networkUpdate) X(networkCreate) \
    X(networkDestroy) X(networkGetXMLDesc) X(networkGetBridgeName) X(networkGetAutostart) \
    X(networkSetAutostart) X(networkIsActive) X(networkIsPersistent) X(networkGetDHCPLeases)

#define STORAGE_SLOTS(X) \
    X(connectOpen) X(connectClose) X(connectNumOfStoragePools) X(connectListStoragePools) \
    X(connectNumOfDefinedStoragePools) X(connectListDefinedStoragePools) \
    X(connectListAllStoragePools) X(connectFindStoragePoolSources) \
    X(storagePoolLookupByName) X(storagePoolLookupByUUID) X(storagePoolLookupByVolume) \
    X(storagePoolLookupByTargetPath) X(storagePoolCreateXML) X(storagePoolDefineXML) \
    X(storagePoolBuild) X(storagePoolUndefine) X(storagePoolCreate) X(storagePoolDestroy) \
    X(storagePoolDelete) X(storagePoolRefresh) X(storagePoolGetInfo) X(storagePoolGetXMLDesc) \
    X(storagePoolGetAutostart) X(storagePoolSetAutostart) X(storagePoolNumOfVolumes) \
    X(storagePoolListVolumes) X(storagePoolListAllVolumes) X(storagePoolIsActive) \
    X(storagePoolIsPersistent) X(storageVolLookupByName) X(storageVolLookupByKey) \
    X(storageVolLookupByPath) X(storageVolCreateXML) X(storageVolCreateXMLFrom) \
    X(storageVolDelete) X(storageVolWipePattern) X(storageVolGetInfoFlags) \
    X(storageVolGetXMLDesc) X(storageVolGetPath) X(storageVolResize) \
    X(storageVolUpload) X(storageVolDownload)

#define IFACE_SLOTS(X) \
    X(connectOpen) X(connectClose) X(connectNumOfInterfaces) X(connectListInterfaces) \
    X(connectNumOfDefinedInterfaces) X(connectListDefinedInterfaces) \
    X(connectListAllInterfaces) X(interfaceLookupByName) X(interfaceLookupByMACString) \
    X(interfaceGetXMLDesc) X(interfaceDefineXML) X(interfaceUndefine) X(interfaceCreate) \
    X(interfaceDestroy) X(interfaceIsActive) X(interfaceChangeBegin) \
    X(interfaceChangeCommit) X(interfaceChangeRollback)

typedef struct { const char *name; size_t offset; } slot_pos;

static void check_table(const char *table, size_t size, const slot_pos *slots, size_t n)
{
    g_assert_cmpuint(sizeof(size_t), ==, sizeof(void *));
    for (size_t i = 0; i < n; i++) {
        if (slots[i].offset != (i + 1) * sizeof(void *))
            g_error("%s.%s moved: offset %zu, ABI says %zu", table, slots[i].name,
                    slots[i].offset, (i + 1) * sizeof(void *));
    }
    if (size != (n + 1) * sizeof(void *))
        g_error("%s has %zu bytes: a slot was added without updating this test "
                "(append it to the list), or removed", table, size);
}

#define CHECK_TABLE(T, LIST) do { \
        const slot_pos slots[] = { LIST(SLOT_##T) }; \
        check_table(#T, sizeof(T), slots, G_N_ELEMENTS(slots)); \
    } while (0)
#define SLOT_mv_hypervisor_driver(f) { #f, offsetof(mv_hypervisor_driver, f) },
#define SLOT_mv_network_driver(f) { #f, offsetof(mv_network_driver, f) },
#define SLOT_mv_storage_driver(f) { #f, offsetof(mv_storage_driver, f) },
#define SLOT_mv_interface_driver(f) { #f, offsetof(mv_interface_driver, f) },

static void test_tables(void)
{
    CHECK_TABLE(mv_hypervisor_driver, HV_SLOTS);
    CHECK_TABLE(mv_network_driver, NET_SLOTS);
    CHECK_TABLE(mv_storage_driver, STORAGE_SLOTS);
    CHECK_TABLE(mv_interface_driver, IFACE_SLOTS);
}

static void test_descriptor(void)
{
    g_assert_cmpuint(offsetof(mv_plugin_descriptor, abi_major), ==, 0);
    g_assert_cmpuint(offsetof(mv_plugin_descriptor, abi_minor), ==, 4);
    g_assert_cmpuint(offsetof(mv_plugin_descriptor, struct_size), ==, 8);
    g_assert_cmpuint(offsetof(mv_plugin_descriptor, name), ==, 16);
    g_assert_cmpuint(offsetof(mv_plugin_descriptor, version), ==, 24);
    g_assert_cmpuint(offsetof(mv_plugin_descriptor, description), ==, 32);
    g_assert_cmpuint(offsetof(mv_plugin_descriptor, license), ==, 40);
    g_assert_cmpuint(offsetof(mv_plugin_descriptor, init), ==, 48);
    g_assert_cmpuint(sizeof(mv_plugin_descriptor), ==, 56);
    g_assert_cmpint(MV_PLUGIN_ABI_MAJOR, ==, 1);
    g_assert_cmpint(MV_PLUGIN_ABI_MINOR, ==, 2);
    g_assert_cmpint(MV_PLUGIN_ABI_MIN_REQUIRED, ==, MV_PLUGIN_ABI_MINOR);
    g_assert_cmpstr(MV_PLUGIN_ENTRY_SYMBOL, ==, "modvirt_plugin_entry");
}

static void test_connect_driver(void)
{
    g_assert_cmpuint(offsetof(mv_connect_driver, size), ==, 0);
    g_assert_cmpuint(offsetof(mv_connect_driver, name), ==, 8);
    g_assert_cmpuint(offsetof(mv_connect_driver, uri_schemes), ==, 16);
    g_assert_cmpuint(offsetof(mv_connect_driver, local_only), ==, 24);
    g_assert_cmpuint(offsetof(mv_connect_driver, hypervisor), ==, 32);
    g_assert_cmpuint(offsetof(mv_connect_driver, network), ==, 40);
    g_assert_cmpuint(offsetof(mv_connect_driver, storage), ==, 48);
    g_assert_cmpuint(offsetof(mv_connect_driver, interface), ==, 56);
    g_assert_cmpuint(offsetof(mv_connect_driver, host_services), ==, 64);   /* 1.2 */
    g_assert_cmpuint(sizeof(mv_connect_driver), ==, 72);
}

/* Core-allocated: plugins read these fields at these offsets. */
static void test_uri(void)
{
    g_assert_cmpuint(offsetof(mv_uri, original), ==, 0);
    g_assert_cmpuint(offsetof(mv_uri, scheme), ==, 8);
    g_assert_cmpuint(offsetof(mv_uri, driver), ==, 16);
    g_assert_cmpuint(offsetof(mv_uri, transport), ==, 24);
    g_assert_cmpuint(offsetof(mv_uri, user), ==, 32);
    g_assert_cmpuint(offsetof(mv_uri, server), ==, 40);
    g_assert_cmpuint(offsetof(mv_uri, port), ==, 48);
    g_assert_cmpuint(offsetof(mv_uri, path), ==, 56);
    g_assert_cmpuint(offsetof(mv_uri, query), ==, 64);
    g_assert_cmpuint(offsetof(mv_uri, fragment), ==, 72);
    g_assert_cmpuint(offsetof(mv_uri, nparams), ==, 80);
    g_assert_cmpuint(offsetof(mv_uri, params), ==, 88);
    g_assert_cmpuint(offsetof(mv_uri_param, name), ==, 0);
    g_assert_cmpuint(offsetof(mv_uri_param, value), ==, 8);
    g_assert_cmpuint(sizeof(mv_uri_param), ==, 16);
}

/* mv_domain_def is core-allocated and only grows: 1.0's last member stays
 * where it was, and 1.1's appended members follow it in order. Their
 * sub-structures are core-allocated too; their members are pinned here. */
static void test_domain_def(void)
{
    g_assert_cmpuint(offsetof(mv_domain_def, devices), ==, 176);
    g_assert_cmpuint(offsetof(mv_domain_def, cputune), ==, 184);   /* 1.1 */
    g_assert_cmpuint(offsetof(mv_domain_def, memtune), ==, 192);   /* 1.1 */
    g_assert_cmpuint(offsetof(mv_domain_def, idmap), ==, 200);     /* 1.1 */
    g_assert_cmpuint(offsetof(mv_domain_def, blkiotune), ==, 208); /* 1.2 */
    g_assert_cmpuint(offsetof(mv_domain_def, iothreads), ==, 216); /* 1.2 */
    g_assert_cmpuint(sizeof(mv_domain_def), ==, 224);
    g_assert_cmpuint(offsetof(mv_domain_cputune, shares_given), ==, 0);
    g_assert_cmpuint(offsetof(mv_domain_cputune, shares), ==, 8);
    g_assert_cmpuint(offsetof(mv_domain_cputune, period), ==, 16);
    g_assert_cmpuint(offsetof(mv_domain_cputune, quota), ==, 24);
    g_assert_cmpuint(offsetof(mv_domain_cputune, global_period), ==, 32);
    g_assert_cmpuint(offsetof(mv_domain_cputune, global_quota), ==, 40);
    g_assert_cmpuint(offsetof(mv_domain_cputune, emulator_period), ==, 48);
    g_assert_cmpuint(offsetof(mv_domain_cputune, emulator_quota), ==, 56);
    g_assert_cmpuint(offsetof(mv_domain_cputune, vcpupin), ==, 64);       /* 1.2 */
    g_assert_cmpuint(offsetof(mv_domain_cputune, nvcpupin), ==, 72);
    g_assert_cmpuint(offsetof(mv_domain_cputune, emulatorpin), ==, 80);
    g_assert_cmpuint(offsetof(mv_domain_cputune, iothread_period), ==, 88);
    g_assert_cmpuint(offsetof(mv_domain_cputune, iothread_quota), ==, 96);
    g_assert_cmpuint(offsetof(mv_domain_iothreads, threads), ==, 0);
    g_assert_cmpuint(offsetof(mv_domain_iothreads, nthreads), ==, 8);
    g_assert_cmpuint(offsetof(mv_domain_iothreads, default_pool_min), ==, 16);
    g_assert_cmpuint(offsetof(mv_domain_iothreads, default_pool_max), ==, 20);
    g_assert_cmpuint(offsetof(mv_domain_iothread, id), ==, 0);
    g_assert_cmpuint(offsetof(mv_domain_iothread, autofill), ==, 4);
    g_assert_cmpuint(offsetof(mv_domain_iothread, thread_pool_min), ==, 8);
    g_assert_cmpuint(offsetof(mv_domain_iothread, thread_pool_max), ==, 12);
    g_assert_cmpuint(offsetof(mv_domain_iothread, cpuset), ==, 16);
    g_assert_cmpuint(sizeof(mv_domain_iothread), ==, 24);   /* drivers g_renew the array */
    g_assert_cmpuint(offsetof(mv_domain_memtune, hard_limit), ==, 0);
    g_assert_cmpuint(offsetof(mv_domain_memtune, soft_limit), ==, 8);
    g_assert_cmpuint(offsetof(mv_domain_memtune, swap_hard_limit), ==, 16);
    g_assert_cmpuint(offsetof(mv_domain_memtune, min_guarantee), ==, 24);
    g_assert_cmpuint(offsetof(mv_domain_idmap, uids), ==, 0);
    g_assert_cmpuint(offsetof(mv_domain_idmap, nuids), ==, 8);
    g_assert_cmpuint(offsetof(mv_domain_idmap, gids), ==, 16);
    g_assert_cmpuint(offsetof(mv_domain_idmap, ngids), ==, 24);
    g_assert_cmpuint(offsetof(mv_domain_idmap_entry, start), ==, 0);
    g_assert_cmpuint(offsetof(mv_domain_idmap_entry, target), ==, 4);
    g_assert_cmpuint(offsetof(mv_domain_idmap_entry, count), ==, 8);
    g_assert_cmpuint(MV_DOMAIN_MEMORY_UNLIMITED, ==, 9007199254740991ULL);
}

/* mv_domain_obj (1.2) is core-allocated and only grows. */
static void test_domain_obj(void)
{
    g_assert_cmpuint(offsetof(mv_domain_obj, def), ==, 0);
    g_assert_cmpuint(offsetof(mv_domain_obj, new_def), ==, 8);
    g_assert_cmpuint(offsetof(mv_domain_obj, persistent), ==, 16);
    g_assert_cmpuint(offsetof(mv_domain_obj, removed), ==, 20);
    g_assert_cmpuint(offsetof(mv_domain_obj, state), ==, 24);
    g_assert_cmpuint(offsetof(mv_domain_obj, reason), ==, 28);
    g_assert_cmpuint(offsetof(mv_domain_obj, autostart), ==, 32);
    g_assert_cmpuint(offsetof(mv_domain_obj, has_managed_save), ==, 36);
    g_assert_cmpuint(offsetof(mv_domain_obj, nsnapshots), ==, 40);
    g_assert_cmpuint(offsetof(mv_domain_obj, ncheckpoints), ==, 44);
    g_assert_cmpuint(offsetof(mv_domain_obj, priv), ==, 48);
    g_assert_cmpuint(MV_DOMAIN_LIST_ADD_LIVE, ==, 1);
    g_assert_cmpuint(MV_DOMAIN_LIST_ADD_CHECK_LIVE, ==, 2);
}

/* mv_domain_xmlopt is plugin-allocated: the core reads `size` bytes of it. */
static void test_domain_xmlopt(void)
{
    g_assert_cmpuint(offsetof(mv_domain_xmlopt, size), ==, 0);
    g_assert_cmpuint(offsetof(mv_domain_xmlopt, virt_types), ==, 8);
    g_assert_cmpuint(offsetof(mv_domain_xmlopt, default_arch), ==, 16);
    g_assert_cmpuint(offsetof(mv_domain_xmlopt, default_machine), ==, 24);
    g_assert_cmpuint(offsetof(mv_domain_xmlopt, default_emulator), ==, 32);
    g_assert_cmpuint(offsetof(mv_domain_xmlopt, default_os_type), ==, 40);
    g_assert_cmpuint(offsetof(mv_domain_xmlopt, mac_prefix), ==, 48);
    g_assert_cmpuint(offsetof(mv_domain_xmlopt, post_parse), ==, 56);
    g_assert_cmpuint(offsetof(mv_domain_xmlopt, opaque), ==, 64);
    g_assert_cmpuint(offsetof(mv_domain_xmlopt, default_video), ==, 72);   /* 1.2 */
    g_assert_cmpuint(sizeof(mv_domain_xmlopt), ==, 80);
}

static void test_enums(void)
{
    g_assert_cmpint(MV_OPEN_SUCCESS, ==, 0);
    g_assert_cmpint(MV_OPEN_ERROR, ==, -1);
    g_assert_cmpint(MV_OPEN_DECLINED, ==, -2);
    g_assert_cmpint(MV_DRIVER_HYPERVISOR, ==, 0);
    g_assert_cmpint(MV_DRIVER_NETWORK, ==, 1);
    g_assert_cmpint(MV_DRIVER_STORAGE, ==, 2);
    g_assert_cmpint(MV_DRIVER_INTERFACE, ==, 3);
    g_assert_cmpint(MV_PATH_CONFIG, ==, 0);
    g_assert_cmpint(MV_PATH_STATE, ==, 1);
    g_assert_cmpint(MV_PATH_RUN, ==, 2);
    g_assert_cmpint(MV_PATH_LOG, ==, 3);
    g_assert_cmpint(MV_PATH_CACHE, ==, 4);
    g_assert_cmpint(MV_LOG_DEBUG, ==, 1);
    g_assert_cmpint(MV_LOG_INFO, ==, 2);
    g_assert_cmpint(MV_LOG_WARN, ==, 3);
    g_assert_cmpint(MV_LOG_ERROR, ==, 4);
}

/* mv_domain_disk_def is core-allocated and only grows: <iotune> (1.2)
 * follows 1.0's last member; its values keep their indexes. */
static void test_disk_iotune(void)
{
    g_assert_cmpuint(offsetof(mv_domain_disk_def, info), ==, 80);
    g_assert_cmpuint(offsetof(mv_domain_disk_def, iotune), ==, 88);
    g_assert_cmpuint(offsetof(mv_domain_iotune, v), ==, 0);
    g_assert_cmpuint(offsetof(mv_domain_iotune, group_name), ==, 152);
    g_assert_cmpuint(offsetof(mv_domain_disk_def, iothread), ==, 248);   /* 1.2 */
    g_assert_cmpint(MV_DOMAIN_IOTUNE_SIZE_IOPS_SEC, ==, 12);
    g_assert_cmpint(MV_DOMAIN_IOTUNE_WRITE_IOPS_SEC_MAX_LENGTH, ==, 18);
    g_assert_cmpint(MV_DOMAIN_IOTUNE_NVALUES, ==, 19);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/abi/domain-def", test_domain_def);
    g_test_add_func("/abi/domain-xmlopt", test_domain_xmlopt);
    g_test_add_func("/abi/domain-obj", test_domain_obj);
    g_test_add_func("/abi/tables", test_tables);
    g_test_add_func("/abi/descriptor", test_descriptor);
    g_test_add_func("/abi/connect-driver", test_connect_driver);
    g_test_add_func("/abi/uri", test_uri);
    g_test_add_func("/abi/enums", test_enums);
    g_test_add_func("/abi/disk-iotune", test_disk_iotune);
    return g_test_run();
}
