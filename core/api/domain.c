/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/api/domain.c — the virDomain* entry points and the domain listing
 * calls on a connection: argument and read-only checks as libvirt makes
 * them, then the hypervisor driver's slot. */
#include "core/api/api-internal.h"

#include <limits.h>
#include <string.h>

#define MV_FROM_THIS VIR_FROM_DOMAIN

/* The handle */

virConnectPtr virDomainGetConnect(virDomainPtr domain)
{
    MV_API_DOMAIN(domain, NULL);
    return conn_;
}

int virDomainRef(virDomainPtr domain)
{
    MV_API_DOMAIN(domain, -1);
    return mv_api_object_ref(domain);
}

int virDomainFree(virDomainPtr domain)
{
    MV_API_DOMAIN(domain, -1);
    return mv_api_object_unref(domain);
}

const char *virDomainGetName(virDomainPtr domain)
{
    MV_API_DOMAIN(domain, NULL);
    return domain->name;
}

int virDomainGetUUID(virDomainPtr domain, unsigned char *uuid)
{
    MV_API_DOMAIN(domain, -1);
    MV_API_NONNULL(uuid, -1);
    return mv_api_uuid_get(domain->uuid, uuid);
}

int virDomainGetUUIDString(virDomainPtr domain, char *buf)
{
    MV_API_DOMAIN(domain, -1);
    MV_API_NONNULL(buf, -1);
    return mv_api_uuid_string_get(domain->uuid, buf);
}

unsigned int virDomainGetID(virDomainPtr domain)
{
    MV_API_DOMAIN(domain, (unsigned int)-1);
    return (unsigned int)g_atomic_int_get(&domain->id);
}

/* Listing */

int virConnectListDomains(virConnectPtr conn, int *ids, int maxids)
{
    MV_API_CONN(conn, -1);
    MV_API_NAMES_ARGS(ids, maxids);
    if (conn->hv->connectListDomains || !conn->hv->connectListAllDomains)
        MV_API_DISPATCH_INT(hv, connectListDomains, (conn, ids, maxids));
    virDomainPtr *list = NULL;
    int n = conn->hv->connectListAllDomains(conn, &list, VIR_CONNECT_LIST_DOMAINS_ACTIVE);
    return mv_api_list_ids(conn, list, n, ids, maxids);
}

/* The NumOf and List calls use the driver's own slot when it has one,
 * otherwise its ListAll slot. */

int virConnectNumOfDomains(virConnectPtr conn)
{
    MV_API_CONN(conn, -1);
    if (conn->hv->connectNumOfDomains || !conn->hv->connectListAllDomains)
        MV_API_DISPATCH_INT(hv, connectNumOfDomains, (conn));
    virDomainPtr *list = NULL;
    int n = conn->hv->connectListAllDomains(conn, &list, VIR_CONNECT_LIST_DOMAINS_ACTIVE);
    return mv_api_list_names(conn, (void **)list, n, NULL, G_MAXINT);
}

int virConnectNumOfDefinedDomains(virConnectPtr conn)
{
    MV_API_CONN(conn, -1);
    if (conn->hv->connectNumOfDefinedDomains || !conn->hv->connectListAllDomains)
        MV_API_DISPATCH_INT(hv, connectNumOfDefinedDomains, (conn));
    virDomainPtr *list = NULL;
    int n = conn->hv->connectListAllDomains(conn, &list, VIR_CONNECT_LIST_DOMAINS_INACTIVE);
    return mv_api_list_names(conn, (void **)list, n, NULL, G_MAXINT);
}

int virConnectListDefinedDomains(virConnectPtr conn, char **const names, int maxnames)
{
    MV_API_CONN(conn, -1);
    MV_API_NAMES_ARGS(names, maxnames);
    if (conn->hv->connectListDefinedDomains || !conn->hv->connectListAllDomains)
        MV_API_DISPATCH_INT(hv, connectListDefinedDomains, (conn, names, maxnames));
    virDomainPtr *list = NULL;
    int n = conn->hv->connectListAllDomains(conn, &list, VIR_CONNECT_LIST_DOMAINS_INACTIVE);
    return mv_api_list_names(conn, (void **)list, n, names, maxnames);
}

