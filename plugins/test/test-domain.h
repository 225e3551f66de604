/* plugins/test/test-domain.h — the domain slots of the test driver, split
 * between test-domain.c (life cycle) and test-domain-query.c (lookups,
 * listing, info, memory, vCPUs, XML, autostart), and gathered into the
 * hypervisor table by MV_TEST_DOMAIN_SLOTS (test-connect.c). */
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
mv_test_dom *mv_test_dom_lock(virDomainPtr dom, mv_test_state **stp);
/* "Requested operation is not valid: domain is not running" */
void mv_test_report_not_running(void);

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

#define MV_TEST_DOMAIN_SLOTS \
    .connectListAllDomains = mv_test_list_all_domains, \
    .domainLookupByID = mv_test_domain_lookup_id, \
    .domainLookupByUUID = mv_test_domain_lookup_uuid, \
    .domainLookupByName = mv_test_domain_lookup_name, \
    .domainCreateXML = mv_test_domain_create_xml, \
    .domainDefineXMLFlags = mv_test_domain_define_xml, \
    .domainUndefineFlags = mv_test_domain_undefine, \
    .domainCreateWithFlags = mv_test_domain_create, \
    .domainDestroyFlags = mv_test_domain_destroy, \
    .domainShutdownFlags = mv_test_domain_shutdown, \
    .domainReboot = mv_test_domain_reboot, \
    .domainSuspend = mv_test_domain_suspend, \
    .domainResume = mv_test_domain_resume, \
    .domainSaveFlags = mv_test_domain_save, \
    .domainRestoreFlags = mv_test_domain_restore, \
    .domainGetInfo = mv_test_domain_get_info, \
    .domainGetState = mv_test_domain_get_state, \
    .domainGetOSType = mv_test_domain_get_os_type, \
    .domainGetMaxMemory = mv_test_domain_get_max_memory, \
    .domainSetMemoryFlags = mv_test_domain_set_memory, \
    .domainSetVcpusFlags = mv_test_domain_set_vcpus, \
    .domainGetVcpusFlags = mv_test_domain_get_vcpus, \
    .domainGetMaxVcpus = mv_test_domain_get_max_vcpus, \
    .domainGetXMLDesc = mv_test_domain_get_xml, \
    .domainGetAutostart = mv_test_domain_get_autostart, \
    .domainSetAutostart = mv_test_domain_set_autostart, \
    .domainIsActive = mv_test_domain_is_active, \
    .domainIsPersistent = mv_test_domain_is_persistent, \
    .domainIsUpdated = mv_test_domain_is_updated,

#endif
