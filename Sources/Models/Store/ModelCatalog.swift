import Foundation
import Neural

/// The models a store can see, as `kanade models` prints them.
public struct ModelCatalog: Sendable {
    /// Readable models, first folder first.
    public let models: [ModelInfo]
    /// Files that could not be read, each naming the file and the problem.
    public let problems: [ModelError]
    /// The folders searched.
    public let folders: [(location: ModelStore.Location, path: String)]

    /// Reads every model file in `store`'s folders.
    public init(_ store: ModelStore) {
        (models, problems) = store.catalog()
        folders = store.folders
    }

    /// One block per model (name, version, size, where from, licence, training data and its licences, headline
    /// metrics), then where was searched; says plainly when nothing is bundled.
    public var report: String {
        var lines: [String] = []
        for m in models {
            lines.append("\(m.name)  v\(m.version)  \(Self.size(m.size))  (\(m.location.rawValue))")
            lines.append("    license: \(m.license.isEmpty ? "not recorded" : m.license)")
            lines.append("    data:    \(m.data.isEmpty ? "not recorded" : m.data)")
            if !m.dataLicense.isEmpty { lines.append("    data license: \(m.dataLicense)") }
            let metrics = m.metrics.keys.sorted().map { "\($0) \(m.metrics[$0]!)" }
            lines.append("    metrics: \(metrics.isEmpty ? "not recorded" : metrics.joined(separator: ", "))")
            if !m.git.isEmpty { lines.append("    trained: git \(m.git)") }
            lines.append("    file:    \(m.path)")
        }
        if !models.contains(where: { $0.location == .bundled }) {
            if let bundled = folders.first(where: { $0.location == .bundled }) {
                lines.append("No bundled models yet (\(bundled.path) holds none).")
            } else {
                lines.append("No bundled models: the resource bundle kanade_Models.resources is not installed next to kanade.")
            }
        }
        lines.append("Searched: " + folders.map { "\($0.path) (\($0.location.rawValue))" }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    /// Bytes in a short human unit.
    static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1 << 20 { return String(format: "%.1f KiB", Double(bytes) / 1024) }
        return String(format: "%.1f MiB", Double(bytes) / Double(1 << 20))
    }
}
