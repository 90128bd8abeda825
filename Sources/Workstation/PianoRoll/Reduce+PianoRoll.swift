import Foundation
import Music

/// Applies a piano-roll command. Edits record the session first, so `undo` and `redo` cover them.
func reducePianoRoll(_ state: inout AppState, _ command: PianoRollCommand) -> [Effect] {
    // While `:continue`'s takes wait for a choice, Enter keeps the shown one and Esc drops them all.
    if state.melodyTakes.isPending {
        if case .insert = command { return MelodyToolsAction.reduceTake(&state, .keep) }
        if case .selectNone = command { return MelodyToolsAction.reduceTake(&state, .drop) }
    }
    var view = state.view.pianoRoll
    defer { state.view.pianoRoll = view; keepCursorVisible(&state.view.pianoRoll, melody: state.session.pianoRoll.melody) }
    let roll = state.session.pianoRoll
    let tpq = roll.melody.ticksPerQuarter
    let grid = view.grid
    /// The tick `steps` grid steps from `tick`'s step.
    func stepped(_ tick: Int, _ steps: Int) -> Int {
        grid.tick(ofStep: grid.step(containingTick: tick, ticksPerQuarter: tpq) + steps, ticksPerQuarter: tpq)
    }
    let stepTicks = max(1, stepped(view.cursorTick, 1) - stepped(view.cursorTick, 0))
    /// Applies a change to the melodies, recorded for undo only when something changed.
    func edit(_ change: (inout PianoRoll) -> Void) {
        let before = state.session
        change(&state.session.pianoRoll)
        if state.session.pianoRoll != before.pianoRoll { state.history.record(before) }
    }
    func audition(_ note: Note) -> Effect {
        .audition(pitch: note.pitch, velocity: note.velocity, instrument: state.session.pianoRoll.currentInstrument)
    }

    switch command {
    case .cursor(let steps, let semitones):
        view.cursorTick = max(0, stepped(view.cursorTick, steps))
        view.cursorPitch = max(0, min(127, view.cursorPitch + semitones))
        return []
    case .cursorBars(let bars):
        let starts = roll.melody.barStarts(before: max(roll.melody.endTick, view.cursorTick) + 8 * tpq * 4)
        let current = starts.lastIndex { $0 <= view.cursorTick } ?? 0
        let onBar = starts.indices.contains(current) && starts[current] == view.cursorTick
        let target = bars < 0 && !onBar ? current + bars + 1 : current + bars
        view.cursorTick = starts.indices.contains(target) ? starts[target] : (bars < 0 ? 0 : view.cursorTick)
        return []
    case .cursorHome:
        view.cursorTick = 0
        return []
    case .insert, .insertAt:
        var tick = view.cursorTick, pitch = view.cursorPitch, length = stepTicks
        if case .insertAt(let t, let p, let l) = command { tick = max(0, t); pitch = max(0, min(127, p)); length = max(1, l) }
        let note = Note(pitch: pitch, velocity: view.velocity, startTick: tick, endTick: tick + length,
                        channel: roll.melody.tracks.first?.channel ?? 0)
        edit { r in
            r.notes.append(note)
            r.selection = []
        }
        if case .insert = command { view.cursorTick = tick + length } else { view.cursorTick = tick; view.cursorPitch = pitch }
        state.say("\(note.pitchName) added")
        return [audition(note)]
    case .delete:
        let targets = roll.targets(tick: view.cursorTick, pitch: view.cursorPitch)
        guard !targets.isEmpty else { state.say("no note here (select notes or put the cursor on one)"); return [] }
        edit { r in
            let drop = Set(targets)
            r.notes = r.notes.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
            r.selection = []
        }
        state.say(targets.count == 1 ? "note deleted" : "\(targets.count) notes deleted")
        return []
    case .move(let steps, let semitones):
        let targets = roll.targets(tick: view.cursorTick, pitch: view.cursorPitch)
        guard !targets.isEmpty else { state.say("no note to move"); return [] }
        let earliest = targets.map { roll.notes[$0].startTick }.min()!
        let dt = max(stepped(earliest, steps), 0) - stepped(earliest, 0)
        return moveNotes(&state, &view, targets, ticks: dt, semitones: semitones)
    case .moveBy(let ticks, let semitones):
        let targets = roll.targets(tick: view.cursorTick, pitch: view.cursorPitch)
        guard !targets.isEmpty else { return [] }
        return moveNotes(&state, &view, targets, ticks: ticks, semitones: semitones)
    case .length(let steps), .lengthBy(let steps):
        let targets = roll.targets(tick: view.cursorTick, pitch: view.cursorPitch)
        guard !targets.isEmpty else { state.say("no note to lengthen or shorten"); return [] }
        let delta = { if case .length = command { return steps * stepTicks } else { return steps } }()
        edit { r in
            for i in targets {
                let minimum = min(stepTicks, r.notes[i].durationTicks)
                r.notes[i].endTick = max(r.notes[i].startTick + minimum, r.notes[i].endTick + delta)
            }
        }
        let n = state.session.pianoRoll.notes[targets[0]]
        state.say("\(n.pitchName) length \(lengthLabel(n.durationTicks, tpq: tpq))")
        return []
    case .velocity(let delta):
        let targets = roll.targets(tick: view.cursorTick, pitch: view.cursorPitch)
        guard !targets.isEmpty else {
            view.velocity = max(1, min(127, view.velocity + delta))
            state.say("new notes: velocity \(view.velocity)")
            return []
        }
        edit { r in for i in targets { r.notes[i].velocity = max(1, min(127, r.notes[i].velocity + delta)) } }
        view.velocity = state.session.pianoRoll.notes[targets[0]].velocity
        state.say("velocity \(view.velocity)")
        return [audition(state.session.pianoRoll.notes[targets[0]])]
    case .mark:
        guard let a = view.anchor else {
            view.anchor = (view.cursorTick, view.cursorPitch)
            state.say("box from here: move the cursor, mark again to select")
            return []
        }
        view.anchor = nil
        let lo = min(a.tick, view.cursorTick), hi = max(a.tick, view.cursorTick) + stepTicks
        let pitches = min(a.pitch, view.cursorPitch)...max(a.pitch, view.cursorPitch)
        return selectWhere(&state) { pitches.contains($0.pitch) && $0.startTick < hi && $0.endTick > lo }
    case .range:
        let from = view.anchor?.tick ?? roll.melody.barStarts(before: view.cursorTick + 1).last ?? 0
        view.anchor = nil
        let lo = min(from, view.cursorTick), hi = max(from, view.cursorTick) + stepTicks
        return selectWhere(&state) { $0.startTick >= lo && $0.startTick < hi }
    case .selectAt(let tick, let pitch, let add):
        view.cursorTick = stepped(tick, 0)
        view.cursorPitch = max(0, min(127, pitch))
        let hit = roll.noteIndex(at: tick, pitch: pitch)
        var sel = add ? roll.selection : []
        if let hit { sel.insert(hit) }
        if sel != roll.selection { edit { $0.selection = sel } }
        return []
    case .selectToggle:
        guard let i = roll.noteIndex(at: view.cursorTick, pitch: view.cursorPitch) else { state.say("no note under the cursor"); return [] }
        edit { r in if r.selection.contains(i) { r.selection.remove(i) } else { r.selection.insert(i) } }
        return []
    case .selectAll:
        return selectWhere(&state) { _ in true }
    case .selectNone:
        view.anchor = nil
        guard !roll.selection.isEmpty else { return [] }
        edit { $0.selection = [] }
        return []
    case .copy, .cut:
        let targets = roll.targets(tick: view.cursorTick, pitch: view.cursorPitch)
        guard !targets.isEmpty else { state.say("nothing to copy: select notes first"); return [] }
        let notes = targets.map { roll.notes[$0] }
        let start = notes.map(\.startTick).min()!
        view.clipboard = notes.map { var n = $0; n.startTick -= start; n.endTick -= start; return n }
        if command == .cut {
            edit { r in
                let drop = Set(targets)
                r.notes = r.notes.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
                r.selection = []
            }
        }
        state.say("\(notes.count) note\(notes.count == 1 ? "" : "s") \(command == .cut ? "cut" : "copied")")
        return []
    case .paste:
        guard !view.clipboard.isEmpty else { state.say("clipboard is empty: copy notes first"); return [] }
        let at = view.cursorTick
        let pasted = view.clipboard.map { var n = $0; n.startTick += at; n.endTick += at; return n }
        edit { r in
            let first = r.notes.count
            r.notes += pasted
            r.selection = Set(first..<r.notes.count)
        }
        view.cursorTick = pasted.map(\.endTick).max() ?? at
        state.say("\(pasted.count) note\(pasted.count == 1 ? "" : "s") pasted")
        return []
    case .quantize:
        let targets = roll.selection.isEmpty ? Array(roll.notes.indices) : roll.selection.sorted()
        guard !targets.isEmpty else { state.say("no notes to quantize"); return [] }
        edit { r in for i in targets { r.notes[i] = grid.quantize(r.notes[i], ticksPerQuarter: tpq) } }
        state.say("\(targets.count) note\(targets.count == 1 ? "" : "s") quantized to \(grid.label)")
        return []
    case .grid(let g):
        setGrid(&view, g, tpq: tpq)
        state.say("grid \(g.label)")
        return []
    case .gridNext, .gridPrevious:
        let all = StepGrid.standard
        let i = all.firstIndex(of: grid) ?? 4
        let g = all[(i + (command == .gridNext ? 1 : all.count - 1)) % all.count]
        setGrid(&view, g, tpq: tpq)
        state.say("grid \(g.label)")
        return []
    case .zoomIn, .zoomOut:
        let c = view.columnTicks(ticksPerQuarter: tpq)
        view.ticksPerColumn = max(max(1, tpq / 32), min(tpq * 4, command == .zoomIn ? c / 2 : c * 2))
        state.say("one column = \(lengthLabel(view.ticksPerColumn, tpq: tpq))")
        return []
    case .scroll(let columns, let octaves):
        let shift = columns * max(1, view.viewportColumns / 2) * view.columnTicks(ticksPerQuarter: tpq)
        view.leftTick = max(0, view.leftTick + shift)
        view.cursorTick = max(0, stepped(view.cursorTick + shift, 0))
        view.topPitch = max(view.viewportRows - 1, min(127, view.topPitch + 12 * octaves))
        view.cursorPitch = max(0, min(127, view.cursorPitch + 12 * octaves))
        return []
    case .viewport(let columns, let rows):
        view.viewportColumns = max(1, columns)
        view.viewportRows = max(1, rows)
        return []
    case .loop:
        if roll.loop != nil {
            edit { $0.loop = nil }
            state.say("loop off")
            return []
        }
        let region: Range<Int>
        if !roll.selection.isEmpty {
            let notes = roll.selection.map { roll.notes[$0] }
            region = notes.map(\.startTick).min()!..<notes.map(\.endTick).max()!
        } else {
            let bar = roll.melody.barStarts(before: view.cursorTick + 1).last ?? 0
            region = bar..<bar + roll.melody.timeSignature(atTick: bar).ticksPerBar(ticksPerQuarter: tpq)
        }
        edit { $0.loop = region }
        state.say("loop \(positionLabel(region.lowerBound, in: roll.melody))–\(positionLabel(region.upperBound, in: roll.melody))")
        return []
    case .tempo(let bpm):
        edit { r in
            r.melody.tempoMap = TempoMap(ticksPerQuarter: tpq, changes: [TempoChange(tick: 0, beatsPerMinute: bpm)])
        }
        state.say("tempo \(formatDecimal(bpm)) BPM")
        return []
    case .meter(let n, let d):
        edit { r in r.melody.timeSignatures = [TimeSignature(tick: 0, numerator: n, denominator: d)] }
        state.say("time signature \(n)/\(d)")
        return []
    case .slot(let i):
        guard roll.slots.indices.contains(i) else {
            state.say("no slot \(PianoRoll.slotName(i)): roll slot new adds one (have \(roll.slots.count))", error: true)
            return []
        }
        return switchSlot(&state, &view, to: i)
    case .slotNext, .slotPrevious:
        let n = roll.slots.count
        return switchSlot(&state, &view, to: (roll.currentSlot + (command == .slotNext ? 1 : n - 1)) % n)
    case .slotNew:
        edit { r in r.slots.append(PianoRoll.emptyMelody(name: PianoRoll.slotName(r.slots.count))) }
        return switchSlot(&state, &view, to: state.session.pianoRoll.slots.count - 1)
    case .trackNext:
        let n = roll.melody.tracks.count
        guard n > 1 else { state.say("this melody has one track"); return [] }
        edit { r in r.currentTrack = (r.currentTrack + 1) % n; r.selection = [] }
        let t = state.session.pianoRoll.currentTrack
        state.say("editing track \(t + 1)/\(n) \(roll.melody.tracks[t].name)")
        return []
    case .instrument(let choice):
        let slot = roll.currentSlot, track = roll.currentTrack
        edit { r in r.instruments[slot, default: [:]][track] = choice }
        let name = roll.melody.tracks.indices.contains(track) ? roll.melody.tracks[track].name : PianoRoll.slotName(slot)
        state.say("\(name) plays \(choice.displayName)")
        return [.audition(pitch: view.cursorPitch, velocity: view.velocity, instrument: choice)]
    case .playToggle:
        if view.playhead != nil {
            view.playhead = nil
            return [.stopMelody]
        }
        guard !roll.melody.tracks.allSatisfy({ $0.notes.isEmpty }) else { state.say("no notes to play: i adds one"); return [] }
        if state.transport.isPlaying { state.transport.isPlaying = false; return [.pause, .playMelody(roll.melody, instruments: roll.trackInstruments(slot: roll.currentSlot), fromTick: view.cursorTick, loop: roll.loop)] }
        view.playhead = Double(view.cursorTick)
        return [.playMelody(roll.melody, instruments: roll.trackInstruments(slot: roll.currentSlot), fromTick: view.cursorTick, loop: roll.loop)]
    case .audition:
        return [.audition(pitch: view.cursorPitch, velocity: view.velocity, instrument: roll.currentInstrument)]
    }
}

