/// A model's parameters by PyTorch `state_dict` name, seen from one submodule.
///
/// `weights.scope("encoder.lstm").tensor("weight_ih_l0")` reads `encoder.lstm.weight_ih_l0`, so a layer
/// loads itself from the same prefix PyTorch gave its module.
public struct Weights: Sendable {
    /// The file the tensors come from.
    public let file: SafeTensorsFile
    /// The dotted module path prepended to every name ("" at the root).
    public let prefix: String

    /// The whole file, from the root module.
    public init(_ file: SafeTensorsFile) {
        self.file = file
        prefix = ""
    }

    /// Opens the safetensors file at `path`.
    public init(path: String) throws(ModelError) {
        self.init(try SafeTensorsFile(path: path))
    }

    private init(file: SafeTensorsFile, prefix: String) {
        self.file = file
        self.prefix = prefix
    }

    /// The weights of submodule `name` (dotted paths allowed).
    public func scope(_ name: String) -> Weights {
        Weights(file: file, prefix: fullName(name))
    }

    /// The full state_dict name of `name` in this scope.
    public func fullName(_ name: String) -> String {
        prefix.isEmpty ? name : name.isEmpty ? prefix : "\(prefix).\(name)"
    }

    /// Whether the parameter `name` exists in this scope.
    public func contains(_ name: String) -> Bool { file.contains(fullName(name)) }

    /// The shape of parameter `name`, or nil when it is absent.
    public func shape(of name: String) -> [Int]? { file.entries[fullName(name)]?.shape }

    /// Parameter `name`, optionally required to have `shape`.
    public func tensor(_ name: String, shape: [Int]? = nil) throws(ModelError) -> Tensor {
        try file.tensor(fullName(name), shape: shape)
    }

    /// Parameter `name` if present (still validated against `shape`).
    public func optionalTensor(_ name: String, shape: [Int]? = nil) throws(ModelError) -> Tensor? {
        contains(name) ? try tensor(name, shape: shape) : nil
    }

    /// Parameter `name`, required to have `rank` dimensions; the shape's other sizes are read from it.
    public func tensor(_ name: String, rank: Int) throws(ModelError) -> Tensor {
        let t = try tensor(name)
        guard t.rank == rank else {
            throw ModelError(file: file.path, .badHeader("tensor '\(fullName(name))' has rank \(t.rank), expected \(rank)"))
        }
        return t
    }

    /// A convolution kernel `weight` of `rank` dimensions whose first dimension splits into `groups`.
    func kernel(rank: Int, groups: Int) throws(ModelError) -> Tensor {
        let w = try tensor("weight", rank: rank)
        guard groups >= 1, w.shape[0] % groups == 0 else {
            throw ModelError(file: file.path, .layerMismatch(tensor: fullName("weight"),
                "first dimension \(w.shape[0]) does not split into \(groups) groups"))
        }
        return w
    }
}
