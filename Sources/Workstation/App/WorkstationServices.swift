import AudioIO
import Models

/// The slow or outside-world work the app shell runs off the UI thread for `Effect`s. Injected so tests
/// (and the shell before a capability exists) can supply their own.
public struct WorkstationServices: Sendable {
    /// Reads an audio file; the error's description names the file and the problem.
    public var loadAudio: @Sendable (_ path: String) throws -> AudioBuffer
    /// Computes a track's spectrogram, reporting progress 0…1; `progress` answers false when the job was
    /// cancelled, and the computation then stops and throws `WorkstationError.cancelled`.
    public var spectrogram: @Sendable (_ audio: AudioBuffer, _ progress: @Sendable (Double) -> Bool) throws -> LogSpectrogram
    /// Renders the built-in demo song.
    public var demoSong: @Sendable () throws -> AudioBuffer
    /// Where themes are found.
    public var themes: ThemeLibrary
    /// The melody model for a block length (2 or 16 bars) and flavor, loaded on first use.
    public var melodyModel: @Sendable (_ bars: Int, _ flavor: MelodyVAE.Flavor) throws -> MelodyVAE
    /// Files: projects and the journal go through this seam (tests make it slow or fail).
    public var fileSystem: FileSystem

    /// Services from closures.
    public init(loadAudio: @escaping @Sendable (String) throws -> AudioBuffer,
                spectrogram: @escaping @Sendable (AudioBuffer, @Sendable (Double) -> Bool) throws -> LogSpectrogram,
                demoSong: @escaping @Sendable () throws -> AudioBuffer,
                themes: ThemeLibrary,
                melodyModel: @escaping @Sendable (Int, MelodyVAE.Flavor) throws -> MelodyVAE = {
                    try MelodyModelCache.bundled.model(bars: $0, flavor: $1)
                },
                fileSystem: FileSystem = .standard) {
        self.loadAudio = loadAudio; self.spectrogram = spectrogram; self.demoSong = demoSong; self.themes = themes
        self.melodyModel = melodyModel; self.fileSystem = fileSystem
    }
}

/// A failure of background work, as one line naming the file and the problem.
public struct WorkstationError: Error, CustomStringConvertible {
    /// The line.
    public var description: String
    /// An error with a line.
    public init(_ description: String) { self.description = description }
    /// Work stopped by `:cancel`.
    public static let cancelled = WorkstationError("cancelled")
}
