/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-cgroup.c — each guest's cgroup "mvqemu-TAG-NAME" (TAG
 * tells roots apart), made with the plugin API's machinery when QEMU has
 * started (still paused), with the guest's <memory>/<memtune> limits and
 * its <cputune> shares and global period/quota, QEMU moved into it; its
 * directories kept in the status file so that another process finds it
 * again; removed when QEMU has ended, however it ended. Where no cgroup
 * can be made (an unprivileged root, no hierarchy visible), a guest that
 * asks for no limits runs without one, as libvirt runs it; one that does
 * is refused. */
#include "qemu-driver.h"

#include <string.h>

static bool wants_limits(const mv_domain_def *def)
{
    const mv_domain_memtune *m = def->memtune;
    const mv_domain_cputune *t = def->cputune;
    return m->hard_limit != MV_DOMAIN_MEMORY_UNLIMITED ||
           m->soft_limit != MV_DOMAIN_MEMORY_UNLIMITED ||
           m->swap_hard_limit != MV_DOMAIN_MEMORY_UNLIMITED || t->shares_given ||
           t->global_period || t->global_quota;
}

int mv_qemu_cgroup_setup(mv_qemu_state *st, mv_qemu_vm *vm)
{
    const mv_domain_def *def = vm->obj->def;
    g_autofree char *leaf = g_strdup_printf("mvqemu-%08x-%s", g_str_hash(st->run_dir), def->name);
    mv_cgroup *cg = mv_cgroup_new(leaf, 0);
    if (!cg) {
        if (wants_limits(def))
            return -1;
        mv_log(MV_LOG_INFO, MV_QEMU_SRC, "domain '%s' runs without a cgroup: %s", def->name,
               virGetLastErrorMessage());
        mv_error_reset();
        return 0;
    }
    if (mv_cgroup_apply_memtune(cg, def, false) < 0 || mv_cgroup_apply_cputune(cg, def, true) < 0 ||
        mv_cgroup_add_process(cg, vm->pid) < 0) {
        mv_cgroup_remove(cg);
        mv_cgroup_free(cg);
        return -1;
    }
    vm->cg = cg;
    return 0;
}

void mv_qemu_cgroup_release(mv_qemu_vm *vm)
{
    if (!vm->cg)
        return;
    /* QEMU has ended; what it left (a helper) goes with it. */
    if (!mv_cgroup_empty(vm->cg))
        mv_cgroup_kill(vm->cg);
    mv_cgroup_remove(vm->cg);
    mv_cgroup_free(vm->cg);
    vm->cg = NULL;
}

void mv_qemu_cgroup_status(GString *s, const mv_qemu_vm *vm)
{
    for (guint i = 0; vm->cg && i < vm->cg->dirs->len; i++)
        g_string_append_printf(s, "cgroup=%s\n", (const char *)vm->cg->dirs->pdata[i]);
}

mv_cgroup *mv_qemu_cgroup_from_status(const char *text)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    g_autoptr(GPtrArray) dirs = g_ptr_array_new();
    for (char **l = lines; *l; l++)
        if (g_str_has_prefix(*l, "cgroup=/"))
            g_ptr_array_add(dirs, *l + strlen("cgroup="));
    if (!dirs->len)
        return NULL;
    g_ptr_array_add(dirs, NULL);
    return mv_cgroup_from_dirs((char **)dirs->pdata);
}
