// libFuzzer's driver, for the fuzz targets' own `main` (see Package.swift).
#ifndef NUMASCHEMA_CLIBFUZZER_H
#define NUMASCHEMA_CLIBFUZZER_H
#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer over `callback` with the command line's flags, as libFuzzer's own `main` does.
/// Provided by libclang_rt.fuzzer, which `-sanitize=fuzzer` links.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