/// The melody player's position (nil: it stopped); the pane pages along with it.
func reduceMelodyPlayhead(_ state: inout AppState, _ tick: Double?) {
    state.view.pianoRoll.playhead = tick
    guard let tick, state.settings.follow else { return }
    var v = state.view.pianoRoll
    let span = v.viewportColumns * v.columnTicks(ticksPerQuarter: state.session.pianoRoll.melody.ticksPerQuarter)
    if Int(tick) < v.leftTick || Int(tick) >= v.leftTick + span { v.leftTick = max(0, Int(tick) - span / 20) }
    state.view.pianoRoll = v
}

private func moveNotes(_ state: inout AppState, _ view: inout PianoRollView, _ targets: [Int], ticks: Int, semitones: Int) -> [Effect] {
    let roll = state.session.pianoRoll
    let notes = targets.map { roll.notes[$0] }
    let dt = max(ticks, -notes.map(\.startTick).min()!)
    let dp = max(-notes.map(\.pitch).min()!, min(127 - notes.map(\.pitch).max()!, semitones))
    guard dt != 0 || dp != 0 else { return [] }
    state.history.record(state.session)
    for i in targets {
        state.session.pianoRoll.notes[i].startTick += dt
        state.session.pianoRoll.notes[i].endTick += dt
        state.session.pianoRoll.notes[i].pitch += dp
    }
    if roll.selection.isEmpty || roll.noteIndex(at: view.cursorTick, pitch: view.cursorPitch).map(targets.contains) == true {
        view.cursorTick = max(0, view.cursorTick + dt)
        view.cursorPitch = max(0, min(127, view.cursorPitch + dp))
    }
    let first = state.session.pianoRoll.notes[targets[0]]
    if dp != 0 { state.say("moved to \(first.pitchName)") }
    return dp != 0 ? [.audition(pitch: first.pitch, velocity: first.velocity, instrument: state.session.pianoRoll.currentInstrument)] : []
}

