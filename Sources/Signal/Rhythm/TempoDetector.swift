#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tempo, beats and the first beat of a song (docs/charts.md, "Tempo detection").
///
/// 1. `OnsetStrength`: log-mel spectral flux at 100 frames a second.
/// 2. `TempoEstimator`: candidates from its autocorrelation and a prior around 120 BPM, flat over 70–160; too little
///    periodicity (or silence, or under 5 seconds) is reported as no clear tempo.
/// 3. A tempo curve: the best period in 8-second windows, held within a factor √2 of the global one.
/// 4. `BeatTracker`: Ellis's dynamic programme along that curve.
/// 5. Steady stretches: where the median inter-beat interval moves by more than 4 % for 4 beats, a new one starts.
/// 6. Each stretch's grid `time = anchor + k · period` is fitted to the fine `AttackEnvelope` (log spectral flux,
///    1.5 ms frames, its latency measured on clicks) over the whole stretch (`bestGrid`), which gives the BPM and
///    the first beat; grid points without an attack are trimmed from the ends, and the first stretch is extended
///    back over the attacks before it. Beats are reported `attackDelay` (2 ms) earlier.
/// 7. The octave (one steady stretch): the periodicity's preference between the tempo and its ×2 or ÷2 weighed
///    against where the harmony changes (`HarmonicChange`, `octave(of:candidates:harmony:)`); after a change the
///    grid is fitted again and the candidates relabelled around the new tempo.
public struct TempoDetector: Sendable {
    /// The estimator (range, prior, clarity threshold).
    public var estimator = TempoEstimator()
    /// The beat tracker.
    public var tracker = BeatTracker()
    /// Songs shorter than this many seconds have no clear tempo.
    public var minimumDuration: Double = 5

    /// A detector with the default settings.
    public init() {}

