import Neural
import Testing

/// The one-step-at-a-time API that autoregressive decoders use.
struct StepperTests {
    @Test func steppingMatchesTheWholeSequence() throws {
        let g = try Golden("lstm")
        let lstm = try LSTM(g.weights)
        let x = try g.tensor("input")                // [T, B, I]
        let stepper = lstm.stepper(batch: 2)
        stepper.setState(h: try g.tensor("h0"), c: try g.tensor("c0"))
        let expected = try g.tensor("output")
        for t in 0..<x.shape[0] {
            expectClose(stepper.step(x.slice(t)), expected.slice(t), "step \(t)")
        }
        expectClose(stepper.hiddenState, try g.tensor("h_n"), "final h")
        expectClose(stepper.cellState, try g.tensor("c_n"), "final c")

        stepper.reset()
        expectClose(stepper.step(x.slice(0)), try g.tensor("output_zero_state").slice(0), "after reset")
    }

    /// The fused batch-1 LSTM step (one C pass per layer), its 37 units on one thread and split over two
    /// (units 0..<16 and 16..<37), against PyTorch's sequence forward, row by row.
    @Test(arguments: [1, 2])
    func batchOneSteppingMatchesPyTorch(threads: Int) throws {
        let g = try Golden("lstm_wide")
        let lstm = try LSTM(g.weights)
        let x = try g.tensor("input")                // [T, 2, I]
        let expected = try g.tensor("output")        // [T, 2, 37]
        for row in 0..<2 {
            let stepper = lstm.stepper()
            stepper.threads = threads
            for t in 0..<x.shape[0] {
                expectClose(stepper.step(x.slice(t).slice(row)), expected.slice(t).slice(row), "row \(row) step \(t)")
            }
            expectClose(stepper.cellState.reshaped([37]), try g.tensor("c_n").slice(0).slice(row), "row \(row) final c")
        }
    }

    @Test func gruSteppingMatchesTheWholeSequence() throws {
        let g = try Golden("gru")
        let gru = try GRU(g.weights)
        let x = try g.tensor("input")                // [T, 1, I]
        let stepper = gru.stepper()
        let expected = try g.tensor("output")
        for t in 0..<x.shape[0] {
            expectClose(stepper.step(x.slice(t)), expected.slice(t), "gru step \(t)")
        }
        expectClose(stepper.hiddenState, try g.tensor("h_n"), "gru final h")
    }

    /// The MusicVAE decoder loop: input concat(embedding(previous token), z), state from tanh(Linear(z)).
    @Test func decoderLoopMatchesPyTorch() throws {
        let g = try Golden("decoder")
        let embedding = try Embedding(g.weights.scope("embedding"))
        let lstm = try LSTM(g.weights.scope("lstm"))
        let head = try Linear(g.weights.scope("head"))
        let initial = try Linear(g.weights.scope("init"))
        let z = try g.tensor("z")
        let state = initial(z).tanh().reshaped([2, 2, 1, 8])   // [h|c, layers, batch, H]
        let decoder = lstm.stepper()
        decoder.setState(h: state.slice(0), c: state.slice(1))
        let expected = try g.tensor("logits")
        for (t, token) in try g.tensor("tokens").scalars.enumerated() {
            let h = decoder.step(embedding.vector(Int(token)), z)
            #expect(h.shape == [8])
            expectClose(head(h), expected.slice(t), "logits at step \(t)")
        }
    }

    @Test func pointerStepAllocatesNoOutputTensor() throws {
        let g = try Golden("gru")
        let gru = try GRU(g.weights)
        let a = gru.stepper(), b = gru.stepper()
        let x = try g.tensor("input")
        for t in 0..<x.shape[0] {
            let viaTensor = a.step(x.slice(t))
            x.slice(t).withUnsafeBufferPointer { input in
                b.step(input.baseAddress!) { top in
                    #expect(Array(top) == viaTensor.scalars)
                }
            }
        }
    }
}
