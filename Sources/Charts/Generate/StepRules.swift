/// How a generated chart turns step *times* into steps a player can hit: which beats, which arrows.
///
/// The same rules made the training targets (`training/charts/reference.py`) and pick the model's steps
/// (`training/charts/steps.py`); this is their Swift form, kept step for step so a chart from `kanade chart`
/// is what the evaluation measured. For `dance-single` (lanes 0 left, 1 down, 2 up, 3 right):
///
/// 1. A placement peak at `seconds` goes to the nearest position the difficulty allows on the beat grid
///    (Beginner quarters; Easy and Medium also eighths; Hard and Challenge also sixteenths and eighth-note
///    triplets). Two peaks on one position keep the stronger.
/// 2. Strongest first, a position is kept only if it is at least the difficulty's gap from every kept one
///    (Beginner 1 beat, Easy and Medium 1/2, Hard and Challenge 1/4); Hard also refuses a run of more than
///    three 1/4-beat gaps in a row.
/// 3. Feet alternate. The left foot steps left, down or up; the right foot right, down or up (no crossovers).
///    On a beat the foot takes its outer arrow, off the beat a centre one (down and up in turn). Below
///    Challenge a lane never repeats (no jacks); on Challenge not within half a beat.
///
/// `problems` is the check the evaluation ran on every chart: what a player cannot step at that difficulty.
public struct StepRules: Sendable, Hashable {
    /// The difficulty whose rules these are.
    public let difficulty: Difficulty
    /// The shortest distance between two kept steps.
    public let gap: Beat
    /// Whether eighths (off-beat halves) are allowed.
    public let allowsEighths: Bool
    /// Whether sixteenths and eighth-note triplets are allowed.
    public let allowsSixteenths: Bool
    /// The longest run of 1/4-beat gaps in a row (nil: no limit).
    public let longestSixteenthRun: Int?

    /// The rules for `difficulty` (`edit` uses Challenge's).
    public init(_ difficulty: Difficulty) {
        self.difficulty = difficulty
        switch difficulty {
        case .beginner: (gap, allowsEighths, allowsSixteenths, longestSixteenthRun) = (Beat(1), false, false, nil)
        case .easy, .medium: (gap, allowsEighths, allowsSixteenths, longestSixteenthRun) = (Beat(1, 2), true, false, nil)
        case .hard: (gap, allowsEighths, allowsSixteenths, longestSixteenthRun) = (Beat(1, 4), true, true, 3)
        case .challenge, .edit: (gap, allowsEighths, allowsSixteenths, longestSixteenthRun) = (Beat(1, 4), true, true, nil)
        }
    }

    /// Whether a step may sit on `beat`: its denominator is 1 (quarter), 2 (eighth) or anything finer.
    public func allows(_ beat: Beat) -> Bool {
        switch beat.denominator {
        case 1: true
        case 2: allowsEighths
        default: allowsSixteenths
        }
    }

    /// Rules 1 and 2: peak times (seconds, with their strengths) → the kept beats, in order. `beatAt` maps a
    /// time to a (fractional) beat on the song's grid; peaks before beat 0 are dropped.
    public func place(_ peaks: [(seconds: Double, strength: Float)], beatAt: (Double) -> Double) -> [Beat] {
        var strongest: [Beat: Float] = [:]
        for peak in peaks {
            let b = beatAt(peak.seconds)
            guard b.isFinite, let q = nearestAllowed(b), q >= .zero else { continue }
            if let s = strongest[q], s >= peak.strength { continue }
            strongest[q] = peak.strength
        }
        let order = strongest.keys.sorted { a, b in
            strongest[a]! != strongest[b]! ? strongest[a]! > strongest[b]! : a < b
        }
        var kept: [Beat] = []
        for q in order where kept.allSatisfy({ abs($0 - q) >= gap }) {
            var trial = kept
            trial.insert(q, at: trial.firstIndex(where: { q < $0 }) ?? trial.count)
            if let limit = longestSixteenthRun, Self.longestRun(trial, within: Beat(1, 4)) > limit { continue }
            kept = trial
        }
        return kept
    }

    /// Rule 3: a lane for each beat (sorted) of `beats`.
    public func arrows(for beats: [Beat]) -> [Int] {
        let left = [0, 1, 2], right = [3, 1, 2]
        var lanes: [Int] = [], foot = 0, centre = 1
        for (i, b) in beats.enumerated() {
            let side = foot == 0 ? left : right
            let preference = b.denominator == 1 ? [side[0], centre, 3 - centre] : [centre, 3 - centre, side[0]]
            let previous = lanes.last
            let noJack = previous != nil && (difficulty != .challenge && difficulty != .edit || b - beats[i - 1] < Beat(1, 2))
            let lane = preference.first { side.contains($0) && !(noJack && $0 == previous) } ?? side[0]
            if lane == 1 || lane == 2 { centre = 3 - lane }
            lanes.append(lane)
            foot = 1 - foot
        }
        return lanes
    }

    /// What a player cannot step at this difficulty in single steps on `beats` with `lanes` (feet alternating
    /// from the left): one line per problem, empty when the chart is playable.
    public func problems(beats: [Beat], lanes: [Int]) -> [String] {
        var out: [String] = []
        for (i, (b, lane)) in zip(beats, lanes).enumerated() {
            if !allows(b) { out.append("snap \(b)") }
            if !(i % 2 == 0 ? [0, 1, 2] : [3, 1, 2]).contains(lane) { out.append("crossover at beat \(b)") }
            if i > 0 {
                let g = b - beats[i - 1]
                if g < gap { out.append("gap \(g) at beat \(b)") }
                if lane == lanes[i - 1] && (difficulty != .challenge && difficulty != .edit || g < Beat(1, 2)) {
                    out.append("jack at beat \(b)")
                }
            }
        }
        if let limit = longestSixteenthRun, Self.longestRun(beats, within: Beat(1, 4)) > limit {
            out.append("sixteenth run over \(limit + 1) notes")
        }
        return out
    }

    /// The nearest allowed position to `b` beats among the quarter, eighth (and, when allowed, sixteenth and
    /// triplet) roundings; on a tie the coarser one. Rounding is half-to-even, as the Python rules'.
    func nearestAllowed(_ b: Double) -> Beat? {
        func rounded(_ k: Int) -> Beat? {
            let r = (b * Double(k)).rounded(.toNearestOrEven)
            guard abs(r) < 1e12 else { return nil }
            return Beat(Int(r), k)
        }
        var candidates = [rounded(1), rounded(2)]
        if allowsSixteenths { candidates += [rounded(4), rounded(3)] }
        var best: (beat: Beat, distance: Double)?
        for case let q? in candidates where allows(q) {
            let d = abs(q.value - b)
            if best == nil || d < best!.distance { best = (q, d) }
        }
        return best?.beat
    }

    /// The most consecutive gaps of at most `within` in sorted `beats`.
    public static func longestRun(_ beats: [Beat], within: Beat) -> Int {
        var best = 0, run = 0
        for (a, b) in zip(beats, beats.dropFirst()) {
            run = b - a <= within ? run + 1 : 0
            best = max(best, run)
        }
        return best
    }
}

private func abs(_ b: Beat) -> Beat { b < .zero ? .zero - b : b }
