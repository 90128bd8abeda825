/// Reads a Standard MIDI File (format 0, 1 or 2) into a `NoteSequence`.
///
/// Leniency follows what real-world readers accept (see docs/formats.md and
/// `/work/shared/reference/audio.md` §5): running status continues across meta and SysEx events;
/// unknown chunks are skipped by their length; a wrong track count, a missing end-of-track, junk after it,
/// a track cut short or a note that never ends are read as far as they go and reported in `warnings`.
/// What cannot be read (no `MThd`, impossible header, variable-length numbers over 4 bytes, data bytes
/// over 127, an undefined status byte) throws a `MIDIFileError`. Every length is checked against the bytes
/// that are really there before anything is sliced, so a hostile length never allocates.
public struct MIDIFileReader: Sendable {
    /// What a read gives back.
    public struct Result: Sendable {
        /// The music.
        public var sequence: NoteSequence
        /// The SMF format of the file (0, 1 or 2).
        public var format: Int
        /// Problems that were read past, one line each, for a status line or `--verbose`.
        public var warnings: [String]
    }

    /// Files larger than this are refused: real MIDI files are kilobytes.
    public static let maximumFileSize = 64 << 20

    private let bytes: [UInt8]
    private let name: String
    private var isInsideRIFF = false

    /// A reader over the bytes of a file; `name` is used in errors and warnings.
    public init(bytes: [UInt8], name: String) {
        self.bytes = bytes
        self.name = name
    }

    /// Parses the file.
    public func read() throws(MIDIFileError) -> Result {
        guard bytes.count <= Self.maximumFileSize else { throw error(.tooLarge(bytes: bytes.count)) }
        var warnings: [String] = []
        var pos = 0
        // RIFF MIDI (.rmi): a Standard MIDI File inside a RIFF "data" chunk. Read the inner file.
        if chunkType(at: 0) == "RIFF" && chunkType(at: 8) == "RMID" && !isInsideRIFF {
            var p = 12
            while p + 8 <= bytes.count {
                let length = Int(bytes[p + 4]) | Int(bytes[p + 5]) << 8 | Int(bytes[p + 6]) << 16 | Int(bytes[p + 7]) << 24
                if chunkType(at: p) == "data" {
                    let end = p + 8 + min(length, bytes.count - p - 8)
                    var inner = MIDIFileReader(bytes: Array(bytes[(p + 8)..<end]), name: name)
                    inner.isInsideRIFF = true  // no RIFF inside RIFF: nesting could recurse without end
                    return try inner.read()
                }
                p += 8 + length + (length & 1)
            }
            throw error(.notAMIDIFile, at: 0)
        }
        guard chunkType(at: 0) == "MThd" else { throw error(.notAMIDIFile, at: 0) }
        guard bytes.count >= 8 + 6 else { throw error(.badHeader("header chunk is cut off"), at: 0) }
        let headerLength = be32(at: 4)
        guard headerLength >= 6 else { throw error(.badHeader("header length \(headerLength) is below 6"), at: 4) }
        let format = be16(at: 8)
        let declaredTracks = be16(at: 10)
        let division = be16(at: 12)
        guard format <= 2 else { throw error(.unsupportedFormat(format), at: 8) }

        let timing: Timing
        if division & 0x8000 == 0 {
            guard division > 0 else { throw error(.badHeader("division is 0 ticks per quarter"), at: 12) }
            timing = .ticksPerQuarter(division)
        } else {
            // SMPTE: high byte is −frames per second, low byte ticks per frame.
            let fps = -Int(Int8(bitPattern: UInt8(division >> 8)))
            let ticksPerFrame = division & 0xFF
            guard [24, 25, 29, 30].contains(fps), ticksPerFrame > 0 else {
                throw error(.badHeader("SMPTE division \(fps) fps × \(ticksPerFrame) ticks"), at: 12)
            }
            timing = .smpte(framesPerSecond: fps, ticksPerFrame: ticksPerFrame)
        }
        pos = 8 + headerLength
        if pos > bytes.count { throw error(.badHeader("header length \(headerLength) runs past the end"), at: 4) }

        var parsed: [ParsedTrack] = []
        while pos < bytes.count {
            guard pos + 8 <= bytes.count else {
                warnings.append("\(bytes.count - pos) stray bytes at the end of the file ignored")
                break
            }
            let type = chunkType(at: pos)
            let length = be32(at: pos + 4)
            let bodyStart = pos + 8
            let available = bytes.count - bodyStart
            if type == "MTrk" {
                if length > available {
                    warnings.append("track \(parsed.count) claims \(length) bytes but only \(available) remain")
                }
                let bodyEnd = bodyStart + min(length, available)
                parsed.append(try parseTrack(index: parsed.count, from: bodyStart, to: bodyEnd, warnings: &warnings))
                pos = bodyEnd
            } else {
                guard length <= available else {
                    warnings.append("chunk \(type.debugDescription) at byte \(pos) runs past the end; stopped there")
                    break
                }
                // The SMF spec asks readers to skip chunks they do not know.
                warnings.append("chunk \(type.debugDescription) at byte \(pos) is not a track; skipped")
                pos = bodyStart + length
            }
        }
        if parsed.count != declaredTracks {
            warnings.append("header declares \(declaredTracks) tracks, file has \(parsed.count)")
        }
        return Result(sequence: assemble(parsed, timing: timing, warnings: &warnings), format: format,
                      warnings: warnings)
    }

