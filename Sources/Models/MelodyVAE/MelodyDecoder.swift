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
        let bars: Int
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
            let c = Conductor(lstm: try LSTM(weights.scope("decoder.conductor")),
                              initial: try Linear(weights.scope("decoder.cond_init")), bars: try config.int("bars"))
            try Self.check(c.lstm, inputs: latentSize, initial: c.initial, from: latentSize,
                           name: "decoder.conductor", file: file)
            conductor = c
            condition = c.lstm.hiddenSize
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

    /// Decodes `steps` events from z. `choose(step, logits)` returns the event class at `step` (0…89), which is
    /// fed back as the next input. Buffers are allocated once per call; the step loop allocates nothing itself.
    func run(_ z: Tensor, choose: (Int, UnsafeBufferPointer<Float>) -> Int) -> [Int] {
        var events: [Int] = []
        events.reserveCapacity(steps)
        var previous: Int? = nil
        if let conductor {
            let embeddings = conductor.embeddings(z)
            for bar in 0..<conductor.bars {
                decodeSpan(condition: embeddings[bar], steps: stepsPerBar, previous: &previous, events: &events) {
                    choose(bar * stepsPerBar + $0, $1)
                }
            }
        } else {
            decodeSpan(condition: z, steps: steps, previous: &previous, events: &events, choose: choose)
        }
        return events
    }

    /// One run of the decoder LSTM from `tanh(initial(condition))`, input `[onehot(previous), condition]`.
    private func decodeSpan(condition: Tensor, steps count: Int, previous: inout Int?, events: inout [Int],
                            choose: (Int, UnsafeBufferPointer<Float>) -> Int) {
        let classes = MelodyEncoding.classCount
        let stepper = lstm.stepper()
        Self.setInitialState(stepper, initial(condition).tanh())
        let width = lstm.inputSize
        let input = UnsafeMutablePointer<Float>.allocate(capacity: width)
        let logits = UnsafeMutablePointer<Float>.allocate(capacity: classes)
        defer { input.deallocate(); logits.deallocate() }
        input.initialize(repeating: 0, count: width)
        condition.withUnsafeBufferPointer { (input + classes).update(from: $0.baseAddress!, count: $0.count) }
        let hidden = lstm.hiddenSize
        output.weight.withUnsafeBufferPointer { w in
            output.bias!.withUnsafeBufferPointer { b in
                for t in 0..<count {
                    if let p = previous { input[p] = 1 }
                    stepper.step(UnsafePointer(input)) { h in
                        for k in 0..<classes {
                            var sum: Float = 0
                            let row = w.baseAddress! + k * hidden
                            for j in 0..<hidden { sum += row[j] * h[j] }
                            logits[k] = sum + b[k]
                        }
                    }
                    if let p = previous { input[p] = 0 }
                    let event = choose(t, UnsafeBufferPointer(start: logits, count: classes))
                    events.append(event)
                    previous = event
                }
            }
        }
    }

    /// Sets a stepper's (h, c) from `tanh(Linear(v))`, laid out `[h_l0, c_l0, h_l1, c_l1, …]`.
    static func setInitialState(_ stepper: RecurrentStepper, _ state: Tensor) {
        let layers = stepper.layerCount, hidden = stepper.hiddenSize
        var h = Tensor(shape: [layers, 1, hidden]), c = Tensor(shape: [layers, 1, hidden])
        state.withUnsafeBufferPointer { s in
            h.withUnsafeMutableBufferPointer { hv in
                c.withUnsafeMutableBufferPointer { cv in
                    for l in 0..<layers {
                        for j in 0..<hidden {
                            hv[l * hidden + j] = s[2 * l * hidden + j]
                            cv[l * hidden + j] = s[(2 * l + 1) * hidden + j]
                        }
                    }
                }
            }
        }
        stepper.setState(h: h, c: c)
    }
}

extension MelodyDecoder.Conductor {
    /// One embedding per bar: the conductor reads z at each of its steps from `tanh(initial(z))`.
    func embeddings(_ z: Tensor) -> [Tensor] {
        let stepper = lstm.stepper()
        MelodyDecoder.setInitialState(stepper, initial(z).tanh())
        return (0..<bars).map { _ in stepper.step(z) }
    }
}
