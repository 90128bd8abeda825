import Music
import Testing
@testable import Synth

@Suite struct InstrumentSlotTests {
    /// Renders `frames` of a held A4 through `slot`.
    func render(_ slot: InstrumentSlot, frames: Int) -> [Float] {
        var out = [Float](repeating: 0, count: frames)
        out.withUnsafeMutableBufferPointer { slot.render(into: $0) }
        return out
    }

    @Test func aSwappedInstrumentSoundsFromTheNextBlockAndTheOldOneIsReleasedByItsOwner() {
        let slot = InstrumentSlot(InstrumentChoice.patch("sine").makeInstrument())
        slot.prepare(sampleRate: 48_000)
        slot.noteOn(pitch: 69, velocity: 100)
        let before = render(slot, frames: 4_800)
        do {
            let lead = InstrumentChoice.patch("lead").makeInstrument()
            slot.swap(to: lead)
        }
        #expect(slot.hasPendingSwap)
        // The audio side adopts it at its next block (a note on it, since the old one's notes stopped).
        slot.noteOn(pitch: 69, velocity: 100)
        #expect(!slot.hasPendingSwap)
        let after = render(slot, frames: 4_800)
        // A sine and the lead's saw differ: the lead has far more energy away from the fundamental.
        func roughness(_ x: [Float]) -> Float { zip(x.dropFirst(), x).map { abs($0 - $1) }.reduce(0, +) / x.map(abs).reduce(0, +) }
        #expect(roughness(after) > 2 * roughness(before), "\(roughness(before)) → \(roughness(after))")
        // A hand-over never adopted is released by the next swap, not leaked or touched by the audio side.
        weak var unadopted: PolySynth?
        do {
            let a = PolySynth(patch: .sine)
            unadopted = a
            slot.swap(to: a)
        }
        #expect(unadopted != nil)
        slot.swap(to: PolySynth(patch: .lead))
        #expect(unadopted == nil)
    }

    @Test func theRetiredInstrumentWaitsForCollect() {
        weak var retired: PolySynth?
        let slot: InstrumentSlot
        do {
            let first = PolySynth(patch: .sine)
            retired = first
            slot = InstrumentSlot(first)
        }
        slot.prepare(sampleRate: 48_000)
        slot.swap(to: PolySynth(patch: .lead))
        _ = render(slot, frames: 64)  // the audio side adopts the lead and hands the sine back
        #expect(retired != nil)  // still referenced: released only by the owner
        slot.collect()
        #expect(retired == nil)
    }

    @Test func choicesParseNameAndRoundTrip() throws {
        #expect(try InstrumentChoice(parsing: "lead") == .patch("lead"))
        #expect(try InstrumentChoice(parsing: "bass") == .generalMIDI(program: 32))
        #expect(try InstrumentChoice(parsing: "gm:33") == .generalMIDI(program: 33))
        #expect(try InstrumentChoice(parsing: "40").name == "gm:40")
        #expect(try InstrumentChoice(parsing: "gm:32").displayName == "bass")
        #expect(try InstrumentChoice(parsing: "gm:33").displayName == "gm:33")
        #expect(throws: InstrumentChoiceError(text: "kazoo")) { try InstrumentChoice(parsing: "kazoo") }
        #expect(throws: InstrumentChoiceError(text: "gm:128")) { try InstrumentChoice(parsing: "gm:128") }
        var track = Track(name: "t")
        track.program = 24
        #expect(InstrumentChoice.default(for: track) == .generalMIDI(program: 24))
    }
}