int virConnectListAllDomains(virConnectPtr conn, virDomainPtr **domains, unsigned int flags)
{
    if (domains)
        *domains = NULL;
    MV_API_CALL_INT(MV_API_CONN, conn, MV_RO, hv, connectListAllDomains, (conn, domains, flags));
}

/* Lookups */

virDomainPtr virDomainLookupByID(virConnectPtr conn, int id)
{
    MV_API_CONN(conn, NULL);
    if (id < 0) {
        mv_api_bad_arg(conn, MV_FROM_THIS, __func__, "id in %s must be zero or greater", __func__);
        return NULL;
    }
    MV_API_DISPATCH(hv, domainLookupByID, (conn, id), NULL);
}

virDomainPtr virDomainLookupByUUID(virConnectPtr conn, const unsigned char *uuid)
{
    MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RO, uuid, hv, domainLookupByUUID, (conn, uuid));
}

virDomainPtr virDomainLookupByName(virConnectPtr conn, const char *name)
{
    MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RO, name, hv, domainLookupByName, (conn, name));
}

virDomainPtr virDomainLookupByUUIDString(virConnectPtr conn, const char *uuidstr)
{
    unsigned char uuid[VIR_UUID_BUFLEN];

    MV_API_CONN(conn, NULL);
    MV_API_NONNULL(uuidstr, NULL);
    if (!mv_api_uuid_parse(conn, MV_FROM_THIS, __func__, uuidstr, uuid, "Invalid UUID"))
        return NULL;
    return virDomainLookupByUUID(conn, uuid);
}

/* Life cycle */

virDomainPtr virDomainCreateXML(virConnectPtr conn, const char *xmlDesc, unsigned int flags)
{
    MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RW, xmlDesc, hv, domainCreateXML,
                        (conn, xmlDesc, flags));
}

/* A call without flags is its Flags variant with 0: drivers have only the
 * slot with flags. */

virDomainPtr virDomainDefineXML(virConnectPtr conn, const char *xml)
{
    MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RW, xml, hv, domainDefineXMLFlags, (conn, xml, 0));
}

virDomainPtr virDomainDefineXMLFlags(virConnectPtr conn, const char *xml, unsigned int flags)
{
    MV_API_CALL_PTR_ARG(MV_API_CONN, conn, MV_RW, xml, hv, domainDefineXMLFlags,
                        (conn, xml, flags));
}

int virDomainUndefine(virDomainPtr domain)
{
    MV_API_CALL_INT(MV_API_DOMAIN, domain, MV_RW, hv, domainUndefineFlags, (domain, 0));
}

int virDomainUndefineFlags(virDomainPtr domain, unsigned int flags)
{
    MV_API_CALL_INT(MV_API_DOMAIN, domain, MV_RW, hv, domainUndefineFlags, (domain, flags));
}

int virDomainCreate(virDomainPtr domain)
{
    MV_API_CALL_INT(MV_API_DOMAIN, domain, MV_RW, hv, domainCreateWithFlags, (domain, 0));
}

int virDomainCreateWithFlags(virDomainPtr domain, unsigned int flags)
{
    MV_API_CALL_INT(MV_API_DOMAIN, domain, MV_RW, hv, domainCreateWithFlags, (domain, flags));
}

int virDomainDestroy(virDomainPtr domain)
{
    MV_API_CALL_INT(MV_API_DOMAIN, domain, MV_RW, hv, domainDestroyFlags, (domain, 0));
}

int virDomainDestroyFlags(virDomainPtr domain, unsigned int flags)
{
    MV_API_CALL_INT(MV_API_DOMAIN, domain, MV_RW, hv, domainDestroyFlags, (domain, flags));
}

int virDomainShutdown(virDomainPtr domain)
{
    MV_API_CALL_INT(MV_API_DOMAIN, domain, MV_RW, hv, domainShutdownFlags, (domain, 0));
}

