/// Encodes a `NoteSequence` as a Standard MIDI File, format 1.
///
/// Track 0 is the conductor track (tempo, time and key signatures); each `Track` follows as its own
/// `MTrk` with its name, a program change on its channel, then note-on / note-off pairs. Every track ends
/// with end-of-track; chunk lengths are computed after encoding; no running status is used, so nothing
/// depends on how a reader treats it after meta events (`/work/shared/reference/audio.md` §5).
public struct MIDIFileWriter: Sendable {
    /// The sequence to write.
    public var sequence: NoteSequence

    /// A writer for `sequence`.
    public init(sequence: NoteSequence) {
        self.sequence = sequence
    }

    /// The file's bytes.
    public func encode() -> [UInt8] {
        var out: [UInt8] = Array("MThd".utf8)
        append32(6, to: &out)
        append16(1, to: &out)  // format 1
        append16(sequence.tracks.count + 1, to: &out)
        append16(min(sequence.ticksPerQuarter, 0x7FFF), to: &out)
        appendChunk(conductorEvents(), to: &out)
        for track in sequence.tracks { appendChunk(trackEvents(track), to: &out) }
        return out
    }

    private typealias TimedEvent = (tick: Int, order: Int, bytes: [UInt8])

    private func conductorEvents() -> [TimedEvent] {
        var events: [TimedEvent] = []
        for change in sequence.tempoMap.changes {
            let us = min(max(change.microsecondsPerQuarter, 1), 0xFF_FFFF)
            events.append((change.tick, 0, [0xFF, 0x51, 0x03, UInt8(us >> 16), UInt8(us >> 8 & 0xFF), UInt8(us & 0xFF)]))
        }
        for signature in sequence.timeSignatures {
            let power = UInt8(min(max(signature.denominator, 1).trailingZeroBitCount, 255))
            // 24 MIDI clocks per metronome click, 8 thirty-seconds per quarter: the values every tool writes.
            events.append((signature.tick, 0, [0xFF, 0x58, 0x04, UInt8(min(max(signature.numerator, 1), 255)), power, 24, 8]))
        }
        for key in sequence.keySignatures {
            events.append((key.tick, 0, [0xFF, 0x59, 0x02, UInt8(bitPattern: Int8(min(max(key.sharps, -7), 7))), key.isMinor ? 1 : 0]))
        }
        return events
    }

    private func trackEvents(_ track: Track) -> [TimedEvent] {
        var events: [TimedEvent] = []
        if !track.name.isEmpty {
            // Latin-1 where possible (what mido reads), otherwise '?' for the character.
            let text = track.name.unicodeScalars.map { $0.value < 256 ? UInt8($0.value) : UInt8(ascii: "?") }
            events.append((0, 0, [0xFF, 0x03] + variableLength(text.count) + text))
        }
        events.append((0, 1, [0xC0 | nibble(track.channel), sevenBits(track.program)]))
        for note in track.notes {
            let channel = nibble(note.channel)
            // At one tick: ends of sounding notes, then starts, then ends of zero-length notes.
            let endOrder = note.endTick > note.startTick ? 2 : 4
            events.append((note.startTick, 3, [0x90 | channel, sevenBits(note.pitch), max(sevenBits(note.velocity), 1)]))
            events.append((note.endTick, endOrder, [0x80 | channel, sevenBits(note.pitch), 0x40]))
        }
        return events
    }

    private func appendChunk(_ events: [TimedEvent], to out: inout [UInt8]) {
        var body: [UInt8] = []
        var lastTick = 0
        let sorted = events.enumerated().sorted {
            ($0.element.tick, $0.element.order, $0.offset) < ($1.element.tick, $1.element.order, $1.offset)
        }
        for (_, event) in sorted {
            var delta = event.tick - lastTick
            // A delta is at most 0x0FFFFFFF: longer gaps are bridged with empty text events.
            while delta > Self.maximumDelta {
                body += variableLength(Self.maximumDelta) + [0xFF, 0x01, 0x00]
                delta -= Self.maximumDelta
            }
            body += variableLength(delta)
            body += event.bytes
            lastTick = event.tick
        }
        body += [0x00, 0xFF, 0x2F, 0x00]
        out += Array("MTrk".utf8)
        append32(body.count, to: &out)
        out += body
    }

    /// The largest variable-length number: 4 bytes of 7 bits.
    static let maximumDelta = 0x0FFF_FFFF

    private func variableLength(_ value: Int) -> [UInt8] {
        var v = min(max(value, 0), Self.maximumDelta)
        var out = [UInt8(v & 0x7F)]
        v >>= 7
        while v > 0 {
            out.insert(UInt8(v & 0x7F) | 0x80, at: 0)
            v >>= 7
        }
        return out
    }

    /// Public fields can be set out of range; the file gets the nearest valid byte.
    private func sevenBits(_ v: Int) -> UInt8 { UInt8(min(max(v, 0), 127)) }
    private func nibble(_ v: Int) -> UInt8 { UInt8(min(max(v, 0), 15)) }

    private func append16(_ v: Int, to out: inout [UInt8]) { out += [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    private func append32(_ v: Int, to out: inout [UInt8]) {
        out += [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
    }
}
