import Foundation
import Models
import Neural
import Testing

/// ModelStore against model files written into temporary folders.
final class ModelStoreTests {
    let folder: URL
    let home: URL

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("kanade-models-\(UUID().uuidString)")
        folder = base.appendingPathComponent("models")
        home = base.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }

    var environment: [String: String] { ["KANADE_MODELS": folder.path, "HOME": home.path] }

    static let metadata = [
        "kanade.model": "test-melody", "kanade.version": "2",
        "kanade.config": #"{"hidden": 256, "layers": 2, "z": 64}"#,
        "kanade.data": "music21 corpus: 2-bar monophonic melodies", "kanade.metrics": #"{"accuracy": 0.913, "kl": 12.5}"#,
        "kanade.git": "abc1234",
    ]

    @discardableResult
    func writeModel(_ name: String = "test-melody", metadata: [String: String] = metadata) throws -> String {
        let path = folder.appendingPathComponent("\(name).safetensors").path
        try SafeTensorsWriter.write(["head.weight": Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6]),
                                     "head.bias": Tensor([0, 0, 1])], metadata: metadata, to: path)
        return path
    }

    @Test func opensAModelFromKanadeModelsAndChecksIt() throws {
        let path = try writeModel()
        let model = try ModelStore(environment: environment).open("test-melody", version: 2, configKeys: ["hidden", "z"])
        #expect(model.info.path == path && model.info.location == .environment)
        #expect(try model.info.config.int("hidden") == 256)
        #expect(model.info.metrics["accuracy"] == .number(0.913))
        let head = try Linear(model.weights.scope("head"))
        #expect(head(Tensor([1, 1])).scalars == [3, 7, 12])
    }

    @Test func notFoundListsEverywhereSearched() {
        #expect {
            try ModelStore(environment: environment).open("no-such-model", version: 1)   // (was "timbre": now bundled)
        } throws: { error in
            guard let e = error as? ModelError, case .notFound(let searched) = e.problem else { return false }
            return e.file == "no-such-model" && searched.contains { $0.hasPrefix(folder.path) }
                && searched.contains { $0.hasPrefix(home.path + "/.local/share/kanade/models") }
        }
    }

    @Test func versionAndNameMismatchesAreNamed() throws {
        let path = try writeModel()
        let store = ModelStore(environment: environment)
        #expect(throws: ModelError(file: path, .metadataMismatch(key: "kanade.version", expected: "3", actual: "2"))) {
            try store.open("test-melody", version: 3)
        }
        var renamed = Self.metadata
        renamed["kanade.model"] = "other"
        let other = try writeModel("melody-vae-4bar", metadata: renamed)
        #expect(throws: ModelError(file: other, .metadataMismatch(key: "kanade.model", expected: "melody-vae-4bar", actual: "other"))) {
            try store.open("melody-vae-4bar", version: 2)
        }
    }

    @Test func missingMetadataAndConfigKeysAreNamed() throws {
        let store = ModelStore(environment: environment)
        var noConfig = Self.metadata
        noConfig["kanade.config"] = nil
        let path = try writeModel(metadata: noConfig)
        #expect(throws: ModelError(file: path, .missingMetadata(key: "kanade.config"))) {
            try store.open("test-melody", version: 2)
        }
        try writeModel()
        #expect(throws: ModelError(file: path, .badMetadata(key: "kanade.config", "lacks 'temperature', 'vocab'"))) {
            try store.open("test-melody", version: 2, configKeys: ["hidden", "temperature", "vocab"])
        }
        var badVersion = Self.metadata
        badVersion["kanade.version"] = "two"
        try writeModel(metadata: badVersion)
        #expect(throws: ModelError(file: path, .badMetadata(key: "kanade.version", "'two' is not an integer"))) {
            try store.open("test-melody", version: 2)
        }
        let config = try { () throws -> ModelConfig in try writeModel(); return try store.open("test-melody", version: 2).info.config }()
        #expect(throws: ModelError(file: path, .badMetadata(key: "kanade.config", "'hidden' is 256, expected a string"))) {
            try config.string("hidden")
        }
    }

    @Test func kanadeModelsComesBeforeTheUserFolder() throws {
        let user = home.appendingPathComponent(".local/share/kanade/models")
        try FileManager.default.createDirectory(at: user, withIntermediateDirectories: true)
        try SafeTensorsWriter.write(["x": Tensor([1])], metadata: Self.metadata, to: user.appendingPathComponent("test-melody.safetensors").path)
        let store = ModelStore(environment: ["HOME": home.path])
        #expect(try store.locate("test-melody").location == .user)
        try writeModel()
        #expect(try ModelStore(environment: environment).locate("test-melody").location == .environment)
    }

    @Test func catalogReportListsModelsAndSaysWhenNoneIsBundled() throws {
        try writeModel()
        try Data("not a model".utf8).write(to: folder.appendingPathComponent("broken.safetensors"))
        let catalog = ModelCatalog(ModelStore(environment: environment))
        #expect(catalog.models.filter { $0.location == .environment }.map(\.name) == ["test-melody"])
        #expect(catalog.problems.count == 1 && catalog.problems[0].file.hasSuffix("broken.safetensors"))
        let report = catalog.report
        #expect(report.contains("test-melody  v2"))
        #expect(report.contains("(KANADE_MODELS)"))
        #expect(report.contains("data:    music21 corpus: 2-bar monophonic melodies"))
        #expect(report.contains("metrics: accuracy 0.913, kl 12.5"))
        #expect(report.contains("license: not recorded"), "a file without a `license` key says so")
        // Whatever is bundled is listed too; the "none bundled" line appears only when nothing is.
        #expect(report.contains("No bundled models") == !catalog.models.contains { $0.location == .bundled })
    }

    @Test func bundledModelsAreFoundAndReadable() {
        let bundled = ModelStore.bundledFolder
        #expect(bundled != nil, "kanade_Models.resources/Resources should be installed beside the test runner")
        let catalog = ModelCatalog(ModelStore(folders: bundled.map { [(.bundled, $0)] } ?? []))
        #expect(catalog.problems.isEmpty, "\(catalog.problems)")
        #expect(!catalog.models.isEmpty, "the MelodyVAE models are bundled")
        #expect(catalog.models.allSatisfy { $0.location == .bundled })
        // Every bundled weights file states its licence and its training data's (docs/licenses.md).
        for m in catalog.models {
            #expect(m.license == "GPL-3.0-or-later", "\(m.name): license '\(m.license)'")
            #expect(!m.dataLicense.isEmpty, "\(m.name): no data_license in its metadata")
            #expect(catalog.report.contains("license: \(m.license)"))
        }
        // With nothing bundled yet the report must say so; once a model lands it must not.
        #expect(catalog.report.contains("No bundled models yet") == catalog.models.isEmpty)
    }
}