    /// Detects the tempo of mono `samples` at `sampleRate`.
    public func detect(_ samples: [Float], sampleRate: Double) -> TempoDetection {
        let duration = Double(samples.count) / sampleRate
        guard duration >= minimumDuration else {
            return .none("the audio is \(String(format1: duration)) s long; at least \(String(format1: minimumDuration)) s are needed")
        }
        let peak = samples.reduce(Float(0)) { max($0, abs($1)) }
        guard peak > 1e-5 else { return .none("the audio is silent") }
        let onset = OnsetStrength(sampleRate: sampleRate)
        let envelope = onset.envelope(samples)
        let rate = onset.frameRate
        let estimate = estimator.estimate(envelope, frameRate: rate)
        guard !estimate.candidates.isEmpty else { return .none("no onsets repeat at any tempo from \(Int(estimator.minBPM)) to \(Int(estimator.maxBPM)) BPM") }
        guard estimate.clarity >= estimator.clarityThreshold else {
            return .none("no clear beat: the onsets' periodicity is \(String(format2: estimate.clarity)), below "
                         + "\(String(format2: estimator.clarityThreshold))", candidates: estimate.candidates, clarity: estimate.clarity)
        }
        let periods = tempoCurve(envelope, global: estimate.period, frameRate: rate)
        let beatFrames = tracker.beats(envelope, periods: periods)
        let coarse = beatFrames.map { Double($0) / rate }
        guard coarse.count >= 8 else {
            return .none("too few beats could be tracked (\(coarse.count))", candidates: estimate.candidates, clarity: estimate.clarity)
        }
        let attacks = AttackEnvelope(samples, sampleRate: sampleRate)
        let low = attacks.smoothed(attacks.low, sigma: 0.015), full = attacks.smoothed(attacks.full, sigma: AttackEnvelope.gridSigma)
        var segments: [TempoSegment] = []
        var beats: [Double] = []
        for range in steadyStretches(coarse) {
            let (segment, placed) = fit(Array(coarse[range]), attacks: attacks, low: low, full: full)
            segments.append(segment)
            beats += placed
        }
        segments = merged(segments)
        if !segments.isEmpty { segments[0] = extendedBackwards(segments[0], attacks: attacks, full: full) }
        guard !segments.isEmpty else {
            return .none("no steady tempo", candidates: estimate.candidates, clarity: estimate.clarity)
        }
        // The octave: the onsets' periodicity weighed against where the harmony changes (one steady stretch).
        var candidatesIn = estimate.candidates
        if segments.count == 1 {
            let harmony = HarmonicChange(samples, sampleRate: sampleRate)
            // The grid fitted again at a new period, its phase held within a quarter period of the chosen beats.
            func refit(_ segment: TempoSegment) {
                let period = 60 / segment.bpm
                let from = max(0, attacks.frameTime(at: segment.start) - period / 2)
                let to = min(Double(full.count - 1) * Double(attacks.hop) / sampleRate,
                             attacks.frameTime(at: segment.start + Double(segment.beatCount - 1) * period) + period / 2)
                let grid = Self.bestGrid(period: period, from: from, to: to, attacks: attacks, low: low, full: full,
                                         near: attacks.frameTime(at: segment.start))
                let first = grid.anchor + ((from - grid.anchor) / grid.period).rounded(.up) * grid.period
                let count = Int(((to - first) / grid.period).rounded(.down)) + 1
                segments[0] = extendedBackwards(TempoSegment(start: attacks.time(ofFrameTime: first), bpm: 60 / grid.period,
                                                             beatCount: max(1, count)), attacks: attacks, full: full)
                let fitted = 60 / segments[0].bpm
                beats = (0..<segments[0].beatCount).map { segments[0].start + Double($0) * fitted }
            }
            let choice = octave(of: segments[0], candidates: estimate.candidates, harmony: harmony)
            if choice.factor != 1 {
                refit(choice.segment)
                candidatesIn = Self.relabelled(estimate.candidates, best: segments[0].bpm, estimator: estimator)
            }
            let drums = DrumPattern(samples, sampleRate: sampleRate)
            let beat = drumOctave(of: segments[0], drums: drums)
            if beat.factor != 1 {
                refit(beat.segment)
                candidatesIn = Self.relabelled(estimate.candidates, best: segments[0].bpm, estimator: estimator)
            }
        }
        let main = segments.max(by: { $0.beatCount < $1.beatCount })!
        // Relations are relative to the fitted tempo, which replaces the best candidate's rougher figure.
        // so do its exact multiples for the ×2, ÷2, ×1.5 and ÷1.5 candidates found near them.
        let candidates = candidatesIn.map { candidate -> TempoCandidate in
            let factor: Double? = switch candidate.relation {
            case .best: 1
            case .double: 2
            case .half: 0.5
            case .threeHalves: 1.5
            case .twoThirds: 2.0 / 3
            case .other: nil
            }
            guard let factor, abs(candidate.bpm / (main.bpm * factor) - 1) < 0.05 else { return candidate }
            var exact = candidate
            exact.bpm = main.bpm * factor
            return exact
        }
        // The grid lands on where the attack starts to rise; drum hits reach that a little after their start.
        segments = segments.map { var s = $0; s.start -= Self.attackDelay; return s }
        beats = beats.map { $0 - Self.attackDelay }
        return TempoDetection(bpm: main.bpm, firstBeat: segments.first?.start, segments: segments, beats: beats,
                              candidates: candidates, clarity: estimate.clarity, problem: nil)
    }

    /// How strongly the harmony's vote for the double counts against the periodicity's (per unit of change
    /// ratio), and the change ratio at which it is neutral. Chosen on the validation songs (docs/charts.md): at the
    /// right tempo the harmony changed between the beats 0.05–0.67 as much as on them; 22–23 of the 24 songs come
    /// out right for neutral ratios 0.45–0.7 and weights 1–6, and these are the middle of that plateau (on the 216
    /// training and validation songs every weight 2–8 with neutral 0.45–0.7 is within two songs of the best).
    static let harmonyWeight = 3.0, harmonyNeutral = 0.6
    /// The same for the vote for the half. Chords often change every other beat (a half-note harmonic rhythm),
    /// so the harmony must change much less on one parity of beats than on the other before it halves a tempo:
    /// on the 216 training and validation songs the weaker parity changed 0.1–0.4 as much as the stronger on
    /// several songs at the right tempo; weights 1–3 with neutral ratios 0.4–0.55 are the plateau (201–203 of 216
    /// right, against 197 with the double's setting, 3 and 0.6).
    static let halfHarmonyWeight = 2.0, halfHarmonyNeutral = 0.45

