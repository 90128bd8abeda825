/// A model file that cannot be used, with the file and the problem named.
///
/// Every failure to read or check a model's weights is one of these, so the TUI can show it in the status
/// line and the CLI can print it as one line. It lives in `Neural` (not `Models`) because the safetensors
/// reader throws it and `Neural` sits below `Models`.
public struct ModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong with the file.
    public enum Problem: Equatable, Sendable {
        /// The file could not be opened or mapped (the system's reason).
        case unreadable(String)
        /// The file could not be written (the system's reason).
        case unwritable(String)
        /// The file ends before the header or the data it declares.
        case truncated(expected: Int, actual: Int)
        /// The JSON header is malformed or breaks the safetensors rules.
        case badHeader(String)
        /// A tensor's dtype is unknown, or cannot be read as `Float`.
        case unsupportedDType(tensor: String, dtype: String)
        /// A tensor's byte range is out of bounds, overlaps another, or disagrees with its shape.
        case badOffsets(tensor: String, String)
        /// A tensor the network needs is not in the file.
        case missingTensor(String)
        /// A tensor has a different shape than the network needs.
        case shapeMismatch(tensor: String, expected: [Int], actual: [Int])
        /// A tensor's shape does not fit the layer built from it (the reason in words).
        case layerMismatch(tensor: String, String)
        /// A metadata key Kanade needs is absent.
        case missingMetadata(key: String)
        /// A metadata value differs from what the code expects.
        case metadataMismatch(key: String, expected: String, actual: String)
        /// A metadata value (or a config field in it) cannot be parsed.
        case badMetadata(key: String, String)
        /// No file for the model was found; `searched` lists where we looked.
        case notFound(searched: [String])
    }

    /// The file (or, for `notFound`, the model name) this is about.
    public let file: String
    /// What is wrong.
    public let problem: Problem

    /// An error about `file`.
    public init(file: String, _ problem: Problem) {
        self.file = file
        self.problem = problem
    }

    /// One line: the file, then the problem.
    public var description: String {
        "\(file): \(message)"
    }

    /// The problem in words, without the file.
    public var message: String {
        switch problem {
        case .unreadable(let why): "cannot read model file (\(why))"
        case .unwritable(let why): "cannot write model file (\(why))"
        case .truncated(let expected, let actual):
            "truncated: needs \(expected) bytes, file has \(actual)"
        case .badHeader(let why): "bad safetensors header: \(why)"
        case .unsupportedDType(let tensor, let dtype): "tensor '\(tensor)' has unsupported dtype \(dtype)"
        case .badOffsets(let tensor, let why): "tensor '\(tensor)' has bad data offsets: \(why)"
        case .missingTensor(let name): "missing tensor '\(name)'"
        case .shapeMismatch(let tensor, let expected, let actual):
            "tensor '\(tensor)' has shape \(actual), expected \(expected)"
        case .layerMismatch(let tensor, let why): "tensor '\(tensor)' does not fit the layer: \(why)"
        case .missingMetadata(let key): "metadata key '\(key)' is missing"
        case .metadataMismatch(let key, let expected, let actual):
            "metadata '\(key)' is '\(actual)', expected '\(expected)'"
        case .badMetadata(let key, let why): "metadata '\(key)' is unusable: \(why)"
        case .notFound(let searched):
            "model not found; looked in " + (searched.isEmpty ? "no places" : searched.joined(separator: ", "))
        }
    }
}
