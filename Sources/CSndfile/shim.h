// libsndfile: everything imports directly; this header only gathers it.
#pragma once
#include <sndfile.h>
