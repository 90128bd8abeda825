"""Writes the malformed-MIDI corpus in Tests/Fixtures/midi/malformed/ (run once; outputs are committed).

Each file is a problem seen in real files or a hostile input (see /work/shared/reference/audio.md §5).
expected.json says what Kanade's reader does with it: an error (with the `MIDIFileError.Problem` case)
or a lenient read (how many notes, whether warnings are given). The corpus also seeds `make fuzz`.

    /work/venv/bin/python training/midi_fixtures/malformed.py
"""
import json
import pathlib
import struct

from smf_bytes import chunk, vlq

OUT = pathlib.Path(__file__).resolve().parents[2] / "Tests" / "Fixtures" / "midi" / "malformed"


def header(fmt=0, ntrks=1, division=96, length=6):
    return b"MThd" + struct.pack(">L", length) + struct.pack(">HHH", fmt, ntrks, division)


def track(body, length=None):
    return chunk(b"MTrk", body, length)


EOT = vlq(0) + b"\xFF\x2F\x00"
# Three quarter notes C4 D4 E4.
NOTES = b"".join(vlq(0 if i == 0 else 0) + bytes([0x90, 60 + 2 * i, 100]) + vlq(96) + bytes([0x80, 60 + 2 * i, 0])
                 for i in range(3))
GOOD = header() + track(NOTES + EOT)

CASES = {
    # name: (bytes, expectation)
    "empty": (b"", dict(result="error", problem="notAMIDIFile")),
    "wave_file": (b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 20, dict(result="error", problem="notAMIDIFile")),
    "header_cut_off": (b"MThd\x00\x00\x00\x06\x00", dict(result="error", problem="badHeader")),
    "header_length_5": (header(length=5) + track(NOTES + EOT), dict(result="error", problem="badHeader")),
    "header_length_past_end": (header(length=0x7FFFFFFF), dict(result="error", problem="badHeader")),
    "format_3": (header(fmt=3) + track(NOTES + EOT), dict(result="error", problem="unsupportedFormat")),
    "division_zero": (header(division=0) + track(NOTES + EOT), dict(result="error", problem="badHeader")),
    "smpte_bad_rate": (header(division=0xF028) + track(NOTES + EOT), dict(result="error", problem="badHeader")),
    "vlq_five_bytes": (header() + track(b"\x81\x81\x81\x81\x01\x90\x3C\x40" + NOTES + EOT),
                       dict(result="error", problem="malformedEvent")),
    "data_byte_over_127": (header() + track(vlq(0) + b"\x90\x3C\xC8" + NOTES + EOT),
                           dict(result="error", problem="malformedEvent")),
    "running_status_with_none": (header() + track(vlq(0) + b"\x3C\x40" + NOTES + EOT),
                                 dict(result="error", problem="malformedEvent")),
    "undefined_status_f4": (header() + track(NOTES + vlq(0) + b"\xF4\x00" + EOT),
                            dict(result="error", problem="malformedEvent")),
    # Lenient: real readers read these.
    "truncated_mid_track": (GOOD[:len(GOOD) - 9], dict(result="ok", notes=2, warnings=True)),
    "truncated_mid_note": (GOOD[:14 + 8 + 4 + 2], dict(result="ok", notes=1, warnings=True)),
    "track_length_huge": (header() + track(NOTES + EOT, length=0xFFFFFFFF), dict(result="ok", notes=3, warnings=True)),
    # The rest of the short track reads as a chunk header with an absurd length: reading stops there.
    "track_length_short": (header() + track(NOTES + EOT, length=8) + track(NOTES + EOT),
                           dict(result="ok", notes=1, warnings=True)),
    "missing_end_of_track": (header() + track(NOTES), dict(result="ok", notes=3, warnings=True)),
    "junk_after_end_of_track": (header() + track(NOTES + EOT + b"\x00\x90\x3C"), dict(result="ok", notes=3, warnings=True)),
    "wrong_track_count": (header(fmt=1, ntrks=5) + track(NOTES + EOT), dict(result="ok", notes=3, warnings=True)),
    "short_tempo_meta": (header() + track(vlq(0) + b"\xFF\x51\x02\x07\xA1" + NOTES + EOT),
                         dict(result="ok", notes=3, warnings=True)),
    "short_time_signature": (header() + track(vlq(0) + b"\xFF\x58\x01\x04" + NOTES + EOT),
                             dict(result="ok", notes=3, warnings=True)),
    "key_signature_9_sharps": (header() + track(vlq(0) + b"\xFF\x59\x02\x09\x00" + NOTES + EOT),
                               dict(result="ok", notes=3, warnings=True)),
    "meta_length_huge": (header() + track(NOTES + vlq(0) + b"\xFF\x01" + b"\xFF\xFF\xFF\x7F" + b"text" + EOT),
                         dict(result="ok", notes=3, warnings=True)),
    "sysex_length_huge": (header() + track(NOTES + vlq(0) + b"\xF0" + b"\xFF\xFF\xFF\x7F" + b"\x7E\xF7" + EOT),
                          dict(result="ok", notes=3, warnings=True)),
    "unknown_chunk_huge": (GOOD + b"JUNK" + b"\xFF\xFF\xFF\xFF" + b"\x00" * 16, dict(result="ok", notes=3, warnings=True)),
    "stray_bytes_at_end": (GOOD + b"MTr", dict(result="ok", notes=3, warnings=True)),
    "note_never_ends": (header() + track(NOTES + vlq(0) + b"\x90\x48\x50" + vlq(192) + EOT[1:]),
                        dict(result="ok", notes=4, warnings=True)),
    "no_tracks": (header(ntrks=0), dict(result="ok", notes=0, warnings=False)),
    "smpte_25fps": (header(division=0xE728) + track(NOTES + EOT), dict(result="ok", notes=3, warnings=False)),
    # RIFF MIDI (.rmi): the SMF inside a RIFF "data" chunk is read; RIFF inside RIFF is refused.
    "riff_rmid": (b"RIFF" + struct.pack("<L", 4 + 8 + len(GOOD)) + b"RMID" + b"data" + struct.pack("<L", len(GOOD)) + GOOD,
                  dict(result="ok", notes=3, warnings=False)),
    "riff_in_riff": (b"RIFF\x20\x00\x00\x00RMIDdata\x14\x00\x00\x00RIFF\x0c\x00\x00\x00RMIDdata\x00\x00\x00\x00",
                     dict(result="error", problem="notAMIDIFile")),
    "tempo_zero": (header() + track(vlq(0) + b"\xFF\x51\x03\x00\x00\x00" + NOTES + EOT),
                   dict(result="ok", notes=3, warnings=True)),
}

if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    expected = {}
    for name, (data, expectation) in CASES.items():
        (OUT / f"{name}.mid").write_bytes(data)
        expected[f"{name}.mid"] = expectation
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    print(f"{len(CASES)} files")
