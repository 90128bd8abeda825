import Foundation
import Models
import Neural
import TestSupport

/// A golden fixture written by `training/melody/fixtures.py` from the exported safetensors.
struct MelodyVAEFixture: Decodable {
    struct Melody: Decodable {
        let events: [Int]
        let mu: [Float]
        let sigma: [Float]
        let teacher_forced_steps: [Int]
        let teacher_forced_logits: [[Float]]
        let greedy: [Int]
    }
    struct Interpolation: Decodable {
        let from: Int
        let to: Int
        let steps: Int
        let z: [[Float]]
        let greedy: [[Int]]
    }
    /// Points of the model's sampling mixture (16 bars): z = means[component] + stds[component] · noise.
    struct Prior: Decodable {
        struct Draw: Decodable {
            let component: Int
            let noise: [Float]
            let z: [Float]
            let greedy: [Int]
        }
        let components: Int
        let draws: [Draw]
    }
    let model: String
    let melodies: [Melody]
    let interpolation: Interpolation
    /// Present for a model that ships a sampling mixture.
    let prior: Prior?

    /// `Tests/Fixtures/melody-vae/<bars>bar.json` (`<bars>bar-lokl.json` for the sampling flavor).
    static func load(bars: Int, flavor: MelodyVAE.Flavor = .interpolation) throws -> MelodyVAEFixture {
        let name = "\(bars)bar" + (flavor == .sampling ? "-lokl" : "")
        let data = try Data(contentsOf: URL(fileURLWithPath: fixturePath("melody-vae/\(name).json")))
        return try JSONDecoder().decode(MelodyVAEFixture.self, from: data)
    }
}

/// The repository's bundled model folder, `Sources/Models/Resources`, as a store (the tests do not depend on
/// where the test runner put the resource bundle).
let bundledModels = ModelStore(folders: [(.bundled, URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/Models/Resources").path)])

/// Largest |expected − actual| over the largest |expected|: the models README's "1e-4 relative".
func relativeError(_ expected: [Float], _ actual: [Float]) -> Float {
    precondition(expected.count == actual.count, "\(expected.count) values expected, got \(actual.count)")
    let scale = max(expected.map(abs).max() ?? 0, .leastNormalMagnitude)
    return zip(expected, actual).map { abs($0 - $1) }.max().map { $0 / scale } ?? 0
}

/// Every bundled melody model the golden tests check: (bars, flavor).
let goldenModels: [(Int, MelodyVAE.Flavor)] = [(2, .interpolation), (16, .interpolation), (2, .sampling)]
