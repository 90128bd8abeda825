#!/usr/bin/env python3
"""Render a `tmux capture-pane -e -p` dump (text with SGR colour escapes) to a PNG.

Used to look at Kanade's screen the way a person sees it, colours included, on a machine without
a display:

    tmux capture-pane -e -p -t SESSION > screen.ans
    python3 scripts/screenshot.py screen.ans screen.png

Half blocks (▀ ▄ █) and braille dots are drawn as shapes so they look right whatever the font has;
everything else is drawn with DejaVu Sans Mono. Needs Pillow (a developer tool, not a test dependency).
"""
from __future__ import annotations

import re
import sys
import unicodedata

from PIL import Image, ImageDraw, ImageFont

CELL_W, CELL_H = 9, 18
FONT_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
DEFAULT_FG, DEFAULT_BG = (204, 204, 204), (16, 16, 16)
ANSI16 = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
          (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
          (255, 0, 255), (0, 255, 255), (255, 255, 255)]
SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def xterm256(n: int) -> tuple[int, int, int]:
    if n < 16:
        return ANSI16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return steps[n // 36], steps[(n // 6) % 6], steps[n % 6]
    v = 8 + 10 * (n - 232)
    return v, v, v


class Style:
    def __init__(self) -> None:
        self.fg, self.bg, self.reverse = None, None, False

    def apply(self, params: str) -> None:
        codes = [int(c) if c else 0 for c in re.split("[;:]", params)] if params else [0]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0:
                self.fg, self.bg, self.reverse = None, None, False
            elif c == 7:
                self.reverse = True
            elif c == 27:
                self.reverse = False
            elif 30 <= c <= 37:
                self.fg = ANSI16[c - 30]
            elif 90 <= c <= 97:
                self.fg = ANSI16[c - 90 + 8]
            elif 40 <= c <= 47:
                self.bg = ANSI16[c - 40]
            elif 100 <= c <= 107:
                self.bg = ANSI16[c - 100 + 8]
            elif c == 39:
                self.fg = None
            elif c == 49:
                self.bg = None
            elif c in (38, 48) and i + 1 < len(codes):
                if codes[i + 1] == 5 and i + 2 < len(codes):
                    colour = xterm256(codes[i + 2])
                    i += 2
                elif codes[i + 1] == 2 and i + 4 < len(codes):
                    colour = tuple(codes[i + 2:i + 5])
                    i += 4
                else:
                    colour = None
                if c == 38:
                    self.fg = colour
                else:
                    self.bg = colour
            i += 1

    def colours(self) -> tuple[tuple, tuple]:
        fg, bg = self.fg or DEFAULT_FG, self.bg or DEFAULT_BG
        return (bg, fg) if self.reverse else (fg, bg)


def parse(text: str) -> list[list[tuple[str, tuple, tuple]]]:
    rows, style = [], Style()
    for line in text.split("\n"):
        row, pos = [], 0
        for m in SGR.finditer(line):
            for ch in line[pos:m.start()]:
                row.append((ch, *style.colours()))
            style.apply(m.group(1))
            pos = m.end()
        for ch in line[pos:]:
            row.append((ch, *style.colours()))
        rows.append(row)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def draw_cell(draw: ImageDraw.ImageDraw, font, x: int, y: int, ch: str, fg, bg) -> None:
    x0, y0 = x * CELL_W, y * CELL_H
    draw.rectangle([x0, y0, x0 + CELL_W - 1, y0 + CELL_H - 1], fill=bg)
    code = ord(ch)
    if ch == " ":
        return
    if ch == "▀":
        draw.rectangle([x0, y0, x0 + CELL_W - 1, y0 + CELL_H // 2 - 1], fill=fg)
    elif ch == "▄":
        draw.rectangle([x0, y0 + CELL_H // 2, x0 + CELL_W - 1, y0 + CELL_H - 1], fill=fg)
    elif ch == "█":
        draw.rectangle([x0, y0, x0 + CELL_W - 1, y0 + CELL_H - 1], fill=fg)
    elif 0x2800 <= code <= 0x28FF:
        bits = code - 0x2800
        dots = [(0, 0, 0x01), (0, 1, 0x02), (0, 2, 0x04), (1, 0, 0x08), (1, 1, 0x10), (1, 2, 0x20),
                (0, 3, 0x40), (1, 3, 0x80)]
        for dx, dy, bit in dots:
            if bits & bit:
                cx, cy = x0 + 2 + dx * 4, y0 + 2 + dy * 4
                draw.rectangle([cx, cy, cx + 2, cy + 2], fill=fg)
    else:
        draw.text((x0, y0 + 1), ch, font=font, fill=fg)


def render(text: str) -> Image.Image:
    rows = parse(text)
    width = max((len(r) for r in rows), default=1)
    image = Image.new("RGB", (width * CELL_W, max(len(rows), 1) * CELL_H), DEFAULT_BG)
    draw, font = ImageDraw.Draw(image), ImageFont.truetype(FONT_PATH, 14)
    for y, row in enumerate(rows):
        x = 0
        for ch, fg, bg in row:
            draw_cell(draw, font, x, y, ch, fg, bg)
            x += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return image


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: screenshot.py CAPTURE.ans OUT.png")
    with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
        render(f.read()).save(sys.argv[2])
