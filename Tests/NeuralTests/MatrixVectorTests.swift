import Neural
import Testing

/// The matrix-vector kernel (one row) against OpenBLAS sgemm (two rows), across vector-width tails.
struct MatrixVectorTests {
    @Test(arguments: [(1, 1), (4, 16), (37, 53), (13, 8), (2048, 512), (90, 256)])
    func oneRowMatchesTheBatchedProduct(outputs: Int, inputs: Int) {
        var rng = SeededGenerator(seed: UInt64(outputs * 1000 + inputs))
        let layer = Linear(weight: rng.gaussian(shape: [outputs, inputs]), bias: rng.gaussian(shape: [outputs]))
        let x = rng.gaussian(shape: [2, inputs])
        let batched = layer(x)
        for row in 0..<2 {
            let single = layer(x.slice(row))
            let expected = batched.slice(row)
            let scale = expected.scalars.map(abs).max() ?? 1
            #expect(single.maxAbsDifference(expected) <= 1e-5 * max(scale, 1), "\(outputs)x\(inputs) row \(row)")
        }
    }
}

/// A linear layer on a dense prefix and a one-hot rest, against the same input written out.
@Suite struct LinearOneHotTests {
    @Test(arguments: [(5, 0), (5, 6), (0, 3)])
    func matchesTheFullInput(_ c: (dense: Int, hot: Int)) {
        var random = SystemRandomNumberGenerator()
        let (inputs, outputs) = (12, 9)
        let layer = Linear(weight: Tensor(shape: [outputs, inputs], scalars: (0..<(inputs * outputs)).map { _ in Float.random(in: -1...1, using: &random) }),
                           bias: Tensor(shape: [outputs], scalars: (0..<outputs).map { _ in Float.random(in: -1...1, using: &random) }))
        let dense = (0..<c.dense).map { _ in Float.random(in: -1...1, using: &random) }
        var full = dense + [Float](repeating: 0, count: inputs - c.dense)
        full[c.dense + c.hot] = 1
        let expected = layer(Tensor(shape: [1, inputs], scalars: full)).reshaped([outputs])
        #expect(layer(dense: dense, hot: c.dense + c.hot).maxAbsDifference(expected) < 1e-5)
    }
}
