import Foundation
import Testing

/// `kanade models`, run as the built binary with a model in a temporary $KANADE_MODELS.
struct ModelsCommandTests {
    /// A minimal safetensors file: one F32 tensor and Kanade's metadata block.
    func writeModel(to url: URL, metadata: [String: String]) throws {
        let header: [String: Any] = ["__metadata__": metadata, "w": ["dtype": "F32", "shape": [1], "data_offsets": [0, 4]]]
        let json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        var bytes = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(json)
        bytes.append(contentsOf: [0, 0, 0x80, 0x3F])
        try bytes.write(to: url)
    }

    /// `kanade models` with only these folders to look in (no XDG data folder from our environment).
    func run(environment: [String: String]) throws -> (status: Int32, out: String, err: String) {
        var env: [String: String?] = ["XDG_DATA_HOME": nil]
        for (key, value) in environment { env[key] = value }
        let result = try KanadeProcess.run(["models"], environment: env)
        return (result.status, result.stdout, result.stderr)
    }

    @Test func listsAModelFromKanadeModels() throws {
        #expect(KanadeProcess.binary != nil, "build kanade first: swift build")
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("kanade-cli-models-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let models = base.appendingPathComponent("models")
        try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
        try writeModel(to: models.appendingPathComponent("chart-gen.safetensors"), metadata: [
            "kanade.model": "chart-gen", "kanade.version": "3", "kanade.config": #"{"bins": 80}"#,
            "kanade.data": "synthesized drum loops, 2 h", "kanade.metrics": #"{"onset_f1": 0.87}"#,
            "license": "GPL-3.0-or-later", "data_license": "our own synthesized audio, GPL-3.0-or-later",
        ])
        let result = try run(environment: ["KANADE_MODELS": models.path, "HOME": base.path])
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(result.out.contains("chart-gen  v3  "))
        #expect(result.out.contains("chart-gen  v3  ") && result.out.contains("    license: GPL-3.0-or-later\n"))
        #expect(result.out.contains("data:    synthesized drum loops, 2 h"))
        #expect(result.out.contains("data license: our own synthesized audio, GPL-3.0-or-later"))
        #expect(result.out.contains("metrics: onset_f1 0.87"))
        #expect(result.out.contains("(KANADE_MODELS)"))
        #expect(result.out.contains("No bundled models yet") || result.out.contains("(bundled)\n"))

        try Data("garbage".utf8).write(to: models.appendingPathComponent("broken.safetensors"))
        let broken = try run(environment: ["KANADE_MODELS": models.path, "HOME": base.path])
        #expect(broken.status != 0)
        #expect(broken.err.contains("broken.safetensors: "))
    }
}
