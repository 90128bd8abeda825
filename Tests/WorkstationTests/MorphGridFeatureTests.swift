import AudioIO
import Foundation
import Models
import Synth
import Testing
import TestSupport
import TOMLKit
@testable import Workstation

/// The morph grid feature as data in, data out: corner words checked by the model (and WAV corners encoded),
/// moves that ask for the point's notes, QWERTY keys, saved points that tracks play, and all of it saved in a
/// project and read back. The model's effects run for real where they are cheap (corners, one-note checks);
/// making 61 notes is left to the release build's checks (docs/models/timbre.md), so `.generated` is fed here.
@Suite struct MorphGridFeatureTests {
    /// Runs effects on the timbre model's queue and the file queue, reducing what they post, until quiet.
    @discardableResult
    func settle(_ s: inout AppState, _ effects: [Effect], _ posted: PostedActions, skipGenerate: Bool = true) -> [Action] {
        var all: [Action] = []
        var pending = effects
        while !pending.isEmpty {
            for e in pending {
                if skipGenerate, case .feature(let work) = e, work is MorphGridEffect {
                    switch work as! MorphGridEffect {
                    case .generate, .warm, .preview: continue
                    case .checkCorners: break
                    }
                }
                posted.runner.run(e)
            }
            posted.runner.context.model(MorphGridEffect.queue).sync {}
            posted.runner.waitForEngineAndFiles()
            let actions = posted.take()
            all += actions
            pending = actions.flatMap { reduce(&s, $0) }
        }
        return all
    }

    func morphEffects(_ effects: [Effect]) -> [MorphGridEffect] {
        effects.compactMap { if case .feature(let w) = $0 { w as? MorphGridEffect } else { nil } }
    }

    @Test func cornerWordsAreCheckedByTheModelAndANameThatIsNotThereIsOneLine() throws {
        let posted = PostedActions()
        var s = AppState()
        settle(&s, reduce(&s, .commandLine("morph corner 2 brass")), posted)
        let corner = s.session.morphGrid.corners[1]
        #expect(MorphVoices.families[String(corner.split(separator: ".")[0])] == "brass", "\(corner)")
        #expect(s.message?.text == "corner 2: \(corner)")
        settle(&s, reduce(&s, .commandLine("morph corner 3 clarinet")), posted)
        #expect(s.session.morphGrid.corners[2].hasPrefix("clarinet."))

        let before = s.session.morphGrid
        settle(&s, reduce(&s, .commandLine("morph corner 1 kazoo")), posted)
        #expect(s.session.morphGrid == before)
        #expect(s.message?.isError == true)
        #expect(s.message?.text.hasPrefix("kazoo: no such instrument in the timbre model") == true, "\(s.message?.text ?? "")")

        // Four at once; one bad word leaves all four as they were.
        settle(&s, reduce(&s, .commandLine("morph corners flute cello nonsense warm-pad")), posted)
        #expect(s.session.morphGrid == before && s.message?.text.contains("nonsense") == true)
        settle(&s, reduce(&s, .commandLine("morph corners flute violin sitar organ")), posted)
        let programs = s.session.morphGrid.corners.map { String($0.split(separator: ".")[0]) }
        #expect(Array(programs.prefix(3)) == ["flute", "violin", "sitar"] && MorphVoices.families[programs[3]] == "organ", "\(programs)")
        _ = reduce(&s, .command(.undo))
        #expect(s.session.morphGrid == before)
    }

    /// `random` draws a seed and keeps the corner as `random:SEED`, a draw from the generator's prior that is the
    /// same every time; a seed that is not a number is one clear line.
    @Test func aRandomCornerIsASeededDrawFromThePrior() throws {
        let a = MorphVoices.priorLatent(seed: 7, size: 64)
        #expect(a.count == 64 && a == MorphVoices.priorLatent(seed: 7, size: 64) && a != MorphVoices.priorLatent(seed: 8, size: 64))
        // N(0, 1): over 200 seeds × 64 values the mean is within 0.03 of 0 and the variance within 0.05 of 1.
        let all = (1...200).flatMap { MorphVoices.priorLatent(seed: UInt64($0), size: 64) }.map(Double.init)
        let mean = all.reduce(0, +) / Double(all.count)
        let variance = all.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(all.count)
        #expect(abs(mean) < 0.03 && abs(variance - 1) < 0.05, "mean \(mean), variance \(variance)")
        #expect(MorphVoices.randomSeed("random:42") == 42 && MorphVoices.randomSeed("Random:42") == 42)
        #expect(MorphVoices.randomSeed("random") == nil && MorphVoices.randomSeed("random:x") == nil
                && MorphVoices.randomSeed("flute") == nil)

