import Foundation

/// Checks a chart for what makes it unplayable, unfair or unwritable (docs/charts.md, "Lint").
public struct ChartLint {
    /// The chart.
    public let chart: Chart
    /// The timing it plays with.
    public let timing: Timing
    /// The audio's length in seconds, when known (for notes after it ends).
    public let audioDuration: Double?
    /// The limits; by default those of the chart's difficulty.
    public let limits: LintLimits

    /// A lint of `chart` with `timing`.
    public init(chart: Chart, timing: Timing, audioDuration: Double? = nil, limits: LintLimits? = nil) {
        self.chart = chart
        self.timing = timing
        self.audioDuration = audioDuration
        self.limits = limits ?? .for(chart.difficulty)
    }

    /// Every finding, in beat order.
    public func findings() -> [LintFinding] {
        let steps = chart.notes.filter(\.isStep)
        guard !steps.isEmpty else {
            return [LintFinding(rule: .emptyChart, beat: .zero, message: "the chart has no steps")]
        }
        var out: [LintFinding] = []
        out += grid(steps)
        out += overlaps()
        out += jacks(steps)
        if chart.laneCount == 4 && !limits.crossovers { out += crossovers(steps) }
        out += spikes(steps)
        out += audioBounds()
        return out.sorted { $0.beat != $1.beat ? $0.beat < $1.beat : $0.rule.rawValue < $1.rule.rawValue }
    }

    /// The snap of a beat as notes per measure: 4 for quarter notes, 8 for eighths, 12 for triplets …;
    /// nil when it is off the 192nd grid.
    public static func snap(of beat: Beat) -> Int? {
        guard beat.isOnTick else { return nil }
        return 4 * beat.denominator
    }

    private func grid(_ steps: [ChartNote]) -> [LintFinding] {
        var out: [LintFinding] = []
        for note in chart.notes {
            for beat in [note.beat] + (note.end.map { [$0] } ?? []) {
                guard let snap = Self.snap(of: beat) else {
                    out.append(LintFinding(rule: .offGrid, beat: beat, lane: note.lane,
                                           message: "between 192nds (nearest \(beat.roundedToTick)); a simfile cannot hold it"))
                    continue
                }
                if note.isStep && beat == note.beat && snap > limits.finestSnap {
                    out.append(LintFinding(rule: .snapTooFine, beat: beat, lane: note.lane,
                                           message: "a \(snap)th note; \(chart.difficulty.rawValue) allows up to \(limits.finestSnap)ths"))
                }
            }
        }
        return out
    }

    private func overlaps() -> [LintFinding] {
        var out: [LintFinding] = []
        for lane in 0..<chart.laneCount {
            let notes = chart.notes.filter { $0.lane == lane && $0.kind != .fake }
            var busyUntil: Beat?
            var previous: ChartNote?
            for note in notes {
                if let previous, previous.beat == note.beat {
                    out.append(LintFinding(rule: .overlap, beat: note.beat, lane: lane, message: "two notes at once on one lane"))
                } else if let busyUntil, note.beat <= busyUntil {
                    out.append(LintFinding(rule: .overlap, beat: note.beat, lane: lane, message: "a note inside a hold on its lane"))
                }
                if let end = note.end { busyUntil = max(busyUntil ?? end, end) }
                previous = note
            }
        }
        return out
    }

    /// Two consecutive single steps on one lane (one foot hitting one arrow twice) closer than the limit.
    private func jacks(_ steps: [ChartNote]) -> [LintFinding] {
        var out: [LintFinding] = []
        // Group steps by beat; a jack is two consecutive single-step rows on the same lane.
        let rows = Dictionary(grouping: steps, by: \.beat).sorted { $0.key < $1.key }
        for (a, b) in zip(rows, rows.dropFirst()) where a.value.count == 1 && b.value.count == 1 {
            let first = a.value[0], second = b.value[0]
            guard first.lane == second.lane, first.end == nil else { continue }
            let gap = timing.seconds(at: second.beat) - timing.seconds(at: first.beat)
            if gap < limits.shortestJack {
                out.append(LintFinding(rule: .jack, beat: second.beat, lane: second.lane, message: "jack "
                    + String(format: "%.0f ms after the last step; ", gap * 1000)
                    + "\(chart.difficulty.rawValue) allows " + String(format: "%.0f ms", limits.shortestJack * 1000)))
            }
        }
        return out
    }

