// Nothing to compile: the header declares a function of libclang_rt.fuzzer. SwiftPM needs one
// source file in a C target.
#include "CLibFuzzer.h"