        let posted = PostedActions()
        var s = AppState()
        settle(&s, reduce(&s, .commandLine("morph corner 2 random")), posted)
        let corner = s.session.morphGrid.corners[1]
        let seed = try #require(MorphVoices.randomSeed(corner), "\(corner)")
        #expect(s.message?.text == "corner 2: \(corner)")
        let voices = try MorphVoices.shared()
        #expect(try voices.latent(corner: corner) == MorphVoices.priorLatent(seed: seed, size: voices.timbre.latentSize))
        let before = s.session.morphGrid
        settle(&s, reduce(&s, .commandLine("morph corner 1 random:x")), posted)
        #expect(s.session.morphGrid == before && s.message?.isError == true)
        #expect(s.message?.text.hasPrefix("random:x: a random corner's seed is a whole number") == true, "\(s.message?.text ?? "")")
        #expect(throws: MorphError.self) { try voices.latent(corner: "random") }
        #expect(voices.cornerWords.contains("random"))
    }

    @Test func movesAskForTheNewPointsNotesAndOnlyTheNewestIsTaken() {
        var s = AppState()
        let first = morphEffects(reduce(&s, .commandLine("morph move 0.125 0")))
        let second = morphEffects(reduce(&s, .commandLine("morph move 0 -0.125")))
        guard case .generate(let p1, let g1)? = first.first, case .generate(let p2, let g2)? = second.first else {
            Issue.record("moves did not ask for notes"); return
        }
        #expect(p1.x == 0.625 && p1.y == 0.5 && p2.x == 0.625 && p2.y == 0.375 && g2 == g1 + 1)
        #expect(s.morphWork.isGenerating)
        // The older answer comes late: ignored.
        _ = reduce(&s, .morphGrid(.generated(generation: g1, key: p1.soundKey, milliseconds: 5)))
        #expect(s.morphWork.ready == nil && s.morphWork.isGenerating)
        _ = reduce(&s, .morphGrid(.generated(generation: g2, key: p2.soundKey, milliseconds: 7)))
        #expect(s.morphWork.ready == p2.soundKey && !s.morphWork.isGenerating)
        // Clamped to the square; a move that goes nowhere asks for nothing.
        _ = reduce(&s, .commandLine("morph at 1 1"))
        #expect(morphEffects(reduce(&s, .commandLine("morph move 0.125 0.125"))).isEmpty)
        #expect(s.session.morphGrid.x == 1 && s.session.morphGrid.y == 1)
    }

    @Test func keysPlayThePointOnceItsNotesAreMadeAndTheLastKeySoundsAgainAfterAMove() {
        var s = AppState()
        s.view.focus = .morphGrid
        // Before the notes are made, a key asks for them and waits.
        let early = reduce(&s, .commandLine("morph play 4"))
        #expect(!early.contains { if case .audition = $0 { true } else { false } })
        guard case .generate(let point, let g)? = morphEffects(early).first else { Issue.record("no generate"); return }
        let sounded = reduce(&s, .morphGrid(.generated(generation: g, key: point.soundKey, milliseconds: 3)))
        guard case .audition(let pitch, _, .morph(let spec))? = sounded.first else { Issue.record("the waiting key did not sound"); return }
        #expect(pitch == 64 && spec.soundKey == point.soundKey)
        // Now keys sound at once; z/x move the octave.
        _ = reduce(&s, .commandLine("morph octave -1"))
        guard case .audition(let low, _, _)? = reduce(&s, .commandLine("morph play 0")).first else { Issue.record("no audition"); return }
        #expect(low == 48)
        // A move: the last key sounds again once the new point is made.
        guard case .generate(let moved, let g2)? = morphEffects(reduce(&s, .commandLine("morph move -0.125 0"))).first else { return }
        guard case .audition(let again, _, .morph(let at))? = reduce(&s, .morphGrid(.generated(generation: g2, key: moved.soundKey, milliseconds: 3))).first else {
            Issue.record("the last key did not sound at the new point"); return
        }
        #expect(again == 48 && at.x == 0.375)
        // The grid's keys are bound while it has the focus.
        #expect(s.keyMap.command(for: .character("a"), in: .morphGrid) == "morph play 0")
        #expect(s.keyMap.command(for: .character("k"), in: .morphGrid) == "morph play 12")
        #expect(s.keyMap.command(for: .named(.left), in: .morphGrid) == "morph move -0.125 0")
    }

    @Test func aSavedPointIsATrackInstrumentAndComesBackWithTheProject() throws {
        let posted = PostedActions()
        var s = AppState()
        _ = reduce(&s, .commandLine("morph at 0.25 0.75"))
        _ = reduce(&s, .commandLine("morph save airy"))
        #expect(s.session.morphGrid.saved["airy"]?.x == 0.25)
        _ = reduce(&s, .commandLine("morph at 0 0"))
        let effects = reduce(&s, .commandLine("instrument morph airy"))
        guard case .warm(let warmed)? = morphEffects(effects).first else { Issue.record("the point is not made ahead"); return }
        #expect(warmed.x == 0.25 && warmed.label == "airy")
        #expect(s.session.pianoRoll.currentInstrument == .morph(warmed))
        #expect(s.message?.text.hasSuffix("plays morph:airy") == true, "\(s.message?.text ?? "")")
        _ = reduce(&s, .commandLine("instrument morph nothing"))
        #expect(s.message?.isError == true && s.message?.text.contains("saved: airy") == true)
        _ = reduce(&s, .commandLine("instrument gm 40"))
        #expect(s.session.pianoRoll.currentInstrument == .soundFont(program: 40))
        _ = reduce(&s, .commandLine("instrument synth sine"))
        #expect(s.session.pianoRoll.currentInstrument == .patch("sine"))
        _ = reduce(&s, .commandLine("instrument morph airy"))

        let dir = TemporaryDirectory()
        let project = dir.path + "/sketch.kanade"
        settle(&s, reduce(&s, .commandLine("w \(project)")), posted)
        #expect(s.message?.text == "wrote \(project)")
        let text = try String(contentsOfFile: project + "/session.toml", encoding: .utf8)
        #expect(text.contains("[morph]") && text.contains("airy"))

        var reopened = AppState()
        let opened = settle(&reopened, reduce(&reopened, .commandLine("open \(project)")), posted)
        _ = opened
        #expect(reopened.session.morphGrid == s.session.morphGrid)
        #expect(reopened.session.pianoRoll.currentInstrument == .morph(warmed))
    }

    @Test func theMorphPartIsCheckedWhenRead() throws {
        var grid = MorphGrid()
        grid.corners = ["a", "b", "c"]
        grid.x = 2
        #expect(grid.problems() == ["morph: 3 corners (a grid has 4)", "morph: the point 2.0, 0.5 is outside 0…1"])
        grid = MorphGrid()
        grid.saved["bad name"] = MorphSpec(corners: ["a", "b", "c", "d"], x: 0, y: 0)
        #expect(grid.problems() == ["morph: saved point \"bad name\" has characters a name cannot have"])
        // A saved point that does not parse is an error naming it.
        let toml = "corners = [\"a\", \"b\", \"c\", \"d\"]\nx = 0.5\ny = 0.5\n[saved]\nwarm = \"a,b@0.5\"\n"
        #expect(throws: DecodingError.self) { try TOMLDecoder().decode(MorphGrid.self, from: toml) }
    }

    @Test func badMorphCommandsAreOneClearLine() {
        var s = AppState()
        for (line, problem) in [("morph corner 5 flute", "5 is not a corner"), ("morph at 2 0", "0…1"), ("morph save a/b", "not a name"),
                                ("morph", "use morph corner"), ("morph recall nothing", "no saved point nothing"),
                                ("instrument gm 300", "not a program"), ("instrument synth sf:3", "not a patch"), ("instrument", "use instrument")] {
            _ = reduce(&s, .commandLine(line))
            #expect(s.message?.isError == true && s.message?.text.contains(problem) == true, "\(line): \(s.message?.text ?? "nil")")
        }
    }

    @Test func tabCompletesCornersAndSavedPoints() {
        var c = Completer(themeNames: [], listDirectory: { _ in [(name: "note.wav", isDirectory: false)] })
        c.instrumentNames = ["flute.fluidr3", "flute.musescore", "french-horn.fluidr3", "flute", "brass"]
        c.savedMorphPoints = ["airy", "dark"]
        #expect(c.candidates(for: "morph co") == ["morph corner ", "morph corners "])
        #expect(c.candidates(for: "morph corner 1 fl") == ["morph corner 1 flute", "morph corner 1 flute.fluidr3", "morph corner 1 flute.musescore"])
        #expect(c.candidates(for: "morph corners flute br") == ["morph corners flute brass"])
        #expect(c.candidates(for: "morph corner 2 ./no") == ["morph corner 2 ./note.wav"])
        #expect(c.candidates(for: "morph recall d") == ["morph recall dark"])
        #expect(c.candidates(for: "instrument morph a") == ["instrument morph airy"])
        #expect(c.candidates(for: "instrument morph g") == ["instrument morph grid"])
    }
}

