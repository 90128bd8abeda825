import AudioIO
import ArgumentParser
import Foundation
import Signal

/// `kanade info FILE`: what an audio file is and how loud.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show an audio file's format, rate, channels, duration and peak/RMS level."
    )

    @Argument(help: "The audio file (WAV, FLAC, OGG/Vorbis, Opus, MP3, AIFF …).")
    var file: String

    func run() throws {
        let (info, buffer) = try CommandLineOutput.readAudio(file)
        var peak: Float = 0
        var squares = 0.0
        var channelLines: [String] = []
        for (index, channel) in buffer.channels.enumerated() {
            var channelPeak: Float = 0
            var channelSquares = 0.0
            for sample in channel {
                channelPeak = max(channelPeak, abs(sample))
                channelSquares += Double(sample) * Double(sample)
            }
            peak = max(peak, channelPeak)
            squares += channelSquares
            let rms = Float((channelSquares / Double(max(channel.count, 1))).squareRoot())
            channelLines.append("  channel \(index + 1): peak \(Self.db(channelPeak)), RMS \(Self.db(rms))")
        }
        let rms = Float((squares / Double(max(buffer.frameCount * buffer.channelCount, 1))).squareRoot())
        print("""
        file:     \(file)
        format:   \(info.format)
        rate:     \(Int(info.sampleRate)) Hz
        channels: \(info.channelCount)
        duration: \(CommandLineOutput.clock(buffer.duration)) (\(buffer.frameCount) frames)
        peak:     \(Self.db(peak))
        RMS:      \(Self.db(rms))
        """)
        if buffer.channelCount > 1 { print(channelLines.joined(separator: "\n")) }
    }

    /// "-6.02 dBFS", or "-inf dBFS" for digital silence.
    static func db(_ amplitude: Float) -> String {
        amplitude > 0 ? String(format: "%.2f dBFS", 20 * log10(Double(amplitude))) : "-inf dBFS"
    }
}
