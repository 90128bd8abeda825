extension WorkstationServices {
    /// The services the `kanade` executable uses.
    public static func standard() -> WorkstationServices {
        WorkstationServices(
            loadAudio: { path in throw WorkstationError("\(path): reading audio files needs AudioIO.AudioFile, not merged yet") },
            spectrogram: { _, _ in throw WorkstationError("needs Signal's STFT, not merged yet") },
            demoSong: { throw WorkstationError("needs Synth, not merged yet") },
            themes: .standard())
    }
}
