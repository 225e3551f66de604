/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/storage-dir/sdir-plugin.c — the plugin's descriptor, its driver
 * tables and its two registrations: a connect driver for storage:///system
 * and storage:///embed?root=DIR (no domains), and the same storage table as
 * the host-wide storage driver, which the core offers to the local
 * connections of every hypervisor driver that asks for host services (qemu,
 * lxc, a third party's). Each slot names the function that implements it;
 * sdir.h says which file holds each. */
#include "sdir.h"

mv_open_status mv_sdir_storage_open(virConnectPtr conn, const mv_uri *uri, unsigned int flags)
{
    if (uri->server || uri->transport)
        return MV_OPEN_DECLINED;
    mv_sdir_state *st = mv_sdir_state_acquire(uri, (flags & VIR_CONNECT_RO) != 0);
    if (!st)
        return MV_OPEN_ERROR;
    mv_connect_set_private(conn, MV_DRIVER_STORAGE, st);
    mv_connect_set_event_source(conn, MV_DRIVER_STORAGE, st->events);
    return MV_OPEN_SUCCESS;
}

int mv_sdir_storage_close(virConnectPtr conn)
{
    mv_sdir_state *st = mv_connect_get_private(conn, MV_DRIVER_STORAGE);
    mv_connect_set_private(conn, MV_DRIVER_STORAGE, NULL);
    mv_sdir_state_release(st);
    return 0;
}

/* The list calls without their own slot fall back to ListAll in the core. */
static const mv_storage_driver sdir_storage = {
    .size = sizeof(mv_storage_driver),
    .connectOpen = mv_sdir_storage_open,
    .connectClose = mv_sdir_storage_close,
    .connectListAllStoragePools = mv_sdir_pool_list_all,
    .storagePoolLookupByName = mv_sdir_pool_lookup_name,
    .storagePoolLookupByUUID = mv_sdir_pool_lookup_uuid,
    .storagePoolLookupByVolume = mv_sdir_pool_lookup_volume,
    .storagePoolLookupByTargetPath = mv_sdir_pool_lookup_path,
    .storagePoolCreateXML = mv_sdir_pool_create_xml,
    .storagePoolDefineXML = mv_sdir_pool_define,
    .storagePoolBuild = mv_sdir_pool_build,
    .storagePoolUndefine = mv_sdir_pool_undefine,
    .storagePoolCreate = mv_sdir_pool_start_slot,
    .storagePoolDestroy = mv_sdir_pool_destroy,
    .storagePoolDelete = mv_sdir_pool_delete,
    .storagePoolRefresh = mv_sdir_pool_refresh_slot,
    .storagePoolGetInfo = mv_sdir_pool_get_info,
    .storagePoolGetXMLDesc = mv_sdir_pool_get_xml,
    .storagePoolGetAutostart = mv_sdir_pool_get_autostart,
    .storagePoolSetAutostart = mv_sdir_pool_set_autostart,
    .storagePoolListAllVolumes = mv_sdir_vol_list_all,
    .storagePoolIsActive = mv_sdir_pool_is_active,
    .storagePoolIsPersistent = mv_sdir_pool_is_persistent,
    .storageVolLookupByName = mv_sdir_vol_lookup_name,
    .storageVolLookupByKey = mv_sdir_vol_lookup_key,
    .storageVolLookupByPath = mv_sdir_vol_lookup_path,
    .storageVolCreateXML = mv_sdir_vol_create,
    .storageVolCreateXMLFrom = mv_sdir_vol_clone,
    .storageVolDelete = mv_sdir_vol_delete,
    .storageVolWipePattern = mv_sdir_vol_wipe,
    .storageVolGetInfoFlags = mv_sdir_vol_get_info,
    .storageVolGetXMLDesc = mv_sdir_vol_get_xml,
    .storageVolGetPath = mv_sdir_vol_get_path,
    .storageVolResize = mv_sdir_vol_resize,
    .storageVolUpload = mv_sdir_vol_upload,
    .storageVolDownload = mv_sdir_vol_download,
};

static const char *const sdir_schemes[] = { "storage", NULL };

static const mv_connect_driver sdir_connect = {
    .size = sizeof(mv_connect_driver),
    .name = "STORAGE",
    .uri_schemes = sdir_schemes,
    .local_only = 1,
    /* No hypervisor table: the core serves SCHEME:///system and
     * SCHEME:///embed?root=DIR and opens the tables below. */
    .storage = &sdir_storage,
};

static int sdir_init(mv_plugin_ctx *ctx)
{
    if (mv_plugin_register_connect(ctx, &sdir_connect) < 0)
        return -1;
    return mv_plugin_register_shared_storage(ctx, &sdir_storage);
}

static const mv_plugin_descriptor sdir_descriptor = {
    MV_PLUGIN_DESCRIPTOR_HEADER,
    .name = "storage-dir",
    .version = MV_SDIR_VERSION,
    .description = "directory storage pools (storage:///system, storage:///embed?root=DIR; "
                   "host-wide storage of local hypervisors)",
    .license = "LGPL-2.1-or-later",
    .init = sdir_init,
};

MV_PLUGIN_DEFINE(sdir_descriptor)
