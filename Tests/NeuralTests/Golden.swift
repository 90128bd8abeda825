import Foundation
import Neural
import TestSupport
import Testing

/// One golden fixture written by training/fixtures/make_neural_fixtures.py.
struct Golden {
    let weights: Weights
    let config: [String: Any]

    init(_ name: String) throws {
        weights = try Weights(path: fixturePath("neural/\(name).safetensors"))
        let json = weights.file.metadata["config"] ?? "{}"
        config = (try JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
    }

    func tensor(_ name: String) throws -> Tensor { try weights.tensor(name) }

    func int(_ key: String) -> Int { (config[key] as? NSNumber)?.intValue ?? -1 }
    func pair(_ key: String) -> (Int, Int) {
        let values = (config[key] as? [NSNumber])?.map(\.intValue) ?? [-1, -1]
        return (values[0], values[1])
    }
    func float(_ key: String) -> Float { (config[key] as? NSNumber)?.floatValue ?? .nan }
}

/// Checks `actual` against PyTorch's `expected` within 1e-4 relative: the largest elementwise difference
/// must be at most 1e-4 × the largest magnitude in `expected`.
func expectClose(_ actual: Tensor, _ expected: Tensor, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.shape == expected.shape, "\(what): shape \(actual.shape) vs \(expected.shape)", sourceLocation: sourceLocation)
    guard actual.shape == expected.shape else { return }
    let scale = expected.scalars.map(abs).max() ?? 0
    let error = actual.maxAbsDifference(expected)
    #expect(error <= 1e-4 * max(scale, 1e-6), "\(what): max error \(error) at scale \(scale)", sourceLocation: sourceLocation)
}
