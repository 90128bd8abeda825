import Foundation
import Synchronization
import Synth

/// The morph grid's work, on the timbre model's own queue: checking corner words (and encoding WAV corners),
/// making a point's notes (all 61 pitches, into `MorphSamples`, where the grid's and the tracks' instruments
/// find them), and the preview's brightness.
public enum MorphGridEffect: FeatureEffect {
    /// Resolve corner words (index nil: all four) to instrument names, encoding WAV files.
    case checkCorners(index: Int?, [String])
    /// Make the notes of the grid's point; skipped when a newer point was asked for meanwhile.
    case generate(MorphSpec, generation: Int)
    /// Make the notes of a point a track will play.
    case warm(MorphSpec)
    /// The 9 × 9 brightness preview of four corners.
    case preview(corners: [String])

    /// The newest `generate` asked for: an older one still queued is skipped, so holding an arrow key does
    /// not queue a second of work per step.
    static let latest = Atomic<Int>(0)

    /// The model queue's name.
    static let queue = "timbre"

    public func run(_ context: EffectContext) {
        let post = context.post
        switch self {
        case .checkCorners(let index, let words):
            context.model(Self.queue).async {
                do {
                    let voices = try MorphVoices.shared()
                    var names: [String] = []
                    for word in words {
                        let name = voices.resolved(corner: word)
                        _ = try voices.latent(corner: name)
                        names.append(name)
                    }
                    post(.morphGrid(.cornersChecked(index: index, names)))
                } catch {
                    post(.morphGrid(.cornerFailed("\(error)")))
                }
            }
        case .generate(let spec, let generation):
            Self.latest.store(generation, ordering: .relaxed)
            context.model(Self.queue).async {
                guard Self.latest.load(ordering: .relaxed) == generation else { return }
                let start = DispatchTime.now().uptimeNanoseconds
                do {
                    _ = try MorphSamples.notes(for: spec)
                    let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                    post(.morphGrid(.generated(generation: generation, key: spec.soundKey, milliseconds: ms)))
                } catch {
                    post(.morphGrid(.generationFailed(generation: generation, message: "\(error)")))
                }
            }
        case .warm(let spec):
            context.model(Self.queue).async {
                do { _ = try MorphSamples.notes(for: spec) } catch {
                    post(.notify("morph:\(spec.label ?? spec.soundKey): \(error)", isError: true))
                }
            }
        case .preview(let corners):
            context.model(Self.queue).async {
                do {
                    let voices = try MorphVoices.shared()
                    var latents: [[Float]] = []
                    for corner in corners { latents.append(try voices.latent(corner: corner)) }
                    post(.morphGrid(.previewReady(corners: corners.joined(separator: ","), voices.brightness(corners: latents))))
                } catch {
                    post(.morphGrid(.cornerFailed("\(error)")))
                }
            }
        }
    }
}
