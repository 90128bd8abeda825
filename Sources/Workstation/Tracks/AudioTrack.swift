import AudioIO

/// One piece of audio in the session: a file the person opened, or the demo song.
public struct AudioTrack: Sendable, Identifiable {
    /// Stable identity (survives undo and reordering).
    public var id: Int
    /// Shown in the status bar: the file name.
    public var name: String
    /// Where it came from; nil for audio made by the app (the demo).
    public var path: String?
    /// The samples.
    public var audio: AudioBuffer
    /// Mixer settings.
    public var gainDB: Double = 0
    /// Silenced in the mix.
    public var isMuted = false
    /// When any track is soloed, only soloed tracks sound.
    public var isSoloed = false

    /// A track with default mixer settings.
    public init(id: Int, name: String, path: String?, audio: AudioBuffer) {
        self.id = id; self.name = name; self.path = path; self.audio = audio
    }

    /// Length in seconds.
    public var duration: Double { audio.duration }
}
