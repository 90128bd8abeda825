// FFTW3, single precision (fftwf_*, -lfftw3f).
#pragma once
#include <fftw3.h>
