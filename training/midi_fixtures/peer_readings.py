"""mido's reading of every file of the peer conformance suite (Tests/Fixtures/midi/peers, from jazz-soft's
test-midi-files, MIT), as the fixture the Swift conformance test compares Kanade's reader with.

    python3 training/midi_fixtures/peer_readings.py   # writes Tests/Fixtures/midi/peers/mido.json

For each file: {"file", "readable": true, "notes": [[channel, pitch, startTick, endTick], ...]} in mido's
pairing (mido_notes.py), sorted; or {"file", "readable": false, "error": "..."} when mido refuses it.
"""
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from mido_notes import mido_notes  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
PEERS = ROOT / "Tests" / "Fixtures" / "midi" / "peers"


def main():
    out = []
    for path in sorted(PEERS.glob("*.mid")):
        try:
            _, notes = mido_notes(str(path))
        except Exception as error:  # mido's refusal, whatever its kind
            out.append(dict(file=path.name, readable=False, error=f"{type(error).__name__}: {error}"))
            continue
        rows = sorted([n["channel"], n["pitch"], n["startTick"], n["endTick"]] for n in notes)
        out.append(dict(file=path.name, readable=True, notes=rows))
    (PEERS / "mido.json").write_text(json.dumps(out, indent=0) + "\n")
    print(f"{len(out)} files, {sum(o['readable'] for o in out)} read by mido", file=sys.stderr)


if __name__ == "__main__":
    main()
