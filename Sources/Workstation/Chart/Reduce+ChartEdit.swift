import Charts
import Foundation

/// Applies the chart editor's commands: cursor, notes, snap, selections, lint, timing, generation.
func reduceChartEdit(_ state: inout AppState, _ command: ChartCommand) -> [Effect] {
    if case .generate(let difficulty) = command { return reduceChartGenerate(&state, difficulty) }
    guard let chart = state.session.chartBook.chart, let timing = state.chartTiming else {
        state.say("no chart: :chart generate (for the current track) or :chart open FILE.sm", error: true)
        return []
    }
    let cursor = state.chartCursor, snap = state.chartEditor.snap
    switch command {
    case .cursor(let steps, let measures):
        return moveChartCursor(&state, to: cursor + (measures ? Beat(4 * steps) : snap.step * steps), timing: timing)
    case .note(let lane), .mine(let lane):
        guard lane < chart.laneCount else { state.say("lane \(lane + 1): this chart has \(chart.laneCount) lanes", error: true); return [] }
        let kind: ChartNote.Kind = if case .mine = command { .mine } else { .tap }
        var added = false
        editChart(&state) { added = $0.toggle(kind, at: cursor, lane: lane) }
        state.say("\(added ? "added" : "removed") \(kind == .mine ? "mine" : "step") on lane \(lane + 1) at beat \(cursor)")
    case .hold(let lane):
        guard lane < chart.laneCount else { state.say("lane \(lane + 1): this chart has \(chart.laneCount) lanes", error: true); return [] }
        var copy = chart
        guard let kind = copy.cycleHold(lane: lane, to: cursor) else {
            state.say("lane \(lane + 1): no step before beat \(cursor) to hold, or a note is in the way", error: true)
            return []
        }
        editChart(&state) { $0 = copy }
        let what = switch kind { case .hold: "hold"; case .roll: "roll"; default: "tap" }
        state.say("lane \(lane + 1): \(what) to beat \(cursor)")
    case .snap(let value, let absolute):
        state.chartEditor.snap = absolute ? Snap(perMeasure: value) : snap.cycled(by: value)
        state.say("snap \(state.chartEditor.snap)")
    case .mark:
        if let anchor = state.chartEditor.anchor {
            state.chartEditor.selection = min(anchor, cursor)...max(anchor, cursor)
            state.chartEditor.anchor = nil
            let range = state.chartEditor.selection!
            state.say("selected beats \(range.lowerBound)–\(range.upperBound): \(chart.notes(in: range).count) notes")
        } else {
            state.chartEditor.anchor = cursor
            state.chartEditor.selection = nil
            state.say("selecting from beat \(cursor): move, then mark again")
        }
    case .unmark:
        state.chartEditor.anchor = nil
        state.chartEditor.selection = nil
    case .delete, .cut:
        let range = state.chartEditRange
        if case .cut = command { state.chartEditor.clipboard = chart.copy(range) }
        var count = 0
        editChart(&state) { count = $0.delete(in: range) }
        state.say("\(command == .cut ? "cut" : "deleted") \(count) note\(count == 1 ? "" : "s")")
    case .copy:
        let range = state.chartEditRange
        state.chartEditor.clipboard = chart.copy(range)
        state.say("copied \(chart.notes(in: range).count) notes")
    case .paste:
        guard let clip = state.chartEditor.clipboard else { state.say("nothing copied", error: true); return [] }
        var count = 0
        editChart(&state) { count = $0.paste(clip, at: cursor) }
        state.say("pasted \(count) note\(count == 1 ? "" : "s") at beat \(cursor)")
    case .mirror, .flip, .quantise:
        let range = state.chartEditRange
        var count = 0
        editChart(&state) {
            switch command {
            case .mirror: count = $0.mirror(in: range)
            case .flip: count = $0.flip(in: range)
            default: count = $0.quantise(in: range, to: snap)
            }
        }
        let verb = command == .mirror ? "mirrored" : command == .flip ? "flipped" : "quantised to \(snap):"
        state.say("\(verb) \(count) note\(count == 1 ? "" : "s")")
    case .shift(let steps):
        let range = state.chartEditRange, offset = snap.step * steps
        var copy = chart
        guard copy.shift(in: range, by: offset) else {
            state.say("cannot move there: a note would land before beat 0 or on another note", error: true)
            return []
        }
        editChart(&state) { $0 = copy }
        // The selection moves with its notes.
        let moved = (range.lowerBound + offset)...(range.upperBound + offset)
        if state.chartEditor.selection != nil || state.chartEditor.anchor != nil {
            state.chartEditor.anchor = nil
            state.chartEditor.selection = moved
        }
        return moveChartCursor(&state, to: cursor + offset, timing: timing, quiet: true)
    case .lint:
        let findings = ChartLint(chart: chart, timing: timing, audioDuration: state.session.tracks.isEmpty ? nil : state.session.duration).findings()
        guard !findings.isEmpty else { state.say("lint: nothing to report in \(chart.difficulty.rawValue)"); return [] }
        let next = findings.first { $0.beat > cursor } ?? findings[0]
        let index = findings.firstIndex(of: next)! + 1
        state.say("lint \(index)/\(findings.count): \(next)")
        return moveChartCursor(&state, to: next.beat, timing: timing, quiet: true)
    case .tapTempo:
        return tapTempo(&state)
    case .bpm(let value, let relative):
        guard let simfile = state.session.chartBook.simfile else { return [] }
        var song = simfile.timing
        let segment = song.bpms.lastIndex { $0.beat <= cursor } ?? 0
        let bpm = relative ? song.bpms[segment].bpm + value : value
        guard bpm > 0, bpm < 10_000 else { state.say("chart bpm: \(bpm) is not a tempo", error: true); return [] }
        song.bpms[segment].bpm = bpm
        edit(&state) { $0.chartBook.simfile?.timing = song }
        state.say("BPM \(formatBPMValue(bpm)) from beat \(song.bpms[segment].beat)")
    case .offset(let ms):
        edit(&state) { $0.chartBook.simfile?.timing.offset -= ms / 1000 }
        let offset = state.session.chartBook.simfile?.timing.offset ?? 0
        state.say(String(format: "#OFFSET %.3f s (notes %@ %.0f ms)", offset, ms >= 0 ? "later by" : "earlier by", abs(ms)))
    case .open, .write, .replace, .next, .previous, .generate, .assist, .speed:
        return []
    }
    return []
}

