// libsoxr: high-quality resampling.
#pragma once
#include <soxr.h>
