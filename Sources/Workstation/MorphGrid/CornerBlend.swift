import Foundation

/// How a point on the morph grid mixes its four corner instruments.
///
/// **Weights: NSynth Super's** (`googlecreativelab/open-nsynth-super`; generative.md §3): corner i at c_i gets
/// w_i = max(1 − ‖xy − c_i‖, 0), normalised to sum 1. A corner is that instrument alone (its neighbours are
/// 1 away, the opposite corner √2), a point on an edge mixes only that edge's two corners, and the centre is
/// 0.25 each. The four corners are treated alike (mirroring the point mirrors the weights), and the weights are
/// numbers a person can be shown ("40 % flute").
///
/// **Latents: the weighted mean, rescaled to the weighted mean of the corners' lengths.** A plain weighted mean
/// of Gaussian latents is shorter than any of them (four independent 64-d corners average to about half the
/// length), where a generator trained on z ~ N(0, I) has seen little — the reason MusicVAE and GANSynth
/// interpolate with slerp. Restoring the length keeps every point at the radius the corners live on, as slerp
/// does for two. A bilinear slerp (slerp along two edges by x, then between them by y) also keeps lengths, but
/// it is not symmetric — slerping first by y gives a different point — and its per-corner shares are not the
/// weights above, so the grid would show one mix and play another. Here what is shown is what is played.
public enum CornerBlend {
    /// The corners in the order every function here uses: (0, 0), (1, 0), (0, 1), (1, 1), i.e. bottom-left,
    /// bottom-right, top-left, top-right with y pointing up.
    public static let corners: [(x: Double, y: Double)] = [(0, 0), (1, 0), (0, 1), (1, 1)]

    /// NSynth Super's normalised corner weights at (x, y); coordinates outside 0…1 are clamped.
    public static func weights(x: Double, y: Double) -> [Double] {
        let px = min(max(x, 0), 1), py = min(max(y, 0), 1)
        let raw = corners.map { c in max(1 - ((px - c.x) * (px - c.x) + (py - c.y) * (py - c.y)).squareRoot(), 0) }
        // Inside the unit square at least one corner is within 1/√2 < 1, so the sum is positive.
        let sum = raw.reduce(0, +)
        return raw.map { $0 / sum }
    }

    /// The latent at a point whose corner weights are `weights` (from `weights(x:y:)`): the weighted mean of
    /// `latents`, scaled to length Σ w_i ‖z_i‖. If the mean is (numerically) zero — opposite corners cancelling —
    /// it is returned as it is: there is no direction to restore.
    public static func blend(_ latents: [[Float]], weights: [Double]) -> [Float] {
        precondition(latents.count == weights.count && !latents.isEmpty, "one weight per corner latent")
        let size = latents[0].count
        precondition(latents.allSatisfy { $0.count == size }, "corner latents differ in length")
        var mean = [Double](repeating: 0, count: size)
        var targetLength = 0.0
        for (z, w) in zip(latents, weights) where w != 0 {
            var squared = 0.0
            for i in 0..<size {
                mean[i] += w * Double(z[i])
                squared += Double(z[i]) * Double(z[i])
            }
            targetLength += w * squared.squareRoot()
        }
        let length = mean.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let scale = length > 1e-9 * max(targetLength, 1e-30) ? targetLength / length : 1
        return mean.map { Float($0 * scale) }
    }

    /// The latent at (x, y) between four corner latents (in `corners` order).
    public static func latent(x: Double, y: Double, corners latents: [[Float]]) -> [Float] {
        precondition(latents.count == 4, "a morph grid has four corners")
        return blend(latents, weights: weights(x: x, y: y))
    }

    /// The points of an n × n preview grid, row by row from y = 0, each coordinate in 0…1 (NSynth Super: 9 × 9).
    public static func gridPoints(resolution n: Int = 9) -> [(x: Double, y: Double)] {
        precondition(n >= 2, "a grid needs at least two points a side")
        let step = 1 / Double(n - 1)
        var points: [(x: Double, y: Double)] = []
        for row in 0..<n {
            for column in 0..<n { points.append((x: Double(column) * step, y: Double(row) * step)) }
        }
        return points
    }
}
