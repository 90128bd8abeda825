import Foundation
import Synth
import Synchronization
import Testing

/// Morph points as values (`morph:A,B,C,D@X,Y#NAME`), the store that makes and keeps their notes, and the
/// `InstrumentChoice` that plays them.
@Suite struct MorphSpecTests {
    @Test func textRoundTripsWithAndWithoutAName() throws {
        let spec = try MorphSpec(parsing: "flute.fluidr3,cello,brass,/tmp/my note.wav@0.25,1")
        #expect(spec.corners == ["flute.fluidr3", "cello", "brass", "/tmp/my note.wav"])
        #expect(spec.x == 0.25 && spec.y == 1 && spec.label == nil)
        #expect(spec.description == "flute.fluidr3,cello,brass,/tmp/my note.wav@0.25,1")
        var named = spec
        named.label = "warm"
        #expect(try MorphSpec(parsing: named.description) == named)
        #expect(named.soundKey == spec.soundKey)
        #expect(MorphSpec(corners: ["a", "b", "c", "d"], x: 1.0 / 3, y: 0).soundKey == "a,b,c,d@0.3333,0")
    }

    @Test func badPointsAreRefusedWithTheProblem() {
        let cases: [(String, String)] = [
            ("a,b,c@0.5,0.5", "four corner"),
            ("a,b,,d@0.5,0.5", "four corner"),
            ("a,b,c,d@1.5,0", "0…1"),
            ("a,b,c,d@x,0", "0…1"),
            ("a,b,c,d", "A,B,C,D@X,Y"),
            ("a,b,c,d@0,0#", "name"),
        ]
        for (text, problem) in cases {
            #expect(throws: MorphSpecError.self, "\(text)") { try MorphSpec(parsing: text) }
            do { _ = try MorphSpec(parsing: text) } catch { #expect(error.description.contains(problem), "\(text): \(error)") }
        }
    }

    @Test func instrumentChoiceNamesAndParsesMorphPoints() throws {
        let choice = try InstrumentChoice(parsing: "morph:flute,cello,trumpet,warm-pad@0.5,0.25#soft")
        guard case .morph(let spec) = choice else { Issue.record("not a morph choice"); return }
        #expect(spec.label == "soft" && spec.y == 0.25)
        #expect(choice.name == "morph:flute,cello,trumpet,warm-pad@0.5,0.25#soft")
        #expect(choice.displayName == "morph:soft")
        #expect(try InstrumentChoice(parsing: choice.name) == choice)
        let unnamed = InstrumentChoice.morph(MorphSpec(corners: ["a", "b", "c", "d"], x: 0.5, y: 0.5))
        #expect(unnamed.displayName == "morph 0.5,0.5")
        #expect(throws: InstrumentChoiceError.self) { try InstrumentChoice(parsing: "morph:a,b@0,0") }
    }

    static func tone(_ pitch: Int) -> SampledNote {
        let f = 440 * pow(2, Double(pitch - 69) / 12)
        return SampledNote(samples: (0..<16_000).map { Float(0.3 * sin(2 * Double.pi * f * Double($0) / 16_000)) },
                           sampleRate: 16_000, pitch: pitch, heldSeconds: 0.75)
    }

    @Test func storeMakesEachPointOnceAndKeepsTheLatest() throws {
        let made = Mutex([String]())
        let store = MorphSampleStore(capacity: 2) { spec in
            made.withLock { $0.append(spec.soundKey) }
            return [Self.tone(60)]
        }
        let a = MorphSpec(corners: ["a", "b", "c", "d"], x: 0, y: 0)
        var b = a; b.x = 1
        var c = a; c.y = 1
        var aNamed = a; aNamed.label = "named"
        _ = try store.notes(for: a)
        _ = try store.notes(for: aNamed)        // the name does not change the sound
        #expect(made.withLock { $0 } == [a.soundKey])
        _ = try store.notes(for: b)
        _ = try store.notes(for: a)             // a is the latest used, so c pushes out b
        _ = try store.notes(for: c)
        #expect(store.isCached(a) && !store.isCached(b) && store.isCached(c))
        _ = try store.notes(for: b)
        #expect(made.withLock { $0 } == [a.soundKey, b.soundKey, c.soundKey, b.soundKey])
    }

    @Test func storeWithoutAModelOrNotesSaysSo() {
        let spec = MorphSpec(corners: ["a", "b", "c", "d"], x: 0, y: 0)
        #expect(throws: MorphSamplesError.notInstalled) { try MorphSampleStore().notes(for: spec) }
        #expect(throws: MorphSamplesError.noNotes(spec.soundKey)) { try MorphSampleStore { _ in [] }.notes(for: spec) }
        struct Broken: Error {}
        let store = MorphSampleStore { _ in throw Broken() }
        #expect(throws: Broken.self) { try store.notes(for: spec) }
        #expect(!store.isCached(spec))
    }
}
