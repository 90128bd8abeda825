import Foundation

/// `#MUSIC` paths: StepMania reads them relative to the simfile's folder.
public enum MusicPath {
    /// `file` (absolute, or relative to the working directory) as a path relative to the folder of `simfile`.
    public static func relative(_ file: String, from simfile: String) -> String {
        let target = URL(fileURLWithPath: file).standardizedFileURL.pathComponents
        let base = URL(fileURLWithPath: simfile).standardizedFileURL.deletingLastPathComponent().pathComponents
        var shared = 0
        while shared < min(target.count - 1, base.count), target[shared] == base[shared] { shared += 1 }
        let up = Array(repeating: "..", count: base.count - shared)
        return (up + target[shared...]).joined(separator: "/")
    }

    /// The file a simfile at `simfile` names with `#MUSIC:music;`, as a path (nil when `music` is empty).
    public static func resolve(_ music: String, from simfile: String) -> String? {
        guard !music.isEmpty else { return nil }
        if music.hasPrefix("/") { return music }
        return URL(fileURLWithPath: simfile).deletingLastPathComponent().appendingPathComponent(music).standardizedFileURL.path
    }
}
