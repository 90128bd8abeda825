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
