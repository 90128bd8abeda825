// ALSA: the *_alloca macros cannot be imported; use the _malloc/_free forms or these wrappers.
#pragma once
#include <alsa/asoundlib.h>
