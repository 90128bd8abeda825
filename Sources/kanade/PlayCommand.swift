import AudioIO
import ArgumentParser
import Dispatch
import Foundation
import Synchronization

/// `kanade play FILE`: plays an audio file through ALSA with a live progress line.
struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Play an audio file through ALSA (Ctrl-C stops).",
        discussion: """
        The device is --device, else $KANADE_AUDIO_DEVICE, else "default". Any ALSA PCM name works, \
        e.g. hw:0, plughw:1, or file:'out.wav',wav to capture the output in a WAV file. With no usable \
        device, kanade says so once and plays silently in real time.
        """
    )

    @Argument(help: "The audio file.")
    var file: String

    @Option(help: "ALSA device (default: $KANADE_AUDIO_DEVICE, else \"default\").")
    var device: String?

    @Option(help: "Start this many seconds into the file.")
    var start: Double?

    @Option(help: "Stop this many seconds into the file.")
    var end: Double?

    @Option(help: "Ask the device for this sample rate instead of the file's; the file is resampled (libsoxr) to the rate the device grants.")
    var rate: Double?

    func validate() throws {
        if let start, start < 0 { throw ValidationError("--start must be 0 or more") }
        if let start, let end, end <= start { throw ValidationError("--end must be after --start") }
        if let rate, rate < 1000 || rate > 768_000 { throw ValidationError("--rate must be between 1000 and 768000") }
    }

    func run() throws {
        let (_, whole) = try CommandLineOutput.readAudio(file)
        let first = Int(((start ?? 0) * whole.sampleRate).rounded())
        let last = min(Int(((end ?? whole.duration) * whole.sampleRate).rounded()), whole.frameCount)
        guard first < last else {
            CommandLineOutput.error("\(file): --start \(start ?? 0) s is past the end (\(CommandLineOutput.clock(whole.duration)))")
            throw ExitCode.failure
        }
        let excerpt = first == 0 && last == whole.frameCount ? whole
            : AudioBuffer(sampleRate: whole.sampleRate, channels: whole.channels.map { Array($0[first..<last]) })

        let configuration = PlaybackConfiguration(device: device, sampleRate: rate ?? whole.sampleRate,
                                                  channelCount: min(excerpt.channelCount, 2))
        let engine = PlaybackEngine(configuration: configuration)
        if let problem = engine.deviceProblem { CommandLineOutput.error(problem) }
        do {
            _ = try engine.addTrack(excerpt)
        } catch {
            CommandLineOutput.error("\(file): \(error)")
            throw ExitCode.failure
        }

        let interrupted = Self.catchInterrupt()
        let progress = ProgressLine(enabled: CommandLineOutput.isTerminal(STDOUT_FILENO), offset: start ?? 0,
                                    total: Double(last) / whole.sampleRate)
        engine.start()
        engine.play()
        engine.waitUntilApplied()
        while engine.transport == .playing && !interrupted.isRaised {
            progress.show(engine)
            usleep(100_000)
        }
        let stoppedEarly = interrupted.isRaised
        if stoppedEarly { engine.pause() }   // pause keeps the playhead for the summary
        engine.shutdown()
        progress.finish(engine, interrupted: stoppedEarly)
        if engine.underrunCount > 0 { CommandLineOutput.error("\(engine.underrunCount) underruns during playback") }
        if stoppedEarly { throw ExitCode(130) }
    }

    /// Ctrl-C sets a flag the play loop checks, so it can stop the engine and restore the line.
    private static func catchInterrupt() -> InterruptFlag {
        let flag = InterruptFlag()
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { flag.raised.store(true, ordering: .relaxed) }
        source.resume()
        flag.source = source
        return flag
    }
}

/// Set when the user pressed Ctrl-C.
final class InterruptFlag: @unchecked Sendable {
    let raised = Atomic<Bool>(false)
    /// Keeps the signal source alive as long as the flag.
    var source: DispatchSourceSignal?

    var isRaised: Bool { raised.load(ordering: .relaxed) }
}

/// The one-line "0:12.3 / 3:01.0 [#####-----] L -12 dB R -14 dB" display, redrawn in place.
struct ProgressLine {
    let enabled: Bool
    /// Where in the file playback started, added to the playhead for display.
    let offset: Double
    /// Where playback ends, in file seconds.
    let total: Double

    func show(_ engine: PlaybackEngine) {
        guard enabled else { return }
        let now = offset + engine.playheadSeconds
        let width = 30
        let filled = total > 0 ? min(width, Int(Double(width) * now / total)) : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let levels = engine.peakLevels.map { $0 > 0 ? String(format: "%4.0f", 20 * log10($0)) : "-inf" }
            .joined(separator: " ")
        let line = "\r\(CommandLineOutput.clock(now)) / \(CommandLineOutput.clock(total)) ▕\(bar)▏ peak dB \(levels)\u{1B}[K"
        FileHandle.standardOutput.write(Data(line.utf8))
    }

    func finish(_ engine: PlaybackEngine, interrupted: Bool) {
        let position = CommandLineOutput.clock(offset + engine.playheadSeconds)
        let summary = interrupted ? "stopped at \(position)" : "played to \(position)"
        if enabled {
            FileHandle.standardOutput.write(Data("\r\u{1B}[K\(summary)\n".utf8))
        } else {
            print(summary)
        }
    }
}
