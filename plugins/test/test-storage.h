/* plugins/test/test-storage.h — what the test driver's pool and volume
 * files share: finding pools (with libvirt's errors), the active check, and
 * the volume slots the storage table (in test-storage-pool.c) points at. */
#ifndef MV_TEST_STORAGE_H
#define MV_TEST_STORAGE_H

#include "test-state.h"

/* By name, with "no storage pool with matching name" reported. */
mv_test_pool *mv_test_pool_find_name(mv_test_state *st, const char *name);
/* 0 when POOL is active, else -1 with "storage pool 'x' is not active". */
int mv_test_pool_check_active(const mv_test_pool *pool);

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