    // MARK: Tracks

    private enum Timing {
        case ticksPerQuarter(Int)
        case smpte(framesPerSecond: Int, ticksPerFrame: Int)
    }

    private struct ProgramChange { var tick: Int; var channel: Int; var program: Int }

    /// Everything one `MTrk` chunk holds that the sequence keeps.
    private struct ParsedTrack {
        var name = ""
        var notes: [Note] = []
        var programChanges: [ProgramChange] = []
        var tempos: [TempoChange] = []
        var timeSignatures: [TimeSignature] = []
        var keySignatures: [KeySignature] = []
    }

    private func parseTrack(index: Int, from start: Int, to end: Int,
                            warnings: inout [String]) throws(MIDIFileError) -> ParsedTrack {
        var track = ParsedTrack()
        var pos = start
        var tick = 0
        var runningStatus: UInt8? = nil
        /// Whether a SysEx came since the running status was set (keeping it there is common but not standard).
        var sysExSinceStatus = false
        var sawEndOfTrack = false
        // Open notes per channel·pitch: start ticks and velocities, oldest first.
        var open = [[(tick: Int, velocity: Int)]](repeating: [], count: 16 * 128)
        var openCount = 0
        func cutOff(_ what: String) { warnings.append("track \(index) is cut off in \(what) at byte \(pos)") }

        events: while pos < end {
            guard let delta = try readVariableLength(&pos, end: end) else { cutOff("a delta time"); break }
            tick += delta
            guard pos < end else { cutOff("an event"); break }
            var status = bytes[pos]
            if status >= 0x80 {
                pos += 1
            } else {
                // Running status; real files keep it across meta and SysEx events, so those do not clear it.
                guard let running = runningStatus else {
                    throw error(.malformedEvent("data byte 0x\(hex(status)) with no status before it"), at: pos)
                }
                if sysExSinceStatus {
                    warnings.append("track \(index): running status 0x\(hex(running)) kept across a SysEx at byte \(pos)")
                    sysExSinceStatus = false
                }
                status = running
            }
            switch status {
            case 0xFF:
                guard pos < end else { cutOff("a meta event"); break events }
                let type = bytes[pos]
                pos += 1
                guard let length = try readVariableLength(&pos, end: end), length <= end - pos else {
                    cutOff("meta event 0x\(hex(type))"); break events
                }
                let data = pos..<(pos + length)
                pos += length
                if type == 0x2F { sawEndOfTrack = true; break events }
                readMeta(type: type, data: data, tick: tick, into: &track, warnings: &warnings)
            case 0xF0, 0xF7:
                guard let length = try readVariableLength(&pos, end: end), length <= end - pos else {
                    cutOff("a SysEx event"); break events
                }
                pos += length
                sysExSinceStatus = runningStatus != nil
            case 0xF1, 0xF2, 0xF3, 0xF6, 0xF8, 0xFA, 0xFB, 0xFC, 0xFE:
                // A system common or real-time message has no place in a file, but sequencers leave clock and
                // song-position bytes in tracks; mido reads past them, so do we, with their data bytes. System
                // common messages end running status (MIDI 1.0); real-time ones do not.
                let dataCount = status == 0xF2 ? 2 : (status == 0xF1 || status == 0xF3) ? 1 : 0
                guard end - pos >= dataCount else { cutOff("a system message"); break events }
                for i in 0..<dataCount where bytes[pos + i] >= 0x80 {
                    throw error(.malformedEvent("data byte 0x\(hex(bytes[pos + i])) over 127 in system message 0x\(hex(status))"),
                                at: pos + i)
                }
                warnings.append("track \(index): system message 0x\(hex(status)) at byte \(pos - 1) skipped")
                pos += dataCount
                if status < 0xF8 { runningStatus = nil }
            case 0x80...0xEF:
                runningStatus = status
                sysExSinceStatus = false
                let kind = status & 0xF0
                let dataCount = (kind == 0xC0 || kind == 0xD0) ? 1 : 2
                guard end - pos >= dataCount else { cutOff("a channel event"); break events }
                for i in 0..<dataCount where bytes[pos + i] >= 0x80 {
                    throw error(.malformedEvent("data byte 0x\(hex(bytes[pos + i])) over 127 in event 0x\(hex(status))"),
                                at: pos + i)
                }
                let channel = Int(status & 0x0F)
                let data1 = Int(bytes[pos])
                let data2 = dataCount == 2 ? Int(bytes[pos + 1]) : 0
                pos += dataCount
                let key = channel * 128 + data1
                if kind == 0x90 && data2 > 0 {
                    open[key].append((tick, data2))
                    openCount += 1
                } else if kind == 0x80 || kind == 0x90 {
                    // Note off: ends the oldest open note of this pitch that began before now (as pretty_midi
                    // does), so an off written after a same-tick re-strike ends the earlier note.
                    guard !open[key].isEmpty else { continue }
                    let i = open[key].firstIndex { $0.tick < tick } ?? 0
                    let started = open[key].remove(at: i)
                    openCount -= 1
                    track.notes.append(Note(pitch: data1, velocity: started.velocity, startTick: started.tick,
                                            endTick: tick, channel: channel))
                } else if kind == 0xC0 {
                    track.programChanges.append(ProgramChange(tick: tick, channel: channel, program: data1))
                }
            default:
                throw error(.malformedEvent("status byte 0x\(hex(status)) is not allowed in a MIDI file"), at: pos - 1)
            }
        }
        if !sawEndOfTrack {
            warnings.append("track \(index) has no end-of-track event")
        } else if pos < end {
            warnings.append("track \(index): \(end - pos) bytes after end-of-track ignored")
        }
        if openCount > 0 {
            warnings.append("track \(index): \(openCount) notes never end; ended at tick \(tick)")
            for key in open.indices {
                for started in open[key] {
                    track.notes.append(Note(pitch: key % 128, velocity: started.velocity, startTick: started.tick,
                                            endTick: tick, channel: key / 128))
                }
            }
        }
        return track
    }

