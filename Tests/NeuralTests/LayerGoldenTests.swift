import Neural
import Testing

/// Every layer type against PyTorch on committed fixtures.
struct LayerGoldenTests {
    @Test func linear() throws {
        for name in ["linear", "linear_nobias"] {
            let g = try Golden(name)
            let layer = try Linear(g.weights)
            expectClose(layer(try g.tensor("input")), try g.tensor("output"), name)
        }
    }

    @Test func embedding() throws {
        let g = try Golden("embedding")
        let layer = try Embedding(g.weights)
        let indices = try g.tensor("indices").scalars.map { Int($0) }
        expectClose(layer(indices), try g.tensor("output"), "embedding")
        expectClose(layer.vector(indices[2]), try g.tensor("output").slice(2), "embedding vector")
    }

    @Test func lstm() throws {
        let g = try Golden("lstm")
        let lstm = try LSTM(g.weights)
        #expect(lstm.layerCount == 2 && lstm.hiddenSize == 6 && !lstm.isBidirectional)
        let r = lstm(try g.tensor("input"), h0: try g.tensor("h0"), c0: try g.tensor("c0"))
        expectClose(r.output, try g.tensor("output"), "lstm output")
        expectClose(r.h, try g.tensor("h_n"), "lstm h_n")
        expectClose(r.c, try g.tensor("c_n"), "lstm c_n")
        expectClose(lstm(try g.tensor("input")).output, try g.tensor("output_zero_state"), "lstm zero state")
    }

    @Test func wideLSTMWithSaturatedGates() throws {
        let g = try Golden("lstm_wide")
        let r = try LSTM(g.weights)(try g.tensor("input"))
        expectClose(r.output, try g.tensor("output"), "wide lstm output")
        expectClose(r.c, try g.tensor("c_n"), "wide lstm c_n")
    }

    @Test func bidirectionalLSTM() throws {
        let g = try Golden("bilstm")
        let lstm = try LSTM(g.weights, batchFirst: true)
        #expect(lstm.isBidirectional && lstm.layerCount == 2)
        let r = lstm(try g.tensor("input"))
        expectClose(r.output, try g.tensor("output"), "bilstm output")
        expectClose(r.h, try g.tensor("h_n"), "bilstm h_n")
        expectClose(r.c, try g.tensor("c_n"), "bilstm c_n")
    }

    @Test func gru() throws {
        let g = try Golden("bigru")
        let gru = try GRU(g.weights)
        #expect(gru.isBidirectional && gru.layerCount == 2)
        let r = gru(try g.tensor("input"), h0: try g.tensor("h0"))
        expectClose(r.output, try g.tensor("output"), "bigru output")
        expectClose(r.h, try g.tensor("h_n"), "bigru h_n")

        let u = try Golden("gru")
        let uni = try GRU(u.weights)
        let ru = uni(try u.tensor("input"))
        expectClose(ru.output, try u.tensor("output"), "gru output")
        expectClose(ru.h, try u.tensor("h_n"), "gru h_n")
    }

    @Test func conv1d() throws {
        let g = try Golden("conv1d")
        let conv = try Conv1d(g.weights, stride: g.int("stride"), padding: g.int("padding"),
                              dilation: g.int("dilation"), groups: g.int("groups"))
        expectClose(conv(try g.tensor("input")), try g.tensor("output"), "conv1d")
        let unbatched = conv(try g.tensor("input").slice(1))
        expectClose(unbatched, try g.tensor("output").slice(1), "conv1d unbatched")
    }

    @Test(arguments: ["conv2d", "conv2d_strided", "conv2d_pointwise", "conv2d_large", "conv2d_depthwise"])
    func conv2d(name: String) throws {
        let g = try Golden(name)
        let conv = try Conv2d(g.weights, stride: g.pair("stride"), padding: g.pair("padding"),
                              dilation: g.pair("dilation"), groups: g.int("groups"))
        expectClose(conv(try g.tensor("input")), try g.tensor("output"), name)
    }

    @Test(arguments: ["convtranspose2d", "convtranspose2d_grouped"])
    func convTranspose2d(name: String) throws {
        let g = try Golden(name)
        let conv = try ConvTranspose2d(g.weights, stride: g.pair("stride"), padding: g.pair("padding"),
                                       outputPadding: g.pair("output_padding"), dilation: g.pair("dilation"),
                                       groups: g.int("groups"))
        expectClose(conv(try g.tensor("input")), try g.tensor("output"), name)
    }

