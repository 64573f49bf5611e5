// The CBLAS interface of OpenBLAS (Debian: libopenblas-dev), plus its thread control.
#include <cblas.h>
// glibc's allocator tuning (mallopt), for keepFreedMemoryForReuse().
#include <malloc.h>
