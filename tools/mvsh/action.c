/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/action.c — the many commands that look an object up, call one
 * libvirt function on it and print one line ("Domain 'x' destroyed",
 * "Pool p built", named as the user wrote it), and the define/create
 * commands that make an object from an XML file, described by data.
 */
#include "mvsh.h"

#include <glib.h>
#include <stdio.h>

typedef struct obj_kind {
    const char *opt;
    void *(*lookup)(mvsh *sh, const mvsh_args *a, const char *opt);
    int (*unref)(void *obj);
} obj_kind;

static void *lookup_domain(mvsh *sh, const mvsh_args *a, const char *opt)
{
    return mvsh_domain(sh, a, opt, MVSH_BY_ANY);
}

#define UNREF(f) ((int (*)(void *))(f))
#define LOOKUP(f) ((void *(*)(mvsh *, const mvsh_args *, const char *))(f))

static const obj_kind kinds[] = {
    [MVSH_OBJ_DOMAIN] = { "domain", lookup_domain, UNREF(virDomainFree) },
    [MVSH_OBJ_NETWORK] = { "network", LOOKUP(mvsh_network), UNREF(virNetworkFree) },
    [MVSH_OBJ_POOL] = { "pool", LOOKUP(mvsh_pool), UNREF(virStoragePoolFree) },
};

int mvsh_run_action(mvsh *sh, const mvsh_args *a)
{
    const mvsh_action *act = a->cmd->data;
    const obj_kind *k = &kinds[act->kind];
    void *obj = k->lookup(sh, a, k->opt);
    if (!obj)
        return -1;
    const char *name = mvsh_arg(a, k->opt);
    if (act->set) {
        bool off = mvsh_flag(a, "disable");
        int rc = act->set(obj, !off);
        if (rc < 0)
            mvsh_error(act->failed, off ? "un" : "", name);
        else
            mvsh_print_extra(sh, act->done, name, off ? "un" : "");
        k->unref(obj);
        return rc < 0 ? -1 : 0;
    }
    int rc = act->act(obj);
    if (rc < 0)
        mvsh_error(act->failed, name);
    else
        mvsh_print_extra(sh, act->done, name);
    k->unref(obj);
    return rc < 0 ? -1 : 0;
}

int mvsh_run_from_file(mvsh *sh, const mvsh_args *a)
{
    const mvsh_from_file *ff = a->cmd->data;
    const char *file = mvsh_arg(a, "file");
    g_autofree char *xml = mvsh_read_file(file);
    if (!xml)
        return -1;
    void *obj = ff->make(sh->conn, xml, mvsh_has_opt(a->cmd, "paused") && mvsh_flag(a, "paused"));
    if (!obj)
        return mvsh_fail(ff->failed, file);
    mvsh_print_extra(sh, ff->done, ff->name(obj), file);
    ff->unref(obj);
    return 0;
}
