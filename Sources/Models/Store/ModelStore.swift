import Foundation
import Neural

/// Finds a model's weights and checks they are the ones the code expects.
///
/// A model `name` is the file `<name>.safetensors`, looked for in order in:
/// 1. `$KANADE_MODELS` (a folder), when set, so a freshly trained model can be tried without rebuilding;
/// 2. the bundled resources (`Sources/Models/Resources/`, shipped in the `kanade_Models.resources` bundle);
/// 3. `~/.local/share/kanade/models` (or `$XDG_DATA_HOME/kanade/models`).
///
/// Opening checks the metadata block written by `training/common/kanade_export.py` (docs/models/README.md):
/// `kanade.model` must equal the name, `kanade.version` the version the code was written for, and
/// `kanade.config` must hold every key the code reads; anything else is a `ModelError` saying what is off.
public struct ModelStore: Sendable {
    /// Where a model file was found.
    public enum Location: String, Sendable, Equatable {
        /// `$KANADE_MODELS`.
        case environment = "KANADE_MODELS"
        /// The app's bundled resources.
        case bundled
        /// The user's data folder.
        case user
    }

    /// The folders searched, in order, with what each is.
    public let folders: [(location: Location, path: String)]

    /// A store over explicit folders (tests, tools).
    public init(folders: [(location: Location, path: String)]) {
        self.folders = folders
    }

    /// The standard search order for this process's environment.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        var folders: [(Location, String)] = []
        if let custom = environment["KANADE_MODELS"], !custom.isEmpty { folders.append((.environment, custom)) }
        if let bundled = Self.bundledFolder { folders.append((.bundled, bundled)) }
        let data = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        folders.append((.user, data + "/kanade/models"))
        self.init(folders: folders)
    }

    /// The bundled `Resources` folder, or nil when the resource bundle is not installed next to the executable.
    ///
    /// This looks where `Bundle.module` looks (`kanade_Models.resources` beside the executable) but checks first,
    /// because the generated `Bundle.module` accessor stops the process when the bundle is missing.
    public static let bundledFolder: String? = {
        let executableDir = Bundle.main.executableURL?.deletingLastPathComponent()
        for base in [Bundle.main.bundleURL, executableDir].compactMap({ $0 }) {
            let resources = base.appendingPathComponent("kanade_Models.resources").appendingPathComponent("Resources")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: resources.path, isDirectory: &isDirectory), isDirectory.boolValue {
                return resources.path
            }
        }
        return nil
    }()

    /// The path of model `name`'s file, or `notFound` listing the folders searched.
    public func locate(_ name: String) throws(ModelError) -> (path: String, location: Location) {
        for (location, folder) in folders {
            let path = folder + "/" + name + ".safetensors"
            if FileManager.default.fileExists(atPath: path) { return (path, location) }
        }
        throw ModelError(file: name, .notFound(searched: folders.map { "\($0.path) (\($0.location.rawValue))" }))
    }

    /// Opens model `name` and checks its metadata against what the code needs.
    /// - Parameters:
    ///   - version: the `kanade.version` the code was written for.
    ///   - configKeys: keys that must be in `kanade.config`; all missing ones are named in one error.
    public func open(_ name: String, version: Int, configKeys: [String] = []) throws(ModelError) -> Model {
        let (path, location) = try locate(name)
        let file = try SafeTensorsFile(path: path)
        let info = try ModelInfo(file: file, location: location)
        guard info.name == name else {
            throw ModelError(file: path, .metadataMismatch(key: "kanade.model", expected: name, actual: info.name))
        }
        guard info.version == version else {
            throw ModelError(file: path, .metadataMismatch(key: "kanade.version", expected: String(version), actual: String(info.version)))
        }
        let missing = configKeys.filter { info.config.values[$0] == nil }
        if !missing.isEmpty {
            throw ModelError(file: path, .badMetadata(key: "kanade.config",
                "lacks " + missing.map { "'\($0)'" }.joined(separator: ", ")))
        }
        return Model(info: info, weights: Weights(file))
    }

    /// Every readable model file in the searched folders (first folder wins for a name), and the files that
    /// could not be read with their errors.
    public func catalog() -> (models: [ModelInfo], problems: [ModelError]) {
        var models: [ModelInfo] = []
        var problems: [ModelError] = []
        var seen: Set<String> = []
        for (location, folder) in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for entry in names.sorted() where entry.hasSuffix(".safetensors") {
                let stem = String(entry.dropLast(".safetensors".count))
                guard !seen.contains(stem) else { continue }
                seen.insert(stem)
                do {
                    models.append(try ModelInfo(file: try SafeTensorsFile(path: folder + "/" + entry), location: location))
                } catch {
                    problems.append(error)
                }
            }
        }
        return (models, problems)
    }
}

/// An opened, checked model: its metadata and its weights by state_dict name.
public struct Model: Sendable {
    /// Name, version, config, data, metrics, path.
    public let info: ModelInfo
    /// The tensors, for building layers (`LSTM(model.weights.scope("decoder.lstm"))`).
    public let weights: Weights
}
