import CFluidSynth
import Foundation

/// A General MIDI program (or the GM drum kit) from a SoundFont, played in-process by libfluidsynth.
///
/// `init` checks the file; `prepare` — on the owner's thread, never the audio thread — creates the fluidsynth
/// synth for the sample rate and loads the SoundFont into memory. The audio thread then only calls note on/off,
/// all-notes-off, the active voice count and `fluid_synth_write_float` (docs/audio.md, "SoundFonts": what
/// fluidsynth does inside those calls). The synth is made with `synth.threadsafe-api` off (no mutex around each
/// call), one CPU core (no worker threads) and `synth.dynamic-sample-loading` off (every sample is in memory
/// after loading, so rendering reads no file). fluidsynth's own logging is switched off process-wide, so it
/// never writes to a terminal Kanade draws on nor formats a message on the audio thread.
public final class SoundFontSynth: Instrument {
    /// Debian's `fluid-soundfont-gm`, the default SoundFont.
    public static let defaultSoundFont = "/usr/share/sounds/sf2/FluidR3_GM.sf2"
    /// The MIDI channel (0-based) fluidsynth plays the GM drum kit on.
    public static let drumChannel: Int32 = 9

    /// The SoundFont file.
    public let path: String
    /// The General MIDI program (0–127); ignored for drums.
    public let program: Int
    /// Plays the GM drum kit (bank 128 on channel 10) instead of `program`.
    public let drums: Bool

    private var settings: OpaquePointer?
    private var synth: OpaquePointer?
    private var sampleRate = 0.0
    /// Stereo scratch fluidsynth writes into; mixed to mono into the output.
    private let left: UnsafeMutablePointer<Float>
    private let right: UnsafeMutablePointer<Float>
    private static let scratchFrames = 1024
    private var channel: Int32 { drums ? Self.drumChannel : 0 }

    /// fluidsynth logs to stderr by default: off for the whole process, once.
    private static let quietLogging: Void = {
        for level in [FLUID_PANIC, FLUID_ERR, FLUID_WARN, FLUID_INFO, FLUID_DBG] {
            _ = fluid_set_log_function(Int32(level.rawValue), nil, nil)
        }
    }()

    /// A player of `program` (or the drum kit) from the SoundFont at `path`; throws when the file cannot be
    /// read or is not a SoundFont. The samples load in `prepare`.
    public init(program: Int, drums: Bool = false, soundFont path: String = SoundFontSynth.defaultSoundFont) throws(SoundFontError) {
        _ = Self.quietLogging
        guard FileManager.default.isReadableFile(atPath: path) else { throw SoundFontError(path: path, reason: "cannot be read") }
        guard fluid_is_soundfont(path) != 0 else { throw SoundFontError(path: path, reason: "is not a SoundFont 2 (.sf2/.sf3) file") }
        self.path = path
        self.program = min(max(program, 0), 127)
        self.drums = drums
        left = .allocate(capacity: Self.scratchFrames)
        right = .allocate(capacity: Self.scratchFrames)
    }

    deinit {
        if let synth { delete_fluid_synth(synth) }
        if let settings { delete_fluid_settings(settings) }
        left.deallocate()
        right.deallocate()
    }

    /// The reason the last `prepare` could not load the SoundFont (then the instrument is silent).
    public private(set) var loadProblem: SoundFontError?

