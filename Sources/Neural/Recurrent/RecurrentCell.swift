import Foundation

/// Which recurrent cell a layer is; decides gate count and the pointwise update.
enum RecurrentKind: Sendable {
    /// PyTorch LSTM: gates i, f, g, o.
    case lstm
    /// PyTorch GRU: gates r, z, n.
    case gru

    var gates: Int { self == .lstm ? 4 : 3 }
    var name: String { self == .lstm ? "LSTM" : "GRU" }
}

/// One direction of one layer: PyTorch's `weight_ih_lK`, `weight_hh_lK`, `bias_ih_lK`, `bias_hh_lK`.
struct RecurrentCell: Sendable {
    let kind: RecurrentKind
    /// [gates·hidden, input]
    let inputWeight: Tensor
    /// [gates·hidden, hidden]
    let hiddenWeight: Tensor
    /// Bias added to the input projection: b_ih + b_hh for an LSTM (they only ever appear summed), b_ih for a GRU.
    let inputBias: [Float]
    /// Bias added to the hidden projection (GRU only; its reset gate multiplies it).
    let hiddenBias: [Float]

    var hidden: Int { hiddenWeight.shape[1] }
    var input: Int { inputWeight.shape[1] }

    init(kind: RecurrentKind, _ weights: Weights, suffix: String, inputSize: Int, hiddenSize: Int) throws(ModelError) {
        let rows = kind.gates * hiddenSize
        self.kind = kind
        inputWeight = try weights.tensor("weight_ih\(suffix)", shape: [rows, inputSize])
        hiddenWeight = try weights.tensor("weight_hh\(suffix)", shape: [rows, hiddenSize])
        let bih = try weights.optionalTensor("bias_ih\(suffix)", shape: [rows])?.scalars ?? [Float](repeating: 0, count: rows)
        let bhh = try weights.optionalTensor("bias_hh\(suffix)", shape: [rows])?.scalars ?? [Float](repeating: 0, count: rows)
        if kind == .lstm {
            inputBias = zip(bih, bhh).map { $0 + $1 }
            hiddenBias = []
        } else {
            inputBias = bih
            hiddenBias = bhh
        }
    }

    /// gates[rows×G·H] = bias + input[rows×I] · W_ihᵀ.
    func projectInput(_ x: UnsafePointer<Float>, rows: Int, into gates: UnsafeMutablePointer<Float>) {
        let width = inputBias.count
        inputBias.withUnsafeBufferPointer { b in
            for r in 0..<rows { (gates + r * width).update(from: b.baseAddress!, count: width) }
        }
        BLAS.linear(x, rows: rows, weight: inputWeight.pointer, outputs: width, inputs: input, beta: 1, into: gates)
    }

    /// Advances `batch` rows of state by one step, given the input projection `gates` (overwritten).
    /// `scratch` holds batch·G·H floats for the GRU's hidden projection.
    func advance(gates: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>,
                 batch: Int, scratch: UnsafeMutablePointer<Float>) {
        let n = hidden
        let width = kind.gates * n
        switch kind {
        case .lstm:
            BLAS.linear(h, rows: batch, weight: hiddenWeight.pointer, outputs: width, inputs: n, beta: 1, into: gates)
            for b in 0..<batch {
                Gates.lstm(gates: gates + b * width, c: c + b * n, h: h + b * n, n: n)
            }
        case .gru:
            hiddenBias.withUnsafeBufferPointer { bias in
                for b in 0..<batch { (scratch + b * width).update(from: bias.baseAddress!, count: width) }
            }
            BLAS.linear(h, rows: batch, weight: hiddenWeight.pointer, outputs: width, inputs: n, beta: 1, into: scratch)
            for b in 0..<batch {
                let gi = gates + b * width, gh = scratch + b * width, hb = h + b * n
                for j in 0..<n {
                    let r = sigmoidValue(gi[j] + gh[j]), z = sigmoidValue(gi[n + j] + gh[n + j])
                    let candidate = Foundation.tanh(gi[2 * n + j] + r * gh[2 * n + j])
                    hb[j] = (1 - z) * candidate + z * hb[j]
                }
            }
        }
    }
}