    /// The octave decision for one stretch: the stretch at its double (when the harmony changes nearly as much
    /// between its beats as on them, more than the periodicity's preference for it says), at its half (the
    /// beats with more harmonic change, when the harmony changes little on every other beat), or unchanged.
    func octave(of segment: TempoSegment, candidates: [TempoCandidate], harmony: HarmonicChange) -> OctaveChoice {
        let confidence = { (r: TempoCandidate.Relation) in candidates.first { $0.relation == r }?.confidence ?? 0 }
        let best = confidence(.best), double = confidence(.double), half = confidence(.half)
        let period = 60 / segment.bpm
        func mean(_ values: [Double?], parity: Int, step: Int = 2) -> Double? {
            let chosen = values.indices.filter { $0 % step == parity }.compactMap { values[$0] }
            return chosen.isEmpty ? nil : chosen.reduce(0, +) / Double(chosen.count)
        }
        guard best > 0 else { return OctaveChoice(segment: segment, factor: 1) }
        // Up: change on the grid's beats, halfway between them, and a quarter of the way (the background).
        // The vote counts only where the harmony marks the beats (beats ≥ 1.5 × background): drums alone
        // have pitch too, but it changes everywhere.
        let halves = harmony.changes(start: segment.start, period: period / 2, count: 2 * segment.beatCount - 1)
        let quarters = harmony.changes(start: segment.start + period / 4, period: period / 2, count: 2 * segment.beatCount - 2)
        if double > 0, let on = mean(halves, parity: 0), let off = mean(halves, parity: 1),
           let background = mean(quarters, parity: 0, step: 1), on > 1.5 * background {
            let share = off / on
            let vote = log(double / best) + Self.harmonyWeight * (share - Self.harmonyNeutral)
            if vote > 0 && segment.bpm * 2 <= estimator.maxBPM {
                return OctaveChoice(segment: TempoSegment(start: segment.start, bpm: segment.bpm * 2,
                                                          beatCount: 2 * segment.beatCount - 1), factor: 2)
            }
        }
        // Down: every other beat (the parity with more change) against the rest; the background halfway.
        let whole = harmony.changes(start: segment.start, period: period, count: segment.beatCount)
        let between = harmony.changes(start: segment.start + period / 2, period: period, count: segment.beatCount - 1)
        if half > 0, let even = mean(whole, parity: 0), let odd = mean(whole, parity: 1),
           let background = mean(between, parity: 0, step: 1), max(even, odd) > 1.5 * background {
            let share = min(even, odd) / max(even, odd)
            let vote = log(best / half) + Self.halfHarmonyWeight * (share - Self.halfHarmonyNeutral)
            if vote < 0 && segment.bpm / 2 >= estimator.minBPM {
                let parity = odd > even ? 1 : 0
                return OctaveChoice(segment: TempoSegment(start: segment.start + Double(parity) * period, bpm: segment.bpm / 2,
                                                          beatCount: (segment.beatCount - parity + 1) / 2), factor: 0.5)
            }
        }
        return OctaveChoice(segment: segment, factor: 1)
    }

    /// Below this mean of the three bands' `DrumPattern.betweenBeatsRatio`, nothing attacks between the beats: they
    /// are the subdivision of a tempo half as fast, provided the beats alternate (the weaker parity's kick and middle
    /// under `unevenBeats` of the stronger's), so that there is a slower beat to hear. Clicks on every beat are left
    /// alone. On the 216 training and validation songs at 140–160 BPM, the three detected at double speed measured
    /// 0.29–0.36 and the right ones 0.55 and up (parities 0.51–0.87): 0.45 is the middle of that gap.
    static let emptyBetween = 0.45, unevenBeats = 0.95
    /// At the double: hi-hats this much stronger halfway between the beats than on them, with a kick this even on
    /// every beat, is four on the floor at the double. On the training and validation songs at 65–80 BPM the two
    /// detected at half speed measured hats 2.7 and 3.6 with kicks 0.89 and 0.93; of the right ones, those with
    /// hats above 1.5 had kicks of at most 0.63, and those with kicks above 0.8 hats of at most 1.1.
    static let offBeatHats = 1.5, evenKick = 0.8

