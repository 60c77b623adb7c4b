#ifndef NUMASCHEMA_SHIMS_H
#define NUMASCHEMA_SHIMS_H

#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED  /* see CLibXML2/shim.h */
#include <stddef.h>
#include <stdint.h>
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

/// Documents this long or longer are read as `xmlCtxtReadMemory` reads them (libxml2 2.9 refuses
/// a lookup more than 10,000,000 bytes into a buffer it does not fill itself).
#define NUMASCHEMA_IN_PLACE_LIMIT 10000000

/// Parses the `length` bytes at `bytes` with `ctxt`, as `xmlCtxtReadMemory(ctxt, bytes, length,
/// NULL, NULL, options)` does (same document, same errors), but on libxml2 before 2.11 from a
/// static buffer over a NUL-terminated copy of the bytes: libxml2 2.9 then skips the work it
/// does for a memory buffer each time the parser nears the end of what it holds (a call into the
/// buffer's read function for every tag in the last 250 bytes: a fifth of the parse of libvirt's
/// test guests).
/// For input without an encoding to convert from (the caller passes UTF-8 only: no encoding is
/// named, as a static buffer is never converted past its first line); documents of
/// NUMASCHEMA_IN_PLACE_LIMIT bytes or more are read with xmlCtxtReadMemory.
xmlDocPtr numaschema_read_in_place(xmlParserCtxtPtr ctxt, const char *bytes, int length, int options);

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

/// Whether the `needle_length` bytes at `needle` occur in the `haystack_length` bytes at
/// `haystack` (glibc's `memmem`, which Swift's Glibc module does not export).
int numaschema_contains(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

/* Whether text has no "<!", no "<?" past its first byte and no "xml:space" (ParsedDocument.blankTextIsIgnorable). */
int numaschema_blank_text_ignorable(const void *bytes, size_t length);

/* ---- Set-aside sibling lists (sibling_store.c) ----
   A guest of N cells has N×N <sibling> elements: 1,048,576 for 1,024 cells, which as libxml2
   nodes take about 600 bytes each and, as one child list, quadratic time in libxml2's RelaxNG.
   While a document is parsed, the store keeps every <sibling> of
   /domain/cpu/numa/cell/distances after the first out of the tree, as three numbers, when it
   is plainly valid: no namespace, exactly the attributes id and value, both plain decimal
   (id 0..4294967295, value 10..255, no sign, blank or leading zero), no content. The first
   sibling of each <distances> stays in the tree, so the grammar sees the same shape.
   Anything else (a DTD, an entity, a comment or text inside <distances>, another child, an
   odd attribute) abandons the store: the caller parses the document again without it. */

/// One sibling kept out of the tree.
typedef struct numaschema_sibling {
    uint32_t id;
    uint32_t value;
    int32_t line;  /* as libxml2 would give it (capped at 65535) */
} numaschema_sibling;

/// The siblings kept out of one <distances> element: `count` entries from `first`.
typedef struct numaschema_sibling_row {
    const void *distances; /* the element (an xmlNodePtr), for identity only */
    size_t first;
    size_t count;
} numaschema_sibling_row;

typedef struct numaschema_sibling_store numaschema_sibling_store;

/// Starts keeping siblings out of the tree that `ctxt` builds; call before parsing with it.
/// NULL when out of memory (parse without). One store per thread at a time.
numaschema_sibling_store *numaschema_sibling_store_install(xmlParserCtxtPtr ctxt);

/// Stops the store (the parser context may be freed after) and tells whether it was
/// abandoned, in which case the tree is incomplete and must be thrown away.
int numaschema_sibling_store_finish(numaschema_sibling_store *store);

size_t numaschema_sibling_store_row_count(const numaschema_sibling_store *store);
const numaschema_sibling_row *numaschema_sibling_store_rows(const numaschema_sibling_store *store);
size_t numaschema_sibling_store_count(const numaschema_sibling_store *store);
const numaschema_sibling *numaschema_sibling_store_siblings(const numaschema_sibling_store *store);

void numaschema_sibling_store_free(numaschema_sibling_store *store);

/* ---- The allocator of libxml2 and libxslt (block_allocator.c) ----
   libxml2 builds each document from hundreds of small blocks and frees them all after it; its
   RelaxNG validator compiles a regular expression for every value checked against a pattern.
   Through the C library's malloc, half of those blocks take its slower paths (its per-thread
   cache keeps 7 blocks of a size). Blocks of up to 1 KiB come instead from a free list per
   size class and thread, refilled from 64 KiB chunks of one reserved address range (committed
   as used, never returned); larger blocks come from the C library. A block may be freed on any
   thread: it joins that thread's list; the lists of a thread that ends go to a shared pool. */

/// Makes libxml2 (and libxslt) allocate through the block allocator (`xmlMemSetup`); call once,
/// before any other libxml2 call. Returns 1 when installed, 0 when libxml2 keeps the C library's
/// allocator: in a build with AddressSanitizer or ThreadSanitizer (whose allocator must see
/// every block), with NUMASCHEMA_ALLOCATOR=system in the environment (for memory checkers such
/// as valgrind), or when the address range cannot be reserved. Freeing a pointer the C library
/// gave is always safe: it goes back to the C library.
int numaschema_block_allocator_install(void);

/// The allocator's own entry points (what libxml2 calls), for tests.
void *numaschema_block_allocate(size_t size);
void *numaschema_block_reallocate(void *pointer, size_t size);
void numaschema_block_free(void *pointer);
/// Whether `pointer` is a block of the allocator (not the C library's).
int numaschema_block_owns(const void *pointer);

#endif
