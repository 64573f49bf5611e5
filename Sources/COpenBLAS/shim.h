// The CBLAS interface of OpenBLAS (Debian: libopenblas-dev), plus its thread control.
#include <cblas.h>
