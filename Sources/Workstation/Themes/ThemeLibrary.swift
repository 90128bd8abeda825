import Foundation

/// Finds theme files: `$KANADE_THEMES`, `~/.config/kanade/themes`, then a `themes/` folder in the
/// current directory or above the executable (the repository's own `themes/`).
public struct ThemeLibrary: Sendable {
    /// Folders searched, first match wins.
    public var folders: [String]

    /// A library over explicit folders.
    public init(folders: [String]) { self.folders = folders }

    /// The standard search path for this process.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> ThemeLibrary {
        var folders: [String] = []
        if let dir = environment["KANADE_THEMES"] { folders.append(dir) }
        let home = environment["HOME"] ?? NSHomeDirectory()
        folders.append(environment["XDG_CONFIG_HOME"].map { "\($0)/kanade/themes" } ?? "\(home)/.config/kanade/themes")
        folders.append(FileManager.default.currentDirectoryPath + "/themes")
        // The executable lives in .build/<config>/kanade in a checkout: walk up to find themes/.
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<5 {
            folders.append(dir.appendingPathComponent("themes").path)
            dir = dir.deletingLastPathComponent()
        }
        return ThemeLibrary(folders: folders)
    }

    /// Names of every theme found (plus `default`, which is built in), sorted.
    public func names() -> [String] {
        var names: Set<String> = ["default"]
        for folder in folders {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for f in files where f.hasSuffix(".toml") { names.insert(String(f.dropLast(5))) }
        }
        return names.sorted()
    }

    /// Loads a theme by name (or by path, when `name` contains `/`).
    public func load(_ name: String) throws(ThemeError) -> Theme {
        let candidates = name.contains("/") ? [name] : folders.map { "\($0)/\(name).toml" }
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
            else { throw ThemeError(theme: path, problem: "cannot be read as UTF-8 text") }
            do { return try Theme(toml: text, name: name) } catch { throw ThemeError(theme: path, problem: error.problem) }
        }
        if name == "default" { return .builtIn }
        throw ThemeError(theme: name, problem: "no such theme (have: \(names().joined(separator: ", ")))")
    }
}