    @Test func batchNorm() throws {
        let g = try Golden("batchnorm2d")
        let bn = try BatchNorm(g.weights, eps: g.float("eps"))
        expectClose(bn(try g.tensor("input")), try g.tensor("output"), "batchnorm2d")
    }

    @Test func batchNormFoldedIntoConv() throws {
        let g = try Golden("conv2d_batchnorm")
        let conv = try Conv2d(g.weights.scope("0"), padding: (1, 1))
        let bn = try BatchNorm(g.weights.scope("1"), eps: g.float("eps"))
        let x = try g.tensor("input")
        expectClose(bn(conv(x)), try g.tensor("output"), "conv then batchnorm")
        expectClose(conv.folding(bn)(x), try g.tensor("output"), "folded conv")
    }

    @Test func layerNorm() throws {
        let g = try Golden("layernorm")
        let norm = try LayerNorm(g.weights, eps: g.float("eps"))
        #expect(norm.normalizedShape == [3, 4])
        expectClose(norm(try g.tensor("input")), try g.tensor("output"), "layernorm")
    }

    @Test func activations() throws {
        let g = try Golden("activations")
        let x = try g.tensor("input")
        expectClose(x.relu(), try g.tensor("relu"), "relu")
        expectClose(x.elu(alpha: g.float("elu_alpha")), try g.tensor("elu"), "elu")
        expectClose(x.leakyReLU(negativeSlope: g.float("leaky_slope")), try g.tensor("leaky_relu"), "leaky relu")
        expectClose(x.gelu(), try g.tensor("gelu"), "gelu")
        expectClose(x.gelu(tanhApproximation: true), try g.tensor("gelu_tanh"), "gelu tanh")
        expectClose(x.tanh(), try g.tensor("tanh"), "tanh")
        expectClose(x.sigmoid(), try g.tensor("sigmoid"), "sigmoid")
        expectClose(x.softmax(dim: 0), try g.tensor("softmax_dim0"), "softmax")
        expectClose(x.logSoftmax(dim: -1), try g.tensor("log_softmax"), "log softmax")
    }

    @Test func upsampling() throws {
        let g = try Golden("upsample")
        let x2 = try g.tensor("input_2d"), x1 = try g.tensor("input_1d")
        expectClose(x2.upsampledNearest(scale: 2), try g.tensor("nearest_2d_x2"), "nearest 2d")
        expectClose(x1.upsampledNearest(scale: 3), try g.tensor("nearest_1d_x3"), "nearest 1d")
        expectClose(x2.upsampledNearest(size: [5, 7]), try g.tensor("nearest_2d_size"), "nearest size")
        expectClose(x1.upsampledLinear(scale: 2), try g.tensor("linear_1d_x2"), "linear")
        expectClose(x1.upsampledLinear(scale: 3, alignCorners: true), try g.tensor("linear_1d_x3_aligned"), "linear aligned")
        expectClose(x2.upsampledLinear(scale: 2), try g.tensor("bilinear_2d_x2"), "bilinear")
        expectClose(x2.upsampledLinear(size: [5, 7], alignCorners: true), try g.tensor("bilinear_2d_size_aligned"),
                    "bilinear aligned")
    }

    @Test func concatAndPermute() throws {
        let g = try Golden("concat")
        let a = try g.tensor("a"), b = try g.tensor("b")
        expectClose(Tensor.concatenate([a, b, a], dim: 1), try g.tensor("dim1"), "cat dim 1")
        expectClose(Tensor.concatenate([a, a], dim: -1), try g.tensor("dim2"), "cat dim 2")
        expectClose(a.permuted([2, 0, 1]), try g.tensor("permuted"), "permute")
    }

    /// conv → BatchNorm → ReLU → BiLSTM → Linear, the shape of the chart and separation models.
    @Test func stackedNetwork() throws {
        let g = try Golden("stacked")
        let conv = try Conv2d(g.weights.scope("conv"), padding: (1, 1)).folding(try BatchNorm(g.weights.scope("bn")))
        let lstm = try LSTM(g.weights.scope("lstm"), batchFirst: true)
        let head = try Linear(g.weights.scope("head"))
        let features = conv(try g.tensor("input")).relu()            // [B, C, bins, T]
        let (b, c, f, t) = (features.shape[0], features.shape[1], features.shape[2], features.shape[3])
        let frames = features.permuted([0, 3, 1, 2]).reshaped([b, t, c * f])
        expectClose(head(lstm(frames).output), try g.tensor("output"), "stacked network")
    }
}
