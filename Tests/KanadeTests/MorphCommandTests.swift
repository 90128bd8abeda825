import AudioIO
import Foundation
import TestSupport
import Testing

/// `kanade morph`: the instrument list, one note, every pitch, a SoundFont fluidsynth plays, and the refusals.
@Suite struct MorphCommandTests {
    static let corners = "flute.fluidr3,trumpet.fluidr3,violin.fluidr3,acoustic-bass.fluidr3"

    @Test func listsTheInstrumentsOneALine() throws {
        let result = try KanadeProcess.run(["morph", "--list"])
        #expect(result.status == 0, "\(result.stderr)")
        let names = result.stdout.split(separator: "\n").map(String.init)
        #expect(names.count == 65 && names.contains("flute.fluidr3") && names.allSatisfy { !$0.contains(" ") })
    }

    @Test func oneNoteAndEveryPitch() throws {
        let dir = TemporaryDirectory("morph")
        defer { dir.remove() }
        let note = try KanadeProcess.run(["morph", "--corners", Self.corners, "--at", "0.3,0.7", "--pitch", "60", "-o", dir.file("c4.wav")])
        #expect(note.status == 0, "\(note.stderr)")
        let audio = try AudioFile.read(dir.file("c4.wav"))
        #expect(audio.sampleRate == 16_000 && audio.frameCount == 64_000 && audio.channelCount == 1)
        #expect(audio.channels[0][0] == 0)                                    // the fade-in: no click at the start
        #expect(audio.channels[0].map(abs).max()! > 0.01)                     // not silent
        let all = try KanadeProcess.run(["morph", "--corners", Self.corners, "--at", "1,0", "--all-pitches", "-o", dir.file("all")])
        #expect(all.status == 0, "\(all.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.file("all")).sorted()
        #expect(files.count == 61 && files.first == "pitch-024.wav" && files.last == "pitch-084.wav")
        // A second run keeps what is there.
        let again = try KanadeProcess.run(["morph", "--corners", Self.corners, "--all-pitches", "-o", dir.file("all")])
        #expect(again.status == 1 && again.stderr.contains("pitch-024.wav: already exists"), "\(again.stderr)")
    }

    @Test func aSoundFontFluidsynthPlays() throws {
        let dir = TemporaryDirectory("morph-sf2")
        defer { dir.remove() }
        let made = try KanadeProcess.run(["morph", "--corners", Self.corners, "--at", "0.5,0.5", "--sf2", dir.file("m.sf2")])
        #expect(made.status == 0, "\(made.stderr)")
        // A one-note MIDI file (format 0, C4 for one second) rendered through it.
        let midi: [UInt8] = Array("MThd".utf8) + [0, 0, 0, 6, 0, 0, 0, 1, 0x01, 0xE0] + Array("MTrk".utf8) + [0, 0, 0, 13,
            0x00, 0x90, 60, 100, 0x83, 0x60, 0x80, 60, 0, 0x00, 0xFF, 0x2F, 0x00]
        try Data(midi).write(to: URL(fileURLWithPath: dir.file("c4.mid")))
        let rendered = try renderWithFluidSynth(sf2: dir.file("m.sf2"), midi: dir.file("c4.mid"), wav: dir.file("out.wav"))
        #expect(rendered.status == 0 && rendered.problems.isEmpty, "\(rendered.output)")
        let out = try AudioFile.read(dir.file("out.wav"))
        #expect(out.channels[0].map(abs).max()! > 0.005)   // the notes peak near 0.07; fluidsynth plays them at its gain
    }

    @Test func badCornersAreNamed() throws {
        let unknown = try KanadeProcess.run(["morph", "--corners", "flute.fluidr3,kazoo,violin.fluidr3,cello.fluidr3", "--pitch", "60", "-o", "/tmp/x.wav"])
        #expect(unknown.status == 1 && unknown.stderr.hasPrefix("kanade: kazoo: no such instrument in the timbre model"), "\(unknown.stderr)")
        let wav = try KanadeProcess.run(["morph", "--corners", "me.wav,flute.fluidr3,violin.fluidr3,cello.fluidr3", "--pitch", "60", "-o", "/tmp/x.wav"])
        #expect(wav.status == 1 && wav.stderr.contains("me.wav") && wav.stderr.split(separator: "\n").count == 1, "\(wav.stderr)")
        let three = try KanadeProcess.run(["morph", "--corners", "flute.fluidr3,violin.fluidr3,cello.fluidr3", "--pitch", "60", "-o", "/tmp/x.wav"])
        #expect(three.status == 1 && three.stderr.contains("need four instruments"), "\(three.stderr)")
        let point = try KanadeProcess.run(["morph", "--corners", Self.corners, "--at", "2,0", "--pitch", "60", "-o", "/tmp/x.wav"])
        #expect(point.status != 0 && point.stderr.contains("--at must be X,Y"), "\(point.stderr)")
        let pitch = try KanadeProcess.run(["morph", "--corners", Self.corners, "--pitch", "100", "-o", "/tmp/x.wav"])
        #expect(pitch.status == 1 && pitch.stderr.contains("--pitch 100"), "\(pitch.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/x.wav"))
    }
}
