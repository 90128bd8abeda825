"""Byte-level pieces of Standard MIDI Files, for fixtures written by hand (quirks, malformed files)."""
import struct


def vlq(n):
    """A variable-length quantity: 7 bits per byte, high bit set on all but the last."""
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.insert(0, (n & 0x7F) | 0x80)
        n >>= 7
    return bytes(out)


def chunk(kind, body, length=None):
    """A chunk: 4-byte type, 32-bit big-endian length (the body's unless given), body."""
    return kind + struct.pack(">L", len(body) if length is None else length) + body
