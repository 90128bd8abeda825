import Foundation

/// Tab completion of command lines: command names, then their arguments (paths, themes, settings, words).
/// The file system is reached through `listDirectory` so tests can give a fake one.
public struct Completer: Sendable {
    /// Theme names for `:theme`.
    public var themeNames: [String]
    /// Layout names for `:layout`.
    public var layoutNames: [String]
    /// Corner words of the timbre model for `:morph corner`, and saved morph points for `:morph recall` and
    /// `:instrument morph`; empty where the model is not loaded.
    public var instrumentNames: [String] = []
    public var savedMorphPoints: [String] = []
    /// Entries of a directory: (name, isDirectory).
    public var listDirectory: @Sendable (String) -> [(name: String, isDirectory: Bool)]

    /// A completer over the real file system.
    public init(themeNames: [String], layoutNames: [String] = Layout.builtIn.map(\.name),
                listDirectory: @escaping @Sendable (String) -> [(name: String, isDirectory: Bool)] = Completer.listRealDirectory) {
        self.themeNames = themeNames
        self.layoutNames = layoutNames
        self.listDirectory = listDirectory
    }

    /// Full command lines that complete `line`, sorted.
    public func candidates(for line: String) -> [String] {
        guard let space = line.firstIndex(of: " ") else {
            let names = CommandSpec.all.flatMap { [$0.name] + $0.aliases }
            return Array(Set(names.filter { $0.hasPrefix(line) })).sorted()
        }
        let name = String(line[..<space])
        let arg = String(line[line.index(after: space)...])
        guard let spec = CommandSpec.named(name) else { return [] }
        let head = name + " "
        switch spec.argument {
        case .none: return []
        case .words(let words):
            if name == "instrument", arg.hasPrefix("morph ") {
                let typed = String(arg.dropFirst(6))
                return (["grid"] + savedMorphPoints).filter { $0.hasPrefix(typed) }.map { head + "morph " + $0 }
            }
            return words.filter { $0.hasPrefix(arg) }.map { head + $0 }
        case .layout: return (["next"] + layoutNames).filter { $0.hasPrefix(arg) }.map { head + $0 }
        case .pane: return (["next", "prev"] + PaneKind.allCases.map(\.rawValue)).filter { $0.hasPrefix(arg) }.map { head + $0 }
        case .theme: return themeNames.filter { $0.hasPrefix(arg) }.map { head + $0 }
        case .setting:
            if let sp = arg.firstIndex(of: " ") {
                let key = String(arg[..<sp]), value = String(arg[arg.index(after: sp)...])
                let options: [String]
                switch key {
                case "follow": options = ["on", "off"]
                case "glyphs": options = ["auto", "unicode", "ascii"]
                default: options = []
                }
                return options.filter { $0.hasPrefix(value) }.map { head + key + " " + $0 }.sorted()
            }
            return Settings.keys.map(\.key).filter { $0.hasPrefix(arg) }.map { head + $0 + " " }
        case .path: return pathCandidates(arg).map { head + $0 }
        case .morph: return morphCandidates(arg).map { head + $0 }
        }
    }

    /// `morph corner N WORD`, `morph corners A B C D`: instrument words (or paths, once the word has a `/`
    /// or `.wav`); `morph recall|forget NAME`: saved points; else the subcommands.
    private func morphCandidates(_ arg: String) -> [String] {
        let words = arg.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let last = words.last ?? ""
        let before = words.dropLast().joined(separator: " ")
        let prefix = before.isEmpty ? "" : before + " "
        guard words.count > 1 else {
            return MorphGridCommand.words.filter { $0.hasPrefix(last) }.map { $0 + " " }
        }
        let sub = words[0]
        let instrumentSlot = (sub == "corner" && words.count == 3) || (sub == "corners" && (2...5).contains(words.count))
        if instrumentSlot {
            if last.contains("/") || last.lowercased().hasSuffix(".wav") || last.hasPrefix("~") || last.hasPrefix(".") {
                return pathCandidates(last).map { prefix + $0 }
            }
            return Array(Set(instrumentNames.filter { $0.hasPrefix(last) })).sorted().map { prefix + $0 }
        }
        if (sub == "recall" || sub == "forget" || sub == "save") && words.count == 2 {
            return savedMorphPoints.filter { $0.hasPrefix(last) }.map { prefix + $0 }
        }
        if sub == "corner" && words.count == 2 { return ["1", "2", "3", "4"].filter { $0.hasPrefix(last) }.map { prefix + $0 + " " } }
        return []
    }

    private func pathCandidates(_ typed: String) -> [String] {
        let slash = typed.lastIndex(of: "/")
        let dirPart = slash.map { String(typed[...$0]) } ?? ""
        let namePart = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        let dir = dirPart.isEmpty ? "." : expandTilde(dirPart)
        return listDirectory(dir)
            .filter { $0.name.hasPrefix(namePart) && ($0.name.hasPrefix(".") == namePart.hasPrefix(".")) }
            .map { dirPart + $0.name + ($0.isDirectory ? "/" : "") }
            .sorted()
    }

    /// The real directory listing.
    public static let listRealDirectory: @Sendable (String) -> [(name: String, isDirectory: Bool)] = { dir in
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.map { name in
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: (dir as NSString).appendingPathComponent(name),
                                                        isDirectory: &isDir)
            return (name, exists && isDir.boolValue)  // a name that vanished since the listing is not a folder
        }
    }
}

/// `~/x` → `$HOME/x`.
public func expandTilde(_ path: String) -> String {
    guard path.hasPrefix("~") else { return path }
    return NSHomeDirectory() + path.dropFirst()
}
