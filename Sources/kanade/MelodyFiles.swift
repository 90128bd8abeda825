import ArgumentParser
import Foundation
import Models
import Music

/// Reading, joining and writing the melodies of `kanade interpolate` and `kanade sample`, with one-line errors.
enum MelodyFiles {
    /// Loads the 2- or 16-bar melody model, or prints its error (naming the file) and fails.
    static func model(bars: Int, flavor: MelodyVAE.Flavor = .interpolation) throws -> MelodyVAE {
        guard bars == 2 || bars == 16 else {
            throw ValidationError("--bars must be 2 or 16")
        }
        do {
            return try MelodyVAE(bars: bars, flavor: flavor)
        } catch {
            CommandLineOutput.error("\(error)")
            throw ExitCode.failure
        }
    }

    /// Reads a MIDI file, or prints its error and fails.
    static func read(_ path: String) throws -> NoteSequence {
        do {
            return try NoteSequence(midiFile: path)
        } catch {
            CommandLineOutput.error(error.description)
            throw ExitCode.failure
        }
    }

    /// `melodies` one after another, each starting on the block boundary after the previous one
    /// (`blockBars` bars a block), as one track at `beatsPerMinute`.
    static func joined(_ melodies: [NoteSequence], blockBars: Int, beatsPerMinute: Double) -> NoteSequence {
        let tpq = NoteSequence.defaultTicksPerQuarter
        let block = blockBars * 4 * tpq
        var notes: [Note] = []
        var start = 0
        for melody in melodies {
            for var note in melody.tracks.flatMap(\.notes) {
                note.startTick += start
                note.endTick += start
                notes.append(note)
            }
            start += max(1, (melody.endTick + block - 1) / block) * block
        }
        return NoteSequence(tempoMap: TempoMap(ticksPerQuarter: tpq, beatsPerMinute: beatsPerMinute),
                            tracks: [Track(name: "MelodyVAE", notes: notes)])
    }

    /// `melody` at `beatsPerMinute`.
    static func retimed(_ melody: NoteSequence, beatsPerMinute: Double) -> NoteSequence {
        joined([melody], blockBars: 1, beatsPerMinute: beatsPerMinute)
    }

    /// Writes atomically; refuses to replace one of `inputs` (the user's own files).
    static func write(_ sequence: NoteSequence, to path: String, inputs: [String] = []) throws {
        let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        if inputs.contains(where: { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path == target }) {
            CommandLineOutput.error("\(path): will not overwrite an input file")
            throw ExitCode.failure
        }
        do {
            try sequence.writeMIDIFile(to: path)
        } catch {
            CommandLineOutput.error(error.description)
            throw ExitCode.failure
        }
    }

    /// Creates `folder` (and its parents) or prints why not and fails.
    static func makeFolder(_ folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            CommandLineOutput.error("\(folder): cannot create folder: \(error.localizedDescription)")
            throw ExitCode.failure
        }
    }

    /// `name-01.mid` … in `folder`, numbered with as many digits as `count` needs.
    static func numberedPath(_ folder: String, _ name: String, _ index: Int, of count: Int) -> String {
        let digits = max(2, String(count).count)
        let number = String(index + 1)
        return folder + "/" + name + "-" + String(repeating: "0", count: digits - number.count) + number + ".mid"
    }
}
