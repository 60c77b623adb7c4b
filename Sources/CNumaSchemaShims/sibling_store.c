/* Set-aside sibling lists: see CNumaSchemaShims.h. The parser's SAX2 callbacks are wrapped;
   everything not set aside goes on to libxml2's own tree builder unchanged. */
#include "CNumaSchemaShims.h"

#include <stdlib.h>
#include <string.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>

struct numaschema_sibling_store {
    numaschema_sibling *siblings;
    size_t count, capacity;
    numaschema_sibling_row *rows;
    size_t row_count, row_capacity;

    xmlParserCtxtPtr ctxt;
    int depth;     /* depth of the element being parsed (the root is 1) */
    int matched;   /* how many of the outer elements follow domain/cpu/numa/cell/distances/sibling */
    int kept;      /* the current <distances> has kept its first sibling in the tree */
    int skipping;  /* nesting inside a sibling that was set aside (1: the sibling itself) */
    int abandoned;

    xmlSAXHandler saved; /* the parser's handlers as they were: each wrapper passes on to its own */
};

/* The store of the parse running on this thread. */
static __thread numaschema_sibling_store *active;

static const char *const path[] = {"domain", "cpu", "numa", "cell", "distances", "sibling"};
enum { DISTANCES_DEPTH = 5, SIBLING_DEPTH = 6 };

/* The store, when `ctx` is the parse it watches and it is still in use; abandons it when the
   callback comes from another context (libxml2 parses entity content with one of its own). */
static numaschema_sibling_store *watching(void *ctx) {
    numaschema_sibling_store *store = active;
    if (store == NULL || store->abandoned) return NULL;
    if (ctx != (void *)store->ctxt) {
        store->abandoned = 1;
        return NULL;
    }
    return store;
}

static int plain(const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI, const char *name) {
    return URI == NULL && prefix == NULL && strcmp((const char *)localname, name) == 0;
}

/* Plain decimal of at most `max`: digits only, no leading zero (but "0"). */
static int plain_decimal(const xmlChar *begin, const xmlChar *end, uint64_t max, uint32_t *out) {
    size_t length = (size_t)(end - begin);
    if (length == 0 || length > 10) return 0;
    if (begin[0] == '0' && length > 1) return 0;
    uint64_t value = 0;
    for (const xmlChar *c = begin; c < end; c++) {
        if (*c < '0' || *c > '9') return 0;
        value = value * 10 + (uint64_t)(*c - '0');
    }
    if (value > max) return 0;
    *out = (uint32_t)value;
    return 1;
}

/* Reads a sibling's attributes when they are exactly a plain id and a plain value. */
static int plain_sibling(int nb_attributes, int nb_defaulted, const xmlChar **attributes, uint32_t *id,
                         uint32_t *value) {
    if (nb_attributes != 2 || nb_defaulted != 0) return 0;
    int have_id = 0, have_value = 0;
    for (int i = 0; i < 2; i++) {
        const xmlChar **attribute = attributes + 5 * i; /* localname, prefix, URI, value, end */
        if (attribute[1] != NULL || attribute[2] != NULL) return 0;
        if (strcmp((const char *)attribute[0], "id") == 0 && !have_id) {
            if (!plain_decimal(attribute[3], attribute[4], UINT32_MAX, id)) return 0;
            have_id = 1;
        } else if (strcmp((const char *)attribute[0], "value") == 0 && !have_value) {
            if (!plain_decimal(attribute[3], attribute[4], 255, value) || *value < 10) return 0;
            have_value = 1;
        } else {
            return 0;
        }
    }
    return have_id && have_value;
}

static int grow(void **items, size_t *capacity, size_t needed, size_t size) {
    if (needed <= *capacity) return 1;
    size_t next = *capacity == 0 ? 64 : *capacity * 2;
    while (next < needed) next *= 2;
    void *grown = realloc(*items, next * size);
    if (grown == NULL) return 0;
    *items = grown;
    *capacity = next;
    return 1;
}

