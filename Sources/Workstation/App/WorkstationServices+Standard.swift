import AudioIO
import Foundation
import Signal

extension WorkstationServices {
    /// The services the `kanade` executable uses: `AudioFile` reads files, `Signal` computes spectrograms,
    /// `Synth` renders the demo song.
    public static func standard() -> WorkstationServices {
        WorkstationServices(
            loadAudio: { path in try AudioFile.read(path) },
            spectrogram: { audio, progress in
                guard let s = SpectrogramAnalysis.compute(audio, progress: progress) else { throw WorkstationError.cancelled }
                return s
            },
            demoSong: { DemoSong.render() },
            themes: .standard())
    }
}

/// How a track's spectrogram is computed: a 2048-point Hann STFT every 512 samples of the mono mix,
/// magnitudes in dB relative to a full-scale sine, mapped onto 256 log-spaced bands from 20 Hz to Nyquist
/// (Signal's `LogFrequencyBins`). Done in chunks so progress can be shown; one thread, so the UI keeps a core.
public enum SpectrogramAnalysis {
    /// STFT size and hop.
    public static let fftSize = 2048, hop = 512
    /// Number of log-frequency bands kept (the pane re-bins these to its height).
    public static let bandCount = 256

    /// Computes the spectrogram of `audio`, reporting progress 0…1 after each chunk; nil when `progress`
    /// answers false (the job was cancelled).
    public static func compute(_ audio: AudioBuffer, progress: (Double) -> Bool = { _ in true }) -> LogSpectrogram? {
        let stft = STFT(fftSize: fftSize, hop: hop, center: false, maxThreads: 1)
        let bins = LogFrequencyBins(sampleRate: audio.sampleRate, fftSize: fftSize, rowCount: bandCount, minHz: 20)
        let frequencies = (0..<bandCount).map { sqrt(bins.edges[$0] * bins.edges[$0 + 1]) }
        // Pad by half a window each side so frame f is centred on sample f·hop (as a centred STFT).
        let half = fftSize / 2
        var signal = [Float](repeating: 0, count: half)
        signal += audio.mono
        signal += [Float](repeating: 0, count: half)
        let frames = audio.frameCount / hop + 1
        // A full-scale sine peaks at |X| = fftSize/4 under a Hann window: call that 0 dB.
        let reference = Float(fftSize) / 4
        var levels = [Float]()
        levels.reserveCapacity(frames * bandCount)
        let chunk = 256
        var first = 0
        while first < frames {
            let count = min(chunk, frames - first)
            let start = first * hop
            let end = min(signal.count, start + (count - 1) * hop + fftSize)
            var segment = Array(signal[start..<end])
            if segment.count < (count - 1) * hop + fftSize {
                segment += [Float](repeating: 0, count: (count - 1) * hop + fftSize - segment.count)
            }
            let magnitudes = stft.magnitudes(segment)
            for f in 0..<magnitudes.frameCount {
                let db = magnitudes.frame(f).map { Decibels.fromAmplitude($0, reference: reference, floor: -160) }
                levels += bins.rows(of: db)
            }
            first += count
            if !progress(Double(first) / Double(frames)) { return nil }
        }
        return LogSpectrogram(secondsPerFrame: Double(hop) / audio.sampleRate, bandFrequencies: frequencies, levels: levels)
    }
}
