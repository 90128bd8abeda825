import Foundation
import Models

/// How a point on the morph grid mixes its four corner instruments.
///
/// **Weights: NSynth Super's** (`googlecreativelab/open-nsynth-super`; generative.md §3): corner i at c_i gets
/// w_i = max(1 − ‖xy − c_i‖, 0), normalised to sum 1. A corner is that instrument alone (its neighbours are
/// 1 away, the opposite corner √2), a point on an edge mixes only that edge's two corners, and the centre is
/// 0.25 each. The four corners are treated alike (mirroring the point mirrors the weights), and the weights are
/// numbers a person can be shown ("40 % flute").
///
/// **What is mixed: the generator's first feature maps, not the latents** (`Models.TimbrePoint`). A point is the
/// four corner latents with these weights; the generator takes the weighted mean of each corner's projection of
/// (z, pitch) and makes the note from there. Versions 1–3 mixed the latents (the weighted mean, rescaled to the
/// corners' mean length as slerp does for two): brightness then moved monotonically along only 34 of 50 edges
/// (mean |ρ| 0.863), since the generator is far from linear in z. The feature-map mix gives 0.946 with the same
/// weights and weights a person can still be shown (docs/models/timbre.md, "Blending corners"). A bilinear slerp
/// of the latents was not taken either: it is not symmetric (slerping first by y gives another point) and its
/// per-corner shares are not the weights above, so the grid would show one mix and play another.
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

    /// The point at (x, y) between four corner latents (in `corners` order): the corners with their weights.
    public static func point(x: Double, y: Double, corners latents: [[Float]]) -> TimbrePoint {
        precondition(latents.count == 4, "a morph grid has four corners")
        return TimbrePoint(latents: latents, weights: weights(x: x, y: y))
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
