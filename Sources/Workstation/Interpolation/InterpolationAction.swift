import Models
import Music

/// What happens on the interpolation slider: its commands and the melody model's answers.
public enum InterpolationAction: FeatureAction {
    /// An `interp …` command.
    case command(InterpolationCommand)
    /// The melody model decoded the slider's path for `key`.
    case ready(InterpolationSlider.Key, [NoteSequence])
    /// The melody model sampled or varied a melody.
    case generated(InterpolationSlider.Generated)
    /// The melody model could not run (the message names the model file and the problem).
    case failed(String)

    public func reduce(_ state: inout AppState) -> [Effect] {
        switch self {
        case .command(let command): return reduceInterpolation(&state, command)
        case .ready(let key, let melodies): return reduceInterpolationReady(&state, key: key, melodies: melodies)
        case .generated(let generated): return reduceMelodyGenerated(&state, generated)
        case .failed(let message):
            // Only the slider's own work is cancelled: another model's failure is its feature's business.
            state.interpolation.pending = nil
            state.interpolation.playWhenReady = false
            state.endJobs(labelled: InterpolationSlider.jobLabel)
            state.say(message, error: true)
            return []
        }
    }
}

extension Action {
    /// An interpolation-slider action.
    public static func interpolation(_ action: InterpolationAction) -> Action { .feature(action) }
}

/// The melody model's work for the slider, on the melody model's own serial queue (loaded once).
public enum InterpolationEffect: FeatureEffect {
    /// Decode the slider's path from A to B, reporting `ready` or `failed`.
    case interpolate(InterpolationSlider.Key)
    /// Sample (`source` nil) or vary a melody, reporting `generated` or `failed`.
    case generate(MelodyRequest)

    public func run(_ context: EffectContext) {
        let services = context.services
        switch self {
        case .interpolate(let key):
            context.model("melody-vae").async {
                context.post(withModel(bars: key.bars, .interpolation, services) {
                    .interpolation(.ready(key, MelodyModelJobs.interpolate(key, model: $0)))
                })
            }
        case .generate(let request):
            context.model("melody-vae").async {
                context.post(withModel(bars: request.bars, request.flavor, services) {
                    .interpolation(.generated(MelodyModelJobs.generate(request, model: $0)))
                })
            }
        }
    }
}

private func withModel(bars: Int, _ flavor: MelodyVAE.Flavor, _ services: WorkstationServices,
                       _ work: (MelodyVAE) -> Action) -> Action {
    do { return work(try services.melodyModel(bars, flavor)) } catch { return .interpolation(.failed("melody model: \(error)")) }
}
