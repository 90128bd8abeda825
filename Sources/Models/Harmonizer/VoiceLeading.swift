import Foundation
import Neural

/// The voice-leading check `Harmonizer` runs after Gibbs sampling: no parallel fifths or octaves (unisons
/// included), the same pass as `training/coconet/voice_leading.py` (whose docstring gives the reasoning).
///
/// The network alone writes far more parallels than Bach did (docs/models/coconet.md). The check repairs them
/// one at a time, earliest first: of the two voices moving in parallel, each that may be written has its note
/// starting there hidden from the network and scored pitch by pitch (the sum of the network's log-probabilities
/// over the note's steps); the best-scoring pitch over both voices that changes the note and makes no parallel
/// at either of its ends replaces it. A parallel no such pitch can mend is left and passed over. Each repair
/// removes a parallel and adds none, so the pass ends after at most as many repairs as there were parallels.
enum VoiceLeading {
    /// A parallel: voices `upper` and `lower` (0 soprano … 3 bass) move in parallel into `step`.
    struct Parallel: Hashable {
        let step: Int
        let upper: Int
        let lower: Int
    }

    /// Voice a goes a0 → a1 and voice b goes b0 → b1: both move, the same way, between equal perfect intervals
    /// (mod 12: unisons and octaves, or fifths).
    static func movesInParallel(_ a0: Int, _ a1: Int, _ b0: Int, _ b1: Int) -> Bool {
        let (da, db) = (a1 - a0, b1 - b0)
        guard da != 0, db != 0, (da > 0) == (db > 0) else { return false }
        // Whichever voice is above (crossed voices a fifth apart still make fifths): symmetric in the two voices.
        let before = abs(a0 - b0) % 12, after = abs(a1 - b1) % 12
        return before == after && (before == 0 || before == 7)
    }

    /// Every parallel in `roll` (4 voices × steps of pitches or pitch indices), in time order, pairs top-down.
    static func parallels(in roll: [[Int]]) -> [Parallel] {
        var found: [Parallel] = []
        for t in 1..<Swift.max(1, roll[0].count) {
            for a in 0..<4 {
                for b in (a + 1)..<4 where movesInParallel(roll[a][t - 1], roll[a][t], roll[b][t - 1], roll[b][t]) {
                    found.append(Parallel(step: t, upper: a, lower: b))
                }
            }
        }
        return found
    }

    /// Whether `voice` holding `pitch` over steps `span` makes no parallel with another voice at either end.
    static func fits(_ roll: [[Int]], voice: Int, span: Range<Int>, pitch: Int) -> Bool {
        let steps = roll[0].count
        for other in 0..<4 where other != voice {
            let s = span.lowerBound, e = span.upperBound
            if s > 0, movesInParallel(roll[voice][s - 1], pitch, roll[other][s - 1], roll[other][s]) { return false }
            if e < steps, movesInParallel(pitch, roll[voice][e], roll[other][e - 1], roll[other][e]) { return false }
        }
        return true
    }
}

extension Harmonizer {
    /// Repairs the parallels of `roll` (pitch indices) in the cells `known` leaves free; returns the repairs made.
    func repairParallels(_ roll: inout [[Int]], known: [[Bool]]) -> Int {
        let steps = roll[0].count
        var passedOver = Set<VoiceLeading.Parallel>()
        var repairs = 0
        let limit = VoiceLeading.parallels(in: roll).count   // each repair removes one or more; this guards that proof
        while repairs < limit, let next = VoiceLeading.parallels(in: roll).first(where: { !passedOver.contains($0) }) {
            var best: (score: Double, voice: Int, pitch: Int, span: Range<Int>)?
            for voice in [next.upper, next.lower] where !known[voice][next.step] {
                var end = next.step
                while end < steps, roll[voice][end] == roll[voice][next.step], !known[voice][end] { end += 1 }
                let span = next.step..<end
                var visible = Array(repeating: Array(repeating: true, count: steps), count: 4)
                for t in span { visible[voice][t] = false }
                let scores = noteScores(network.logits(roll: roll, known: visible), voice: voice, span: span)
                let ranked = scores.indices.sorted { (scores[$0], -$0) > (scores[$1], -$1) }
                if let pitch = ranked.first(where: {
                    $0 != roll[voice][next.step] && VoiceLeading.fits(roll, voice: voice, span: span, pitch: $0)
                }), best == nil || scores[pitch] > best!.score {
                    best = (scores[pitch], voice, pitch, span)
                }
            }
            guard let best else { passedOver.insert(next); continue }
            for t in best.span { roll[best.voice][t] = best.pitch }
            repairs += 1
        }
        return repairs
    }

    /// For each pitch, the sum over `span` of `voice`'s log-probabilities (log-softmax of the logits, in Double).
    private func noteScores(_ logits: Tensor, voice: Int, span: Range<Int>) -> [Double] {
        let (pitches, steps) = (network.pitches, logits.shape[1])
        var scores = [Double](repeating: 0, count: pitches)
        logits.withUnsafeBufferPointer { l in
            for t in span {
                let row = l.baseAddress! + (voice * steps + t) * pitches
                var top = -Double.infinity
                for p in 0..<pitches { top = Swift.max(top, Double(row[p])) }
                var total = 0.0
                for p in 0..<pitches { total += Foundation.exp(Double(row[p]) - top) }
                let logTotal = top + Foundation.log(total)
                for p in 0..<pitches { scores[p] += Double(row[p]) - logTotal }
            }
        }
        return scores
    }
}
