import Models
import Music

/// Continuations waiting for a choice: the takes `:continue` made for a slot, shown as ghost notes in the piano
/// roll until one is kept or all are dropped (work in progress: not saved, not undone).
public struct MelodyTakes: StatePart {
    /// The slot the takes continue, and its melody when they were made.
    public var slot = 0
    public var source: NoteSequence?
    /// The track that was continued.
    public var track = 0
    /// Whole-slot melodies, one per take: the source with the track's continuation added.
    public var takes: [NoteSequence] = []
    /// The take shown and played.
    public var index = 0
    /// Where the continuation starts (the bar after the primer).
    public var firstNewTick = 0

    public init() {}

    /// Whether takes wait for a choice.
    public var isPending: Bool { !takes.isEmpty }

    /// The shown take's new notes (the ghost).
    public var newNotes: [Note] {
        guard takes.indices.contains(index), takes[index].tracks.indices.contains(track) else { return [] }
        return takes[index].tracks[track].notes.filter { $0.startTick >= firstNewTick }
    }

    static let jobLabel = "continue"
}

extension AppState {
    /// The takes of the last `:continue`, until one is kept or they are dropped.
    public var melodyTakes: MelodyTakes {
        get { features[MelodyTakes.self] }
        set { features[MelodyTakes.self] = newValue }
    }
}

/// `take next|prev|keep|drop`: choosing among the takes of `:continue`.
public enum TakeCommand: String, Sendable, CaseIterable {
    case next, prev, keep, drop
}

extension MelodyToolsAction {
    /// Starts a continuation of the current slot's edited track.
    static func reduceContinue(_ state: inout AppState, bars: Int, variations: Int, temperature: Double) -> [Effect] {
        guard !state.hasJob(labelled: MelodyTakes.jobLabel) else { state.say("already continuing (:cancel stops it)"); return [] }
        let roll = state.session.pianoRoll
        let melody = roll.melody
        guard melody.tracks.indices.contains(roll.currentTrack), !melody.tracks[roll.currentTrack].notes.isEmpty else {
            state.say("continue: the edited track has no notes to continue", error: true)
            return []
        }
        var primer = melody
        primer.tracks = [melody.tracks[roll.currentTrack]]
        state.melodyTakes = MelodyTakes()
        let job = state.startJob(MelodyTakes.jobLabel)
        state.say("continuing by \(bars) bar\(bars == 1 ? "" : "s"), \(variations) take\(variations == 1 ? "" : "s")…")
        return [.feature(MelodyToolsEffect.continueMelody(job: job, slot: roll.currentSlot, source: melody, track: roll.currentTrack,
                                                           primer: primer, bars: bars, variations: variations,
                                                           temperature: temperature, seed: UInt64(state.nextJobID)))]
    }

    /// The takes arrived: show the first as ghost notes and play it.
    static func reduceContinued(_ state: inout AppState, job: Int, slot: Int, source: NoteSequence, track: Int,
                                takes: [NoteSequence], firstNewTick: Int) -> [Effect] {
        guard state.jobs.removeValue(forKey: job) != nil else { return [] }
        guard state.session.pianoRoll.slots.indices.contains(slot), state.session.pianoRoll.slots[slot] == source else {
            state.say("the melody changed while the model worked: no takes (run it again)", error: true)
            return []
        }
        var pending = MelodyTakes()
        (pending.slot, pending.source, pending.track, pending.takes, pending.firstNewTick) = (slot, source, track, takes, firstNewTick)
        state.melodyTakes = pending
        return showTake(&state)
    }

    static func reduceTake(_ state: inout AppState, _ command: TakeCommand) -> [Effect] {
        var pending = state.melodyTakes
        guard pending.isPending else { state.say("no takes to choose from (:continue makes some)"); return [] }
        switch command {
        case .next, .prev:
            pending.index = (pending.index + (command == .next ? 1 : -1) + pending.takes.count) % pending.takes.count
            state.melodyTakes = pending
            return showTake(&state)
        case .keep:
            state.melodyTakes = MelodyTakes()
            guard state.session.pianoRoll.slots.indices.contains(pending.slot),
                  state.session.pianoRoll.slots[pending.slot] == pending.source else {
                state.say("the melody changed since the takes were made: nothing kept", error: true)
                return [state.stopMelodyPreview()]
            }
            let before = state.session
            state.session.pianoRoll.slots[pending.slot] = pending.takes[pending.index]
            state.session.pianoRoll.selection = []
            state.history.record(before)
            state.say("kept take \(pending.index + 1) of \(pending.takes.count) (u undoes)")
            return [state.stopMelodyPreview()]
        case .drop:
            state.melodyTakes = MelodyTakes()
            state.say("takes dropped")
            return [state.stopMelodyPreview()]
        }
    }

    /// Says which take shows and plays it from the bar before the continuation.
    static func showTake(_ state: inout AppState) -> [Effect] {
        let pending = state.melodyTakes
        let take = pending.takes[pending.index]
        let bar = 4 * take.ticksPerQuarter
        state.say("take \(pending.index + 1)/\(pending.takes.count): \(pending.newNotes.count) new notes · N/P next/previous · Enter keeps · Esc drops")
        let roll = state.session.pianoRoll
        return [.playMelody(take, instruments: roll.trackInstruments(slot: pending.slot),
                            fromTick: max(0, pending.firstNewTick - bar), loop: nil)]
    }
}

/// The bundled MelodyRNN, loaded once, on first use.
let bundledContinuer = LoadedOnce { try MelodyContinuer() }