    /// The octave decision from the drums (`DrumPattern`), after the harmony's: the stretch at its half when
    /// nothing attacks between its alternating beats (the parity with more kick and middle is kept), at its double
    /// when the double is four on the floor, or unchanged; only ever into the estimator's likely range.
    func drumOctave(of segment: TempoSegment, drums: DrumPattern) -> OctaveChoice {
        let period = 60 / segment.bpm, n = segment.beatCount
        let between = DrumPattern.Band.allCases.compactMap { drums.betweenBeatsRatio($0, start: segment.start, period: period, count: n) }
        let weights = (0...1).map { drums.downbeatWeight(parity: $0, start: segment.start, period: period, count: n) }
        let doubled = (start: segment.start, period: period / 2, count: 2 * n - 1)
        let hats = drums.offBeatRatio(.hats, start: doubled.start, period: doubled.period, count: doubled.count)
        let kick = drums.evenness(.kick, start: doubled.start, period: doubled.period, count: doubled.count)
        if between.count == 3, between.reduce(0, +) / 3 < Self.emptyBetween, let strong = weights.max(), strong > 0,
           weights.min()! / strong < Self.unevenBeats, estimator.likelyRange.contains(segment.bpm / 2) {
            let parity = weights[1] > weights[0] ? 1 : 0
            return OctaveChoice(segment: TempoSegment(start: segment.start + Double(parity) * period, bpm: segment.bpm / 2,
                                                      beatCount: (n - parity + 1) / 2), factor: 0.5)
        }
        if let hats, let kick, hats > Self.offBeatHats, kick > Self.evenKick, estimator.likelyRange.contains(segment.bpm * 2) {
            return OctaveChoice(segment: TempoSegment(start: segment.start, bpm: segment.bpm * 2, beatCount: 2 * n - 1), factor: 2)
        }
        return OctaveChoice(segment: segment, factor: 1)
    }

    /// How much later than its start a drum hit's attack, smoothed as the grid fit smooths it, lands on the grid,
    /// beyond a click's (`AttackEnvelope.latency`, measured on clicks). On the 216 training and validation songs
    /// (real drum samples) the first beats at the right tempo were late by 2.7 ms (median of the 183 within 20 ms)
    /// and every shift of 2–5 ms gives the same count within 10 ms; 2 ms is the end of that plateau nearest the
    /// clicks, which then read 2 ms early. Taken off every beat the detector reports.
    static let attackDelay = 0.002

    /// A stretch after the octave decision, and the factor applied to its tempo.
    struct OctaveChoice: Equatable {
        var segment: TempoSegment
        var factor: Double
    }

    /// The candidates relative to a new best tempo `best` (the old best's ×2 or ÷2): relations by ratio, the new
    /// best first with the larger of the two confidences (the harmony's vote moved it there), the ×2 and ÷2 always
    /// listed (with confidence 0 where the periodicity had no peak there).
    static func relabelled(_ candidates: [TempoCandidate], best: Double, estimator: TempoEstimator) -> [TempoCandidate] {
        let relations: [(Double, TempoCandidate.Relation)] = [(1, .best), (2, .double), (0.5, .half), (1.5, .threeHalves), (2.0 / 3, .twoThirds)]
        var out = candidates.map { c -> TempoCandidate in
            var c = c
            c.relation = relations.first { abs(c.bpm / (best * $0.0) - 1) < 0.04 }?.1 ?? .other
            return c
        }
        if let newBest = out.firstIndex(where: { $0.relation == .best }),
           let oldBest = candidates.firstIndex(where: { $0.relation == .best }), newBest != oldBest {
            let a = out[newBest].confidence, b = out[oldBest].confidence
            out[newBest].confidence = max(a, b)
            out[oldBest].confidence = min(a, b)
        } else if !out.contains(where: { $0.relation == .best }) {
            out.insert(TempoCandidate(bpm: best, confidence: 0, relation: .best), at: 0)
        }
        for (factor, relation) in [(2.0, TempoCandidate.Relation.double), (0.5, .half)]
        where !out.contains(where: { $0.relation == relation }) && best * factor >= estimator.minBPM && best * factor <= estimator.maxBPM {
            out.append(TempoCandidate(bpm: best * factor, confidence: 0, relation: relation))
        }
        let first = out.first { $0.relation == .best }!
        return [first] + out.filter { $0.relation != .best }.sorted { $0.confidence > $1.confidence }
    }

    /// The period (frames) at every frame: the best in 8-second windows every second, within √2 of `global`,
    /// median-smoothed over 5 windows.
    func tempoCurve(_ envelope: [Float], global: Double, frameRate: Double) -> [Double] {
        let window = Int(8 * frameRate), step = Int(frameRate)
        guard envelope.count > window + step else { return [Double](repeating: global, count: envelope.count) }
        var centres: [Int] = [], found: [Double] = []
        var start = 0
        while start + window <= envelope.count {
            let slice = envelope[start..<(start + window)]
            let local = estimator.period(of: slice, around: global, spread: 2.0.squareRoot())
            centres.append(start + window / 2)
            found.append(local.flatMap { $0.r >= estimator.clarityThreshold / 2 ? $0.period : nil } ?? global)
            start += step
        }
        let smoothed = found.indices.map { i -> Double in
            let near = found[max(0, i - 2)...min(found.count - 1, i + 2)].sorted()
            return near[near.count / 2]
        }
        var periods = [Double](repeating: global, count: envelope.count)
        var c = 0
        for t in periods.indices {
            while c + 1 < centres.count && centres[c + 1] <= t { c += 1 }
            if t <= centres[0] { periods[t] = smoothed[0] } else if c + 1 >= centres.count { periods[t] = smoothed[c] } else {
                let u = Double(t - centres[c]) / Double(centres[c + 1] - centres[c])
                periods[t] = smoothed[c] * (1 - u) + smoothed[c + 1] * u
            }
        }
        return periods
    }

