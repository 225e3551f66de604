/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tests/core/marker-client.c — opens marker:///default and prints what
 * happened: "opened", or the error, then every plugin file with its status
 * and reason. test-plugin-trust.py runs it as a setuid program and against
 * plugin files and directories of several owners and modes. */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <modvirt/modvirt.h>

#include <stdio.h>

int main(void)
{
    virConnectPtr c = virConnectOpen("marker:///default");
    if (c) {
        printf("opened\n");
        virConnectClose(c);
    } else {
        printf("error: %s\n", virGetLastErrorMessage());
    }
    int n = 0;
    modvirt_plugin_info **list = modvirt_plugin_list(&n);
    for (int i = 0; i < n; i++)
        printf("plugin %s %s: %s\n", list[i]->file, list[i]->loaded ? "loaded" : "skipped",
               list[i]->reason ? list[i]->reason : "-");
    modvirt_plugin_list_free(list);
    return c ? 0 : 1;
}
