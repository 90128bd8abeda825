/// Stacked, optionally bidirectional recurrent layers as PyTorch lays them out: `cells[layer][direction]`,
/// direction 1 reading the `_reverse` parameters.
struct RecurrentStack: Sendable {
    let kind: RecurrentKind
    let cells: [[RecurrentCell]]
    let inputSize: Int
    let hiddenSize: Int

    var layerCount: Int { cells.count }
    var directions: Int { cells[0].count }

    /// Reads `weight_ih_l0`… from the module scope; layer count and direction come from which names exist.
    init(kind: RecurrentKind, _ weights: Weights) throws(ModelError) {
        guard let ih = weights.shape(of: "weight_ih_l0") else {
            throw ModelError(file: weights.file.path, .missingTensor(weights.fullName("weight_ih_l0")))
        }
        guard ih.count == 2, let hh = weights.shape(of: "weight_hh_l0"), hh.count == 2,
              ih[0] == kind.gates * hh[1], hh[0] == ih[0] else {
            throw ModelError(file: weights.file.path, .layerMismatch(tensor: weights.fullName("weight_ih_l0"),
                "\(kind.name) needs weight_ih [\(kind.gates)·H, I] and weight_hh [\(kind.gates)·H, H]"))
        }
        if weights.contains("weight_hr_l0") {
            throw ModelError(file: weights.file.path, .layerMismatch(tensor: weights.fullName("weight_hr_l0"),
                "LSTM projections (proj_size) are not supported"))
        }
        let hidden = hh[1]
        let directions = weights.contains("weight_ih_l0_reverse") ? 2 : 1
        var layers: [[RecurrentCell]] = []
        var layer = 0
        while weights.contains("weight_ih_l\(layer)") {
            let input = layer == 0 ? ih[1] : hidden * directions
            var cells: [RecurrentCell] = []
            for direction in 0..<directions {
                let suffix = "_l\(layer)" + (direction == 1 ? "_reverse" : "")
                cells.append(try RecurrentCell(kind: kind, weights, suffix: suffix, inputSize: input, hiddenSize: hidden))
            }
            layers.append(cells)
            layer += 1
        }
        self.kind = kind
        cells = layers
        inputSize = ih[1]
        hiddenSize = hidden
    }

    /// Runs a whole sequence x [T, B, I]; h0/c0 are [layers·directions, B, H] or zero.
    /// Returns the top layer's output [T, B, directions·H] and the final h (and c) [layers·directions, B, H].
    func run(_ x: Tensor, h0: Tensor?, c0: Tensor?) -> (output: Tensor, h: Tensor, c: Tensor) {
        precondition(x.rank == 3 && x.shape[2] == inputSize, "\(kind.name) expects [T, B, \(inputSize)], got \(x.shape)")
        let (steps, batch) = (x.shape[0], x.shape[1])
        let stateShape = [layerCount * directions, batch, hiddenSize]
        precondition(h0 == nil || h0!.shape == stateShape, "\(kind.name) h0 must be \(stateShape)")
        precondition(c0 == nil || c0!.shape == stateShape, "\(kind.name) c0 must be \(stateShape)")
        var hN = h0 ?? Tensor(shape: stateShape)
        var cN = c0 ?? Tensor(shape: stateShape)
        let width = kind.gates * hiddenSize
        let gates = UnsafeMutablePointer<Float>.allocate(capacity: max(steps * batch * width, 1))
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: batch * width)
        defer { gates.deallocate(); scratch.deallocate() }
        var layerInput = x
        for (l, layer) in cells.enumerated() {
            var output = Tensor(shape: [steps, batch, directions * hiddenSize])
            for (d, cell) in layer.enumerated() {
                let slot = l * directions + d
                cell.projectInput(layerInput.pointer, rows: steps * batch, into: gates)
                hN.withUnsafeMutableBufferPointer { hAll in
                    cN.withUnsafeMutableBufferPointer { cAll in
                        output.withUnsafeMutableBufferPointer { out in
                            let h = hAll.baseAddress! + slot * batch * hiddenSize
                            let c = cAll.baseAddress! + slot * batch * hiddenSize
                            for s in 0..<steps {
                                let t = d == 0 ? s : steps - 1 - s
                                cell.advance(gates: gates + t * batch * width, h: h, c: c, batch: batch, scratch: scratch)
                                for b in 0..<batch {
                                    (out.baseAddress! + (t * batch + b) * directions * hiddenSize + d * hiddenSize)
                                        .update(from: h + b * hiddenSize, count: hiddenSize)
                                }
                            }
                        }
                    }
                }
            }
            layerInput = output
        }
        return (layerInput, hN, cN)
    }
}
