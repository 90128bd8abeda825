import Testing
@testable import Music

@Suite struct StepGridTests {
    @Test func straightSixteenthsAt480() {
        let grid = StepGrid.sixteenth
        #expect(grid.stepTicks(ticksPerQuarter: 480) == 120)
        #expect(grid.snap(59, ticksPerQuarter: 480) == 0)
        #expect(grid.snap(61, ticksPerQuarter: 480) == 120)
        #expect(grid.snap(1000, ticksPerQuarter: 480) == 960)
    }

    @Test func eighthTripletsAt480() {
        let grid = StepGrid(noteValue: 8, triplet: true)
        #expect(grid.label == "1/8T")
        #expect(grid.stepTicks(ticksPerQuarter: 480) == 160)
        #expect((0...6).map { grid.tick(ofStep: $0, ticksPerQuarter: 480) } == [0, 160, 320, 480, 640, 800, 960])
        #expect(grid.snap(250, ticksPerQuarter: 480) == 320)
    }

    @Test func tripletsAtADivisionNotDivisibleByThreeDoNotDrift() {
        let grid = StepGrid(noteValue: 8, triplet: true)
        // 100 ticks per quarter: steps at 33.3, 66.7 … each rounded on its own; every third step is on a beat.
        for beat in 0..<1000 {
            #expect(grid.tick(ofStep: beat * 3, ticksPerQuarter: 100) == beat * 100)
        }
        #expect(grid.tick(ofStep: 1, ticksPerQuarter: 100) == 33)
        #expect(grid.tick(ofStep: 2, ticksPerQuarter: 100) == 67)
    }

    @Test func stepContainingTick() {
        let grid = StepGrid(noteValue: 16, triplet: true)
        for tick in 0..<2000 {
            let s = grid.step(containingTick: tick, ticksPerQuarter: 100)
            #expect(grid.tick(ofStep: s, ticksPerQuarter: 100) <= tick)
            #expect(grid.tick(ofStep: s + 1, ticksPerQuarter: 100) > tick)
        }
    }

    @Test func quantizeKeepsAtLeastOneStep() {
        let grid = StepGrid(noteValue: 4)
        let note = Note(pitch: 60, startTick: 470, endTick: 500)
        let q = grid.quantize(note, ticksPerQuarter: 480)
        #expect(q.startTick == 480 && q.endTick == 960)
        let keepLength = grid.quantize(Note(pitch: 60, startTick: 10, endTick: 110), ticksPerQuarter: 480, ends: false)
        #expect(keepLength.startTick == 0 && keepLength.endTick == 100)
    }

    @Test func quantizedSequenceSnapsEveryTrack() {
        let sequence = NoteSequence(tracks: [
            Track(notes: [Note(pitch: 60, startTick: 130, endTick: 250), Note(pitch: 62, startTick: 5, endTick: 100)]),
            Track(notes: [Note(pitch: 64, startTick: 355, endTick: 470)]),
        ])
        let q = sequence.quantized(to: .sixteenth)
        #expect(q.tracks[0].notes.map(\.startTick) == [0, 120])
        #expect(q.tracks[0].notes.map(\.endTick) == [120, 240])
        #expect(q.tracks[1].notes[0].startTick == 360 && q.tracks[1].notes[0].endTick == 480)
    }

    @Test func standardGridsCoverQuarterToThirtySecondWithTriplets() {
        #expect(StepGrid.standard.map(\.label) == ["1/4", "1/4T", "1/8", "1/8T", "1/16", "1/16T", "1/32", "1/32T"])
    }
}