    private func readMeta(type: UInt8, data: Range<Int>, tick: Int, into track: inout ParsedTrack,
                          warnings: inout [String]) {
        let b = data.lowerBound
        func short(_ what: String, needs: Int) -> Bool {
            guard data.count < needs else { return false }
            warnings.append("\(what) at byte \(b) has \(data.count) bytes, needs \(needs); ignored")
            return true
        }
        switch type {
        case 0x03 where track.name.isEmpty:
            // mido decodes text as Latin-1; so do we, so every byte string is a valid name.
            track.name = String(String.UnicodeScalarView(bytes[data].map { Unicode.Scalar($0) }))
        case 0x51:
            guard !short("tempo", needs: 3) else { return }
            let microseconds = Int(bytes[b]) << 16 | Int(bytes[b + 1]) << 8 | Int(bytes[b + 2])
            guard microseconds > 0 else { warnings.append("tempo of 0 µs at byte \(b) ignored"); return }
            track.tempos.append(TempoChange(tick: tick, microsecondsPerQuarter: microseconds))
        case 0x58:
            guard !short("time signature", needs: 2) else { return }
            guard bytes[b] > 0, bytes[b + 1] <= 10 else {
                warnings.append("time signature \(bytes[b])/2^\(bytes[b + 1]) at byte \(b) ignored"); return
            }
            track.timeSignatures.append(TimeSignature(tick: tick, numerator: Int(bytes[b]),
                                                      denominator: 1 << Int(bytes[b + 1])))
        case 0x59:
            guard !short("key signature", needs: 2) else { return }
            let sharps = Int(Int8(bitPattern: bytes[b]))
            guard (-7...7).contains(sharps) else {
                warnings.append("key signature with \(sharps) sharps at byte \(b) ignored"); return
            }
            track.keySignatures.append(KeySignature(tick: tick, sharps: sharps, isMinor: bytes[b + 1] != 0))
        default:
            break
        }
    }