int virDomainShutdownFlags(virDomainPtr domain, unsigned int flags)
{
    MV_API_CALL_INT(MV_API_DOMAIN, domain, MV_RW, hv, domainShutdownFlags, (domain, flags));
}

int virDomainReboot(virDomainPtr domain, unsigned int flags)
{
    MV_API_CALL_INT(MV_API_DOMAIN, domain, MV_RW, hv, domainReboot, (domain, flags));
}

int virDomainReset(virDomainPtr domain, unsigned int flags)
{
    MV_API_CALL_INT(MV_API_DOMAIN, domain, MV_RW, hv, domainReset, (domain, flags));
}

int virDomainInjectNMI(virDomainPtr domain, unsigned int flags)
{
    MV_API_CALL_INT(MV_API_DOMAIN, domain, MV_RW, hv, domainInjectNMI, (domain, flags));
}

/* The guest's own answers come from inside it (its agent), which libvirt
 * keeps from read-only connections. */
char *virDomainGetHostname(virDomainPtr domain, unsigned int flags)
{
    MV_API_CALL_PTR(MV_API_DOMAIN, domain, MV_RW, hv, domainGetHostname, (domain, flags));
}

int virDomainGetTime(virDomainPtr dom, long long *seconds, unsigned int *nseconds,
                     unsigned int flags)
{
    MV_API_CALL_INT(MV_API_DOMAIN, dom, MV_RW, hv, domainGetTime, (dom, seconds, nseconds, flags));
}

int virDomainSetTime(virDomainPtr dom, long long seconds, unsigned int nseconds,
                     unsigned int flags)
{
    MV_API_CALL_INT(MV_API_DOMAIN, dom, MV_RW, hv, domainSetTime, (dom, seconds, nseconds, flags));
}

int virDomainSetUserPassword(virDomainPtr dom, const char *user, const char *password,
                             unsigned int flags)
{
    MV_API_DOMAIN(dom, -1);
    MV_API_WRITABLE(-1);
    MV_API_NONNULL(user, -1);
    MV_API_NONNULL(password, -1);
    MV_API_DISPATCH_INT(hv, domainSetUserPassword, (dom, user, password, flags));
}

int virDomainFSFreeze(virDomainPtr dom, const char **mountpoints, unsigned int nmountpoints,
                      unsigned int flags)
{
    MV_API_DOMAIN(dom, -1);
    MV_API_WRITABLE(-1);
    if (!mountpoints && nmountpoints > 0) {
        mv_api_null_arg(conn_, MV_FROM_THIS, "mountpoints", __func__);
        return -1;
    }
    MV_API_DISPATCH_INT(hv, domainFSFreeze, (dom, mountpoints, nmountpoints, flags));
}

int virDomainFSThaw(virDomainPtr dom, const char **mountpoints, unsigned int nmountpoints,
                    unsigned int flags)
{
    MV_API_DOMAIN(dom, -1);
    MV_API_WRITABLE(-1);
    if (!mountpoints && nmountpoints > 0) {
        mv_api_null_arg(conn_, MV_FROM_THIS, "mountpoints", __func__);
        return -1;
    }
    MV_API_DISPATCH_INT(hv, domainFSThaw, (dom, mountpoints, nmountpoints, flags));
}

int virDomainInterfaceAddresses(virDomainPtr dom, virDomainInterfacePtr **ifaces,
                                unsigned int source, unsigned int flags)
{
    if (ifaces)
        *ifaces = NULL;
    MV_API_DOMAIN(dom, -1);
    /* Only the agent's answer needs a writable connection. */
    if (source == VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT)
        MV_API_WRITABLE(-1);
    MV_API_NONNULL(ifaces, -1);
    MV_API_DISPATCH_INT(hv, domainInterfaceAddresses, (dom, ifaces, source, flags));
}

