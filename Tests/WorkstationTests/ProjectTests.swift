import AudioIO
import Foundation
import Music
import Testing
import TestSupport
@testable import Workstation

/// A temporary folder removed when the test ends.
private func temporaryFolder(_ name: String) throws -> String {
    let path = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A document with two tracks, three melody slots, a selection, a layout and a theme.
func sampleDocument(trackPath: String) -> SessionDocument {
    var s = AppState()
    s.session.add(name: "song.wav", path: trackPath, audio: AudioBuffer(sampleRate: 1000, channelCount: 1, frameCount: 4000))
    s.session.add(name: "demo song", path: nil, audio: AudioBuffer(sampleRate: 1000, channels: [[0.5, -0.5, 0.25]]))
    s.session.tracks[0].gainDB = -6
    s.session.tracks[1].isMuted = true
    s.session.selection = TimeRange(1, 2.5)
    s.session.loopSelection = true
    var roll = PianoRoll.demo
    roll.slots.append(PianoRoll.emptyMelody(name: "C"))
    roll.currentSlot = 1
    roll.selection = [2, 3]
    roll.instruments = [1: [0: .generalMIDI(program: 33)], 2: [0: .patch("sine")]]
    s.session.pianoRoll = roll
    s.view.layoutIndex = 1
    s.view.focus = .pianoRoll
    s.view.rowWeights = ["compose": [4, 1]]
    s.theme.name = "gruvbox"
    _ = try? s.settings.set("db-range", "90")
    return SessionDocument(s)
}

@Suite struct ProjectTests {
    @Test func aProjectReadsBackAsItWasWrittenWithPathsRelativeToItsFolder() throws {
        let root = try temporaryFolder("kanade-project")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let audio = root + "/song.wav"
        try AudioFile.write(AudioBuffer(sampleRate: 1000, channelCount: 1, frameCount: 10), to: audio, format: .wav16)
        let doc = sampleDocument(trackPath: audio)
        let made = try ProjectFile.write(doc, madeAudio: [1: AudioBuffer(sampleRate: 1000, channels: [[0.5, -0.5]])],
                                         to: root + "/take.kanade")
        #expect(made == [1: root + "/take.kanade/audio/demo-song.wav"])
        let text = try String(contentsOfFile: root + "/take.kanade/session.toml", encoding: .utf8)
        #expect(text.contains("path = '../song.wav'") || text.contains("path = \"../song.wav\""), "\(text.prefix(600))")
        // Move the whole folder (project and audio together): it still opens, paths follow.
        try FileManager.default.moveItem(atPath: root, toPath: root + "-moved")
        defer { try? FileManager.default.removeItem(atPath: root + "-moved") }
        let back = try ProjectFile.read(root + "-moved/take.kanade")
        var expected = doc
        expected.project = nil
        expected.tracks[0].path = root + "-moved/song.wav"
        expected.tracks[1].path = root + "-moved/take.kanade/audio/demo-song.wav"
        #expect(back == expected)
        #expect(back.parts[PianoRoll.self] == doc.parts[PianoRoll.self])
    }

    @Test func writingNeverReplacesSomethingThatIsNotAProject() throws {
        let root = try temporaryFolder("kanade-refuse")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let doc = sampleDocument(trackPath: "/x.wav")
        try "keep me".write(toFile: root + "/a.kanade", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: root + "/b.kanade", withIntermediateDirectories: true)
        try "mine".write(toFile: root + "/b.kanade/notes.txt", atomically: true, encoding: .utf8)
        #expect(throws: ProjectError(root + "/a.kanade", "is a file, not a Kanade project: not overwritten")) {
            try ProjectFile.write(doc, madeAudio: [:], to: root + "/a.kanade")
        }
        #expect(throws: ProjectError(root + "/b.kanade", "is a folder without session.toml, not a Kanade project: not overwritten")) {
            try ProjectFile.write(doc, madeAudio: [:], to: root + "/b.kanade")
        }
        #expect(try String(contentsOfFile: root + "/a.kanade", encoding: .utf8) == "keep me")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/b.kanade") == ["notes.txt"])
        // A project is written over (that is what :w is for).
        try ProjectFile.write(doc, madeAudio: [:], to: root + "/c.kanade")
        try ProjectFile.write(doc, madeAudio: [:], to: root + "/c.kanade")
    }

    @Test func aNewerFormatIsRefusedAndLeftAlone() throws {
        let root = try temporaryFolder("kanade-newer")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try ProjectFile.write(sampleDocument(trackPath: "/x.wav"), madeAudio: [:], to: root + "/n.kanade")
        let file = root + "/n.kanade/session.toml"
        let newer = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "kanade_session = 1", with: "kanade_session = 7")
        try newer.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: ProjectError(file, "written by a newer Kanade (format version 7; this one reads up to 1)")) {
            try ProjectFile.read(root + "/n.kanade")
        }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == newer)
    }

    @Test func damagedProjectsAreNamedErrors() throws {
        let root = try temporaryFolder("kanade-damaged")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try ProjectFile.write(sampleDocument(trackPath: "/x.wav"), madeAudio: [:], to: root + "/d.kanade")
        let file = root + "/d.kanade/session.toml"
        let good = try String(contentsOfFile: file, encoding: .utf8)
        for (damage, says) in [
            (String(good.prefix(good.count / 2)), "not valid TOML"),
            (good.replacingOccurrences(of: "currentSlot = 1", with: "currentSlot = 40"), "current slot 40 is out of range"),
            (good.replacingOccurrences(of: "current_track = 1", with: "current_track = 'x'"), "current_track"),
            ("kanade_session = 1\ntracks = 3\n", "tracks"),
        ] {
            try damage.write(toFile: file, atomically: true, encoding: .utf8)
            do {
                _ = try ProjectFile.read(root + "/d.kanade")
                Issue.record("read a damaged project: \(damage.suffix(80))")
            } catch {
                #expect(error.path == file)
                #expect(error.problem.contains(says), "\(error.problem)")
            }
        }
        #expect(throws: ProjectError(root + "/nope.kanade", "no such project")) { try ProjectFile.read(root + "/nope.kanade") }
    }

    @Test func layoutsFileNamesTheFileTheLineAndThePane() throws {
        let text = """
            [[layout]]
            name = "mine"
            rows = [["waveform"],
                    ["piano-roll", "mixer"]]
            """
        #expect(throws: LayoutError(file: "layouts.toml", line: 4,
                                    problem: "layout \"mine\": no pane \"mixer\" (have: \(PaneKind.allCases.map(\.rawValue).joined(separator: ", ")))")) {
            try Layout.parse(toml: text, source: "layouts.toml")
        }
        let good = try Layout.parse(toml: "[[layout]]\nname = \"two\"\nrows = [[\"waveform\", \"stems\"]]\n", source: "x")
        #expect(good == [Layout(name: "two", rows: [[.waveform, .stems]], rowWeights: [1])])
        // A person's file adds to (or replaces) the built-in layouts, and the key `5`'s `layout all` still works.
        let folder = try temporaryFolder("kanade-layouts")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "[[layout]]\nname = \"listen\"\nrows = [[\"spectrogram\"]]\n".write(toFile: folder + "/layouts.toml", atomically: true, encoding: .utf8)
        let (layouts, problem) = Layout.load(userFile: folder + "/layouts.toml")
        #expect(problem == nil)
        #expect(layouts.map(\.name) == Layout.builtIn.map(\.name))
        #expect(layouts[0].rows == [[.spectrogram]])
    }
}