private func selectWhere(_ state: inout AppState, _ test: (Note) -> Bool) -> [Effect] {
    let notes = state.session.pianoRoll.notes
    let sel = Set(notes.indices.filter { test(notes[$0]) })
    if sel != state.session.pianoRoll.selection {
        state.history.record(state.session)
        state.session.pianoRoll.selection = sel
    }
    state.say(sel.isEmpty ? "no notes selected" : "\(sel.count) note\(sel.count == 1 ? "" : "s") selected")
    return []
}

private func setGrid(_ view: inout PianoRollView, _ grid: StepGrid, tpq: Int) {
    view.grid = grid
    view.cursorTick = grid.snap(view.cursorTick, ticksPerQuarter: tpq)
}

private func switchSlot(_ state: inout AppState, _ view: inout PianoRollView, to index: Int) -> [Effect] {
    state.session.pianoRoll.currentSlot = index
    state.session.pianoRoll.currentTrack = 0
    state.session.pianoRoll.selection = []
    state.session.pianoRoll.loop = nil
    let m = state.session.pianoRoll.melody
    state.say("melody \(PianoRoll.slotName(index)): \(m.tracks.map(\.notes.count).reduce(0, +)) notes")
    var effects: [Effect] = []
    if view.playhead != nil { view.playhead = nil; effects.append(.stopMelody) }
    return effects
}