    /// With feet alternating on single steps (a jump, a jack or a pause of over a second lets the player
    /// reset), the left foot on the right arrow (lane 3) or the right foot on the left arrow (lane 0).
    private func crossovers(_ steps: [ChartNote]) -> [LintFinding] {
        enum Foot { case left, right }
        var out: [LintFinding] = []
        let rows = Dictionary(grouping: steps, by: \.beat).sorted { $0.key < $1.key }
        var foot: Foot?        // the foot that made the last step
        var lastLane: Int?
        var lastTime = -Double.infinity
        for (beat, notes) in rows {
            let time = timing.seconds(at: beat)
            defer { lastTime = time }
            guard notes.count == 1 else { foot = nil; lastLane = nil; continue }   // a jump resets the feet
            let lane = notes[0].lane
            if time - lastTime > 1 { foot = nil }
            let next: Foot
            if let current = foot, lastLane != lane {
                next = current == .left ? .right : .left
            } else if let current = foot {
                next = current   // a jack: the same foot again
            } else {
                next = lane == 3 ? .right : .left   // fresh start: the natural foot
                foot = next
                lastLane = lane
                continue
            }
            if (next == .left && lane == 3) || (next == .right && lane == 0) {
                out.append(LintFinding(rule: .crossover, beat: beat, lane: lane, message:
                    "crossover (\(next == .left ? "left foot on the right arrow" : "right foot on the left arrow")); \(chart.difficulty.rawValue) allows none"))
                foot = nil   // report once; the player turns around
                lastLane = nil
                continue
            }
            foot = next
            lastLane = lane
        }
        return out
    }

    /// Measures whose steps per second exceed both `spikeRatio` × the median over non-empty measures and
    /// `spikeFloor`.
    private func spikes(_ steps: [ChartNote]) -> [LintFinding] {
        var counts: [Int: Int] = [:]
        for step in steps { counts[step.beat.floor / 4, default: 0] += 1 }
        let rates = counts.map { measure, count -> (Int, Double) in
            let seconds = timing.seconds(at: Beat(4 * measure + 4)) - timing.seconds(at: Beat(4 * measure))
            return (measure, seconds > 0 ? Double(count) / seconds : .infinity)
        }.sorted { $0.0 < $1.0 }
        guard rates.count >= 4 else { return [] }
        let sorted = rates.map(\.1).sorted()
        let median = sorted[sorted.count / 2]
        return rates.filter { $0.1 > limits.spikeRatio * median && $0.1 > limits.spikeFloor }.map { measure, rate in
            LintFinding(rule: .densitySpike, beat: Beat(4 * measure), message: String(
                format: "%.1f steps a second, %.1f× the chart's median %.1f", rate, rate / median, median))
        }
    }

    private func audioBounds() -> [LintFinding] {
        var out: [LintFinding] = []
        for note in chart.notes where note.kind != .fake {
            let start = timing.seconds(at: note.beat)
            if start < 0 {
                out.append(LintFinding(rule: .beforeAudio, beat: note.beat, lane: note.lane,
                                       message: String(format: "at %.3f s, before the audio starts", start)))
            }
            if let audioDuration {
                let end = timing.seconds(at: note.end ?? note.beat)
                if end > audioDuration {
                    out.append(LintFinding(rule: .afterAudio, beat: note.beat, lane: note.lane, message: String(
                        format: "ends at %.3f s, after the audio's %.3f s", end, audioDuration)))
                }
            }
        }
        return out
    }
}
