/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/domain/domain-arch.c — libvirt's architecture names, and the
 * host's architecture under that naming (uname's "i586" is "i686",
 * "arm64" is "aarch64", ...), the default <os><type arch>. */
#include "core/conf/domain/domain-internal.h"

#include <string.h>
#include <sys/utsname.h>

static const char *const arch_names[] = {
    "alpha", "armv6l", "armv7l", "armv7b", "aarch64", "cris", "i686", "ia64",
    "lm32", "loongarch64", "m68k", "microblaze", "microblazeel", "mips",
    "mipsel", "mips64", "mips64el", "openrisc", "parisc", "parisc64", "ppc",
    "ppcle", "ppc64", "ppc64le", "ppcemb", "riscv32", "riscv64", "s390",
    "s390x", "sh4", "sh4eb", "sparc", "sparc64", "unicore32", "x86_64",
    "xtensa", "xtensaeb", NULL };

bool mv_conf_domain_arch_known(const char *arch)
{
    return mv_conf_enum_from(arch_names, arch) >= 0;
}

const char *mv_conf_domain_host_arch(void)
{
    static const char *cached;
    const char *a = g_atomic_pointer_get(&cached);
    if (a)
        return a;
    struct utsname u;
    const char *m = uname(&u) == 0 ? u.machine : "x86_64";
    if (strlen(m) == 4 && m[0] == 'i' && m[2] == '8' && m[3] == '6')
        a = "i686";
    else if (!strcmp(m, "amd64"))
        a = "x86_64";
    else if (!strcmp(m, "arm64"))
        a = "aarch64";
    else {
        int i = mv_conf_enum_from(arch_names, m);
        a = i >= 0 ? arch_names[i] : "x86_64";
    }
    g_atomic_pointer_set(&cached, a);
    return a;
}