/// Moves `leftTick` and `topPitch` as little as possible so the cursor is on screen.
func keepCursorVisible(_ view: inout PianoRollView, melody: NoteSequence) {
    if view.playhead != nil { return }
    let col = view.columnTicks(ticksPerQuarter: melody.ticksPerQuarter)
    let span = max(1, view.viewportColumns) * col
    if view.cursorTick < view.leftTick { view.leftTick = max(0, view.cursorTick - span / 4) }
    if view.cursorTick >= view.leftTick + span - col { view.leftTick = view.cursorTick - span * 3 / 4 }
    view.leftTick = max(0, view.leftTick / col * col)
    let rows = max(1, view.viewportRows)
    if view.cursorPitch > view.topPitch { view.topPitch = min(127, view.cursorPitch + 2) }
    if view.cursorPitch <= view.topPitch - rows { view.topPitch = max(rows - 1, view.cursorPitch + rows - 3) }
    view.topPitch = max(min(rows - 1, 127), min(127, view.topPitch))
}

/// "1/16", "1/4", "3/16" or ticks, for a length.
func lengthLabel(_ ticks: Int, tpq: Int) -> String {
    let whole = tpq * 4
    for d in [1, 2, 4, 8, 16, 32, 64] where (ticks * d) % whole == 0 {
        let n = ticks * d / whole
        return "\(n)/\(d)"
    }
    return "\(ticks) ticks"
}

/// "bar.beat" (1-based) of a tick.
public func positionLabel(_ tick: Int, in melody: NoteSequence) -> String {
    let bars = melody.barStarts(before: tick + 1)
    let bar = bars.last ?? 0
    let beat = melody.timeSignature(atTick: bar).ticksPerBeat(ticksPerQuarter: melody.ticksPerQuarter)
    return "\(max(1, bars.count)).\((tick - bar) / max(1, beat) + 1)"
}

/// "120", "92.5", "0.5": a tempo, temperature or amount, whole or to one decimal.
public func formatDecimal(_ x: Double) -> String {
    x == x.rounded() ? String(Int(x)) : String(format: "%.1f", x)
}
