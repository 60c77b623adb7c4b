/* The small-block allocator libxml2 and libxslt allocate through (xmlMemSetup): see
   CNumaSchemaShims.h. A block of up to NS_SMALL_LIMIT bytes comes from a per-thread free list of
   its size class, refilled from 64 KiB chunks of one reserved address range; anything larger,
   and anything the range cannot hold, comes from the C library. A pointer is one of ours when
   it lies in the range, so pointers the C library gave (before the allocator was installed, or
   large ones) are always handed back to it. */
#define _GNU_SOURCE
#include "CNumaSchemaShims.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <libxml/xmlmemory.h>

#ifndef __has_feature
#define __has_feature(x) 0
#endif

enum {
    NS_GRANULE_SHIFT = 4,                          /* sizes are multiples of 16 bytes */
    NS_CLASSES = 64,                               /* 16, 32, …, 1024 bytes */
    NS_SMALL_LIMIT = NS_CLASSES << NS_GRANULE_SHIFT,
    NS_CHUNK_SHIFT = 16,                           /* 64 KiB: all blocks of one class */
    NS_CHUNK = 1 << NS_CHUNK_SHIFT,
};
#define NS_COMMIT_STEP ((size_t)4 << 20)           /* made writable 4 MiB at a time */

/* The reserved range (PROT_NONE until committed), the class of each chunk handed out, and how
   far chunks have been handed out and made writable. */
static uintptr_t ns_base;
static size_t ns_size;
static uint8_t *ns_chunk_class;
static size_t ns_next_chunk;   /* offset of the next chunk to hand out */
static size_t ns_committed;    /* bytes from ns_base that are readable and writable */
static pthread_mutex_t ns_lock = PTHREAD_MUTEX_INITIALIZER;

/* Blocks left by threads that ended, by class (under ns_lock). */
static void *ns_pool[NS_CLASSES];
static _Atomic int ns_pool_filled[NS_CLASSES];

/* One thread's cache: a free list per class and the part of its current chunk not carved yet.
   Made on the thread's first allocation or free; its lists go back to the pool when the thread
   ends. Only a pointer is thread-local, in the initial-exec model: reading it is one load, with
   no call that would make the fast paths save registers. */
struct ns_thread {
    void *free[NS_CLASSES];
    char *bump[NS_CLASSES];
    char *end[NS_CLASSES];
};
static __thread struct ns_thread *ns_tls __attribute__((tls_model("initial-exec")));
static pthread_key_t ns_exit_key;
static pthread_once_t ns_exit_once = PTHREAD_ONCE_INIT;

static inline size_t ns_class_size(unsigned class) { return (size_t)(class + 1) << NS_GRANULE_SHIFT; }

static inline int ns_owns(const void *pointer) { return (uintptr_t)pointer - ns_base < ns_size; }

static inline unsigned ns_class_of(const void *pointer) {
    return ns_chunk_class[((uintptr_t)pointer - ns_base) >> NS_CHUNK_SHIFT];
}

/* At a thread's end: every block its cache holds (listed or not carved yet) goes to the pool. */
static void ns_thread_ended(void *data) {
    struct ns_thread *cache = data;
    for (unsigned class = 0; class < NS_CLASSES; class++) {
        size_t size = ns_class_size(class);
        while (cache->bump[class] != NULL && cache->bump[class] + size <= cache->end[class]) {
            void *block = cache->bump[class];
            cache->bump[class] += size;
            *(void **)block = cache->free[class];
            cache->free[class] = block;
        }
        void *head = cache->free[class];
        if (head == NULL) continue;
        void *tail = head;
        while (*(void **)tail != NULL) tail = *(void **)tail;
        pthread_mutex_lock(&ns_lock);
        *(void **)tail = ns_pool[class];
        ns_pool[class] = head;
        atomic_store_explicit(&ns_pool_filled[class], 1, memory_order_relaxed);
        pthread_mutex_unlock(&ns_lock);
    }
    if (ns_tls == cache) ns_tls = NULL;
    free(cache);
}

static void ns_make_exit_key(void) { pthread_key_create(&ns_exit_key, ns_thread_ended); }

/* The thread's cache, made on first use; NULL when out of memory. */
static struct ns_thread *ns_cache(void) {
    struct ns_thread *cache = ns_tls;
    if (cache != NULL) return cache;
    cache = calloc(1, sizeof *cache);
    if (cache == NULL) return NULL;
    pthread_once(&ns_exit_once, ns_make_exit_key);
    if (pthread_setspecific(ns_exit_key, cache) != 0) {
        free(cache);
        return NULL;
    }
    ns_tls = cache;
    return cache;
}

/* A new chunk for `class`, or NULL when the range is used up. */
static char *ns_new_chunk(unsigned class) {
    char *chunk = NULL;
    pthread_mutex_lock(&ns_lock);
    if (ns_next_chunk + NS_CHUNK <= ns_size) {
        size_t needed = ns_next_chunk + NS_CHUNK;
        if (needed > ns_committed) {
            size_t grow = NS_COMMIT_STEP;
            if (ns_committed + grow > ns_size) grow = ns_size - ns_committed;
            if (mprotect((void *)(ns_base + ns_committed), grow, PROT_READ | PROT_WRITE) == 0) ns_committed += grow;
        }
        if (needed <= ns_committed) {
            chunk = (char *)(ns_base + ns_next_chunk);
            ns_chunk_class[ns_next_chunk >> NS_CHUNK_SHIFT] = (uint8_t)class;
            ns_next_chunk = needed;
        }
    }
    pthread_mutex_unlock(&ns_lock);
    return chunk;
}

/* The slow path of a small allocation: the thread's chunk, the pool, a new chunk, else the C
   library. */
