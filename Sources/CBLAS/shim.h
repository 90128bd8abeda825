// OpenBLAS CBLAS interface (cblas_sgemm, cblas_sgemv ...).
#pragma once
#include <cblas.h>
