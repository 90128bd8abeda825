import Charts
import Testing

/// The chart editor's edits on `Chart`: toggles, holds and rolls, selections (mirror, flip, shift, quantise,
/// copy, paste, delete) and the snap grid.
@Suite struct ChartEditsTests {
    func chart(_ notes: [ChartNote] = []) -> Chart { Chart(difficulty: .medium, meter: 5, notes: notes) }

    @Test func aLaneKeyAddsThenRemovesAndSwapsMines() {
        var c = chart()
        let r1 = c.toggle(.tap, at: Beat(1), lane: 2)
        #expect(r1)
        #expect(c.notes == [ChartNote(beat: Beat(1), lane: 2)])
        let r2 = c.toggle(.tap, at: Beat(1), lane: 2)
        #expect(!r2)
        #expect(c.notes.isEmpty)
        c.toggle(.mine, at: Beat(2), lane: 0)
        let r3 = c.toggle(.tap, at: Beat(2), lane: 0)
        #expect(r3)                       // a tap replaces the mine
        #expect(c.notes == [ChartNote(beat: Beat(2), lane: 0)])
        let r4 = c.toggle(.tap, at: Beat(-1), lane: 0)
        #expect(!r4 && c.notes.count == 1) // nothing before beat 0
    }

    @Test func holdsCycleToRollsAndBackAndStopAtTheNextNote() {
        var c = chart([ChartNote(beat: Beat(1), lane: 1), ChartNote(beat: Beat(3), lane: 1)])
        let r5 = c.cycleHold(lane: 1, to: Beat(2))
        #expect(r5 == .hold(end: Beat(2)))
        let r6 = c.cycleHold(lane: 1, to: Beat(2))
        #expect(r6 == .roll(end: Beat(2)))
        let r7 = c.cycleHold(lane: 1, to: Beat(2))
        #expect(r7 == .tap)
        // From beat 1 past the note at 3: the latest step before 4 is the one at 3, held to 4.
        let r8 = c.cycleHold(lane: 1, to: Beat(4))
        #expect(r8 == .hold(end: Beat(4)))
        #expect(c.notes[1].kind == .hold(end: Beat(4)))
        let r9 = c.cycleHold(lane: 2, to: Beat(4))
        #expect(r9 == nil)                    // no step on that lane
    }

    @Test func mirrorAndFlipRemapLanesInTheRangeOnly() {
        var c = chart((0..<4).map { ChartNote(beat: Beat($0), lane: $0) })
        let r10 = c.mirror(in: Beat(0)...Beat(1))
        #expect(r10 == 2)
        #expect(c.notes.map(\.lane) == [3, 2, 2, 3])
        let r11 = c.flip(in: Beat(0)...Beat(3))
        #expect(r11 == 4)
        #expect(c.notes.map(\.lane) == [3, 1, 1, 3])
    }

    @Test func shiftMovesHoldsAndRefusesCollisionsAndNegativeBeats() {
        var c = chart([ChartNote(beat: Beat(1), lane: 0, kind: .hold(end: Beat(2))), ChartNote(beat: Beat(3), lane: 0)])
        let r12 = c.shift(in: Beat(1)...Beat(1), by: Beat(1, 4))
        #expect(r12)
        #expect(c.notes[0] == ChartNote(beat: Beat(5, 4), lane: 0, kind: .hold(end: Beat(9, 4))))
        let before = c
        let r13 = c.shift(in: Beat(0)...Beat(2), by: Beat(-2))
        #expect(!r13)               // before beat 0
        let r14 = c.shift(in: Beat(3)...Beat(3), by: Beat(-7, 4))
        #expect(!r14)            // onto the hold's head
        #expect(c == before)
    }

    @Test func quantiseSnapsAndMergesCopyPasteAndDelete() {
        var c = chart([ChartNote(beat: Beat(1, 3), lane: 0), ChartNote(beat: Beat(1, 4), lane: 0), ChartNote(beat: Beat(5, 8), lane: 3)])
        let r15 = c.quantise(in: Beat(0)...Beat(1), to: Snap(perMeasure: 8))
        #expect(r15 == 3)
        // 1/3 and 1/4 both go to 1/2 on lane 0 and become one note; 5/8 goes to 1/2 (a tie goes later: 1/2).
        #expect(c.notes == [ChartNote(beat: Beat(1, 2), lane: 0), ChartNote(beat: Beat(1, 2), lane: 3)])
        let clip = c.copy(Beat(0)...Beat(1))
        #expect(clip.length == Beat(1) && clip.notes.count == 2)
        let r16 = c.paste(clip, at: Beat(4))
        #expect(r16 == 2)
        #expect(c.notes.map(\.beat) == [Beat(1, 2), Beat(1, 2), Beat(9, 2), Beat(9, 2)])
        let r17 = c.delete(in: Beat(4)...Beat(5))
        #expect(r17 == 2 && c.notes.count == 2)
    }

    @Test func snapsCycleAndPlaceOnTheirGrid() {
        let sixteenth = Snap(perMeasure: 16)
        #expect(sixteenth.step == Beat(1, 4) && sixteenth.description == "16th")
        #expect(sixteenth.cycled(by: 1) == Snap(perMeasure: 24) && sixteenth.cycled(by: -1) == Snap(perMeasure: 12))
        #expect(Snap(perMeasure: 4).cycled(by: -1) == Snap(perMeasure: 4) && Snap(perMeasure: 192).cycled(by: 1).perMeasure == 192)
        #expect(Snap(perMeasure: 12).nearest(to: 0.34) == Beat(1, 3))
        #expect(Snap(perMeasure: 192).description == "192nd" && Snap(perMeasure: 32).description == "32nd")
    }
}
