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

xmlDocPtr numaschema_read_in_place(xmlParserCtxtPtr ctxt, const char *bytes, int length, int options) {
#if LIBXML_VERSION >= 21100
    return xmlCtxtReadMemory(ctxt, bytes, length, NULL, NULL, options);
#else
    if (ctxt == NULL || bytes == NULL || length < 0 || length >= NUMASCHEMA_IN_PLACE_LIMIT) {
        return xmlCtxtReadMemory(ctxt, bytes, length, NULL, NULL, options);
    }
    /* The parser reads up to a NUL at the end of its input: the copy ends with one. */
    char *text = malloc((size_t)length + 1);
    if (text == NULL) return NULL;
    memcpy(text, bytes, (size_t)length);
    text[length] = 0;
    xmlDocPtr doc = NULL;
    /* What xmlCtxtReadMemory does (xmlCtxtReset, an input, xmlDoRead without an encoding or a
       URL), with a static buffer in place of a copied one. */
    xmlCtxtReset(ctxt);
    xmlParserInputBufferPtr buffer = xmlParserInputBufferCreateStatic(text, length, XML_CHAR_ENCODING_NONE);
    xmlParserInputPtr input = buffer == NULL ? NULL : xmlNewIOInputStream(ctxt, buffer, XML_CHAR_ENCODING_NONE);
    if (input == NULL) {
        if (buffer != NULL) xmlFreeParserInputBuffer(buffer);
    } else {
        inputPush(ctxt, input);
        xmlCtxtUseOptions(ctxt, options);
        /* libxml2 2.9's pull parser consults `progressive` only to skip its GROW and SHRINK
           steps, which a static buffer needs neither of (nothing to read in; and its SHRINK
           moves a static buffer's start without moving the parser's place in it, so the parser
           would read old text again past 500 bytes). The end of the input is its NUL. */
        ctxt->progressive = 1;
        xmlParseDocument(ctxt);
        ctxt->progressive = 0;
        if (ctxt->wellFormed || ctxt->recovery) {
            doc = ctxt->myDoc;
        } else if (ctxt->myDoc != NULL) {
            xmlFreeDoc(ctxt->myDoc);
        }
        ctxt->myDoc = NULL;
        /* Nothing may read the text once it is freed: the inputs go first. */
        xmlParserInputPtr pushed;
        while ((pushed = inputPop(ctxt)) != NULL) xmlFreeInputStream(pushed);
    }
    free(text);
    return doc;
#endif
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

/* memchr finds one byte of a needle many bytes at a time; glibc's memmem takes a few
   instructions a byte for the short needles searched here ("<sibling", "numaschema-"). The byte
   looked for is the needle's rarest in guest XML (`ns_commonness`: "<sibling" by its 'g',
   "numaschema-" by its 'h'), so that memchr stops seldom; each stop compares the whole needle.
   Where that byte is far more common than expected (a hostile "gggg…"), memmem (linear in
   every case) finishes the search. */
static size_t ns_commonness(unsigned char byte) {
    /* The 60 commonest bytes of libvirt 9.0.0's 1,901 test guests, most common first; any other
       byte is rarer than all of these. */
    static const char order[] = " 'eotr<>i=sdn\n/camu0plybvfx1-h62_k459g83wqM7BK:.GEUQVH\"SzA,O";
    const char *found = memchr(order, byte, sizeof order - 1);
    return found != NULL ? (size_t)(found - order) : sizeof order;
}

int numaschema_contains(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
    if (needle_length == 0) return 1;
    if (haystack_length < needle_length) return 0;
    const unsigned char *text = haystack, *end = text + haystack_length, *bytes = needle;
    size_t key = 0;
    for (size_t index = 1; index < needle_length; index++) {
        if (ns_commonness(bytes[index]) > ns_commonness(bytes[key])) key = index;
    }
    /* The key byte of a match lies in [text + key, last]. */
    const unsigned char *cursor = text + key, *last = end - (needle_length - key);
    size_t misses = 0;
    while (cursor <= last) {
        const unsigned char *hit = memchr(cursor, bytes[key], (size_t)(last - cursor) + 1);
        if (hit == NULL) return 0;
        if (memcmp(hit - key, bytes, needle_length) == 0) return 1;
        cursor = hit + 1;
        /* Every match starting before cursor - key has been ruled out. */
        if (++misses > 64 + (size_t)(cursor - text) / 8)
            return memmem(cursor - key, (size_t)(end - (cursor - key)), needle, needle_length) != NULL;
    }
    return 0;
}

/* See ParsedDocument.blankTextIsIgnorable: no "<!", no "<?" past the first byte, no "xml:space".
   One memchr pass over the '!'s, one over the '?'s and one over the colons, each hit looked at
   once: linear. (By the rare byte of each: a pass over the '<'s stops at every tag.) */
int numaschema_blank_text_ignorable(const void *bytes, size_t length) {
    const unsigned char *text = bytes, *end = text + length, *cursor = text;
    while (cursor < end && (cursor = memchr(cursor, '!', (size_t)(end - cursor))) != NULL) {
        if (cursor > text && cursor[-1] == '<') return 0;
        cursor++;
    }
    cursor = text;
    while (cursor < end && (cursor = memchr(cursor, '?', (size_t)(end - cursor))) != NULL) {
        if (cursor - text >= 2 && cursor[-1] == '<') return 0;
        cursor++;
    }
    cursor = text;
    while (cursor < end && (cursor = memchr(cursor, ':', (size_t)(end - cursor))) != NULL) {
        if (cursor - text >= 3 && memcmp(cursor - 3, "xml", 3) == 0 && end - cursor >= 6 && memcmp(cursor + 1, "space", 5) == 0)
            return 0;
        cursor++;
    }
    return 1;
}
