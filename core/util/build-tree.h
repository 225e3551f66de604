/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/util/build-tree.h — whether this core runs uninstalled, from the
 * build tree it was compiled in (paths.c decides it once). An uninstalled
 * core keeps its system and session state, its plugin cache, and takes its
 * helper programs, from the build tree, never from the host's locations. */
#ifndef MV_UTIL_BUILD_TREE_H
#define MV_UTIL_BUILD_TREE_H

/* The build tree's resolved path when the core runs from it, else NULL. */
const char *mv_util_uninstalled_build_root(void);

#endif
