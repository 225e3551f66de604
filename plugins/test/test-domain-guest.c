/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/test/test-domain-guest.c — the test driver's answers for what a
 * guest does or says of itself, as libvirt's test driver gives them: the
 * reset button and the NMI do nothing but check the domain runs; the host
 * name is the domain's name followed by "host"; the clock reads
 * 627319920.0 until set, then what was set (kept while the process runs,
 * across restarts of the domain). */
#include "test-domain.h"

/* What a domain keeps in its priv (allocated on the first set). */
typedef struct mv_test_dom_priv {
    long long seconds;
    unsigned int nseconds;
} mv_test_dom_priv;

#define MV_TEST_GUEST_TIME 627319920LL

static int check_running(virDomainPtr dom)
{
    mv_test_state *st;
    if (!mv_test_dom_lock_active(dom, &st))
        return -1;
    mv_test_unlock(st);
    return 0;
}

int mv_test_domain_reset(virDomainPtr dom, unsigned int flags)
{
    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainReset", -1);
    return check_running(dom);
}

int mv_test_domain_inject_nmi(virDomainPtr dom, unsigned int flags)
{
    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainInjectNMI", -1);
    return check_running(dom);
}

char *mv_test_domain_get_hostname(virDomainPtr dom, unsigned int flags)
{
    mv_test_state *st;
    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainGetHostname", NULL);
    mv_domain_obj *d = mv_test_dom_lock_active(dom, &st);
    if (!d)
        return NULL;
    char *name = g_strdup_printf("%shost", d->def->name);
    mv_test_unlock(st);
    return name;
}

int mv_test_domain_get_time(virDomainPtr dom, long long *seconds, unsigned int *nseconds,
                            unsigned int flags)
{
    mv_test_state *st;
    MV_TEST_CHECK_FLAGS(flags, 0, "testDomainGetTime", -1);
    mv_domain_obj *d = mv_test_dom_lock_active(dom, &st);
    if (!d)
        return -1;
    const mv_test_dom_priv *p = d->priv;
    *seconds = p ? p->seconds : MV_TEST_GUEST_TIME;
    *nseconds = p ? p->nseconds : 0;
    mv_test_unlock(st);
    return 0;
}

int mv_test_domain_set_time(virDomainPtr dom, long long seconds, unsigned int nseconds,
                            unsigned int flags)
{
    mv_test_state *st;
    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_TIME_SYNC, "testDomainSetTime", -1);
    mv_domain_obj *d = mv_test_dom_lock_active(dom, &st);
    if (!d)
        return -1;
    if (!d->priv)
        d->priv = g_new0(mv_test_dom_priv, 1);
    mv_test_dom_priv *p = d->priv;
    p->seconds = seconds;
    p->nseconds = nseconds;
    mv_test_unlock(st);
    return 0;
}

/* libvirt's test driver: a running domain accepts any password. */
int mv_test_domain_set_user_password(virDomainPtr dom, const char *user, const char *password,
                                     unsigned int flags)
{
    (void)user;
    (void)password;
    mv_test_state *st;
    MV_TEST_CHECK_FLAGS(flags, VIR_DOMAIN_PASSWORD_ENCRYPTED, "testDomainSetUserPassword", -1);
    mv_domain_obj *d = mv_test_dom_lock_active(dom, &st);
    if (!d)
        return -1;
    mv_test_unlock(st);
    return 0;
}
