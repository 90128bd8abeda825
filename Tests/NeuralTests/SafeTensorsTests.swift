import Foundation
import Neural
import Testing

/// The reader on good files and on corrupt, truncated and mismatched ones built here.
final class SafeTensorsTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kanade-safetensors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Writes `bytes` to a fresh file and returns its path.
    func file(_ name: String, _ bytes: Data) throws -> String {
        let url = folder.appendingPathComponent(name)
        try bytes.write(to: url)
        return url.path
    }

    /// A file with a hand-written JSON header and raw data bytes.
    func raw(_ name: String, header: String, data: [UInt8], declaredLength: UInt64? = nil) throws -> String {
        var bytes = Data()
        let json = Data(header.utf8)
        withUnsafeBytes(of: (declaredLength ?? UInt64(json.count)).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(json)
        bytes.append(contentsOf: data)
        return try file(name, bytes)
    }

    /// The problem `open` fails with, after checking the error names `path`.
    func problem(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) -> ModelError.Problem? {
        do {
            _ = try SafeTensorsFile(path: path)
            Issue.record("\(path) opened without error", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(error.file == path && error.description.hasPrefix(path), sourceLocation: sourceLocation)
            return error.problem
        }
    }

    let valid = SafeTensorsWriter.encode(
        ["a": Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]), "b": Tensor([7, 8])],
        metadata: ["kanade.model": "demo", "kanade.version": "1"])

    @Test func roundTripWithMetadata() throws {
        let f = try SafeTensorsFile(path: try file("ok.safetensors", valid))
        #expect(f.names == ["a", "b"])
        #expect(try f.tensor("a").shape == [2, 3])
        #expect(try f.tensor("a", shape: [2, 3]).scalars == [1, 2, 3, 4, 5, 6])
        #expect(try f.tensor("b").scalars == [7, 8])
        #expect(f.metadata == ["kanade.model": "demo", "kanade.version": "1"])
        #expect(try f.metadata("kanade.model") == "demo")
        #expect(throws: ModelError(file: f.path, .missingMetadata(key: "kanade.config"))) { try f.metadata("kanade.config") }
    }

    @Test func missingAndMisshapenTensorsAreNamed() throws {
        let path = try file("ok.safetensors", valid)
        let f = try SafeTensorsFile(path: path)
        #expect(throws: ModelError(file: path, .missingTensor("c"))) { try f.tensor("c") }
        #expect(throws: ModelError(file: path, .shapeMismatch(tensor: "a", expected: [3, 2], actual: [2, 3]))) {
            try f.tensor("a", shape: [3, 2])
        }
        #expect(throws: ModelError(file: path, .missingTensor("enc.weight"))) { try Weights(f).scope("enc").tensor("weight") }
    }

    @Test func missingFile() {
        let path = folder.appendingPathComponent("absent.safetensors").path
        guard case .unreadable = problem(path) else { Issue.record("expected unreadable"); return }
    }

    @Test func truncatedFiles() throws {
        #expect(problem(try file("tiny", Data([1, 2, 3]))) == .truncated(expected: 8, actual: 3))
        #expect(problem(try file("empty", Data())) == .truncated(expected: 8, actual: 0))
        // Cut inside the data: the last tensor runs past the end.
        let cut = try file("cut", valid.prefix(valid.count - 4))
        #expect(problem(cut) == .truncated(expected: valid.count, actual: valid.count - 4))
        // Cut inside the header.
        let headerCut = try file("headercut", valid.prefix(20))
        guard case .truncated = problem(headerCut) else { Issue.record("expected truncated"); return }
    }

    @Test func absurdHeaderLengthIsRejectedWithoutAllocating() throws {
        let path = try raw("huge", header: "{}", data: [], declaredLength: UInt64.max / 2)
        guard case .badHeader(let why) = problem(path) else { Issue.record("expected badHeader"); return }
        #expect(why.contains("exceeds"))
    }

    @Test func malformedJSON() throws {
        for (i, header) in ["{not json", "[1, 2]", #"{"a": {"dtype": "F32", "shape": [1]}}"#,
                            #"{"a": {"dtype": "F32", "shape": "1", "data_offsets": [0, 4]}}"#,
                            #"{"__metadata__": {"k": 1}}"#,
                            #"{"a": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}}"#].enumerated() {
            let path = try raw("bad\(i)", header: header, data: [0, 0, 0, 0])
            guard case .badHeader = problem(path) else { Issue.record("header \(header) not rejected as bad"); continue }
        }
    }

    @Test func unknownDType() throws {
        let path = try raw("dtype", header: #"{"a": {"dtype": "Q7", "shape": [1], "data_offsets": [0, 4]}}"#, data: [0, 0, 0, 0])
        #expect(problem(path) == .unsupportedDType(tensor: "a", dtype: "Q7"))
    }

    @Test func offsetsThatDisagreeWithShapes() throws {
        let size = try raw("size", header: #"{"a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 20]}}"#,
                           data: [UInt8](repeating: 0, count: 20))
        guard case .badOffsets(let t, _) = problem(size), t == "a" else { Issue.record("size mismatch"); return }
        let backwards = try raw("backwards", header: #"{"a": {"dtype": "F32", "shape": [0], "data_offsets": [4, 0]}}"#,
                                data: [0, 0, 0, 0])
        guard case .badOffsets = problem(backwards) else { Issue.record("begin after end"); return }
        let overlap = try raw("overlap", header: """
            {"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}
            """, data: [UInt8](repeating: 0, count: 12))
        #expect(problem(overlap) == .badOffsets(tensor: "b", "overlaps the previous tensor"))
        let hole = try raw("hole", header: #"{"a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}"#,
                           data: [UInt8](repeating: 0, count: 8))
        guard case .badOffsets(_, let why) = problem(hole), why.contains("hole") else { Issue.record("hole"); return }
        let trailing = try raw("trailing", header: #"{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}"#,
                               data: [UInt8](repeating: 0, count: 8))
        guard case .badHeader = problem(trailing) else { Issue.record("trailing bytes"); return }
        let overflow = try raw("overflow", header: #"{"a": {"dtype": "F64", "shape": [4611686018427387904, 4], "data_offsets": [0, 8]}}"#,
                               data: [UInt8](repeating: 0, count: 8))
        guard case .badHeader = problem(overflow) else { Issue.record("overflowing shape"); return }
    }

    @Test func otherFloatTypesAreConverted() throws {
        // 1.5 as F16 (0x3E00), -2 as BF16 (0xC000), 0.25 as F64, 3 as I64.
        var data: [UInt8] = [0x00, 0x3E, 0x00, 0xC0]
        withUnsafeBytes(of: Double(0.25).bitPattern.littleEndian) { data += $0 }
        withUnsafeBytes(of: Int64(3).littleEndian) { data += $0 }
        let path = try raw("types", header: """
            {"h": {"dtype": "F16", "shape": [1], "data_offsets": [0, 2]}, "b": {"dtype": "BF16", "shape": [1], "data_offsets": [2, 4]},
             "d": {"dtype": "F64", "shape": [1], "data_offsets": [4, 12]}, "i": {"dtype": "I64", "shape": [1], "data_offsets": [12, 20]}}
            """, data: data)
        let f = try SafeTensorsFile(path: path)
        #expect(try f.tensor("h").scalars == [1.5])
        #expect(try f.tensor("b").scalars == [-2])
        #expect(try f.tensor("d").scalars == [0.25])
        #expect(try f.tensor("i").scalars == [3])
    }

    @Test func layersNameTheTensorThatDoesNotFit() throws {
        let path = try file("lstm.safetensors", SafeTensorsWriter.encode([
            "rnn.weight_ih_l0": Tensor(shape: [8, 3]), "rnn.weight_hh_l0": Tensor(shape: [8, 2]),
            "rnn.bias_ih_l0": Tensor(shape: [7]),
        ]))
        let weights = try Weights(path: path).scope("rnn")
        #expect(throws: ModelError(file: path, .shapeMismatch(tensor: "rnn.bias_ih_l0", expected: [8], actual: [7]))) {
            try LSTM(weights)
        }
        #expect(throws: ModelError.self) { try GRU(weights) }  // 8 rows are not 3 gates of 2
        #expect(throws: ModelError(file: path, .missingTensor("rnn.weight"))) { try Linear(weights) }
    }

    @Test func writerIsAtomicAndReadable() throws {
        let path = folder.appendingPathComponent("w.safetensors").path
        try SafeTensorsWriter.write(["x": Tensor([1, 2, 3])], metadata: ["k": "v"], to: path)
        let f = try SafeTensorsFile(path: path)
        #expect(try f.tensor("x").scalars == [1, 2, 3] && f.metadata["k"] == "v")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "w.safetensors" }
        #expect(leftovers.isEmpty)
    }
}
