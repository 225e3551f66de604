/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/mvsh/domxml.c — reading a domain's XML description the way virsh's
 * device commands do (domblklist, domiflist, vncdisplay, domdisplay,
 * ttyconsole): libxml2 with XPath, no network, no entity expansion; the
 * string value of an expression is its first node's text, as in XPath.
 */
#include "mvsh.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

struct mvsh_xml {
    xmlDocPtr doc;
    xmlXPathContextPtr ctxt;
};

mvsh_xml *mvsh_domain_xml(virDomainPtr dom, unsigned int flags)
{
    char *text = virDomainGetXMLDesc(dom, flags);
    if (!text)
        return NULL;
    xmlDocPtr doc = xmlReadMemory(text, (int)strlen(text), "domain.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
    free(text);
    if (!doc) {
        mvsh_error("failed to parse the domain XML");
        return NULL;
    }
    mvsh_xml *x = g_new0(mvsh_xml, 1);
    x->doc = doc;
    x->ctxt = xmlXPathNewContext(doc);
    x->ctxt->node = xmlDocGetRootElement(doc);
    return x;
}

void mvsh_xml_free(mvsh_xml *x)
{
    if (!x)
        return;
    xmlXPathFreeContext(x->ctxt);
    xmlFreeDoc(x->doc);
    g_free(x);
}

int mvsh_xml_nodes(mvsh_xml *x, const char *expr, struct _xmlNode ***nodes)
{
    *nodes = NULL;
    xmlXPathObjectPtr obj = xmlXPathEval(BAD_CAST expr, x->ctxt);
    int n = 0;
    if (obj && obj->type == XPATH_NODESET && obj->nodesetval && obj->nodesetval->nodeNr > 0) {
        n = obj->nodesetval->nodeNr;
        *nodes = g_new(xmlNodePtr, n);
        memcpy(*nodes, obj->nodesetval->nodeTab, n * sizeof(xmlNodePtr));
    }
    xmlXPathFreeObject(obj);
    return n;
}

char *mvsh_xml_string(mvsh_xml *x, struct _xmlNode *node, const char *expr)
{
    xmlNodePtr saved = x->ctxt->node;
    if (node)
        x->ctxt->node = node;
    g_autofree char *wrapped = g_strdup_printf("string(%s)", expr);
    xmlXPathObjectPtr obj = xmlXPathEval(BAD_CAST wrapped, x->ctxt);
    x->ctxt->node = saved;
    char *s = NULL;
    if (obj && obj->type == XPATH_STRING && obj->stringval && obj->stringval[0])
        s = g_strdup((const char *)obj->stringval);
    xmlXPathFreeObject(obj);
    return s;
}
