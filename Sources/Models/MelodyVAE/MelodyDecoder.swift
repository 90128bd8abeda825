import Foundation
import Music
import Neural

/// MusicVAE's decoders: the flat autoregressive LSTM (2 bars) and the hierarchical one (a conductor LSTM
/// giving one embedding per bar, a bar LSTM under it), exactly as docs/models/melody-vae.md's inference graph.
///
/// One loop serves greedy decoding, sampling and teacher forcing: at every step the caller's `choose` sees the
/// logits and names the event fed back as the next input.
struct MelodyDecoder: Sendable {
    /// The conductor of the hierarchical decoder.
    struct Conductor: Sendable {
        let lstm: LSTM
        let initial: Linear
        /// `decoder.cond_proj`, when the model has it: maps the conductor's output to the bar embedding.
        let projection: Linear?
        let bars: Int

        /// Width of one bar embedding.
        var embeddingSize: Int { projection?.outputSize ?? lstm.hiddenSize }
    }

    let lstm: LSTM
    /// z (flat) or the bar embedding (hierarchical) → the decoder LSTM's initial (h, c).
    let initial: Linear
    let output: Linear
    let conductor: Conductor?
    let steps: Int
    let stepsPerBar: Int

    init(_ weights: Weights, config: ModelConfig, latentSize: Int, file: String) throws(ModelError) {
        let classes = MelodyEncoding.classCount
        stepsPerBar = try config.int("steps_per_bar")
        steps = try config.int("bars") * stepsPerBar
        lstm = try LSTM(weights.scope("decoder.lstm"))
        output = try Linear(weights.scope("decoder.out"))
        var condition = latentSize
        if try config.value("hierarchical") == .bool(true) {
            let projection = weights.contains("decoder.cond_proj.weight")
                ? try Linear(weights.scope("decoder.cond_proj")) : nil
            let c = Conductor(lstm: try LSTM(weights.scope("decoder.conductor")),
                              initial: try Linear(weights.scope("decoder.cond_init")), projection: projection,
                              bars: try config.int("bars"))
            try Self.check(c.lstm, inputs: latentSize, initial: c.initial, from: latentSize,
                           name: "decoder.conductor", file: file)
            if let projection, projection.inputSize != c.lstm.hiddenSize {
                throw ModelError(file: file, .layerMismatch(tensor: "decoder.cond_proj.weight",
                    "expected [_, \(c.lstm.hiddenSize)], got \(projection.weight.shape)"))
            }
            conductor = c
            condition = c.embeddingSize
            initial = try Linear(weights.scope("decoder.bar_init"))
        } else {
            conductor = nil
            initial = try Linear(weights.scope("decoder.init"))
        }
        try Self.check(lstm, inputs: classes + condition, initial: initial, from: condition, name: "decoder.lstm", file: file)
        guard output.bias != nil else { throw ModelError(file: file, .missingTensor("decoder.out.bias")) }
        guard output.inputSize == lstm.hiddenSize, output.outputSize == classes else {
            throw ModelError(file: file, .shapeMismatch(tensor: "decoder.out.weight", expected: [classes, lstm.hiddenSize],
                                                        actual: output.weight.shape))
        }
    }

    private static func check(_ lstm: LSTM, inputs: Int, initial: Linear, from: Int, name: String,
                              file: String) throws(ModelError) {
        guard !lstm.isBidirectional, lstm.inputSize == inputs else {
            throw ModelError(file: file, .layerMismatch(tensor: name + ".weight_ih_l0",
                "expected a unidirectional LSTM reading \(inputs) features, got \(lstm.inputSize)"))
        }
        let state = 2 * lstm.layerCount * lstm.hiddenSize
        guard initial.inputSize == from, initial.outputSize == state else {
            throw ModelError(file: file, .layerMismatch(tensor: name + " initial state",
                "expected a [\(state), \(from)] initial-state layer, got \(initial.weight.shape)"))
        }
    }

