@testable import Neural
import Testing

/// The sub-pixel form of stride-2 transposed convolutions against the general sgemm + col2im form.
@Suite struct ConvTranspose2dSubPixelTests {
    @Test(arguments: [(5, 2, 1, 5, 2, 1), (3, 1, 1, 3, 1, 1), (4, 1, 0, 2, 0, 0), (5, 2, 1, 3, 1, 1)])
    func subPixelMatchesScatter(_ g: (Int, Int, Int, Int, Int, Int)) throws {
        var random = SystemRandomNumberGenerator()
        let (cin, cout) = (3, 4)
        let weight = Tensor(shape: [cin, cout, g.0, g.3], scalars: (0..<(cin * cout * g.0 * g.3)).map { _ in Float.random(in: -1...1, using: &random) })
        let bias = Tensor(shape: [cout], scalars: (0..<cout).map { _ in Float.random(in: -1...1, using: &random) })
        let conv = ConvTranspose2d(weight: weight, bias: bias, stride: (2, 2), padding: (g.1, g.4), outputPadding: (g.2, g.5))
        let x = Tensor(shape: [2, cin, 7, 9], scalars: (0..<(2 * cin * 63)).map { _ in Float.random(in: -1...1, using: &random) })
        #expect(conv.subPixel != nil)
        let fast = conv(x), general = conv.scattered(x)
        #expect(fast.shape == general.shape && fast.shape == [2, cout, 14, 18])
        #expect(fast.maxAbsDifference(general) < 1e-5)
    }

    @Test func otherGeometriesKeepTheGeneralForm() {
        let weight = Tensor(shape: [2, 2, 3, 3], repeating: 0.5)
        #expect(ConvTranspose2d(weight: weight, stride: (2, 2), padding: (1, 1)).subPixel == nil)   // output 2h − 1
        #expect(ConvTranspose2d(weight: weight, stride: (1, 1), padding: (1, 1)).subPixel == nil)
        #expect(ConvTranspose2d(weight: weight, stride: (2, 2), padding: (1, 1), outputPadding: (1, 1), dilation: (2, 2)).subPixel == nil)
    }
}
