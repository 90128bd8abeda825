import CKernels

/// Runs a unidirectional LSTM or GRU one timestep at a time, keeping its state, for autoregressive decoding.
///
/// All buffers are allocated once here; a step copies its input parts into a preallocated buffer (so the
/// input can be `concat(embedding(previous token), z)` without building the concatenation) and allocates only
/// the returned top-layer output.
///
/// ```swift
/// let decoder = lstm.stepper()
/// decoder.setState(h: h0, c: c0)           // [layers, 1, H], as nn.LSTM's (h0, c0)
/// var token = startToken
/// for _ in 0..<32 {
///     let h = decoder.step(embedding.vector(token), z)
///     token = sampler.sample(logits: head(h), temperature: 1, topK: 0)
/// }
/// ```
public final class RecurrentStepper {
    let stack: RecurrentStack
    /// Rows stepped together.
    public let batch: Int
    /// OpenBLAS threads used while stepping (nil: leave the process-wide setting). Default 1: a step's
    /// matrix-vector products are too small to share between threads (docs/benchmarks.md, "Neural").
    public var blasThreads: Int? = 1
    /// Threads a batch-1 LSTM step splits its hidden units over (at most the machine's cores). Default 1: on
    /// a busy machine a second thread that waits for a core stalls every step (docs/benchmarks.md, "Neural").
    public var threads = 1
    private let input: UnsafeMutablePointer<Float>
    private let h: UnsafeMutablePointer<Float>
    private let c: UnsafeMutablePointer<Float>
    private let gates: UnsafeMutablePointer<Float>
    private let scratch: UnsafeMutablePointer<Float>
    /// A batch-1 LSTM layer's new h, written while its old h is still being read.
    private let hNext: UnsafeMutablePointer<Float>

    init(_ stack: RecurrentStack, batch: Int) {
        precondition(stack.directions == 1, "a bidirectional \(stack.kind.name) cannot be stepped")
        precondition(batch >= 1)
        self.stack = stack
        self.batch = batch
        let state = stack.layerCount * batch * stack.hiddenSize
        let width = stack.kind.gates * stack.hiddenSize
        input = .allocate(capacity: batch * stack.inputSize)
        h = .allocate(capacity: state)
        c = .allocate(capacity: state)
        gates = .allocate(capacity: batch * width)
        scratch = .allocate(capacity: batch * width)
        hNext = .allocate(capacity: stack.hiddenSize)
        input.initialize(repeating: 0, count: batch * stack.inputSize)
        reset()
    }

    deinit {
        input.deallocate(); h.deallocate(); c.deallocate(); gates.deallocate(); scratch.deallocate(); hNext.deallocate()
    }

    /// Features per step (the sum of the parts' last dimensions).
    public var inputSize: Int { stack.inputSize }
    /// Size of each layer's h.
    public var hiddenSize: Int { stack.hiddenSize }
    /// Stacked layers.
    public var layerCount: Int { stack.layerCount }

    /// Zeroes h (and c).
    public func reset() {
        let state = layerCount * batch * hiddenSize
        h.update(repeating: 0, count: state)
        c.update(repeating: 0, count: state)
    }

    /// Sets the state from PyTorch-shaped tensors [layers, batch, H] (the LSTM's `c` too; a GRU has none).
    public func setState(h newH: Tensor, c newC: Tensor? = nil) {
        let shape = [layerCount, batch, hiddenSize]
        precondition(newH.count == shape.reduce(1, *), "state must be \(shape), got \(newH.shape)")
        h.update(from: newH.pointer, count: newH.count)
        if let newC {
            precondition(stack.kind == .lstm && newC.count == newH.count, "c must be \(shape), got \(newC.shape)")
            c.update(from: newC.pointer, count: newC.count)
        }
    }

    /// The hidden state, [layers, batch, H].
    public var hiddenState: Tensor { copy(h) }
    /// The LSTM cell state, [layers, batch, H] (zeros for a GRU).
    public var cellState: Tensor { copy(c) }

    /// One timestep on the concatenation of `parts` along the last dimension; returns the top layer's h.
    @discardableResult
    public func step(_ parts: Tensor...) -> Tensor { step(parts) }

