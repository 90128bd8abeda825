import Foundation
import Testing
import TestSupport
@testable import Workstation

@Suite struct CornerBlendTests {
    private func gaussian(_ n: Int, _ rng: inout TestRandom) -> [Float] {
        (0..<n).map { _ in
            let u = Double.random(in: Double.ulpOfOne..<1, using: &rng), v = Double.random(in: 0..<1, using: &rng)
            return Float((-2 * log(u)).squareRoot() * cos(2 * Double.pi * v))
        }
    }

    private func length(_ z: [Float]) -> Double { z.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot() }

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

    @Test func blendAtACornerIsThatCornersLatent() {
        var rng = TestRandom(seed: 0x51ED)
        let corners = (0..<4).map { _ in gaussian(64, &rng) }
        for (i, c) in CornerBlend.corners.enumerated() {
            let z = CornerBlend.latent(x: c.x, y: c.y, corners: corners)
            #expect(zip(z, corners[i]).allSatisfy { abs($0 - $1) < 1e-5 }, "seed \(rng.seed), corner \(i)")
        }
    }

    /// The reason for rescaling: a plain mean of four Gaussian corners is about half as long; the blend keeps
    /// the corners' length, and its direction is the plain mean's.
    @Test func blendKeepsTheCornersLength() {
        var rng = TestRandom(seed: 0xB1E4D)
        for _ in 0..<20 {
            let corners = (0..<4).map { _ in gaussian(64, &rng) }
            let x = Double.random(in: 0...1, using: &rng), y = Double.random(in: 0...1, using: &rng)
            let w = CornerBlend.weights(x: x, y: y)
            let z = CornerBlend.blend(corners, weights: w)
            let target = zip(corners, w).reduce(0) { $0 + $1.1 * length($1.0) }
            #expect(abs(length(z) - target) < 1e-4 * target, "seed \(rng.seed) at (\(x), \(y))")
            let plain = (0..<64).map { i in zip(corners, w).reduce(0) { $0 + $1.1 * Double($1.0[i]) } }
            let cosine = zip(z, plain).reduce(0) { $0 + Double($1.0) * $1.1 } / (length(z) * plain.reduce(0) { $0 + $1 * $1 }.squareRoot())
            #expect(cosine > 1 - 1e-6)
        }
        let centre = (0..<4).map { _ in gaussian(64, &rng) }
        let plainCentre = (0..<64).map { i in centre.reduce(0) { $0 + Double($1[i]) / 4 } }
        #expect(plainCentre.reduce(0) { $0 + $1 * $1 }.squareRoot() < 0.75 * centre.map(length).reduce(0, +) / 4)
    }

    @Test func oppositeCornersThatCancelGiveTheMean() {
        let a: [Float] = [1, 2, 3], b: [Float] = [-1, -2, -3]
        #expect(CornerBlend.blend([a, b], weights: [0.5, 0.5]) == [0, 0, 0])
        #expect(CornerBlend.blend([a, a, a, a], weights: CornerBlend.weights(x: 0.3, y: 0.8)).elementsEqual(a) { abs($0 - $1) < 1e-6 })
    }
}
