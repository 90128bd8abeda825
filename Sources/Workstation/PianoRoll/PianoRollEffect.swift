import Music
import Synth

/// The piano roll's file work, run off the UI thread.
public enum PianoRollEffect: FeatureEffect {
    /// Read a `.mid` file, reporting `loaded` or `jobFailed`.
    case readMIDI(path: String, slot: Int, jobID: Int)
    /// Write a melody as `.mid` atomically, reporting `written` or `jobFailed`.
    case writeMIDI(path: String, NoteSequence, jobID: Int)
    /// Bounce a melody to a WAV file, reporting `written` or `jobFailed`.
    case exportWAV(path: String, NoteSequence, instruments: [InstrumentChoice], jobID: Int)

    public func run(_ context: EffectContext) {
        switch self {
        case .readMIDI(let path, let slot, let job):
            context.files.async {
                do {
                    let result = try NoteSequence.readMIDIFile(expandTilde(path))
                    context.post(.pianoRoll(.loaded(jobID: job, path: path, slot: slot, result.sequence, warnings: result.warnings)))
                } catch {
                    context.post(.jobFailed(jobID: job, message: "\(error)"))
                }
            }
        case .writeMIDI(let path, let melody, let job):
            context.files.async {
                do {
                    try melody.writeMIDIFile(to: expandTilde(path))
                    context.post(.pianoRoll(.written(jobID: job, path: path)))
                } catch {
                    context.post(.jobFailed(jobID: job, message: "\(error)"))
                }
            }
        case .exportWAV(let path, let melody, let instruments, let job):
            context.compute.async {
                do {
                    guard !context.isCancelled(job) else { return }
                    try MelodyExport.wav(melody, instruments: instruments, to: expandTilde(path))
                    context.post(.pianoRoll(.written(jobID: job, path: path)))
                } catch {
                    context.post(.jobFailed(jobID: job, message: "\(error)"))
                }
            }
        }
    }
}
