import Foundation
import Testing
import TestSupport
import Models
@testable import Workstation

@Suite struct CornerBlendTests {
    private func gaussian(_ n: Int, _ rng: inout TestRandom) -> [Float] {
        (0..<n).map { _ in
            let u = Double.random(in: Double.ulpOfOne..<1, using: &rng), v = Double.random(in: 0..<1, using: &rng)
            return Float((-2 * log(u)).squareRoot() * cos(2 * Double.pi * v))
        }
    }

    @Test func cornersAreThatInstrumentAlone() {
        for (i, c) in CornerBlend.corners.enumerated() {
            let w = CornerBlend.weights(x: c.x, y: c.y)
            #expect(w.enumerated().allSatisfy { j, v in v == (i == j ? 1 : 0) }, "corner \(i): \(w)")
        }
    }

    /// NSynth Super's published numbers: 0.25 each at the centre; an edge's midpoint is half and half.
    @Test func centreAndEdges() {
        #expect(CornerBlend.weights(x: 0.5, y: 0.5).allSatisfy { abs($0 - 0.25) < 1e-12 })
        let bottom = CornerBlend.weights(x: 0.5, y: 0)
        #expect(abs(bottom[0] - 0.5) < 1e-12 && abs(bottom[1] - 0.5) < 1e-12 && bottom[2] == 0 && bottom[3] == 0)
        // Unnormalised at (0.25, 0): 0.75, 0.25, 1 − √1.0625 < 0 → 0, 0.
        let quarter = CornerBlend.weights(x: 0.25, y: 0)
        #expect(abs(quarter[0] - 0.75) < 1e-12 && abs(quarter[1] - 0.25) < 1e-12)
        // (0.3, 0.4): distances 0.5, √0.65, √0.45, √0.85 → raw 0.5, 0.194, 0.329, 0.078, then normalised.
        let raw = [1 - 0.5, 1 - 0.65.squareRoot(), 1 - (0.09 + 0.36).squareRoot(), max(1 - (0.49 + 0.36).squareRoot(), 0)]
        let w = CornerBlend.weights(x: 0.3, y: 0.4)
        for i in 0..<4 { #expect(abs(w[i] - raw[i] / raw.reduce(0, +)) < 1e-12) }
    }

    @Test func weightsSumToOneEverywhereAndMirror() {
        for p in CornerBlend.gridPoints(resolution: 17) {
            let w = CornerBlend.weights(x: p.x, y: p.y)
            #expect(abs(w.reduce(0, +) - 1) < 1e-12 && w.allSatisfy { $0 >= 0 })
            // Mirroring x swaps left and right corners; mirroring y swaps bottom and top.
            let mx = CornerBlend.weights(x: 1 - p.x, y: p.y), my = CornerBlend.weights(x: p.x, y: 1 - p.y)
            #expect(abs(mx[0] - w[1]) < 1e-12 && abs(mx[3] - w[2]) < 1e-12)
            #expect(abs(my[0] - w[2]) < 1e-12 && abs(my[3] - w[1]) < 1e-12)
        }
        #expect(CornerBlend.weights(x: -3, y: 7) == CornerBlend.weights(x: 0, y: 1))
    }

    @Test func gridIsNineByNineOverTheUnitSquare() {
        let grid = CornerBlend.gridPoints()
        #expect(grid.count == 81)
        #expect(grid[0] == (0, 0) && grid[8] == (1, 0) && grid[72] == (0, 1) && grid[80] == (1, 1))
        #expect(grid[40] == (0.5, 0.5))
    }

    @Test func aCornerIsThatCornersLatentAlone() {
        var rng = TestRandom(seed: 0x51ED)
        let corners = (0..<4).map { _ in gaussian(64, &rng) }
        for (i, c) in CornerBlend.corners.enumerated() {
            let point = CornerBlend.point(x: c.x, y: c.y, corners: corners)
            #expect(point == TimbrePoint(z: corners[i]), "seed \(rng.seed), corner \(i)")
        }
    }

    /// A point keeps the corners it mixes, with the weights the grid shows; corners of weight 0 are dropped.
    @Test func aPointMixesTheCornersByTheirWeights() {
        var rng = TestRandom(seed: 0xB1E4D)
        let corners = (0..<4).map { _ in gaussian(64, &rng) }
        let edge = CornerBlend.point(x: 0.5, y: 0, corners: corners)
        #expect(edge.latents == [corners[0], corners[1]] && edge.weights.allSatisfy { abs($0 - 0.5) < 1e-12 })
        for _ in 0..<20 {
            let x = Double.random(in: 0...1, using: &rng), y = Double.random(in: 0...1, using: &rng)
            let w = CornerBlend.weights(x: x, y: y), point = CornerBlend.point(x: x, y: y, corners: corners)
            #expect(point.weights == w.filter { $0 != 0 } && point.latents == zip(corners, w).filter { $0.1 != 0 }.map(\.0),
                    "seed \(rng.seed) at (\(x), \(y))")
            #expect(abs(point.weights.reduce(0, +) - 1) < 1e-12)
        }
        #expect(CornerBlend.point(x: 0.5, y: 0.5, corners: corners).latents.count == 4)
    }
}