    /// Creates the synth for `sampleRate` and loads the SoundFont (allocates, reads the file: never on the
    /// audio thread). Preparing again at the same rate only silences it.
    public func prepare(sampleRate: Double) {
        if let synth, sampleRate == self.sampleRate {
            fluid_synth_all_sounds_off(synth, -1)
            return
        }
        if let synth { delete_fluid_synth(synth); self.synth = nil }
        if let settings { delete_fluid_settings(settings); self.settings = nil }
        self.sampleRate = sampleRate
        guard let settings = new_fluid_settings() else { return }
        self.settings = settings
        fluid_settings_setnum(settings, "synth.sample-rate", sampleRate)
        fluid_settings_setint(settings, "synth.threadsafe-api", 0)
        fluid_settings_setint(settings, "synth.cpu-cores", 1)
        fluid_settings_setint(settings, "synth.dynamic-sample-loading", 0)
        fluid_settings_setint(settings, "synth.polyphony", 128)
        // No chorus: its LFO runs from the synth's creation, so a note would sound different live (the synth made
        // earlier) than in the export; the reverb is time-invariant and stays.
        fluid_settings_setint(settings, "synth.chorus.active", 0)
        guard let synth = new_fluid_synth(settings) else {
            loadProblem = SoundFontError(path: path, reason: "fluidsynth could not start")
            return
        }
        guard fluid_synth_sfload(synth, path, 1) != FLUID_FAILED else {
            delete_fluid_synth(synth)
            loadProblem = SoundFontError(path: path, reason: "could not be loaded")
            return
        }
        if drums {
            fluid_synth_bank_select(synth, channel, 128)
            fluid_synth_program_change(synth, channel, 0)
        } else {
            fluid_synth_program_change(synth, channel, Int32(program))
        }
        loadProblem = nil
        self.synth = synth
    }

    // MARK: The audio thread
    //
    // fluidsynth's code is outside the compile-time real-time check (it cannot see into a C library), so each
    // call goes through one of the wrappers at the end of this file, which the check does not enter;
    // docs/audio.md ("SoundFonts") says what those calls do inside.

    public func noteOn(pitch: Int, velocity: Int) {
        guard let synth else { return }
        let key = Int32(min(max(pitch, 0), 127)), vel = Int32(min(max(velocity, 1), 127)), channel = channel
        fluidNoteOn(synth, channel, key, vel)
    }

    public func noteOff(pitch: Int) {
        guard let synth else { return }
        let key = Int32(min(max(pitch, 0), 127)), channel = channel
        fluidNoteOff(synth, channel, key)
    }

    public func allNotesOff() {
        guard let synth else { return }
        let channel = channel
        fluidAllNotesOff(synth, channel)
    }

    /// Adds the synth's output, the mean of its two channels, into `output`.
    public func render(into output: UnsafeMutableBufferPointer<Float>) {
        guard let synth, let base = output.baseAddress else { return }
        var done = 0
        while done < output.count {
            let count = min(Self.scratchFrames, output.count - done)
            let left = left, right = right
            fluidWrite(synth, Int32(count), left, right)
            for i in 0..<count { base[done + i] += 0.5 * (left[i] + right[i]) }
            done += count
        }
    }

    public var isSilent: Bool {
        guard let synth else { return true }
        return fluidActiveVoices(synth) == 0
    }
}

// The five fluidsynth calls the audio thread makes. `no_performance_analysis`: the real-time check cannot see into
// libfluidsynth, so it is told not to try here; what they do is in docs/audio.md ("SoundFonts").
@_semantics("no_performance_analysis")
private func fluidNoteOn(_ synth: OpaquePointer, _ channel: Int32, _ key: Int32, _ velocity: Int32) {
    fluid_synth_noteon(synth, channel, key, velocity)
}

@_semantics("no_performance_analysis")
private func fluidNoteOff(_ synth: OpaquePointer, _ channel: Int32, _ key: Int32) { fluid_synth_noteoff(synth, channel, key) }

@_semantics("no_performance_analysis")
private func fluidAllNotesOff(_ synth: OpaquePointer, _ channel: Int32) { fluid_synth_all_notes_off(synth, channel) }

@_semantics("no_performance_analysis")
private func fluidWrite(_ synth: OpaquePointer, _ frames: Int32, _ left: UnsafeMutablePointer<Float>, _ right: UnsafeMutablePointer<Float>) {
    fluid_synth_write_float(synth, frames, left, 0, 1, right, 0, 1)
}

@_semantics("no_performance_analysis")
private func fluidActiveVoices(_ synth: OpaquePointer) -> Int32 { fluid_synth_get_active_voice_count(synth) }

/// A SoundFont that cannot be used, naming the file.
public struct SoundFontError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "SoundFont \(path) \(reason)" }
}
