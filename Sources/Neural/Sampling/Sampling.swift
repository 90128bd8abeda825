import Foundation

/// Drawing a class from a model's logits: temperature and top-k, as in Magenta's samplers.
public enum Sampling {
    /// The index of the largest logit (the first, on ties).
    public static func argmax(_ logits: Tensor) -> Int {
        logits.withUnsafeBufferPointer { v in
            var best = 0
            for i in v.indices where v[i] > v[best] { best = i }
            return best
        }
    }

    /// Probabilities softmax(logits / temperature), keeping only the `topK` largest when topK > 0.
    /// Temperature 0 puts all mass on the argmax.
    public static func probabilities(_ logits: Tensor, temperature: Float = 1, topK: Int = 0) -> [Float] {
        let values = logits.scalars
        guard !values.isEmpty else { return [] }
        if temperature <= 0 {
            var p = [Float](repeating: 0, count: values.count)
            p[argmax(logits)] = 1
            return p
        }
        var keep = [Bool](repeating: true, count: values.count)
        if topK > 0 && topK < values.count {
            // Indices sorted by logit, ties by index, so the kept set is deterministic.
            let order = values.indices.sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }
            keep = [Bool](repeating: false, count: values.count)
            for i in order.prefix(topK) { keep[i] = true }
        }
        let top = zip(values, keep).filter(\.1).map(\.0).max()!
        var p = values.indices.map { keep[$0] ? Foundation.exp((values[$0] - top) / temperature) : 0 }
        let sum = p.reduce(0, +)
        for i in p.indices { p[i] /= sum }
        return p
    }

    /// Draws an index from `logits` with `temperature` and `topK` (0 = all classes).
    public static func sample(_ logits: Tensor, temperature: Float = 1, topK: Int = 0,
                              using generator: inout SeededGenerator) -> Int {
        pick(probabilities(logits, temperature: temperature, topK: topK), using: &generator)
    }

    /// Draws an index from probabilities `p` (summing to 1) by inverse CDF on one 24-bit uniform.
    public static func pick(_ p: [Float], using generator: inout SeededGenerator) -> Int {
        let u = generator.nextUnit()
        var cumulative: Float = 0
        var last = 0
        for (i, pi) in p.enumerated() where pi > 0 {
            cumulative += pi
            last = i
            if u < cumulative { return i }
        }
        return last  // rounding left u above the total: the last possible index
    }
}
