#ifndef NUMASCHEMA_SHIMS_H
#define NUMASCHEMA_SHIMS_H

#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED  /* see CLibXML2/shim.h */
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/transform.h>

/// Routes every error and warning of one parser context to `handler`, with `ctxt` as its data.
/// On libxml2 < 2.13 this sets `ctxt->sax->serror` (the handler then receives the context as its
/// `void *`); on later versions it calls `xmlCtxtSetErrorHandler`. `ctxt->userData` is left alone.
void numaschema_parser_set_error_handler(xmlParserCtxtPtr ctxt, xmlStructuredErrorFunc handler);

/// A new parser input over a copy of the `length` bytes at `bytes` (libxml2 needs its input
/// NUL-terminated, which a copy guarantees); it reports `url` as its file name, so relative
/// references resolve against it.
xmlParserInputPtr numaschema_input_from_memory(xmlParserCtxtPtr ctxt, const char *url,
                                               const char *bytes, int length);

/// The message sink for libxslt's printf-style error reporting.
typedef void (*numaschema_message_sink)(void *box, const char *message);

/// Where formatted messages go: the caller owns this struct and keeps it alive while in use.
typedef struct numaschema_sink_box {
    numaschema_message_sink sink;
    void *box;
} numaschema_sink_box;

/// Collects the errors of one transform context: each formatted message goes to
/// `target->sink(target->box, …)`. `target` must outlive the transform context.
void numaschema_xslt_set_error_sink(xsltTransformContextPtr ctxt, numaschema_sink_box *target);

/// Collects libxslt's process-wide errors (stylesheet compilation) into `sink(box, …)`;
/// pass NULL to restore the default. Call only while no other thread uses libxslt.
void numaschema_xslt_set_generic_error_sink(numaschema_message_sink sink, void *box);

/// Frees memory that libxml2 allocated (calls the `xmlFree` hook, which Swift 6 cannot read).
void numaschema_free(void *pointer);

/// The libxml2 version the program runs with, as an integer (e.g. 20914).
int numaschema_libxml_version(void);

#endif
