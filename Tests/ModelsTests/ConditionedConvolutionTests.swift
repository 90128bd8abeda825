@testable import Models
import Neural
import Testing

/// The timbre generator's upsample-then-convolve in sub-pixel form against upsampling first.
@Suite struct ConditionedConvolutionTests {
    @Test func upsamplingFormMatchesUpsampleThenConvolve() {
        var random = SystemRandomNumberGenerator()
        func values(_ n: Int) -> [Float] { (0..<n).map { _ in Float.random(in: -1...1, using: &random) } }
        let (features, conditions, out, t, f) = (5, 3, 4, 6, 10)
        let conv = Conv2d(weight: Tensor(shape: [out, features + conditions, 3, 3], scalars: values(out * (features + conditions) * 9)),
                          bias: Tensor(shape: [out], scalars: values(out)), padding: (1, 1))
        let layer = ConditionedConvolution(conv, conditionChannels: conditions)
        #expect(layer.upsampled != nil)
        let x = Tensor(shape: [1, features, t, f], scalars: values(features * t * f))
        let rows = values(conditions * 2 * f)
        let fast = layer(upsampling: x, conditions: rows)
        let plain = layer(TimbreGenerator.upsample2(x), conditions: rows)
        #expect(fast.shape == [1, out, 2 * t, 2 * f])
        #expect(fast.maxAbsDifference(plain) < 1e-5, "\(fast.maxAbsDifference(plain))")
    }
}