    /// One timestep on the concatenation of `parts` along the last dimension; returns the top layer's h,
    /// shape [batch, H] (or [H] when batch is 1 and the parts are vectors).
    ///
    /// Each part is [batch, nᵢ] or, for batch 1, [nᵢ]; Σ nᵢ must equal `inputSize`.
    @discardableResult
    public func step(_ parts: [Tensor]) -> Tensor {
        var column = 0
        for part in parts {
            let width = part.shape.last ?? 1
            precondition(part.count == batch * width, "step part \(part.shape) does not have \(batch) rows")
            precondition(column + width <= inputSize, "step parts exceed \(inputSize) input features")
            let src = part.pointer
            for b in 0..<batch { (input + b * inputSize + column).update(from: src + b * width, count: width) }
            column += width
        }
        precondition(column == inputSize, "step parts give \(column) features, the layer needs \(inputSize)")
        advance()
        let top = copy(h + (layerCount - 1) * batch * hiddenSize, shape: [batch, hiddenSize])
        return batch == 1 && parts.allSatisfy({ $0.rank == 1 }) ? top.reshaped([hiddenSize]) : top
    }

    /// One timestep reading the input from `x` ([batch, inputSize] floats) and leaving the output in
    /// `topHidden`; allocates nothing.
    public func step(_ x: UnsafePointer<Float>, topHidden: (UnsafeBufferPointer<Float>) -> Void) {
        input.update(from: x, count: batch * inputSize)
        advance()
        topHidden(UnsafeBufferPointer(start: h + (layerCount - 1) * batch * hiddenSize, count: batch * hiddenSize))
    }

    private func advance() {
        if stack.kind == .lstm && batch == 1 { return advanceLSTMUnits() }
        BLASThreads.limited(to: blasThreads) {
            var layerInput = UnsafePointer(input)
            for (l, cells) in stack.cells.enumerated() {
                let cell = cells[0]
                let offset = l * batch * hiddenSize
                cell.projectInput(layerInput, rows: batch, into: gates)
                cell.advance(gates: gates, h: h + offset, c: c + offset, batch: batch, scratch: scratch)
                layerInput = UnsafePointer(h + offset)
            }
        }
    }

    /// Pointers the workers of one step share; each writes only its own units.
    private struct StepBuffers: @unchecked Sendable {
        let input: UnsafePointer<Float>
        let h, c, hNext, gates: UnsafeMutablePointer<Float>
    }

    /// A batch-1 LSTM step, one fused pass per layer (both products, bias and gates per hidden unit in C),
    /// its units split over `threads` workers.
    private func advanceLSTMUnits() {
        let n = hiddenSize
        let workers = max(1, min(threads, Parallel.cores, n / 16))
        let buffers = StepBuffers(input: input, h: h, c: c, hNext: hNext, gates: gates)
        for (l, cells) in stack.cells.enumerated() {
            let cell = cells[0]
            Parallel.run(workers: workers, blasThreads: nil) { worker in
                // Unit ranges in multiples of 16, so each worker's rows keep the kernel's 4-row blocks whole.
                let j0 = worker * n / workers / 16 * 16
                let j1 = worker + 1 == workers ? n : (worker + 1) * n / workers / 16 * 16
                let x = l == 0 ? buffers.input : UnsafePointer(buffers.h + (l - 1) * n)
                cell.inputBias.withUnsafeBufferPointer { bias in
                    kanade_lstm_step_units(Kernels.level, cell.inputWeight.pointer, Int32(cell.input),
                                           cell.hiddenWeight.pointer, Int32(n), bias.baseAddress!, x, buffers.h + l * n,
                                           buffers.c + l * n, buffers.hNext, Int32(j0), Int32(j1), buffers.gates + 4 * j0)
                }
            }
            (h + l * n).update(from: hNext, count: n)
        }
    }

    private func copy(_ p: UnsafePointer<Float>, shape: [Int]? = nil) -> Tensor {
        let shape = shape ?? [layerCount, batch, hiddenSize]
        var t = Tensor(shape: shape)
        t.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: p, count: $0.count) }
        return t
    }

    private func copy(_ p: UnsafeMutablePointer<Float>) -> Tensor { copy(UnsafePointer(p)) }
}
