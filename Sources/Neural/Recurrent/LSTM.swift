/// A stacked, optionally bidirectional LSTM, `torch.nn.LSTM` (gate order i, f, g, o), loaded by its
/// state_dict names (`weight_ih_l0`, `weight_hh_l0_reverse` …). Inference only: dropout is ignored.
public struct LSTM: Sendable {
    let stack: RecurrentStack
    /// Whether sequences are [batch, time, features] (PyTorch's `batch_first=True`) rather than [time, batch, features].
    public let batchFirst: Bool

    /// Loads the layer; layer count, sizes and direction are read from the tensor names and shapes.
    public init(_ weights: Weights, batchFirst: Bool = false) throws(ModelError) {
        stack = try RecurrentStack(kind: .lstm, weights)
        self.batchFirst = batchFirst
    }

    /// Features per input step.
    public var inputSize: Int { stack.inputSize }
    /// Size of h and c.
    public var hiddenSize: Int { stack.hiddenSize }
    /// Number of stacked layers.
    public var layerCount: Int { stack.layerCount }
    /// Whether each layer also reads the sequence backwards.
    public var isBidirectional: Bool { stack.directions == 2 }

    /// What a whole-sequence run returns, as PyTorch's `output, (h_n, c_n)`.
    public struct Output: Sendable {
        /// The top layer's h at every step, [T, B, directions·H] (or [B, T, …] when batch-first).
        public let output: Tensor
        /// Final hidden state per layer and direction, [layers·directions, B, H].
        public let h: Tensor
        /// Final cell state per layer and direction, [layers·directions, B, H].
        public let c: Tensor
    }

    /// Runs a whole sequence; `h0` and `c0` default to zeros, shape [layers·directions, B, H].
    public func callAsFunction(_ x: Tensor, h0: Tensor? = nil, c0: Tensor? = nil) -> Output {
        let sequence = batchFirst ? x.transposed(0, 1) : x
        let r = stack.run(sequence, h0: h0, c0: c0)
        return Output(output: batchFirst ? r.output.transposed(0, 1) : r.output, h: r.h, c: r.c)
    }

    /// A stepper for autoregressive decoding, one timestep per call, state starting at zero.
    public func stepper(batch: Int = 1) -> RecurrentStepper {
        RecurrentStepper(stack, batch: batch)
    }
}
