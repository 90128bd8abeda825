// libfluidsynth: General MIDI programs from SoundFonts (.sf2/.sf3), rendered in-process.
#pragma once
#include <fluidsynth.h>
