import Foundation
import TestSupport
import Testing
@testable import Music

/// The malformed corpus (training/midi_fixtures/malformed.py): each file gives the expected
/// `MIDIFileError` or a lenient read with the expected notes — never a crash.
@Suite struct MalformedMIDITests {
    struct Expectation: Decodable {
        var result: String
        var problem: String?
        var notes: Int?
        var warnings: Bool?
    }

    static let expectations: [String: Expectation] = {
        let url = URL(fileURLWithPath: fixturePath("midi/malformed/expected.json"))
        guard let data = try? Data(contentsOf: url) else { return [:] }
        return (try? JSONDecoder().decode([String: Expectation].self, from: data)) ?? [:]
    }()

    func caseName(_ problem: MIDIFileError.Problem) -> String {
        switch problem {
        case .cannotRead: "cannotRead"
        case .cannotWrite: "cannotWrite"
        case .tooLarge: "tooLarge"
        case .notAMIDIFile: "notAMIDIFile"
        case .badHeader: "badHeader"
        case .unsupportedFormat: "unsupportedFormat"
        case .malformedEvent: "malformedEvent"
        }
    }

    @Test func corpusIsThere() {
        #expect(Self.expectations.count >= 32)
    }

    @Test(arguments: expectations.keys.sorted()) func readsAsExpected(_ file: String) throws {
        let expectation = try #require(Self.expectations[file])
        let path = fixturePath("midi/malformed/\(file)")
        do {
            let result = try NoteSequence.readMIDIFile(path)
            #expect(expectation.result == "ok", "\(file) read, expected \(expectation.problem ?? "")")
            #expect(result.sequence.allNotes.count == expectation.notes, "\(file): \(result.warnings)")
            #expect(!result.warnings.isEmpty == expectation.warnings, "\(file): \(result.warnings)")
        } catch {
            #expect(expectation.result == "error", "\(file): \(error)")
            #expect(caseName(error.problem) == expectation.problem, "\(file): \(error)")
            #expect(error.path == path)
            #expect(error.description.hasPrefix(path + ": "))
        }
    }

    @Test func smpteTimeIsAbsolute() throws {
        // 25 fps × 40 ticks per frame = 1000 ticks per second; notes are 96 ticks long.
        let s = try NoteSequence(midiFile: fixturePath("midi/malformed/smpte_25fps.mid"))
        let first = try #require(s.tracks.first?.notes.first)
        #expect(abs(s.seconds(atTick: first.endTick) - 0.096) < 1e-12)
    }

    @Test func missingFileNamesTheFile() {
        #expect(throws: MIDIFileError.self) { try NoteSequence(midiFile: "/nonexistent/x.mid") }
        do { _ = try NoteSequence(midiFile: "/nonexistent/x.mid") } catch {
            #expect(error.description.hasPrefix("/nonexistent/x.mid: cannot read"))
        }
    }

    @Test func everyTruncationOfARealFileIsHandled() throws {
        // Every prefix of a real file: a value or an error, never a crash.
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixturePath("midi/interop/pretty_midi_song.mid"))))
        var errors = 0, reads = 0
        for n in 0..<bytes.count {
            do { _ = try MIDIFileReader(bytes: Array(bytes[..<n]), name: "cut").read(); reads += 1 } catch { errors += 1 }
        }
        // Too short for a header: an error, not an empty read. Most prefixes hold whole events and read.
        #expect(errors >= 14, "\(errors) of \(bytes.count) prefixes failed to read")
        #expect(reads > bytes.count / 2)
    }

    /// A valid file with 1…8 random bytes overwritten, 2000 times: a value or an error that names the file, never
    /// a crash. Every draw comes from one fixed seed, so a failure reproduces; the seed is printed first (a crash
    /// ends the process before any failure message) and named in every failure.
    @Test func randomBytesNeverCrash() {
        let seed: UInt64 = 0x4B61_6E61_6465_4D49
        print("randomBytesNeverCrash: seed 0x\(String(seed, radix: 16))")
        var random = TestRandom(seed: seed)
        let good = MIDIFileWriter(sequence: NoteSequence(tracks: [Track(notes: [Note(pitch: 60, startTick: 0, endTick: 96)])]))
            .encode()
        var errors = 0, reads = 0
        for round in 0..<2000 {
            var bytes = good
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            do {
                _ = try MIDIFileReader(bytes: bytes, name: "random").read()
                reads += 1
            } catch {
                errors += 1
                #expect(error.description.hasPrefix("random: "), "seed 0x\(String(seed, radix: 16)), round \(round): \(error)")
            }
        }
        // Both outcomes happen, so the mutations reach the reader's checks and its lenient paths.
        #expect(errors > 0 && reads > 0, "seed 0x\(String(seed, radix: 16)): \(reads) read, \(errors) errors")
    }
}
