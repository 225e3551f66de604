/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-storage.h — what the test driver's pool and volume
 * files share: finding pools (with libvirt's errors), the active check, and
 * the pool and volume slots the storage table in test-plugin.c names. */
#ifndef MV_TEST_STORAGE_H
#define MV_TEST_STORAGE_H

#include "test-state.h"

/* By name, with "no storage pool with matching name" reported. */
mv_test_pool *mv_test_pool_find_name(mv_test_state *st, const char *name);
/* 0 when POOL is active, else -1 with "storage pool 'x' is not active". */
int mv_test_pool_check_active(const mv_test_pool *pool);

/* test-storage-pool.c */
int mv_test_list_all_pools(virConnectPtr conn, virStoragePoolPtr **pools, unsigned int flags);
virStoragePoolPtr mv_test_lookup_pool_name(virConnectPtr conn, const char *name);
virStoragePoolPtr mv_test_lookup_pool_uuid(virConnectPtr conn, const unsigned char *uuid);
virStoragePoolPtr mv_test_lookup_pool_volume(virStorageVolPtr vol);
virStoragePoolPtr mv_test_create_pool(virConnectPtr conn, const char *xml, unsigned int flags);
virStoragePoolPtr mv_test_define_pool(virConnectPtr conn, const char *xml, unsigned int flags);
int mv_test_build_pool(virStoragePoolPtr pool, unsigned int flags);
int mv_test_undefine_pool(virStoragePoolPtr pool);
int mv_test_start_pool(virStoragePoolPtr pool, unsigned int flags);
int mv_test_destroy_pool(virStoragePoolPtr pool);
int mv_test_delete_pool(virStoragePoolPtr pool, unsigned int flags);
int mv_test_refresh_pool(virStoragePoolPtr pool, unsigned int flags);
int mv_test_pool_info(virStoragePoolPtr pool, virStoragePoolInfoPtr info);
char *mv_test_pool_xml(virStoragePoolPtr pool, unsigned int flags);
int mv_test_pool_get_autostart(virStoragePoolPtr pool, int *autostart);
int mv_test_pool_set_autostart(virStoragePoolPtr pool, int autostart);
int mv_test_pool_is_active(virStoragePoolPtr pool);
int mv_test_pool_is_persistent(virStoragePoolPtr pool);

/* test-storage-vol.c, test-storage-sources.c */
virStorageVolPtr mv_test_vol_lookup_name(virStoragePoolPtr pool, const char *name);
virStorageVolPtr mv_test_vol_lookup_key(virConnectPtr conn, const char *key);
virStorageVolPtr mv_test_vol_lookup_path(virConnectPtr conn, const char *path);
virStorageVolPtr mv_test_vol_create(virStoragePoolPtr pool, const char *xml, unsigned int flags);
virStorageVolPtr mv_test_vol_clone(virStoragePoolPtr pool, const char *xml,
                                   virStorageVolPtr clonevol, unsigned int flags);
int mv_test_vol_delete(virStorageVolPtr vol, unsigned int flags);
int mv_test_vol_wipe(virStorageVolPtr vol, unsigned int algorithm, unsigned int flags);
int mv_test_vol_get_info(virStorageVolPtr vol, virStorageVolInfoPtr info, unsigned int flags);
char *mv_test_vol_xml(virStorageVolPtr vol, unsigned int flags);
char *mv_test_vol_path(virStorageVolPtr vol);
int mv_test_vol_resize(virStorageVolPtr vol, unsigned long long capacity, unsigned int flags);
int mv_test_vol_count(virStoragePoolPtr pool);
int mv_test_vol_list(virStoragePoolPtr pool, char **const names, int max);
int mv_test_vol_list_all(virStoragePoolPtr pool, virStorageVolPtr **vols, unsigned int flags);
char *mv_test_pool_find_sources(virConnectPtr conn, const char *type, const char *spec,
                                unsigned int flags);

#endif
