import Neural

/// What a model file says about itself: its Kanade metadata block and where it lies.
public struct ModelInfo: Sendable, Equatable {
    /// `kanade.model`.
    public let name: String
    /// `kanade.version`.
    public let version: Int
    /// The hyperparameters from `kanade.config`.
    public let config: ModelConfig
    /// `kanade.data`: the training data in one line ("" when absent).
    public let data: String
    /// `kanade.metrics`: headline metrics on the test split (empty when absent).
    public let metrics: [String: JSONValue]
    /// `kanade.git`: the training code's revision ("" when absent).
    public let git: String
    /// `license`: the weights' licence, an SPDX expression ("" when absent).
    public let license: String
    /// `data_license`: the training data's licences in one line ("" when absent).
    public let dataLicense: String
    /// The file's path.
    public let path: String
    /// The file's size in bytes.
    public let size: Int
    /// Where the store found it.
    public let location: ModelStore.Location

    /// Reads and checks the metadata of an opened file: name, version and config must be present and parse.
    init(file: SafeTensorsFile, location: ModelStore.Location) throws(ModelError) {
        let path = file.path
        name = try file.metadata("kanade.model")
        let versionText = try file.metadata("kanade.version")
        guard let v = Int(versionText) else {
            throw ModelError(file: path, .badMetadata(key: "kanade.version", "'\(versionText)' is not an integer"))
        }
        version = v
        config = ModelConfig(file: path, values: try JSONValue.object(try file.metadata("kanade.config"), key: "kanade.config", file: path))
        data = file.metadata["kanade.data"] ?? ""
        metrics = try file.metadata["kanade.metrics"].map { text throws(ModelError) in
            try JSONValue.object(text, key: "kanade.metrics", file: path)
        } ?? [:]
        git = file.metadata["kanade.git"] ?? ""
        license = file.metadata["license"] ?? ""
        dataLicense = file.metadata["data_license"] ?? ""
        self.path = path
        size = file.fileSize
        self.location = location
    }
}