/// A WAV file of one held note becomes a corner; what is not one note is refused with a reason.
@Suite struct RecordedCornerTests {
    func wav(_ samples: [Float], rate: Double = 22_050, in dir: TemporaryDirectory, _ name: String) throws -> String {
        let path = dir.path + "/" + name
        try AudioFile.write(AudioBuffer(sampleRate: rate, channels: [samples]), to: path, format: .wavFloat)
        return path
    }

    func tone(_ pitch: Double, seconds: Double, rate: Double = 22_050, start: Double = 0) -> [Float] {
        let f = 440 * pow(2, (pitch - 69) / 12)
        return (0..<Int(seconds * rate)).map { i in
            let t = Double(i) / rate
            guard t >= start else { return 0 }
            let env = min(1, (t - start) / 0.01) * exp(-(t - start) * 0.3)
            return Float(0.05 * env * (sin(2 * .pi * f * t) + 0.5 * sin(4 * .pi * f * t) + 0.25 * sin(6 * .pi * f * t)))
        }
    }

    @Test func aHeldNoteIsEncodedNearTheModelsOwnPoints() throws {
        let voices = try MorphVoices.shared()
        let dir = TemporaryDirectory()
        let path = try wav(tone(57, seconds: 3), in: dir, "my note.wav")
        let z = try voices.latent(corner: path)
        #expect(z.count == voices.timbre.latentSize && z.allSatisfy(\.isFinite))
        // Encoded once, then remembered.
        #expect(try voices.latent(corner: path) == z)
        // A point with a recorded corner is a morph spec like any other.
        let spec = MorphSpec(corners: [path, "flute", "cello", "brass"], x: 0, y: 0)
        #expect(try voices.point(of: spec) == CornerBlend.point(x: 0, y: 0, corners: [z, try voices.latent(corner: "flute"),
                                                                                       try voices.latent(corner: "cello"), try voices.latent(corner: "brass")]))
    }

    @Test func whatIsNotOneNoteIsRefusedWithTheReason() throws {
        let voices = try MorphVoices.shared()
        let dir = TemporaryDirectory()
        // Two notes: C4 for 1.2 s, then G4 from 1.5 s.
        let melody = zip(tone(60, seconds: 3), tone(67, seconds: 3, start: 1.5)).enumerated().map { i, p in
            (i < 26_460 ? p.0 : 0) + p.1
        }
        var noise = TestRandom(seed: 5)
        // A slide from 200 to 400 Hz over 3 s: one attack, but no one pitch.
        let glide: [Float] = (0..<66_150).map { (i: Int) -> Float in
            let t = Double(i) / 22_050
            return Float(0.1 * sin(2 * Double.pi * (200 * t + 100 * t * t / 3)))
        }
        let cases: [(String, [Float], String)] = [
            ("melody.wav", melody, "more than one note"),
            ("glide.wav", glide, "changes pitch"),
            ("noise.wav", (0..<44_100).map { _ in Float.random(in: -0.2...0.2, using: &noise) }, "no steady pitch"),
            ("silence.wav", [Float](repeating: 0, count: 44_100), "is silent"),
            ("short.wav", tone(60, seconds: 0.1), "too short"),
        ]
        for (name, samples, problem) in cases {
            let path = try wav(samples, in: dir, name)
            do {
                _ = try voices.latent(corner: path)
                Issue.record("\(name) was taken as one note")
            } catch {
                #expect(error.description.hasPrefix(path) && error.description.contains(problem), "\(name): \(error)")
            }
        }
        do { _ = try voices.latent(corner: dir.path + "/missing.wav"); Issue.record("a missing file was read") } catch {
            #expect(error.description.contains("missing.wav"))
        }
    }
}
