import Music

/// Applies an interpolation-slider command. The model runs in the app shell: this asks for a decode when the
/// pair of melodies (or the step count, or the model) changed, and moves through cached results otherwise.
func reduceInterpolation(_ state: inout AppState, _ command: InterpolationCommand) -> [Effect] {
    let slotCount = state.session.pianoRoll.slots.count
    var s = state.interpolation
    defer { state.interpolation = s }
    switch command {
    case .move(let n):
        return moveSlider(&state, &s, to: s.position + n)
    case .moveTo(let p):
        return moveSlider(&state, &s, to: p)
    case .end:
        return moveSlider(&state, &s, to: s.steps - 1)
    case .setA(let i), .setB(let i):
        guard i < slotCount else {
            state.say("no slot \(PianoRoll.slotName(i)): roll slot new adds one (have \(slotCount))", error: true)
            return []
        }
        if case .setA = command { s.slotA = i } else { s.slotB = i }
        return pairChanged(&state, &s)
    case .nextA:
        s.slotA = (s.slotA + 1) % max(1, slotCount)
        return pairChanged(&state, &s)
    case .nextB:
        s.slotB = (s.slotB + 1) % max(1, slotCount)
        return pairChanged(&state, &s)
    case .swap:
        (s.slotA, s.slotB) = (s.slotB, s.slotA)
        s.position = s.steps - 1 - s.position
        return pairChanged(&state, &s)
    case .stepsBy(let n), .steps(let n):
        let old = s.steps
        s.steps = max(3, min(33, command == .steps(n) ? n : s.steps + n))
        // Keep the slider at the same fraction of the way.
        s.position = Int((Double(s.position) / Double(old - 1) * Double(s.steps - 1)).rounded())
        state.say("\(s.steps) steps from A to B")
        return refresh(&state, &s, play: false)
    case .commit(let target):
        guard let melody = s.current else { state.say("nothing to keep yet: move the slider, s samples", error: true); return [] }
        return commit(&state, melody, to: target)
    case .sample:
        let t = s.temperature
        return generate(&state, &s, source: nil, amount: t, label: "sample T \(formatDecimal(t))")
    case .vary:
        let source = s.current ?? slotMelody(state, s.slotA)
        guard let source, !source.allNotes.isEmpty else { state.say("nothing to vary: put a melody in slot A", error: true); return [] }
        let what = s.generated?.label ?? (s.current != nil ? s.positionLabel : "A")
        return generate(&state, &s, source: source, amount: s.variation, label: "variation \(formatDecimal(s.variation)) of \(what)")
    case .temperatureBy(let d), .temperature(let d):
        s.temperature = max(0, min(2, command == .temperature(d) ? d : (s.temperature + d)))
        s.temperature = (s.temperature * 10).rounded() / 10
        state.say("sampling temperature \(formatDecimal(s.temperature))\(s.temperature == 0 ? " (greedy)" : "")")
        return []
    case .variationBy(let d):
        s.variation = max(0.1, min(3, ((s.variation + d) * 10).rounded() / 10))
        state.say("variation \(formatDecimal(s.variation)) (spread of the melody's latent point)")
        return []
    case .play:
        if state.view.pianoRoll.playhead != nil { return [state.stopMelodyPreview()] }
        guard let melody = s.current else { state.say("nothing to play yet: move the slider first"); return [] }
        return interpolationPlay(&state, melody)
    case .bars(let n):
        s.bars = n
        state.say(n == 16 ? "16-bar hierarchical model: one latent point per 16 bars, less exact than 2-bar blocks"
                          : "2-bar model, melodies taken 2 bars at a time")
        return refresh(&state, &s, play: false)
    }
}

/// Stores a decoded path; plays the melody at the slider when a move asked for it.
func reduceInterpolationReady(_ state: inout AppState, key: InterpolationSlider.Key, melodies: [NoteSequence]) -> [Effect] {
    guard state.interpolation.pending == key else { return [] }  // an older request: a newer one is running
    let play = state.interpolation.playWhenReady
    state.interpolation.store(melodies, for: key)
    state.interpolation.playWhenReady = false
    state.endJobs(labelled: InterpolationSlider.jobLabel)
    describePosition(&state)
    guard play, let m = state.interpolation.current else { return [] }
    return interpolationPlay(&state, m)
}

/// Shows a sampled or varied melody at the slider and plays it.
func reduceMelodyGenerated(_ state: inout AppState, _ generated: InterpolationSlider.Generated) -> [Effect] {
    state.interpolation.generated = generated
    state.endJobs(labelled: InterpolationSlider.jobLabel)
    state.say("\(generated.label): \(noteSummary(generated.melody)) (enter keeps it)")
    return interpolationPlay(&state, generated.melody)
}

private func moveSlider(_ state: inout AppState, _ s: inout InterpolationSlider, to p: Int) -> [Effect] {
    let target = max(0, min(s.steps - 1, p))
    let moved = target != s.position || s.generated != nil
    s.position = target
    s.generated = nil
    return refresh(&state, &s, play: moved || s.current == nil)
}

private func pairChanged(_ state: inout AppState, _ s: inout InterpolationSlider) -> [Effect] {
    s.generated = nil
    state.say("A = slot \(PianoRoll.slotName(s.slotA)), B = slot \(PianoRoll.slotName(s.slotB))")
    return refresh(&state, &s, play: false)
}

