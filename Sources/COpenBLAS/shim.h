#ifndef TAILSWEEP_COPENBLAS_SHIM_H
#define TAILSWEEP_COPENBLAS_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#endif