int virDomainGetGuestInfo(virDomainPtr domain, unsigned int types,
                          virTypedParameterPtr *params, int *nparams, unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    MV_API_WRITABLE(-1);
    MV_API_NONNULL(params, -1);
    MV_API_NONNULL(nparams, -1);
    MV_API_DISPATCH_INT(hv, domainGetGuestInfo, (domain, types, params, nparams, flags));
}

int virDomainAuthorizedSSHKeysGet(virDomainPtr domain, const char *user, char ***keys,
                                  unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    MV_API_NONNULL(user, -1);
    MV_API_NONNULL(keys, -1);
    MV_API_WRITABLE(-1);
    MV_API_DISPATCH_INT(hv, domainAuthorizedSSHKeysGet, (domain, user, keys, flags));
}

int virDomainAuthorizedSSHKeysSet(virDomainPtr domain, const char *user, const char **keys,
                                  unsigned int nkeys, unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    MV_API_NONNULL(user, -1);
    if ((flags & (VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_APPEND |
                  VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_REMOVE)) && !keys && nkeys > 0) {
        mv_api_null_arg(conn_, MV_FROM_THIS, "keys", __func__);
        return -1;
    }
    if (MV_API_EXCLUSIVE(conn_, flags, VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_APPEND,
                         VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_REMOVE, __func__))
        return -1;
    MV_API_WRITABLE(-1);
    MV_API_DISPATCH_INT(hv, domainAuthorizedSSHKeysSet, (domain, user, keys, nkeys, flags));
}

void virDomainInterfaceFree(virDomainInterfacePtr iface)
{
    if (!iface)
        return;
    for (unsigned int i = 0; i < iface->naddrs; i++)
        free(iface->addrs[i].addr);
    free(iface->addrs);
    free(iface->name);
    free(iface->hwaddr);
    free(iface);
}

int virDomainSuspend(virDomainPtr domain)
{
    MV_API_CALL_INT(MV_API_DOMAIN, domain, MV_RW, hv, domainSuspend, (domain));
}

int virDomainResume(virDomainPtr domain)
{
    MV_API_CALL_INT(MV_API_DOMAIN, domain, MV_RW, hv, domainResume, (domain));
}

int virDomainGetDiskErrors(virDomainPtr dom, virDomainDiskErrorPtr errors, unsigned int maxerrors,
                           unsigned int flags)
{
    MV_API_DOMAIN(dom, -1);
    if (maxerrors && !errors) {
        mv_api_null_arg(conn_, MV_FROM_THIS, "errors", __func__);
        return -1;
    }
    if (!maxerrors && errors) {
        mv_api_bad_arg(conn_, MV_FROM_THIS, __func__, "errors in %s must be NULL", __func__);
        return -1;
    }
    MV_API_DISPATCH_INT(hv, domainGetDiskErrors, (dom, errors, maxerrors, flags));
}

/* libvirt's checks of URI and KEY for a metadata TYPE: none for the
 * title and description, a namespace (and, to set an element, a key)
 * for an element. */
static bool metadata_args_ok(virConnectPtr conn, int type, const char *uri, const char *key,
                             bool setting, const char *func)
{
    if (type == VIR_DOMAIN_METADATA_TITLE || type == VIR_DOMAIN_METADATA_DESCRIPTION) {
        const char *given = uri ? "uri" : setting && key ? "key" : NULL;
        if (given) {
            mv_api_bad_arg(conn, MV_FROM_THIS, func, "%s in %s must be NULL", given, func);
            return false;
        }
    } else if (type == VIR_DOMAIN_METADATA_ELEMENT) {
        if (!uri || (setting && !key)) {
            mv_api_null_arg(conn, MV_FROM_THIS, !uri ? "uri" : "key", func);
            return false;
        }
    }
    return true;
}

int virDomainSetMetadata(virDomainPtr domain, int type, const char *metadata, const char *key,
                         const char *uri, unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    MV_API_WRITABLE(-1);
    if (type == VIR_DOMAIN_METADATA_TITLE && metadata && strchr(metadata, '\n')) {
        mv_api_bad_arg(conn_, MV_FROM_THIS, __func__, "metadata title can't contain newlines");
        return -1;
    }
    if (!metadata_args_ok(conn_, type, uri, key,
                          type != VIR_DOMAIN_METADATA_ELEMENT || metadata, __func__))
        return -1;
    MV_API_DISPATCH_INT(hv, domainSetMetadata, (domain, type, metadata, key, uri, flags));
}