/// Asks for a decode when the cached one is stale; otherwise plays (when asked) the melody at the slider.
private func refresh(_ state: inout AppState, _ s: inout InterpolationSlider, play: Bool) -> [Effect] {
    guard let key = currentKey(&state, s) else { return [] }
    if s.isFresh(for: key) {
        state.interpolation = s
        describePosition(&state)
        guard play, let m = s.current else { return [] }
        return interpolationPlay(&state, m)
    }
    s.playWhenReady = s.playWhenReady || play
    if s.pending == key { return [] }
    s.pending = key
    if !state.hasJob(labelled: InterpolationSlider.jobLabel) { _ = state.startJob(InterpolationSlider.jobLabel) }
    return [.feature(InterpolationEffect.interpolate(key))]
}

/// The slider's key, or nil (with a message saying what is missing) when A or B has no melody.
private func currentKey(_ state: inout AppState, _ s: InterpolationSlider) -> InterpolationSlider.Key? {
    let roll = state.session.pianoRoll
    for (side, slot) in [("A", s.slotA), ("B", s.slotB)] {
        guard roll.slots.indices.contains(slot) else {
            state.say("slot \(PianoRoll.slotName(slot)) (\(side)) does not exist: roll slot new adds one, or a/b picks another", error: true)
            return nil
        }
        if roll.slots[slot].tracks.allSatisfy({ $0.isDrums || $0.notes.isEmpty }) {
            state.say("slot \(PianoRoll.slotName(slot)) (\(side)) has no notes: draw or :open a melody there first", error: true)
            return nil
        }
    }
    return .init(a: roll.slots[s.slotA], b: roll.slots[s.slotB], steps: s.steps, bars: s.bars)
}

private func slotMelody(_ state: AppState, _ slot: Int) -> NoteSequence? {
    state.session.pianoRoll.slots.indices.contains(slot) ? state.session.pianoRoll.slots[slot] : nil
}

private func generate(_ state: inout AppState, _ s: inout InterpolationSlider, source: NoteSequence?, amount: Double,
                      label: String) -> [Effect] {
    let bpm = slotMelody(state, s.slotA)?.tempoMap.beatsPerMinute(atTick: 0) ?? 120
    let request = MelodyRequest(source: source, amount: amount, bars: s.bars, seed: s.nextSeed, beatsPerMinute: bpm, label: label)
    s.nextSeed &+= 1
    _ = state.startJob(InterpolationSlider.jobLabel)
    return [.feature(InterpolationEffect.generate(request))]
}

/// Plays a melody from its start, looped over its whole bars; the piano roll shows the playhead over the ghost notes.
func interpolationPlay(_ state: inout AppState, _ melody: NoteSequence) -> [Effect] {
    state.view.pianoRoll.reveal(melody)
    let bar = 4 * melody.ticksPerQuarter
    let end = max(bar, (melody.endTick + bar - 1) / bar * bar)
    var effects: [Effect] = []
    if state.transport.isPlaying { state.transport.isPlaying = false; effects.append(.pause) }
    state.view.pianoRoll.playhead = 0
    // The slider's melodies sound like slot A (its first track's instrument).
    let instruments = Array(state.session.pianoRoll.trackInstruments(slot: state.interpolation.slotA).prefix(1))
    return effects + [.playMelody(melody, instruments: instruments, fromTick: 0, loop: 0..<end)]
}

private func commit(_ state: inout AppState, _ melody: NoteSequence, to target: Int?) -> [Effect] {
    var roll = state.session.pianoRoll
    let index = target ?? roll.slots.count
    guard index <= roll.slots.count else {
        state.say("no slot \(PianoRoll.slotName(index)): interp commit adds a new one", error: true)
        return []
    }
    var kept = melody
    kept.tracks = melody.tracks.map { var t = $0; t.name = PianoRoll.slotName(index); return t }
    if index == roll.slots.count { roll.slots.append(kept) } else { roll.slots[index] = kept }
    roll.currentSlot = index
    roll.currentTrack = 0
    roll.selection = []
    roll.loop = nil
    roll.paths[index] = nil
    state.history.record(state.session)
    state.session.pianoRoll = roll
    let what = state.interpolation.generated?.label ?? state.interpolation.positionLabel
    state.say("kept \(what) in slot \(PianoRoll.slotName(index)) (\(noteSummary(melody))); :w FILE.mid saves it")
    return []
}

private func describePosition(_ state: inout AppState) {
    let s = state.interpolation
    guard let m = s.current else { return }
    state.view.pianoRoll.reveal(m)
    state.say("\(s.positionLabel): \(noteSummary(m))")
}

/// "9 notes, C4–G5": how a melody reads in the status line.
public func noteSummary(_ melody: NoteSequence) -> String {
    let notes = melody.allNotes.map(\.note)
    guard let lo = notes.map(\.pitch).min(), let hi = notes.map(\.pitch).max() else { return "silence" }
    return "\(notes.count) note\(notes.count == 1 ? "" : "s"), \(Note.name(ofPitch: lo))–\(Note.name(ofPitch: hi))"
}

