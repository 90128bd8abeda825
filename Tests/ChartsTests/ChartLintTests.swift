import Charts
import Testing

@Suite struct ChartLintTests {
    func rules(_ notes: [ChartNote], _ difficulty: Difficulty = .medium, bpm: Double = 120,
               audio: Double? = nil, offset: Double = 0) -> [LintFinding.Rule] {
        let chart = Chart(difficulty: difficulty, meter: 5, notes: notes)
        return ChartLint(chart: chart, timing: Timing(offset: offset, bpm: bpm), audioDuration: audio).findings().map(\.rule)
    }

    /// Quarter notes walking L D U R L D U R … over 16 measures: nothing to say at any difficulty.
    var clean: [ChartNote] { (0..<64).map { ChartNote(beat: Beat($0), lane: [0, 1, 2, 3, 2, 1][$0 % 6]) } }

    @Test func aCleanChartHasNoFindings() {
        for difficulty in Difficulty.allCases {
            #expect(rules(clean, difficulty, audio: 60).isEmpty, "\(difficulty): \(rules(clean, difficulty, audio: 60))")
        }
    }

    @Test func emptyChartsAndMinesOnly() {
        #expect(rules([]) == [.emptyChart])
        #expect(rules([ChartNote(beat: Beat(1), lane: 0, kind: .mine)]) == [.emptyChart])
    }

    @Test func offGridAndSnapTooFine() {
        #expect(rules(clean + [ChartNote(beat: Beat(1, 5), lane: 3)], .challenge).contains(.offGrid))
        let sixteenth = clean + [ChartNote(beat: Beat(64) + Beat(1, 4), lane: 1)]
        #expect(rules(sixteenth, .easy).contains(.snapTooFine))
        #expect(!rules(sixteenth, .medium).contains(.snapTooFine))
        #expect(rules(clean + [ChartNote(beat: Beat(64) + Beat(1, 6), lane: 1)], .medium).contains(.snapTooFine))
    }

    @Test func jacksBeyondTheDifficulty() {
        // Two eighths on one lane at 120 BPM: 250 ms apart. Too fast for Easy (350 ms), fine for Hard (150 ms).
        let jack = clean + [ChartNote(beat: Beat(70), lane: 2), ChartNote(beat: Beat(141, 2), lane: 2)]
        #expect(rules(jack, .easy).contains(.jack))
        #expect(!rules(jack, .hard).contains(.jack))
    }

    @Test func crossoversOnlyWhereNotAllowed() {
        // L, U, R with alternating feet puts the left foot on the right arrow.
        let cross = clean + [ChartNote(beat: Beat(70), lane: 0), ChartNote(beat: Beat(71), lane: 2),
                             ChartNote(beat: Beat(72), lane: 3)]
        #expect(rules(cross, .medium).filter { $0 == .crossover }.count == 1)
        #expect(!rules(cross, .hard).contains(.crossover))
        // A pause of over a second lets the player reset: L, U, (pause) R is no crossover.
        let reset = clean + [ChartNote(beat: Beat(70), lane: 0), ChartNote(beat: Beat(71), lane: 2),
                             ChartNote(beat: Beat(74), lane: 3)]
        #expect(!rules(reset, .medium).contains(.crossover))
    }

    @Test func densitySpikes() {
        // One measure of sixteenths among quarter notes: 8 steps a second against 2.
        let burst = (0..<16).map { ChartNote(beat: Beat(32) + Beat($0, 4), lane: $0 % 4) }
        let notes = clean.filter { $0.beat.floor / 4 != 8 } + burst
        #expect(rules(notes, .challenge).contains(.densitySpike))
        #expect(!rules(clean, .challenge).contains(.densitySpike))
    }

    @Test func notesOutsideTheAudio() {
        let findings = rules(clean, .hard, audio: 20)   // beat 63 plays at 31.5 s
        #expect(findings.filter { $0 == .afterAudio }.count == 63 - 40)   // beats 41…63 end after 20 s; beat 40 is at 20.0
        #expect(rules(clean, .hard, offset: 0.2).contains(.beforeAudio))
    }

    @Test func overlaps() {
        let inside = clean + [ChartNote(beat: Beat(66), lane: 0, kind: .hold(end: Beat(68))), ChartNote(beat: Beat(67), lane: 0)]
        #expect(rules(inside, .challenge).contains(.overlap))
    }
}
