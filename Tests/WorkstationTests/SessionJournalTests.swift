import AudioIO
import Foundation
import Music
import Testing
import TestSupport
@testable import Workstation

@Suite struct SessionJournalTests {
    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "kanade-journal-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func changesAreCoalescedAndWrittenWithinTheDelay() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let journal = SessionJournal(path: dir + "/kanade/journal.json", delay: .milliseconds(50))
        #expect(journal.recover() == .nothing)
        var doc = sampleDocument(trackPath: "/music/song.wav")
        for pitch in 60..<70 {
            var roll = doc.parts[PianoRoll.self]
            roll.slots[0].tracks[0].notes.append(Note(pitch: pitch, startTick: pitch * 10, endTick: pitch * 10 + 5))
            doc.parts[PianoRoll.self] = roll
            journal.record(doc)
        }
        // Nothing is written before the delay has passed …
        #expect(journal.writeCount == 0)
        journal.waitForPendingWrites()
        // … then once, with the last of the ten changes.
        #expect(journal.writeCount == 1)
        #expect(SessionJournal(path: journal.path).recover() == .session(doc))
        journal.discard()
        #expect(journal.recover() == .nothing)
        #expect(SessionJournal.defaultPath(environment: ["XDG_STATE_HOME": "/s"]) == "/s/kanade/journal.json")
        #expect(SessionJournal.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/state/kanade/journal.json")
    }

    /// 200 damaged journals (seeded): truncated, wrong types, out-of-range values, flipped bytes, random bytes.
    /// None crashes; each is either refused (reported, and renamed aside byte for byte) or sound enough to
    /// drive the workstation; and the person's own file beside it is never touched.
    @Test func damagedJournalsAreReportedAndMovedAsideNeverTrusted() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = try Array(JSONEncoder().encode(sampleDocument(trackPath: dir + "/song.wav")))
        let text = String(decoding: good, as: UTF8.self)
        let mine = dir + "/song.wav", mineBytes: [UInt8] = Array("RIFF my own song".utf8)
        try Data(mineBytes).write(to: URL(fileURLWithPath: mine))
        // The numbers in the document, where a wrong type or an impossible value can go.
        let numbers = try NSRegularExpression(pattern: "-?[0-9]+(\\.[0-9]+)?").matches(in: text, range: NSRange(text.startIndex..., in: text))
        var refused = 0, sound = 0
        for variant in 0..<200 {
            var rng = TestRandom(seed: UInt64(variant) &* 7919 &+ 1)
            var bytes = good
            switch variant % 5 {
            case 0: bytes = Array(good.prefix(Int.random(in: 0..<good.count, using: &rng)))
            case 1, 2:
                let match = numbers[Int.random(in: 0..<numbers.count, using: &rng)]
                let range = Range(match.range, in: text)!
                let replacement = variant % 5 == 1
                    ? ["\"x\"", "true", "[]", "{}", "null", "1.5"].randomElement(using: &rng)!
                    : ["-1", "99999", "-9223372036854775808", "9223372036854775807", "1e308", "128"].randomElement(using: &rng)!
                bytes = Array(text.replacingCharacters(in: range, with: replacement).utf8)
            case 3:
                for _ in 0..<Int.random(in: 1...8, using: &rng) {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
            default:
                bytes = (0..<Int.random(in: 0...4096, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            }
            let path = dir + "/journal.json"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            switch SessionJournal(path: path).recover() {
            case .nothing:
                Issue.record("variant \(variant): a journal was there")
            case .damaged(let problem, let movedTo):
                refused += 1
                #expect(!problem.isEmpty)
                let moved = try #require(movedTo, "variant \(variant) not moved aside")
                #expect(!FileManager.default.fileExists(atPath: path), "variant \(variant)")
                #expect(FileManager.default.contents(atPath: moved).map(Array.init) == bytes, "variant \(variant) changed when moved")
                try FileManager.default.removeItem(atPath: moved)
            case .session(let document):
                sound += 1
                // Sound enough to use: the workstation takes it and keeps working.
                var s = AppState()
                let contents = ProjectContents(document: document, audio: document.tracks.map { _ in
                    AudioBuffer(sampleRate: 1000, channelCount: 1, frameCount: 100)
                }, failures: [])
                _ = reduce(&s, .projectOpened(jobID: 0, path: nil, contents))
                for line in ["roll cursor 1", "roll insert", "roll slot next", "roll select-all", "roll move 0 +1",
                             "interp move +1", "undo", "focus next", "l", "zoom in"] {
                    _ = reduce(&s, .commandLine(line))
                }
                try FileManager.default.removeItem(atPath: path)
            }
            #expect(FileManager.default.contents(atPath: mine).map(Array.init) == mineBytes)
        }
        print("damaged journals: \(refused) of 200 refused and moved aside, \(sound) read as sound sessions and driven")
        // Every kind of damage is represented among the refusals.
        #expect(refused >= 150, "refused \(refused), sound \(sound)")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(left == ["song.wav"], "\(left)")
    }

    @Test func aSecondDamagedJournalDoesNotReplaceTheFirstOneMovedAside() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/journal.json"
        var moved: [String] = []
        for content in ["{\"slots\": [tru", "not json at all"] {
            try content.write(toFile: path, atomically: true, encoding: .utf8)
            guard case .damaged(_, let to?) = SessionJournal(path: path).recover() else { Issue.record("not refused"); return }
            moved.append(to)
        }
        #expect(Set(moved).count == 2)
        #expect(try String(contentsOfFile: moved[0], encoding: .utf8) == "{\"slots\": [tru")
        #expect(try String(contentsOfFile: moved[1], encoding: .utf8) == "not json at all")
    }
}
