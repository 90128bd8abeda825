import Music

/// What happens in the piano roll: its commands, and the results of its file work.
public enum PianoRollAction: FeatureAction {
    /// A `roll …` command.
    case command(PianoRollCommand)
    /// `:open x.mid`: read it into the current slot.
    case open(path: String)
    /// `:w x.mid`: write the current slot.
    case write(path: String)
    /// `:export x.wav`: bounce the current slot.
    case export(path: String)
    /// A `.mid` file was read for a slot, with what the reader read past (shown once in the status line).
    case loaded(jobID: Int, path: String, slot: Int, NoteSequence, warnings: [String] = [])
    /// A melody was written (`.mid`) or exported (`.wav`).
    case written(jobID: Int, path: String)

    public func reduce(_ state: inout AppState) -> [Effect] {
        switch self {
        case .command(let command):
            return reducePianoRoll(&state, command)
        case .open(let path):
            let job = state.startJob("reading \(fileName(path))")
            return [.feature(PianoRollEffect.readMIDI(path: path, slot: state.session.pianoRoll.currentSlot, jobID: job))]
        case .write(let path):
            let job = state.startJob("writing \(fileName(path))")
            return [.feature(PianoRollEffect.writeMIDI(path: path, state.session.pianoRoll.melody, jobID: job))]
        case .export(let path):
            let job = state.startJob("exporting \(fileName(path))")
            let roll = state.session.pianoRoll
            return [.feature(PianoRollEffect.exportWAV(path: path, roll.melody, instruments: roll.trackInstruments(slot: roll.currentSlot),
                                                       jobID: job))]
        case .loaded(let jobID, let path, let slot, let melody, let warnings):
            state.jobs[jobID] = nil
            guard !state.cancelledJobs.contains(jobID) else { return [] }
            state.history.record(state.session)
            if !state.session.pianoRoll.slots.indices.contains(slot) {
                state.session.pianoRoll.slots.append(PianoRoll.emptyMelody(name: PianoRoll.slotName(state.session.pianoRoll.slots.count)))
            }
            let target = min(slot, state.session.pianoRoll.slots.count - 1)
            state.session.pianoRoll.currentSlot = target
            state.session.pianoRoll.slots[target] = melody
            state.session.pianoRoll.paths[target] = path
            state.session.pianoRoll.currentTrack = 0
            state.session.pianoRoll.selection = []
            state.session.pianoRoll.loop = nil
            state.view.pianoRoll.reveal(melody)
            state.view.focus = state.view.layout.panes.contains(.pianoRoll) ? .pianoRoll : state.view.focus
            let opened = "opened \(path): \(melody.tracks.count) track\(melody.tracks.count == 1 ? "" : "s"), \(melody.allNotes.count) notes"
            if let first = warnings.first {
                let more = warnings.count > 1 ? " (and \(warnings.count - 1) more: kanade notes FILE lists them)" : ""
                state.say("\(opened); warning: \(first)\(more)")
            } else {
                state.say(opened)
            }
            return []
        case .written(let jobID, let path):
            state.jobs[jobID] = nil
            if PianoRollFeature.isMIDIPath(path) { state.session.pianoRoll.paths[state.session.pianoRoll.currentSlot] = path }
            state.say("wrote \(path)")
            return []
        }
    }
}

extension Action {
    /// A piano-roll action.
    public static func pianoRoll(_ action: PianoRollAction) -> Action { .feature(action) }
}
