// Wrappers for ncursesw macros Swift cannot import (see shared/reference/tui.md §8).
#pragma once
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncursesw/curses.h>

static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cn_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline attr_t cn_a_normal(void) { return A_NORMAL; }
static inline mmask_t cn_all_mouse_events(void) { return ALL_MOUSE_EVENTS; }
static inline mmask_t cn_report_mouse_position(void) { return REPORT_MOUSE_POSITION; }
static inline void cn_getmaxyx(WINDOW *w, int *y, int *x) { getmaxyx(w, *y, *x); }

// Added for the workstation screen (Sources/TUI/Terminal/LiveCurses.swift).
#include <langinfo.h>
static inline mmask_t cn_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t cn_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t cn_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t cn_button2_pressed(void) { return BUTTON2_PRESSED; }
static inline mmask_t cn_button3_pressed(void) { return BUTTON3_PRESSED; }
static inline mmask_t cn_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t cn_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline int cn_key_code_yes(void) { return KEY_CODE_YES; }
static inline int cn_key_f0(void) { return KEY_F0; }
/// Whether the locale's character set is UTF-8 (call after setlocale).
static inline int cn_locale_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    return cs && (cs[0] == 'U' || cs[0] == 'u') && (cs[1] == 'T' || cs[1] == 't') && (cs[2] == 'F' || cs[2] == 'f');
}
/// Writes one cell: up to 4 code points of one grapheme, attributes and an extended colour pair.
static inline int cn_put_cell(int y, int x, const wchar_t *wch, attr_t attrs, int pair) {
    cchar_t cc;
    if (setcchar(&cc, wch, attrs, 0, &pair) == ERR) return ERR;
    return mvadd_wch(y, x, &cc);
}
/// Ends curses mode if it is on; the only ncurses call made from signal handlers (crash path).
static inline void cn_emergency_restore(void) { if (stdscr && !isendwin()) endwin(); }
/// Globals Swift 6 refuses to read directly (shared mutable state): read through functions.
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_colors(void) { return COLORS; }
static inline SCREEN *cn_newterm(void) { return newterm(NULL, stdout, stdin); }
extern int wcwidth(wchar_t c);
/// Cells a code point takes in the current locale (-1 non-printing).
static inline int cn_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }
