#define _GNU_SOURCE /* memmem */
#include "CNumaSchemaShims.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlversion.h>
#include <libxslt/xsltutils.h>

void numaschema_parser_set_error_handler(xmlParserCtxtPtr ctxt, xmlStructuredErrorFunc handler) {
#if LIBXML_VERSION >= 21300
    xmlCtxtSetErrorHandler(ctxt, handler, ctxt);
#else
    if (ctxt->sax != NULL) {
        ctxt->sax->serror = handler;
        ctxt->sax->initialized = XML_SAX2_MAGIC;
    }
#endif
}

xmlParserInputPtr numaschema_input_from_memory(xmlParserCtxtPtr ctxt, const char *url,
                                               const char *bytes, int length) {
    xmlParserInputBufferPtr buffer =
        xmlParserInputBufferCreateMem(bytes, length, XML_CHAR_ENCODING_NONE);
    if (buffer == NULL) return NULL;
    xmlParserInputPtr input = xmlNewIOInputStream(ctxt, buffer, XML_CHAR_ENCODING_NONE);
    if (input == NULL) {
        xmlFreeParserInputBuffer(buffer);
        return NULL;
    }
    input->filename = (const char *)xmlStrdup((const xmlChar *)url);
    return input;
}

/* Formats one printf-style message and hands it to the sink; messages longer than the buffer
   are cut, never overrun. */
static void numaschema_format_and_sink(numaschema_message_sink sink, void *box, const char *fmt,
                                       va_list args) {
    char message[2048];
    vsnprintf(message, sizeof message, fmt, args);
    sink(box, message);
}

static void numaschema_transform_error(void *ctx, const char *fmt, ...) {
    struct numaschema_sink_box *target = ctx;
    if (target == NULL || target->sink == NULL) return;
    va_list args;
    va_start(args, fmt);
    numaschema_format_and_sink(target->sink, target->box, fmt, args);
    va_end(args);
}

void numaschema_xslt_set_error_sink(xsltTransformContextPtr ctxt, numaschema_sink_box *target) {
    xsltSetTransformErrorFunc(ctxt, target, numaschema_transform_error);
}

static struct numaschema_sink_box numaschema_generic_target;

void numaschema_xslt_set_generic_error_sink(numaschema_message_sink sink, void *box) {
    if (sink == NULL) {
        xsltSetGenericErrorFunc(NULL, NULL);
        return;
    }
    numaschema_generic_target.sink = sink;
    numaschema_generic_target.box = box;
    xsltSetGenericErrorFunc(&numaschema_generic_target, numaschema_transform_error);
}

void numaschema_free(void *pointer) {
    if (pointer != NULL) xmlFree(pointer);
}

int numaschema_contains(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
    return memmem(haystack, haystack_length, needle, needle_length) != NULL;
}
