/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* core/conf/name.h — the character rule every object name obeys (domains,
 * networks, storage pools and volumes, host interfaces), whichever driver
 * holds the object (core-private). */
#ifndef MV_CONF_NAME_H
#define MV_CONF_NAME_H

/* Refuses a NAME holding a control character (U+0001-U+001F, U+007F-U+009F).
 * Names become file names, log lines and mvsh output: a CR or LF there
 * would not survive being written to an XML file and read back (XML turns
 * CR into LF), and others would rewrite the terminal that shows them.
 * Returns 0, or -1 with VIR_ERR_XML_DETAIL under VIR_FROM_XML, libvirt's
 * error for a domain name with a newline: "invalid char in name: \n". Other
 * characters are shown by their number ("invalid char in name: 0x0d").
 * NAME must be valid UTF-8 (libxml2 guarantees it for parsed text). */
int mv_conf_name_check_chars(const char *name);

#endif