    /// Decodes `steps` events from each z, all rows stepped together (one batched LSTM step reads the weights
    /// once for every row). `choose(row, step, logits)` returns the event class (0…89) of `row` at `step`, which
    /// is fed back as that row's next input. Buffers are allocated once per call (per bar when hierarchical);
    /// the step loop itself allocates nothing.
    func run(_ zs: [Tensor], choose: (Int, Int, UnsafeBufferPointer<Float>) -> Int) -> [[Int]] {
        var events = [[Int]](repeating: [], count: zs.count)
        for row in events.indices { events[row].reserveCapacity(steps) }
        var previous = [Int?](repeating: nil, count: zs.count)
        if let conductor {
            let embeddings = zs.map { conductor.embeddings($0) }
            for bar in 0..<conductor.bars {
                decodeSpan(conditions: embeddings.map { $0[bar] }, steps: stepsPerBar, previous: &previous,
                           events: &events) { choose($0, bar * stepsPerBar + $1, $2) }
            }
        } else {
            decodeSpan(conditions: zs, steps: steps, previous: &previous, events: &events, choose: choose)
        }
        return events
    }

    /// One run of the decoder LSTM per row from `tanh(initial(condition))`, input `[onehot(previous), condition]`.
    private func decodeSpan(conditions: [Tensor], steps count: Int, previous: inout [Int?], events: inout [[Int]],
                            choose: (Int, Int, UnsafeBufferPointer<Float>) -> Int) {
        let classes = MelodyEncoding.classCount, batch = conditions.count
        let stepper = lstm.stepper(batch: batch)
        Self.setInitialState(stepper, conditions.map { initial($0).tanh() })
        let width = lstm.inputSize
        let input = UnsafeMutablePointer<Float>.allocate(capacity: batch * width)
        let logits = UnsafeMutablePointer<Float>.allocate(capacity: batch * classes)
        defer { input.deallocate(); logits.deallocate() }
        input.initialize(repeating: 0, count: batch * width)
        for (row, condition) in conditions.enumerated() {
            condition.withUnsafeBufferPointer { (input + row * width + classes).update(from: $0.baseAddress!, count: $0.count) }
        }
        for t in 0..<count {
            for row in 0..<batch { if let p = previous[row] { input[row * width + p] = 1 } }
            // logits = h · Wᵀ + b for every row in one product.
            stepper.step(UnsafePointer(input)) { h in output.apply(h.baseAddress!, rows: batch, into: logits) }
            for row in 0..<batch {
                if let p = previous[row] { input[row * width + p] = 0 }
                let event = choose(row, t, UnsafeBufferPointer(start: logits + row * classes, count: classes))
                events[row].append(event)
                previous[row] = event
            }
        }
    }

    /// Sets a stepper's (h, c) from one `tanh(Linear(v))` per row, each laid out `[h_l0, c_l0, h_l1, c_l1, …]`.
    static func setInitialState(_ stepper: RecurrentStepper, _ states: [Tensor]) {
        let layers = stepper.layerCount, hidden = stepper.hiddenSize, batch = states.count
        var h = Tensor(shape: [layers, batch, hidden]), c = Tensor(shape: [layers, batch, hidden])
        h.withUnsafeMutableBufferPointer { hv in
            c.withUnsafeMutableBufferPointer { cv in
                for (row, state) in states.enumerated() {
                    state.withUnsafeBufferPointer { s in
                        for l in 0..<layers {
                            for j in 0..<hidden {
                                hv[(l * batch + row) * hidden + j] = s[2 * l * hidden + j]
                                cv[(l * batch + row) * hidden + j] = s[(2 * l + 1) * hidden + j]
                            }
                        }
                    }
                }
            }
        }
        stepper.setState(h: h, c: c)
    }
}

extension MelodyDecoder.Conductor {
    /// One embedding per bar: the conductor reads z at each of its steps from `tanh(initial(z))`; its output,
    /// through the projection when there is one, is the bar's embedding.
    func embeddings(_ z: Tensor) -> [Tensor] {
        let stepper = lstm.stepper()
        MelodyDecoder.setInitialState(stepper, [initial(z).tanh()])
        return (0..<bars).map { _ in
            let h = stepper.step(z)
            return projection.map { $0(h) } ?? h
        }
    }
}
