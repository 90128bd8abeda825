import Charts
import Testing

/// The generated-chart rules (training/charts/steps.py in Swift): snapping, gaps, the Hard run limit, arrows
/// without crossovers or jacks, and the playability check catching what the rules avoid.
@Suite struct StepRulesTests {
    /// Peaks at `beats` (as seconds at 60 BPM, so a second is a beat), all equally strong unless given.
    func place(_ difficulty: Difficulty, _ beats: [Double], strengths: [Float]? = nil) -> [Beat] {
        let s = strengths ?? beats.map { _ in 1 }
        return StepRules(difficulty).place(zip(beats, s).map { (seconds: $0, strength: $1) }) { $0 }
    }

    @Test func beginnerSnapsToQuartersOneBeatApart() {
        #expect(place(.beginner, [0.9, 2.2, 2.4, 4.4]) == [Beat(1), Beat(2), Beat(4)])
        #expect(place(.beginner, [2.2, 2.6]) == [Beat(2), Beat(3)])
    }

    @Test func easyTakesEighthsHalfABeatApart() {
        #expect(place(.easy, [1.0, 1.45, 1.8, 2.3]) == [Beat(1), Beat(3, 2), Beat(2), Beat(5, 2)])
        // 1.2 snaps to 1 (eighths at most), the position 1.0 already has: one step.
        #expect(place(.easy, [1.0, 1.2]) == [Beat(1)])
    }

    @Test func hardAllowsSixteenthsAndTripletsButNotLongRuns() {
        #expect(place(.hard, [1.0, 1.33]) == [Beat(1), Beat(4, 3)])
        let run = (0..<8).map { 1 + Double($0) / 4 }
        let hard = place(.hard, run)
        #expect(StepRules.longestRun(hard, within: Beat(1, 4)) <= 3)
        // Challenge keeps the whole run.
        #expect(place(.challenge, run).count == 8)
    }

    @Test func peaksBeforeBeatZeroAreDropped() {
        #expect(place(.medium, [-0.5, 0.0, 1.0]) == [Beat(0), Beat(1)])
    }

    @Test func arrowsAlternateFeetWithoutCrossoversOrJacks() {
        for difficulty in [Difficulty.beginner, .easy, .medium, .hard, .challenge] {
            let rules = StepRules(difficulty)
            let beats = place(difficulty, (0..<64).map { Double($0) / 4 })
            let lanes = rules.arrows(for: beats)
            #expect(lanes.count == beats.count)
            #expect(rules.problems(beats: beats, lanes: lanes).isEmpty, "\(difficulty)")
            for (i, lane) in lanes.enumerated() { #expect((i % 2 == 0 ? [0, 1, 2] : [3, 1, 2]).contains(lane)) }
        }
    }

    @Test func problemsNameWhatCannotBeStepped() {
        let rules = StepRules(.medium)
        let found = rules.problems(beats: [Beat(0), Beat(1, 4), Beat(1)], lanes: [3, 3, 0])
        #expect(found.contains("crossover at beat 0"))
        #expect(found.contains("snap 1/4"))
        #expect(found.contains("gap 1/4 at beat 1/4"))
        #expect(found.contains("jack at beat 1/4"))
        #expect(StepRules(.hard).problems(beats: (0..<5).map { Beat($0, 4) }, lanes: [0, 3, 0, 3, 0])
            .contains("sixteenth run over 4 notes"))
        // Challenge allows a jack half a beat or more apart, not closer.
        #expect(StepRules(.challenge).problems(beats: [Beat(0), Beat(1, 2)], lanes: [1, 1]).isEmpty)
        #expect(!StepRules(.challenge).problems(beats: [Beat(0), Beat(1, 4)], lanes: [1, 1]).isEmpty)
    }
}
