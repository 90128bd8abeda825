import Foundation
import Neural
import Testing

@Suite struct FastMathTests {
    @Test func expMatchesLibm() {
        var worst: Float = 0
        var x: Float = -87
        while x <= 88 {
            let exact = Foundation.exp(x)
            worst = max(worst, abs(FastMath.exp(x) - exact) / exact)
            x += 0.000_731
        }
        #expect(worst < 2e-7, "largest relative error \(worst)")
        #expect(FastMath.exp(-200) == 0)
        #expect(FastMath.exp(0) == 1)
        #expect(FastMath.exp(100) == .infinity)
    }

    @Test func tanhMatchesLibm() {
        var worst: Float = 0
        var x: Float = -25
        while x <= 25 {
            worst = max(worst, abs(FastMath.tanh(x) - Foundation.tanh(x)))
            x += 0.000_37
        }
        #expect(worst < 5e-7, "largest error \(worst)")
        var t = Tensor(shape: [3], scalars: [-1, 0, 2])
        t.formTanh()
        #expect(t.maxAbsDifference(Tensor(shape: [3], scalars: [Foundation.tanh(-1), 0, Foundation.tanh(2)])) < 5e-7)
    }

    @Test func sinCosPiMatchesLibm() {
        var worst: Float = 0
        var v: Float = -1
        while v <= 1 {
            let (s, c) = FastMath.sinCosPi(v)
            let angle = Double.pi * Double(v)   // exact reference: Float's π·v is itself rounded
            worst = max(worst, abs(s - Float(Foundation.sin(angle))), abs(c - Float(Foundation.cos(angle))))
            v += 0.000_113
        }
        #expect(worst < 1e-6, "largest error \(worst)")
        #expect(FastMath.sinCosPi(1).cos == -1 && FastMath.sinCosPi(0) == (0, 1))
    }

    @Test func eluIsPyTorchsWithinTwoTenMillionths() {
        let x = Tensor(shape: [2001], scalars: (0..<2001).map { Float($0 - 1500) / 100 })
        let y = x.elu(alpha: 1.5)
        var worst: Float = 0
        for i in 0..<x.count {
            let v = x.scalars[i]
            worst = max(worst, abs(y.scalars[i] - (v > 0 ? v : 1.5 * Foundation.expm1(v))))
        }
        #expect(worst < 2e-7 * 1.5 + 1e-7, "largest error \(worst)")
    }
}
