import Foundation

/// Elementwise activations and (log-)softmax, with PyTorch's definitions.
extension Tensor {
    /// Applies `f` to every element (a new tensor).
    public func map(_ f: (Float) -> Float) -> Tensor {
        var y = self
        y.withUnsafeMutableBufferPointer { v in
            for i in v.indices { v[i] = f(v[i]) }
        }
        return y
    }

    /// max(0, x).
    public func relu() -> Tensor { map { Swift.max($0, 0) } }

    /// x for x > 0, else α·(eˣ − 1) (`FastMath.exp`, within 2e-7 of libm's `expm1f`).
    public func elu(alpha: Float = 1) -> Tensor {
        var y = self
        y.formELU(alpha: alpha)
        return y
    }

    /// `elu` in place: no copy when this tensor's storage is its own (as a layer's fresh output is).
    public mutating func formELU(alpha: Float = 1) {
        withUnsafeMutableBufferPointer { v in
            for i in v.indices {
                let x = v[i]
                v[i] = x > 0 ? x : alpha * (FastMath.exp(x) - 1)
            }
        }
    }

    /// x for x ≥ 0, else slope·x.
    public func leakyReLU(negativeSlope: Float = 0.01) -> Tensor { map { $0 >= 0 ? $0 : negativeSlope * $0 } }

    /// `leakyReLU` in place: no copy when this tensor's storage is its own.
    public mutating func formLeakyReLU(negativeSlope: Float = 0.01) {
        withUnsafeMutableBufferPointer { v in
            for i in v.indices { let x = v[i]; v[i] = x >= 0 ? x : negativeSlope * x }
        }
    }

    /// GELU: exact x·Φ(x) by default, or PyTorch's `approximate="tanh"` form.
    public func gelu(tanhApproximation: Bool = false) -> Tensor {
        if tanhApproximation {
            let k = Float((2 / Double.pi).squareRoot())
            return map { 0.5 * $0 * (1 + Foundation.tanh(k * ($0 + 0.044715 * $0 * $0 * $0))) }
        }
        return map { 0.5 * $0 * (1 + Foundation.erf($0 * Float(0.5.squareRoot()))) }
    }

    /// Hyperbolic tangent.
    public func tanh() -> Tensor { map { Foundation.tanh($0) } }

    /// Hyperbolic tangent in place, through `FastMath.tanh` (within 5e-7 of libm's; the loop vectorizes).
    public mutating func formTanh() {
        withUnsafeMutableBufferPointer { v in
            for i in v.indices { v[i] = FastMath.tanh(v[i]) }
        }
    }

    /// 1 / (1 + e⁻ˣ).
    public func sigmoid() -> Tensor { map { sigmoidValue($0) } }

    /// Softmax along `dim`.
    public func softmax(dim: Int = -1) -> Tensor { softmax(dim: dim, log: false) }

    /// Log-softmax along `dim` (computed stably, not as log of softmax).
    public func logSoftmax(dim: Int = -1) -> Tensor { softmax(dim: dim, log: true) }

    private func softmax(dim: Int, log: Bool) -> Tensor {
        let axis = normalized(dim)
        let n = shape[axis]
        let inner = shape[(axis + 1)...].reduce(1, *)
        let outer = shape[..<axis].reduce(1, *)
        var y = self
        y.withUnsafeMutableBufferPointer { v in
            for o in 0..<outer {
                for i in 0..<inner {
                    let base = o * n * inner + i
                    var top = -Float.infinity
                    for k in 0..<n { top = Swift.max(top, v[base + k * inner]) }
                    var sum: Float = 0
                    for k in 0..<n { sum += Foundation.exp(v[base + k * inner] - top) }
                    if log {
                        let logSum = Foundation.log(sum) + top
                        for k in 0..<n { v[base + k * inner] -= logSum }
                    } else {
                        for k in 0..<n { v[base + k * inner] = Foundation.exp(v[base + k * inner] - top) / sum }
                    }
                }
            }
        }
        return y
    }
}

/// The logistic function, written to stay finite for large |x|.
@inline(__always)
func sigmoidValue(_ x: Float) -> Float {
    x >= 0 ? 1 / (1 + Foundation.exp(-x)) : { let e = Foundation.exp(x); return e / (1 + e) }()
}