/* The store of this thread's parse, when `ctx` is that parse (abandoned or not). */
static numaschema_sibling_store *owning(void *ctx) {
    numaschema_sibling_store *store = active;
    return store != NULL && ctx == (void *)store->ctxt ? store : NULL;
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
                     int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                     const xmlChar **attributes) {
    numaschema_sibling_store *owner = owning(ctx);
    if (owner != NULL && owner->skipping > 0) {
        /* an element inside a set-aside sibling: dropped with it, and the store abandoned */
        owner->abandoned = 1;
        owner->skipping++;
        return;
    }
    numaschema_sibling_store *store = watching(ctx);
    startElementNsSAX2Func next = active != NULL ? active->saved.startElementNs : xmlSAX2StartElementNs;
    if (store == NULL) {
        next(ctx, localname, prefix, URI, nb_namespaces, namespaces, nb_attributes, nb_defaulted, attributes);
        return;
    }
    if (store->ctxt->inputNr > 1) {
        store->abandoned = 1; /* an element from an entity */
        next(ctx, localname, prefix, URI, nb_namespaces, namespaces, nb_attributes, nb_defaulted, attributes);
        return;
    }
    store->depth++;
    int follows = store->matched == store->depth - 1 && store->depth <= SIBLING_DEPTH &&
                  plain(localname, prefix, URI, path[store->depth - 1]);
    if (store->matched == DISTANCES_DEPTH && store->depth == SIBLING_DEPTH && !follows) {
        store->abandoned = 1; /* a <distances> child other than <sibling> */
    } else if (follows && store->depth == SIBLING_DEPTH && store->kept) {
        uint32_t id = 0, value = 0;
        if (nb_namespaces == 0 && plain_sibling(nb_attributes, nb_defaulted, attributes, &id, &value) &&
            grow((void **)&store->siblings, &store->capacity, store->count + 1, sizeof *store->siblings)) {
            int line = store->ctxt->input != NULL ? store->ctxt->input->line : 0;
            store->siblings[store->count].id = id;
            store->siblings[store->count].value = value;
            store->siblings[store->count].line = line < 65535 ? line : 65535;
            store->count++;
            store->rows[store->row_count - 1].count++;
            store->matched = store->depth;
            store->skipping = 1;
            return;
        }
        store->abandoned = 1;
    } else if (follows) {
        store->matched = store->depth;
        if (store->depth == SIBLING_DEPTH) store->kept = 1;
    }
    next(ctx, localname, prefix, URI, nb_namespaces, namespaces, nb_attributes, nb_defaulted, attributes);
    if (!store->abandoned && follows && store->depth == DISTANCES_DEPTH) {
        if (!grow((void **)&store->rows, &store->row_capacity, store->row_count + 1, sizeof *store->rows)) {
            store->abandoned = 1;
            return;
        }
        store->rows[store->row_count].distances = store->ctxt->node;
        store->rows[store->row_count].first = store->count;
        store->rows[store->row_count].count = 0;
        store->row_count++;
        store->kept = 0;
    }
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI) {
    numaschema_sibling_store *owner = owning(ctx);
    if (owner != NULL && owner->skipping > 0) {
        if (--owner->skipping == 0) { /* the end of the set-aside sibling */
            owner->matched = owner->depth - 1;
            owner->depth--;
        }
        return; /* its start was never passed on */
    }
    numaschema_sibling_store *store = watching(ctx);
    if (store != NULL) {
        if (store->matched == store->depth) store->matched--;
        store->depth--;
    }
    (active != NULL ? active->saved.endElementNs : xmlSAX2EndElementNs)(ctx, localname, prefix, URI);
}

/* Whether the current text is directly inside a <distances> that has set siblings aside. */
static int inside_distances(const numaschema_sibling_store *store) {
    return store->matched == DISTANCES_DEPTH && store->depth == DISTANCES_DEPTH;
}

static int blank(const xmlChar *text, int length) {
    for (int i = 0; i < length; i++) {
        if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r') return 0;
    }
    return 1;
}

/* Text: kept, except blanks between set-aside siblings (layout the canonical form redoes).
   Other text in a <distances>, or any inside a set-aside sibling, abandons the store. */
static int keep_text(void *ctx, const xmlChar *text, int length) {
    numaschema_sibling_store *owner = owning(ctx);
    if (owner != NULL && owner->skipping > 0) {
        owner->abandoned = 1;
        return 0; /* dropped with the sibling it is in */
    }
    numaschema_sibling_store *store = watching(ctx);
    if (store == NULL) return 1;
    if (inside_distances(store)) {
        if (!blank(text, length)) {
            store->abandoned = 1;
            return 1;
        }
        return store->rows[store->row_count - 1].count == 0;
    }
    return 1;
}

