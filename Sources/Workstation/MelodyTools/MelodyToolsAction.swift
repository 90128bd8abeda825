import Foundation
import Models
import Music

/// What the melody tools do: the commands, and the model's answers.
public enum MelodyToolsAction: FeatureAction {
    /// `:harmonize`: the current slot's edited track becomes the soprano of four voices.
    case harmonize(gibbsSteps: Int)
    /// `:infill`: the selected notes of the edited alto, tenor or bass track are written again.
    case infill(gibbsSteps: Int)
    /// `:continue`: the current slot's edited track continued by `bars` bars, in `variations` takes.
    case continueMelody(bars: Int, variations: Int, temperature: Double)
    /// `:take …`: cycle, keep or drop the takes.
    case take(TakeCommand)
    /// MelodyRNN's takes for `slot`, made from `source`.
    case continued(job: Int, slot: Int, source: NoteSequence, track: Int, takes: [NoteSequence], firstNewTick: Int)
    /// The model's result for `slot`, made from `source` (applied only if the slot still holds `source`).
    case finished(job: Int, slot: Int, source: NoteSequence, result: NoteSequence, label: String)
    /// The model could not run or the melody does not fit (one line, naming the file or the problem).
    case failed(job: Int, String)

    static let jobLabel = "harmonize"

    public func reduce(_ state: inout AppState) -> [Effect] {
        switch self {
        case .harmonize(let steps):
            guard !state.hasJob(labelled: Self.jobLabel) else { state.say("already harmonizing (:cancel stops it)"); return [] }
            let roll = state.session.pianoRoll
            let melody = roll.melody
            guard melody.tracks.indices.contains(roll.currentTrack), !melody.tracks[roll.currentTrack].notes.isEmpty else {
                state.say("harmonize: the edited track has no notes", error: true)
                return []
            }
            var soprano = melody
            soprano.tracks = [melody.tracks[roll.currentTrack]]
            let job = state.startJob(Self.jobLabel)
            state.say("harmonizing \(melody.tracks[roll.currentTrack].notes.count) notes (\(steps) Gibbs steps)…")
            return [.feature(MelodyToolsEffect.harmonize(job: job, slot: roll.currentSlot, source: melody, soprano: soprano,
                                                          gibbsSteps: steps, seed: UInt64(state.nextJobID)))]
        case .infill(let steps):
            guard !state.hasJob(labelled: Self.jobLabel) else { state.say("already harmonizing (:cancel stops it)"); return [] }
            let roll = state.session.pianoRoll
            let melody = roll.melody
            guard melody.tracks.count == 4, melody.tracks.map(\.name) == Harmonizer.voiceNames else {
                state.say("infill works on a harmonized slot (four tracks, Soprano … Bass): use :harmonize first", error: true)
                return []
            }
            guard roll.currentTrack > 0 else {
                state.say("infill: the soprano is the melody; edit the alto, tenor or bass track (t) and select notes there", error: true)
                return []
            }
            let notes = melody.tracks[roll.currentTrack].notes
            let chosen = roll.selection.filter { notes.indices.contains($0) }.map { notes[$0] }
            guard let start = chosen.map(\.startTick).min(), let end = chosen.map(\.endTick).max() else {
                state.say("infill: select the notes to write again (v, V or a) in the \(Harmonizer.voiceNames[roll.currentTrack].lowercased())", error: true)
                return []
            }
            let job = state.startJob(Self.jobLabel)
            state.say("writing the \(Harmonizer.voiceNames[roll.currentTrack].lowercased()) again over \(chosen.count) notes…")
            return [.feature(MelodyToolsEffect.infill(job: job, slot: roll.currentSlot, source: melody, voice: roll.currentTrack,
                                                       ticks: start..<end, gibbsSteps: steps, seed: UInt64(state.nextJobID)))]
        case .continueMelody(let bars, let variations, let temperature):
            return Self.reduceContinue(&state, bars: bars, variations: variations, temperature: temperature)
        case .take(let command):
            return Self.reduceTake(&state, command)
        case .continued(let job, let slot, let source, let track, let takes, let firstNewTick):
            return Self.reduceContinued(&state, job: job, slot: slot, source: source, track: track, takes: takes, firstNewTick: firstNewTick)
        case .finished(let job, let slot, let source, let result, let label):
            guard state.jobs.removeValue(forKey: job) != nil else { return [] }  // cancelled
            guard state.session.pianoRoll.slots.indices.contains(slot), state.session.pianoRoll.slots[slot] == source else {
                state.say("the melody changed while the model worked: nothing replaced (run it again)", error: true)
                return []
            }
            let before = state.session
            state.session.pianoRoll.slots[slot] = result
            state.session.pianoRoll.selection = []
            if state.session.pianoRoll.currentSlot == slot {
                state.session.pianoRoll.currentTrack = min(state.session.pianoRoll.currentTrack, result.tracks.count - 1)
            }
            state.history.record(before)
            state.say(label)
            return []
        case .failed(let job, let message):
            guard state.jobs.removeValue(forKey: job) != nil else { return [] }
            state.say(message, error: true)
            return []
        }
    }
}