static void *ns_refill(struct ns_thread *cache, unsigned class) {
    size_t size = ns_class_size(class);
    void *block = cache->free[class];
    if (block != NULL) {
        cache->free[class] = *(void **)block;
        return block;
    }
    if (cache->bump[class] != NULL && cache->bump[class] + size <= cache->end[class]) {
        block = cache->bump[class];
        cache->bump[class] += size;
        return block;
    }
    if (atomic_load_explicit(&ns_pool_filled[class], memory_order_relaxed)) {
        pthread_mutex_lock(&ns_lock);
        void *list = ns_pool[class];
        ns_pool[class] = NULL;
        atomic_store_explicit(&ns_pool_filled[class], 0, memory_order_relaxed);
        pthread_mutex_unlock(&ns_lock);
        if (list != NULL) {
            cache->free[class] = *(void **)list;
            return list;
        }
    }
    char *chunk = ns_new_chunk(class);
    if (chunk == NULL) return malloc(size);
    cache->bump[class] = chunk + size;
    cache->end[class] = chunk + NS_CHUNK;
    return chunk;
}

/* The fast paths below take no stack frame: anything else is in these. */
static __attribute__((noinline)) void *ns_malloc_slow(size_t size) {
    if (size - 1 < NS_SMALL_LIMIT) {
        struct ns_thread *cache = ns_cache();
        if (cache != NULL) return ns_refill(cache, (unsigned)((size - 1) >> NS_GRANULE_SHIFT));
    }
    return malloc(size);
}

static __attribute__((noinline)) void ns_free_slow(void *pointer) {
    if (!ns_owns(pointer)) {
        free(pointer);
        return;
    }
    struct ns_thread *cache = ns_cache();
    if (cache == NULL) return; /* out of memory: the block stays unused */
    unsigned class = ns_class_of(pointer);
    *(void **)pointer = cache->free[class];
    cache->free[class] = pointer;
}

static void *ns_malloc(size_t size) {
    struct ns_thread *cache = ns_tls;
    if (__builtin_expect(size - 1 < NS_SMALL_LIMIT && cache != NULL, 1)) { /* 1 … 1024 (0 wraps) */
        unsigned class = (unsigned)((size - 1) >> NS_GRANULE_SHIFT);
        void *block = cache->free[class];
        if (__builtin_expect(block != NULL, 1)) {
            cache->free[class] = *(void **)block;
            return block;
        }
    }
    return ns_malloc_slow(size);
}

static void ns_free(void *pointer) {
    struct ns_thread *cache = ns_tls;
    if (__builtin_expect(ns_owns(pointer) && cache != NULL, 1)) {
        unsigned class = ns_class_of(pointer);
        *(void **)pointer = cache->free[class];
        cache->free[class] = pointer;
        return;
    }
    ns_free_slow(pointer);
}

static void *ns_realloc(void *pointer, size_t size) {
    if (pointer == NULL) return ns_malloc(size);
    if (!ns_owns(pointer)) return realloc(pointer, size);
    size_t have = ns_class_size(ns_class_of(pointer));
    if (size <= have && size > have / 2) return pointer;
    void *moved = ns_malloc(size == 0 ? 1 : size);
    if (moved == NULL) return NULL;
    memcpy(moved, pointer, size < have ? size : have);
    ns_free(pointer);
    return moved;
}

static char *ns_strdup(const char *text) {
    size_t length = strlen(text) + 1;
    char *copy = ns_malloc(length);
    if (copy != NULL) memcpy(copy, text, length);
    return copy;
}

/* Reserves the range: as much of 64 GiB of address space as the process may have (nothing is
   committed until used), but never more than a quarter of a limit on its address space
   (RLIMIT_AS, `ulimit -v`), which counts reserved space too: the rest stays for large blocks,
   the stacks and everything else. */
static int ns_reserve(void) {
    static const size_t sizes[] = {(size_t)64 << 30, (size_t)8 << 30, (size_t)1 << 30, (size_t)256 << 20};
    struct rlimit limit;
    size_t most = SIZE_MAX;
    if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) most = (size_t)(limit.rlim_cur / 4);
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t size = sizes[k];
        if (size > most) continue;
        size_t classes = size >> NS_CHUNK_SHIFT;
        void *table = mmap(NULL, classes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (table == MAP_FAILED) continue;
        /* Aligned to a chunk, so that a block never straddles two. */
        void *range = mmap(NULL, size + NS_CHUNK, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (range == MAP_FAILED) {
            munmap(table, classes);
            continue;
        }
        uintptr_t start = ((uintptr_t)range + NS_CHUNK - 1) & ~(uintptr_t)(NS_CHUNK - 1);
        ns_chunk_class = table;
        ns_base = start;
        ns_size = size;
        return 1;
    }
    return 0;
}

int numaschema_block_allocator_install(void) {
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || defined(__SANITIZE_ADDRESS__) || \
    defined(__SANITIZE_THREAD__)
    return 0; /* the sanitizer's own allocator must see every block */
#else
    const char *choice = getenv("NUMASCHEMA_ALLOCATOR");
    if (choice != NULL && strcmp(choice, "system") == 0) return 0;
    if (ns_size != 0) return 1;
    if (!ns_reserve()) return 0;
    if (xmlMemSetup(ns_free, ns_malloc, ns_realloc, ns_strdup) != 0) return 0;
    return 1;
#endif
}

void *numaschema_block_allocate(size_t size) { return ns_malloc(size); }
void *numaschema_block_reallocate(void *pointer, size_t size) { return ns_realloc(pointer, size); }
void numaschema_block_free(void *pointer) { ns_free(pointer); }
int numaschema_block_owns(const void *pointer) { return ns_size != 0 && ns_owns(pointer); }