char *virDomainGetMetadata(virDomainPtr domain, int type, const char *uri, unsigned int flags)
{
    MV_API_DOMAIN(domain, NULL);
    if (MV_API_EXCLUSIVE(conn_, flags, VIR_DOMAIN_AFFECT_LIVE, VIR_DOMAIN_AFFECT_CONFIG, __func__) ||
        !metadata_args_ok(conn_, type, uri, NULL, false, __func__))
        return NULL;
    MV_API_DISPATCH(hv, domainGetMetadata, (domain, type, uri, flags), NULL);
}

/* Save and restore. Drivers get an absolute path, as libvirt's do: the
 * file may be written by another process with another working directory.
 * DOM is NULL for a restore. */
static int mv_domain_save_restore(virConnectPtr conn, virDomainPtr dom, const char *path,
                                  const char *dxml, unsigned int flags, const char *func)
{
    if (mv_api_denied(conn, MV_FROM_THIS, func))
        return -1;
    if (!path) {
        mv_api_null_arg(conn, MV_FROM_THIS, dom ? "to" : "from", func);
        return -1;
    }
    if (MV_API_EXCLUSIVE(conn, flags, VIR_DOMAIN_SAVE_RUNNING, VIR_DOMAIN_SAVE_PAUSED, func))
        return -1;
    if (dom ? !conn->hv->domainSaveFlags : !conn->hv->domainRestoreFlags) {
        mv_api_unsupported(conn, MV_FROM_THIS, func);
        return -1;
    }
    g_autofree char *abs = g_canonicalize_filename(path, NULL);
    int ret = dom ? conn->hv->domainSaveFlags(dom, abs, dxml, flags)
                  : conn->hv->domainRestoreFlags(conn, abs, dxml, flags);
    if (ret < 0) {
        mv_error_dispatch(conn);
        return -1;
    }
    return ret;
}

int virDomainSave(virDomainPtr domain, const char *to)
{
    MV_API_DOMAIN(domain, -1);
    return mv_domain_save_restore(conn_, domain, to, NULL, 0, __func__);
}

int virDomainSaveFlags(virDomainPtr domain, const char *to, const char *dxml, unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    return mv_domain_save_restore(conn_, domain, to, dxml, flags, __func__);
}

int virDomainRestore(virConnectPtr conn, const char *from)
{
    MV_API_CONN(conn, -1);
    return mv_domain_save_restore(conn_, NULL, from, NULL, 0, __func__);
}

int virDomainRestoreFlags(virConnectPtr conn, const char *from, const char *dxml,
                          unsigned int flags)
{
    MV_API_CONN(conn, -1);
    return mv_domain_save_restore(conn_, NULL, from, dxml, flags, __func__);
}

/* State */

int virDomainGetInfo(virDomainPtr domain, virDomainInfoPtr info)
{
    MV_API_DOMAIN(domain, -1);
    MV_API_NONNULL(info, -1);
    memset(info, 0, sizeof(*info));
    MV_API_DISPATCH_INT(hv, domainGetInfo, (domain, info));
}

int virDomainGetState(virDomainPtr domain, int *state, int *reason, unsigned int flags)
{
    MV_API_CALL_INT_ARG(MV_API_DOMAIN, domain, MV_RO, state, hv, domainGetState,
                        (domain, state, reason, flags));
}

char *virDomainGetOSType(virDomainPtr domain)
{
    MV_API_CALL_PTR(MV_API_DOMAIN, domain, MV_RO, hv, domainGetOSType, (domain));
}