extension Action {
    /// A melody-tools action.
    public static func melodyTools(_ action: MelodyToolsAction) -> Action { .feature(action) }
}

/// The bundled Coconet, loaded once, on first use.
let bundledHarmonizer = LoadedOnce { try Harmonizer() }

/// The harmonizer's work, on its own model queue (loaded once, on first use).
enum MelodyToolsEffect: FeatureEffect {
    case harmonize(job: Int, slot: Int, source: NoteSequence, soprano: NoteSequence, gibbsSteps: Int, seed: UInt64)
    case infill(job: Int, slot: Int, source: NoteSequence, voice: Int, ticks: Range<Int>, gibbsSteps: Int, seed: UInt64)
    case continueMelody(job: Int, slot: Int, source: NoteSequence, track: Int, primer: NoteSequence, bars: Int,
                        variations: Int, temperature: Double, seed: UInt64)

    func run(_ context: EffectContext) {
        if case .continueMelody = self {
            context.model(MelodyContinuer.modelName).async {
                guard !context.isCancelled(job) else { return }
                context.post(work())
            }
            return
        }
        context.model(Harmonizer.modelName).async {
            let job = self.job
            guard !context.isCancelled(job) else { return }
            context.post(work { fraction in
                context.post(.jobProgress(jobID: job, fraction: fraction))
                return !context.isCancelled(job)
            })
        }
    }

    var job: Int {
        switch self {
        case .harmonize(let job, _, _, _, _, _), .infill(let job, _, _, _, _, _, _), .continueMelody(let job, _, _, _, _, _, _, _, _): job
        }
    }

    /// Runs the model; `progress` hears the fraction done and answers whether to go on.
    func work(progress: (Double) -> Bool = { _ in true }) -> Action {
        switch self {
        case .harmonize(let job, let slot, let source, let soprano, let steps, let seed):
            do {
                let result = try bundledHarmonizer.value().harmonize(soprano, gibbsSteps: steps, seed: seed, progress: progress)
                let label = source.tracks.count == 1 ? "harmonized: soprano, alto, tenor, bass (u undoes)"
                    : "harmonized: soprano, alto, tenor, bass replace the slot's \(source.tracks.count) tracks (u undoes)"
                return .melodyTools(.finished(job: job, slot: slot, source: source, result: result, label: label))
            } catch {
                return .melodyTools(.failed(job: job, "harmonize: \(error)"))
            }
        case .continueMelody(let job, let slot, let source, let track, let primer, let bars, let variations, let temperature, let seed):
            do {
                let takes = try bundledContinuer.value().continuations(of: primer, bars: bars, variations: variations,
                                                                           temperature: Float(temperature), seed: seed)
                let bar = 4 * primer.ticksPerQuarter
                let primerEnd = primer.tracks[0].notes.map(\.endTick).max() ?? 0
                let firstNew = max(1, (primerEnd - primer.ticksPerQuarter / 8 + bar - 1) / bar) * bar
                let whole = takes.map { take -> NoteSequence in
                    var m = source
                    m.tracks[track].notes = take.tracks[0].notes
                    return m
                }
                return .melodyTools(.continued(job: job, slot: slot, source: source, track: track, takes: whole, firstNewTick: firstNew))
            } catch {
                return .melodyTools(.failed(job: job, "continue: \(error)"))
            }
        case .infill(let job, let slot, let source, let voice, let ticks, let steps, let seed):
            do {
                let result = try bundledHarmonizer.value().infill(source, voice: voice, ticks: ticks, gibbsSteps: steps, seed: seed, progress: progress)
                return .melodyTools(.finished(job: job, slot: slot, source: source, result: result,
                                              label: "\(Harmonizer.voiceNames[voice].lowercased()) written again (u undoes)"))
            } catch {
                return .melodyTools(.failed(job: job, "infill: \(error)"))
            }
        }
    }
}