    // MARK: Assembly

    private func assemble(_ parsed: [ParsedTrack], timing: Timing, warnings: inout [String]) -> NoteSequence {
        let tempoMap: TempoMap
        switch timing {
        case .ticksPerQuarter(let tpq):
            tempoMap = TempoMap(ticksPerQuarter: tpq, changes: parsed.flatMap(\.tempos))
        case .smpte(let fps, let ticksPerFrame):
            // Ticks are absolute time: make a quarter one second of 30-fps-equivalent ticks.
            if parsed.contains(where: { !$0.tempos.isEmpty }) {
                warnings.append("tempo events ignored: the file's division is SMPTE time")
            }
            let nominal = fps == 29 ? 30 : fps
            let microseconds = fps == 29 ? 1_001_001 : 1_000_000  // 29.97 drop-frame
            tempoMap = TempoMap(ticksPerQuarter: nominal * ticksPerFrame,
                                changes: [TempoChange(tick: 0, microsecondsPerQuarter: microseconds)])
        }
        let allPrograms = parsed.flatMap(\.programChanges).sorted { $0.tick < $1.tick }
        var tracks: [Track] = []
        for source in parsed where !source.notes.isEmpty {
            var channels: [Int] = []
            for note in source.notes.sorted(by: { $0.startTick < $1.startTick }) where !channels.contains(note.channel) {
                channels.append(note.channel)
            }
            for channel in channels {
                let notes = source.notes.filter { $0.channel == channel }
                let firstTick = notes.map(\.startTick).min() ?? 0
                let own = source.programChanges.filter { $0.channel == channel }
                let program = own.last { $0.tick <= firstTick } ?? own.first
                    ?? allPrograms.last { $0.channel == channel && $0.tick <= firstTick }
                    ?? allPrograms.first { $0.channel == channel }
                var track = Track(name: source.name, program: program?.program ?? 0, channel: channel, notes: notes)
                track.sortNotes()
                tracks.append(track)
            }
        }
        return NoteSequence(tempoMap: tempoMap,
                            timeSignatures: lastPerTick(parsed.flatMap(\.timeSignatures), tick: \.tick),
                            keySignatures: lastPerTick(parsed.flatMap(\.keySignatures), tick: \.tick),
                            tracks: tracks)
    }

    /// Sorted by tick, keeping the last of several events at the same tick.
    private func lastPerTick<T>(_ items: [T], tick: (T) -> Int) -> [T] {
        var out: [T] = []
        for item in items.enumerated().sorted(by: { (tick($0.element), $0.offset) < (tick($1.element), $1.offset) }) {
            if let last = out.last, tick(last) == tick(item.element) { out[out.count - 1] = item.element }
            else { out.append(item.element) }
        }
        return out
    }

    // MARK: Bytes

    /// A variable-length number (at most 4 bytes, 0…0x0FFFFFFF); nil if the bytes run out before it ends.
    private func readVariableLength(_ pos: inout Int, end: Int) throws(MIDIFileError) -> Int? {
        var value = 0
        for i in 0..<4 {
            guard pos < end else { return nil }
            let byte = bytes[pos]
            pos += 1
            value = value << 7 | Int(byte & 0x7F)
            if byte < 0x80 { return value }
            if i == 3 { break }
        }
        throw error(.malformedEvent("variable-length number longer than 4 bytes"), at: pos - 4)
    }

    private func chunkType(at pos: Int) -> String {
        guard pos + 4 <= bytes.count else { return "" }
        return String(String.UnicodeScalarView(bytes[pos..<pos + 4].map { Unicode.Scalar($0) }))
    }

    private func be16(at pos: Int) -> Int { Int(bytes[pos]) << 8 | Int(bytes[pos + 1]) }

    private func be32(at pos: Int) -> Int {
        Int(bytes[pos]) << 24 | Int(bytes[pos + 1]) << 16 | Int(bytes[pos + 2]) << 8 | Int(bytes[pos + 3])
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }

    private func error(_ problem: MIDIFileError.Problem, at offset: Int? = nil) -> MIDIFileError {
        MIDIFileError(path: name, problem: problem, offset: offset)
    }
}
