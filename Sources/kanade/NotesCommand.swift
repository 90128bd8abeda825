import ArgumentParser
import Foundation
import Music

/// `kanade notes FILE.mid [--json]`: the notes of a MIDI file, for scripts and for checking our reading
/// against other tools.
struct NotesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notes",
        abstract: "Print the notes of a Standard MIDI File (track, pitch, velocity, start and end in seconds)."
    )

    @Argument(help: "The MIDI file to read.")
    var file: String

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Flag(help: "Do not print the problems that were read past.")
    var quiet = false

    func run() throws {
        let result: MIDIFileReader.Result
        do {
            result = try NoteSequence.readMIDIFile(file)
        } catch {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            throw ExitCode.failure
        }
        if !quiet {
            for warning in result.warnings {
                FileHandle.standardError.write(Data("\(file): warning: \(warning)\n".utf8))
            }
        }
        let sequence = result.sequence
        let rows = sequence.allNotes
        if json {
            print(try jsonText(result, rows: rows))
        } else {
            print("track  ch  pitch       vel     start       end")
            for (track, note) in rows {
                let pitch = "\(note.pitch) \(note.pitchName)".padding(toLength: 9, withPad: " ", startingAt: 0)
                print(String(format: "%5d  %2d  %@  %3d  %8.3f  %8.3f", track, note.channel + 1, pitch, note.velocity,
                             sequence.seconds(atTick: note.startTick), sequence.seconds(atTick: note.endTick)))
            }
        }
    }

    private struct Output: Encodable {
        struct TrackInfo: Encodable { var name: String; var program: Int; var channel: Int }
        struct NoteInfo: Encodable {
            var track, channel, pitch, velocity, startTick, endTick: Int
            var start, end: Double
        }
        var file: String
        var format: Int
        var ticksPerQuarter: Int
        var tracks: [TrackInfo]
        var notes: [NoteInfo]
    }

    private func jsonText(_ result: MIDIFileReader.Result, rows: [(track: Int, note: Note)]) throws -> String {
        let s = result.sequence
        let output = Output(
            file: file, format: result.format, ticksPerQuarter: s.ticksPerQuarter,
            tracks: s.tracks.map { .init(name: $0.name, program: $0.program, channel: $0.channel) },
            notes: rows.map { row in
                .init(track: row.track, channel: row.note.channel, pitch: row.note.pitch, velocity: row.note.velocity,
                      startTick: row.note.startTick, endTick: row.note.endTick,
                      start: s.seconds(atTick: row.note.startTick), end: s.seconds(atTick: row.note.endTick))
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(output), as: UTF8.self)
    }
}