static void on_characters(void *ctx, const xmlChar *text, int length) {
    numaschema_sibling_store *owner = active;
    if (!keep_text(ctx, text, length)) return;
    (owner != NULL ? owner->saved.characters : xmlSAX2Characters)(ctx, text, length);
}

static void on_whitespace(void *ctx, const xmlChar *text, int length) {
    numaschema_sibling_store *owner = active;
    if (!keep_text(ctx, text, length)) return;
    (owner != NULL ? owner->saved.ignorableWhitespace : xmlSAX2Characters)(ctx, text, length);
}

/* Anything else inside <distances> abandons the store; inside a set-aside sibling it is also
   dropped with it. Returns whether to pass the event on. */
static int mark(void *ctx) {
    numaschema_sibling_store *owner = owning(ctx);
    if (owner != NULL && owner->skipping > 0) {
        owner->abandoned = 1;
        return 0;
    }
    numaschema_sibling_store *store = watching(ctx);
    if (store != NULL && inside_distances(store)) store->abandoned = 1;
    return 1;
}

static void on_cdata(void *ctx, const xmlChar *text, int length) {
    numaschema_sibling_store *owner = active;
    if (mark(ctx) && owner != NULL && owner->saved.cdataBlock != NULL) owner->saved.cdataBlock(ctx, text, length);
}

static void on_comment(void *ctx, const xmlChar *text) {
    numaschema_sibling_store *owner = active;
    if (mark(ctx) && owner != NULL && owner->saved.comment != NULL) owner->saved.comment(ctx, text);
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data) {
    numaschema_sibling_store *owner = active;
    if (mark(ctx) && owner != NULL && owner->saved.processingInstruction != NULL) owner->saved.processingInstruction(ctx, target, data);
}

static void on_reference(void *ctx, const xmlChar *name) {
    numaschema_sibling_store *owner = active;
    if (owner != NULL) owner->abandoned = 1;
    if (owner != NULL && owner->saved.reference != NULL) owner->saved.reference(ctx, name);
}

/* A document type declaration may declare entities and default attributes: no store. */
static void on_internal_subset(void *ctx, const xmlChar *name, const xmlChar *external_id,
                               const xmlChar *system_id) {
    numaschema_sibling_store *owner = active;
    if (owner != NULL) owner->abandoned = 1;
    if (owner != NULL && owner->saved.internalSubset != NULL) owner->saved.internalSubset(ctx, name, external_id, system_id);
}

numaschema_sibling_store *numaschema_sibling_store_install(xmlParserCtxtPtr ctxt) {
    if (ctxt == NULL || ctxt->sax == NULL || active != NULL) return NULL;
    numaschema_sibling_store *store = calloc(1, sizeof *store);
    if (store == NULL) return NULL;
    xmlSAXHandlerPtr sax = ctxt->sax;
    store->ctxt = ctxt;
    store->saved = *sax;
    if (sax->startElementNs == NULL || sax->endElementNs == NULL || sax->characters == NULL ||
        sax->ignorableWhitespace == NULL) {
        free(store);
        return NULL;
    }
    sax->startElementNs = on_start;
    sax->endElementNs = on_end;
    sax->characters = on_characters;
    sax->ignorableWhitespace = on_whitespace;
    sax->cdataBlock = on_cdata;
    sax->comment = on_comment;
    sax->processingInstruction = on_pi;
    sax->internalSubset = on_internal_subset;
    sax->reference = on_reference;
    active = store;
    return store;
}

int numaschema_sibling_store_finish(numaschema_sibling_store *store) {
    if (store == NULL) return 1;
    xmlSAXHandlerPtr sax = store->ctxt != NULL ? store->ctxt->sax : NULL;
    if (sax != NULL) *sax = store->saved;
    store->ctxt = NULL;
    if (active == store) active = NULL;
    return store->abandoned || store->skipping;
}

size_t numaschema_sibling_store_row_count(const numaschema_sibling_store *store) { return store->row_count; }
const numaschema_sibling_row *numaschema_sibling_store_rows(const numaschema_sibling_store *store) { return store->rows; }
size_t numaschema_sibling_store_count(const numaschema_sibling_store *store) { return store->count; }
const numaschema_sibling *numaschema_sibling_store_siblings(const numaschema_sibling_store *store) { return store->siblings; }

void numaschema_sibling_store_free(numaschema_sibling_store *store) {
    if (store == NULL) return;
    if (active == store) active = NULL;
    free(store->siblings);
    free(store->rows);
    free(store);
}
