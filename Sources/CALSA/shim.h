// ALSA: the *_alloca macros cannot be imported; use the _malloc/_free forms or these wrappers.
#pragma once
#include <alsa/asoundlib.h>

// A do-nothing error handler: ALSA must never print into the terminal the TUI owns (cmus does the same).
// Swift cannot write a C variadic function, so the handler lives here.
static void kanade_alsa_quiet_handler(const char *file, int line, const char *function, int err,
                                      const char *fmt, ...) {
    (void)file; (void)line; (void)function; (void)err; (void)fmt;
}

/// Installs the silent handler for every later ALSA call in the process.
static inline void kanade_alsa_silence_errors(void) {
    snd_lib_error_set_handler(kanade_alsa_quiet_handler);
}