/// Changes the chart on screen as one undoable edit.
private func editChart(_ state: inout AppState, _ change: (inout Chart) -> Void) {
    let index = state.session.chartBook.currentChart
    edit(&state) { session in
        guard var chart = session.chartBook.simfile?.charts[index] else { return }
        change(&chart)
        session.chartBook.simfile?.charts[index] = chart
    }
}

/// Moves the cursor to `beat` (not before 0): seeks the playhead there when audio is loaded.
private func moveChartCursor(_ state: inout AppState, to beat: Beat, timing: Timing, quiet: Bool = false) -> [Effect] {
    let target = max(beat, .zero)
    state.chartEditor.cursor = target
    guard !state.session.tracks.isEmpty else { return [] }
    let seconds = timing.seconds(at: target)
    if seconds > state.session.duration && !quiet { state.say("beat \(target) is after the end of the song") }
    return reduceTracks(&state, .seekTo(max(0, seconds)))
}

/// One tap of tap tempo: taps more than 2 s apart start again; from four taps the median interval gives a BPM.
private func tapTempo(_ state: inout AppState) -> [Effect] {
    let now = state.playhead
    var taps = state.chartEditor.taps
    if let last = taps.last, now - last > 2 || now <= last { taps = [] }
    taps.append(now)
    state.chartEditor.taps = taps
    guard taps.count >= 4 else {
        state.say("tap tempo: \(taps.count) tap\(taps.count == 1 ? "" : "s") (keep tapping along with the song)")
        return []
    }
    let intervals = zip(taps.dropFirst(), taps).map { $0 - $1 }.sorted()
    let median = intervals[intervals.count / 2]
    state.say(String(format: "tap tempo: %.2f BPM from %d taps — :chart bpm %.2f to use it", 60 / median, taps.count, 60 / median))
    return []
}

func formatBPMValue(_ bpm: Double) -> String {
    bpm == bpm.rounded() ? String(Int(bpm)) : String(format: "%.3f", bpm).replacingOccurrences(of: #"0+$"#, with: "", options: .regularExpression)
}

/// `chart generate [difficulty]`: the model on the current track, off the UI thread. With a simfile open, its
/// (single-tempo) timing is kept, so hand-tuned BPM and offset stay; otherwise the tempo is detected.
private func reduceChartGenerate(_ state: inout AppState, _ difficulty: Difficulty?) -> [Effect] {
    guard let track = state.session.currentTrack else {
        state.say("chart generate: no song — :open SONG first", error: true)
        return []
    }
    var timing: Timing?
    if let song = state.session.chartBook.simfile?.timing, song.bpms.count == 1, song.stops.isEmpty, song.delays.isEmpty {
        timing = song
    }
    let difficulties = difficulty.map { [$0] } ?? [.beginner, .easy, .medium, .hard, .challenge]
    let job = state.startJob("charting \(track.name)")
    return [.feature(ChartEffect.generate(audio: track.audio, name: track.name, path: track.path, timing: timing,
                                          difficulties: difficulties, jobID: job))]
}

/// The generated charts arrive: they replace the charts of the same difficulty (or start a simfile).
func reduceChartsGenerated(_ state: inout AppState, jobID: Int, generated: ChartEffect.Generated) {
    state.jobs[jobID] = nil
    guard !state.cancelledJobs.contains(jobID) else { return }
    edit(&state) { session in
        var simfile = session.chartBook.simfile ?? Simfile(title: generated.title, music: generated.music ?? "", timing: generated.timing)
        if session.chartBook.simfile == nil { session.chartBook.path = nil }
        for chart in generated.charts {
            if let i = simfile.charts.firstIndex(where: { $0.difficulty == chart.difficulty && $0.stepsType == chart.stepsType }) {
                simfile.charts[i] = chart
            } else {
                simfile.charts.append(chart)
            }
        }
        simfile.charts.sort { ($0.stepsType, order($0.difficulty)) < ($1.stepsType, order($1.difficulty)) }
        session.chartBook.simfile = simfile
        session.chartBook.currentChart = simfile.charts.firstIndex { $0.difficulty == generated.charts.last?.difficulty } ?? 0
    }
    showChartPane(&state)
    let counts = generated.charts.map { "\($0.difficulty.rawValue) \($0.notes.count)" }.joined(separator: ", ")
    let bpm = generated.timing.bpms.first?.bpm ?? 0
    state.say("charted \(generated.title): \(formatBPMValue((bpm * 100).rounded() / 100)) BPM\(generated.detected ? " (detected)" : ""); \(counts) steps")
}

private func order(_ d: Difficulty) -> Int { Difficulty.allCases.firstIndex(of: d) ?? 0 }