    /// Index ranges of `beats` at one steady tempo.
    func steadyStretches(_ beats: [Double]) -> [Range<Int>] {
        let intervals = zip(beats.dropFirst(), beats).map { $0 - $1 }
        guard intervals.count >= 8 else { return [0..<beats.count] }
        let smooth = intervals.indices.map { i -> Double in
            let near = intervals[max(0, i - 2)...min(intervals.count - 1, i + 2)].sorted()
            return near[near.count / 2]
        }
        func reference(from i: Int) -> Double {
            let near = smooth[i..<min(smooth.count, i + 8)].sorted()
            return near[near.count / 2]
        }
        var ranges: [Range<Int>] = []
        var start = 0
        var current = reference(from: 0)
        var i = 0
        while i < smooth.count {
            let run = (i..<min(smooth.count, i + 4)).allSatisfy { abs(smooth[$0] / current - 1) > 0.04 }
            if run && i + 4 <= smooth.count && i - start >= 4 {
                ranges.append(start..<(i + 1))   // beats start…i belong to the old tempo
                start = i
                current = reference(from: i + 1 < smooth.count ? i + 1 : i)
            }
            i += 1
        }
        ranges.append(start..<beats.count)
        return ranges
    }

    /// A stretch's tempo and first beat: the grid `t = anchor + k · period` that best lines up with the attack
    /// envelope across the stretch (`bestGrid`), and the grid's beats.
    func fit(_ beats: [Double], attacks: AttackEnvelope, low: [Float], full: [Float]) -> (TempoSegment, [Double]) {
        let intervals = zip(beats.dropFirst(), beats).map { $0 - $1 }.sorted()
        let period0 = intervals.isEmpty ? 0.5 : intervals[intervals.count / 2]
        let duration = Double(full.count - 1) * Double(attacks.hop) / attacks.sampleRate
        // The stretch on the envelope's clock: half a beat either side of its tracked beats.
        let from = max(0, attacks.frameTime(at: beats[0]) - period0 / 2)
        let to = min(duration, attacks.frameTime(at: beats[beats.count - 1]) + period0 / 2)
        let grid = Self.bestGrid(period: period0, from: from, to: to, attacks: attacks, low: low, full: full)
        let first = grid.anchor + ((from - grid.anchor) / grid.period).rounded(.up) * grid.period
        var points: [Double] = []
        var t = first
        while t <= to { points.append(t); t += grid.period }
        // A tracked beat in the hiss before (or after) the music is not a beat: leading and trailing grid points
        // without an attack (`attackThreshold`) are dropped.
        if let threshold = Self.attackThreshold(points, attacks: attacks, full: full) {
            while let p = points.first, attacks.value(full, atFrameTime: p) < threshold { points.removeFirst() }
            while let p = points.last, attacks.value(full, atFrameTime: p) < threshold { points.removeLast() }
        }
        let placed = points.map { attacks.time(ofFrameTime: $0) }
        guard let start = placed.first else {
            return (TempoSegment(start: beats[0], bpm: 60 / period0, beatCount: beats.count), beats)
        }
        return (TempoSegment(start: start, bpm: 60 / grid.period, beatCount: placed.count), placed)
    }