char *virDomainGetXMLDesc(virDomainPtr domain, unsigned int flags)
{
    MV_API_DOMAIN(domain, NULL);
    if ((conn_->flags & VIR_CONNECT_RO) && (flags & VIR_DOMAIN_XML_SECURE)) {
        mv_error_report(MV_FROM_THIS, VIR_ERR_OPERATION_DENIED, "%s",
                        "virDomainGetXMLDesc with secure flag");
        mv_error_dispatch(conn_);
        return NULL;
    }
    MV_API_DISPATCH(hv, domainGetXMLDesc, (domain, flags), NULL);
}

int virDomainIsActive(virDomainPtr domain)
{
    MV_API_CALL_INT(MV_API_DOMAIN, domain, MV_RO, hv, domainIsActive, (domain));
}

int virDomainIsPersistent(virDomainPtr domain)
{
    MV_API_CALL_INT(MV_API_DOMAIN, domain, MV_RO, hv, domainIsPersistent, (domain));
}

int virDomainIsUpdated(virDomainPtr domain)
{
    MV_API_CALL_INT(MV_API_DOMAIN, domain, MV_RO, hv, domainIsUpdated, (domain));
}

int virDomainGetAutostart(virDomainPtr domain, int *autostart)
{
    MV_API_CALL_INT_ARG(MV_API_DOMAIN, domain, MV_RO, autostart, hv, domainGetAutostart,
                        (domain, autostart));
}

int virDomainSetAutostart(virDomainPtr domain, int autostart)
{
    MV_API_CALL_INT(MV_API_DOMAIN, domain, MV_RW, hv, domainSetAutostart, (domain, autostart));
}

/* Memory */

unsigned long virDomainGetMaxMemory(virDomainPtr domain)
{
    MV_API_DOMAIN(domain, 0);
    if (!conn_->hv->domainGetMaxMemory) {
        mv_api_unsupported(conn_, MV_FROM_THIS, __func__);
        return 0;
    }
    unsigned long long ret = conn_->hv->domainGetMaxMemory(domain);
    if (ret != 0 && (unsigned long)ret != ret)
        mv_error_report(MV_FROM_THIS, VIR_ERR_OVERFLOW, "result too large: %llu", ret);
    else if (ret != 0)
        return (unsigned long)ret;
    mv_error_dispatch(conn_);
    return 0;
}

/* What the memory and vCPU setters check first: a writable connection and
 * a non-zero amount (its parameter named WHAT). */
static bool mv_domain_set_refused(virConnectPtr conn, unsigned long value, const char *what,
                                  const char *func)
{
    if (mv_api_denied(conn, MV_FROM_THIS, func))
        return true;
    if (value != 0)
        return false;
    mv_api_bad_arg(conn, MV_FROM_THIS, func, "%s in %s must not be zero", what, func);
    return true;
}

static int mv_domain_set_memory(virConnectPtr conn, virDomainPtr dom, unsigned long memory,
                                unsigned int flags, const char *func)
{
    if (mv_domain_set_refused(conn, memory, "memory", func))
        return -1;
    /* libvirt's bound: sizes in KiB must fit in a signed 64-bit byte count. */
    if ((unsigned long long)memory >= LLONG_MAX / 1024) {
        mv_error_report(MV_FROM_THIS, VIR_ERR_OVERFLOW, "input too large: %lu", memory);
        mv_error_dispatch(conn);
        return -1;
    }
    virConnectPtr conn_ = conn;
    MV_API_DISPATCH_INT(hv, domainSetMemoryFlags, (dom, memory, flags));
}

int virDomainSetMaxMemory(virDomainPtr domain, unsigned long memory)
{
    MV_API_DOMAIN(domain, -1);
    return mv_domain_set_memory(conn_, domain, memory, VIR_DOMAIN_MEM_MAXIMUM, __func__);
}

int virDomainSetMemory(virDomainPtr domain, unsigned long memory)
{
    MV_API_DOMAIN(domain, -1);
    return mv_domain_set_memory(conn_, domain, memory, VIR_DOMAIN_AFFECT_LIVE, __func__);
}

int virDomainSetMemoryFlags(virDomainPtr domain, unsigned long memory, unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    return mv_domain_set_memory(conn_, domain, memory, flags, __func__);
}

