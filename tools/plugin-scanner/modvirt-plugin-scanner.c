/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/plugin-scanner/modvirt-plugin-scanner.c — loads plugin files on
 * behalf of libmodvirt, which runs it for files its plugin cache does not
 * know: a plugin that crashes, exits or hangs while loading takes this
 * process down instead of the application. Not meant to be run by hand:
 * it prints one record per file for the library to read. */
int mv_registry_scanner_main(int argc, char **argv);

int main(int argc, char **argv)
{
    return mv_registry_scanner_main(argc, argv);
}
