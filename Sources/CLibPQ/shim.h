#ifndef TAILSWEEP_CLIBPQ_SHIM_H
#define TAILSWEEP_CLIBPQ_SHIM_H
#include <postgresql/libpq-fe.h>
#endif
