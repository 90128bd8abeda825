/// A stacked, optionally bidirectional GRU, `torch.nn.GRU` (gate order r, z, n), loaded by its
/// state_dict names. Inference only: dropout is ignored.
public struct GRU: Sendable {
    let stack: RecurrentStack
    /// Whether sequences are [batch, time, features] rather than [time, batch, features].
    public let batchFirst: Bool

    /// Loads the layer; layer count, sizes and direction are read from the tensor names and shapes.
    public init(_ weights: Weights, batchFirst: Bool = false) throws(ModelError) {
        stack = try RecurrentStack(kind: .gru, weights)
        self.batchFirst = batchFirst
    }

    /// Features per input step.
    public var inputSize: Int { stack.inputSize }
    /// Size of h.
    public var hiddenSize: Int { stack.hiddenSize }
    /// Number of stacked layers.
    public var layerCount: Int { stack.layerCount }
    /// Whether each layer also reads the sequence backwards.
    public var isBidirectional: Bool { stack.directions == 2 }

    /// Runs a whole sequence; returns PyTorch's `output, h_n` (`h0` defaults to zeros, [layers·directions, B, H]).
    public func callAsFunction(_ x: Tensor, h0: Tensor? = nil) -> (output: Tensor, h: Tensor) {
        let sequence = batchFirst ? x.transposed(0, 1) : x
        let r = stack.run(sequence, h0: h0, c0: nil)
        return (batchFirst ? r.output.transposed(0, 1) : r.output, r.h)
    }

    /// A stepper for autoregressive decoding, one timestep per call, state starting at zero.
    public func stepper(batch: Int = 1) -> RecurrentStepper {
        RecurrentStepper(stack, batch: batch)
    }
}