/* Virtual CPUs */

static int mv_domain_set_vcpus(virConnectPtr conn, virDomainPtr dom, unsigned int nvcpus,
                               unsigned int flags, const char *func)
{
    if (mv_domain_set_refused(conn, nvcpus, "nvcpus", func))
        return -1;
    if ((flags & VIR_DOMAIN_VCPU_MAXIMUM) && !(flags & VIR_DOMAIN_AFFECT_CONFIG)) {
        mv_api_bad_arg(conn, MV_FROM_THIS, func, "Flag '%s' is required by flag '%s'",
                       "VIR_DOMAIN_AFFECT_CONFIG", "VIR_DOMAIN_VCPU_MAXIMUM");
        return -1;
    }
    if (MV_API_EXCLUSIVE(conn, flags, VIR_DOMAIN_VCPU_GUEST, VIR_DOMAIN_AFFECT_CONFIG, func))
        return -1;
    virConnectPtr conn_ = conn;
    MV_API_DISPATCH_INT(hv, domainSetVcpusFlags, (dom, nvcpus, flags));
}

int virDomainSetVcpus(virDomainPtr domain, unsigned int nvcpus)
{
    MV_API_DOMAIN(domain, -1);
    return mv_domain_set_vcpus(conn_, domain, nvcpus, VIR_DOMAIN_AFFECT_LIVE, __func__);
}

int virDomainSetVcpusFlags(virDomainPtr domain, unsigned int nvcpus, unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    return mv_domain_set_vcpus(conn_, domain, nvcpus, flags, __func__);
}

int virDomainGetVcpusFlags(virDomainPtr domain, unsigned int flags)
{
    MV_API_DOMAIN(domain, -1);
    /* Asking the guest agent is not a read-only operation. */
    if (flags & VIR_DOMAIN_VCPU_GUEST)
        MV_API_WRITABLE(-1);
    if (MV_API_EXCLUSIVE(conn_, flags, VIR_DOMAIN_AFFECT_LIVE, VIR_DOMAIN_AFFECT_CONFIG, __func__))
        return -1;
    MV_API_DISPATCH_INT(hv, domainGetVcpusFlags, (domain, flags));
}

int virDomainGetMaxVcpus(virDomainPtr domain)
{
    MV_API_CALL_INT(MV_API_DOMAIN, domain, MV_RO, hv, domainGetMaxVcpus, (domain));
}

/* Consoles */

char *virDomainScreenshot(virDomainPtr domain, virStreamPtr stream, unsigned int screen,
                          unsigned int flags)
{
    MV_API_DOMAIN(domain, NULL);
    if (!mv_stream_ok(stream)) {
        mv_api_invalid_handle(VIR_FROM_STREAMS, VIR_ERR_INVALID_STREAM, __func__);
        return NULL;
    }
    MV_API_WRITABLE(NULL);
    if (stream->conn != conn_) {
        mv_api_bad_arg(conn_, MV_FROM_THIS, __func__,
                       "stream in %s must match connection of domain '%s'", __func__,
                       domain->name);
        return NULL;
    }
    MV_API_DISPATCH(hv, domainScreenshot, (domain, stream, screen, flags), NULL);
}

int virDomainOpenConsole(virDomainPtr dom, const char *dev_name, virStreamPtr st,
                         unsigned int flags)
{
    MV_API_DOMAIN(dom, -1);
    if (!mv_stream_ok(st)) {
        mv_api_invalid_handle(VIR_FROM_STREAMS, VIR_ERR_INVALID_STREAM, __func__);
        return -1;
    }
    if (mv_api_denied(conn_, MV_FROM_THIS, __func__))
        return -1;
    if (st->conn != conn_) {
        mv_api_bad_arg(conn_, MV_FROM_THIS, __func__,
                       "stream in %s must match connection of domain '%s'", __func__, dom->name);
        return -1;
    }
    MV_API_DISPATCH_INT(hv, domainOpenConsole, (dom, dev_name, st, flags));
}