    /// The beat grid within ±3 % of `period` whose beats in `from…to` (the envelope's clock) land on the most
    /// attack, as ArrowVortex and a person doing visual sync do, in two passes:
    /// 1. every phase (4 ms steps) and period (0.05 % steps) on the low band smoothed by 15 ms, where kicks,
    ///    snares, bass and chord changes mark the beats and off-beat hi-hats count little;
    /// 2. around that, phase in 0.5 ms and period in 0.002 % steps on the full band smoothed by 3 ms.
    /// The phase is an anchor in the middle of the stretch, so changing the period turns the grid about its middle.
    static func bestGrid(period: Double, from: Double, to: Double, attacks: AttackEnvelope,
                         low: [Float], full: [Float], near: Double? = nil) -> (anchor: Double, period: Double) {
        // With `near` (a beat on the envelope's clock), phases within a quarter period of it only.
        let middle = near.map { $0 + (((from + to) / 2 - $0) / period).rounded() * period } ?? (from + to) / 2
        func score(_ envelope: [Float], anchor: Double, period: Double) -> Double {
            let kFirst = ((from - anchor) / period).rounded(.up), kLast = ((to - anchor) / period).rounded(.down)
            guard kLast >= kFirst else { return 0 }
            var sum = 0.0
            var k = kFirst
            while k <= kLast { sum += attacks.value(envelope, atFrameTime: anchor + k * period); k += 1 }
            return sum / (kLast - kFirst + 1)
        }
        var best = (anchor: middle, period: period, score: -Double.infinity)
        for step in -60...60 {
            let p = period * (1 + Double(step) * 0.0005)
            var phase = near == nil ? 0.0 : -p / 4
            while phase < (near == nil ? p : p / 4) {
                let s = score(low, anchor: middle + phase, period: p)
                if s > best.score { best = (middle + phase, p, s) }
                phase += 0.004
            }
        }
        let coarse = best
        let radius = min(0.03, coarse.period / 8)
        best.score = -Double.infinity
        for step in -100...100 {
            let p = coarse.period * (1 + Double(step) * 0.00002)
            var shift = -radius
            while shift <= radius {
                let s = score(full, anchor: coarse.anchor + shift, period: p)
                if s > best.score { best = (coarse.anchor + shift, p, s) }
                shift += 0.0005
            }
        }
        return (best.anchor, best.period)
    }

    /// The tracker may drop the first beats (weak, or before its first link); step the fitted grid back one
    /// beat at a time while the audio has an attack on it (`attackThreshold`).
    func extendedBackwards(_ segment: TempoSegment, attacks: AttackEnvelope, full: [Float]) -> TempoSegment {
        let period = 60 / segment.bpm
        let points = (0..<segment.beatCount).map { attacks.frameTime(at: segment.start + Double($0) * period) }
        guard let threshold = Self.attackThreshold(points, attacks: attacks, full: full) else { return segment }
        var out = segment
        while out.start - period > -0.01,
              attacks.value(full, atFrameTime: attacks.frameTime(at: out.start - period)) >= threshold {
            out.start -= period
            out.beatCount += 1
        }
        return out
    }

    /// How strong the envelope must be on a grid point for an attack to be there: halfway from its background
    /// (its median between the first and last point, which log compression lifts wherever there is hiss) to its
    /// median on the points (the first 32). Nil when there are no points.
    static func attackThreshold(_ points: [Double], attacks: AttackEnvelope, full: [Float]) -> Double? {
        guard let first = points.first, let last = points.last else { return nil }
        let strengths = points.prefix(32).map { attacks.value(full, atFrameTime: $0) }.sorted()
        let median = strengths[strengths.count / 2]
        let a = max(0, Int(first * attacks.sampleRate) / attacks.hop), b = min(full.count, Int(last * attacks.sampleRate) / attacks.hop + 1)
        let background = b > a ? Double(full[a..<b].sorted()[(b - a) / 2]) : 0
        return background + 0.5 * (median - background)
    }

    /// Neighbouring stretches within 1.5 % of each other's tempo joined; stretches under 8 beats joined
    /// to the one before.
    func merged(_ segments: [TempoSegment]) -> [TempoSegment] {
        var out: [TempoSegment] = []
        for segment in segments {
            if var last = out.last, abs(segment.bpm / last.bpm - 1) < 0.015 || segment.beatCount < 8 {
                let total = last.beatCount + segment.beatCount
                if segment.beatCount >= 8 {
                    last.bpm = (last.bpm * Double(last.beatCount) + segment.bpm * Double(segment.beatCount)) / Double(total)
                }
                last.beatCount = total
                out[out.count - 1] = last
            } else {
                out.append(segment)
            }
        }
        return out
    }
}

extension String {
    /// One decimal.
    init(format1 value: Double) { self = Self.fixed(value, places: 1) }
    /// Two decimals.
    init(format2 value: Double) { self = Self.fixed(value, places: 2) }

    private static func fixed(_ value: Double, places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale), fraction = Int(scaled.truncatingRemainder(dividingBy: scale))
        let digits = String(fraction)
        return (value < 0 && scaled > 0 ? "-" : "") + "\(whole)." + String(repeating: "0", count: places - digits.count) + digits
    }
}
