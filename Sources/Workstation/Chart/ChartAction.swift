import AudioIO
import Foundation
import Charts

/// What happens to the session's charts: `chart …` commands and the results of their file work.
public enum ChartAction: FeatureAction {
    /// A `chart …` command (also what `:open x.sm` and `:w x.ssc` send).
    case command(ChartCommand)
    /// A simfile was read.
    case loaded(jobID: Int, path: String, SimfileReader.Result)
    /// The simfile was written, `#MUSIC` as it was written.
    case written(jobID: Int, path: String, music: String)
    /// The chart model made charts.
    case generated(jobID: Int, ChartEffect.Generated)
    /// The assist tick of the chart on screen was rendered.
    case assistReady(generation: Int, AudioTrack)
    /// The tracks were stretched for slow playback.
    case stretched(jobID: Int, generation: Int, speed: Double, [Int: AudioBuffer])

    public func reduce(_ state: inout AppState) -> [Effect] {
        switch self {
        case .command(let command):
            let before = (state.session.chartBook.chart, state.chartTiming)
            var effects = reduceChart(&state, command)
            if state.chartEditor.assist, before != (state.session.chartBook.chart, state.chartTiming) || command == .assist {
                effects += renderAssistTick(&state)
            }
            return effects
        case .loaded(let jobID, let path, let result):
            state.jobs[jobID] = nil
            guard !state.cancelledJobs.contains(jobID) else { return [] }
            state.history.record(state.session)
            state.session.chartBook = ChartBook()
            state.session.chartBook.simfile = result.simfile
            state.session.chartBook.path = path
            showChartPane(&state)
            let charts = result.simfile.charts
            let names = charts.map { "\($0.difficulty.rawValue) \($0.meter)" }.joined(separator: ", ")
            let warned = result.warnings.isEmpty ? "" : "; \(result.warnings.count) problem\(result.warnings.count == 1 ? "" : "s") read past (first: \(result.warnings[0]))"
            let opened = "opened \(path): \(charts.count) chart\(charts.count == 1 ? "" : "s")\(names.isEmpty ? "" : " (\(names))")\(warned)"
            state.say(opened)
            state.chartEditor = ChartEditor()
            // The song the charts are for, unless a track already plays it.
            guard let music = MusicPath.resolve(result.simfile.music, from: expandTilde(path)),
                  !state.session.tracks.contains(where: { $0.path.map { expandTilde($0) } == music }) else { return [] }
            guard FileManager.default.fileExists(atPath: music) else {
                state.say(opened + "; its #MUSIC \(result.simfile.music) is not there, so the charts play without it")
                return []
            }
            let job = state.startJob("loading \(fileName(music))")
            return [.loadAudio(path: music, jobID: job)]
        case .written(let jobID, let path, let music):
            state.jobs[jobID] = nil
            state.session.chartBook.path = path
            state.session.chartBook.simfile?.music = music
            state.say("wrote \(path)")
            return []
        case .generated(let jobID, let generated):
            reduceChartsGenerated(&state, jobID: jobID, generated: generated)
            return state.chartEditor.assist ? renderAssistTick(&state) : []
        case .stretched(let jobID, let generation, let speed, let audio):
            state.jobs[jobID] = nil
            guard generation == state.chartEditor.slowedGeneration, !state.cancelledJobs.contains(jobID) else { return [] }
            state.chartEditor.speed = speed
            state.chartEditor.slowed = audio
            state.say("playing at \(Int((speed * 100).rounded())) % speed, pitch kept")
            return applySpeed(&state)
        case .assistReady(let generation, let track):
            guard state.chartEditor.assist, generation == state.chartEditor.assistGeneration else { return [] }
            state.chartEditor.assistTrack = track
            return [.setTracks(state.playedTracks)]
        }
    }
}

/// Applies a `chart …` command.
func reduceChart(_ state: inout AppState, _ command: ChartCommand) -> [Effect] {
    switch command {
    case .open(let path):
        let job = state.startJob("reading \(fileName(path))")
        return [.feature(ChartEffect.read(path: path, jobID: job))]
    case .write(let path), .replace(let path):
        guard let simfile = state.session.chartBook.simfile else {
            state.say("no charts to write: :chart open FILE.sm first", error: true)
            return []
        }
        guard ChartFeature.fileTypes[0].matches(path) else {
            state.say("\(path): charts are written as .sm or .ssc", error: true)
            return []
        }
        // Writing back to the file the charts came from is asking to replace it; any other file is kept.
        var replacing = state.session.chartBook.path.map { expandTilde($0) == expandTilde(path) } ?? false
        if case .replace = command { replacing = true }
        let job = state.startJob("writing \(fileName(path))")
        return [.feature(ChartEffect.write(path: path, simfile, replacing: replacing, jobID: job))]
    case .next, .previous:
        guard let count = state.session.chartBook.simfile?.charts.count, count > 0 else {
            state.say("no charts: :chart open FILE.sm", error: true)
            return []
        }
        let step = command == .next ? 1 : -1
        state.session.chartBook.currentChart = (state.session.chartBook.currentChart + step + count) % count
        if let chart = state.session.chartBook.chart { state.say("\(chart.difficulty.rawValue) \(chart.meter), \(chart.notes.count) notes") }
        return []
    case .speed(let percent):
        let speed = percent / 100
        state.chartEditor.slowedGeneration += 1
        if speed == 1 {
            guard state.chartEditor.speed != 1 else { state.say("playing at 100 % speed"); return [] }
            state.chartEditor.speed = 1
            state.chartEditor.slowed = [:]
            state.say("playing at 100 % speed")
            return applySpeed(&state)
        }
        guard !state.session.tracks.isEmpty else { state.say("chart speed: no song to slow down — :open SONG", error: true); return [] }
        let job = state.startJob("slowing to \(Int(percent)) %")
        return [.feature(ChartEffect.stretch(state.session.tracks.map { ($0.id, $0.audio) }, speed: speed,
                                             generation: state.chartEditor.slowedGeneration, jobID: job))]
    case .assist:
        state.chartEditor.assist.toggle()
        if !state.chartEditor.assist {
            state.chartEditor.assistTrack = nil
            state.say("assist tick off")
            return [.setTracks(state.playedTracks)]
        }
        guard state.chartTiming != nil, state.session.currentTrack != nil else {
            state.chartEditor.assist = false
            state.say("assist tick: needs a chart and its song", error: true)
            return []
        }
        state.say("assist tick on: a click on every step")
        return []
    default:
        return reduceChartEdit(&state, command)
    }
}

extension Action {
    /// A chart action.
    public static func chart(_ action: ChartAction) -> Action { .feature(action) }
}

/// Puts the chart pane on screen with the focus: the first layout that has one, unless this one does.
func showChartPane(_ state: inout AppState) {
    if !state.view.layout.panes.contains(.chart),
       let index = state.view.layouts.firstIndex(where: { $0.panes.contains(.chart) }) {
        setLayout(&state, index)
    }
    if state.view.layout.panes.contains(.chart) { state.view.focus = .chart }
}

/// Renders the chart on screen's ticks off the UI thread (when the assist tick is on and there is a song).
func renderAssistTick(_ state: inout AppState) -> [Effect] {
    guard let chart = state.session.chartBook.chart, let timing = state.chartTiming,
          let track = state.session.currentTrack else { return [] }
    state.chartEditor.assistGeneration += 1
    return [.feature(ChartEffect.renderAssist(chart, timing: timing, duration: state.session.duration,
                                              sampleRate: track.audio.sampleRate, speed: state.chartEditor.speed,
                                              generation: state.chartEditor.assistGeneration))]
}

/// The transport takes the tracks at the editor's speed, from the playhead (in the song's time), with the tick.
private func applySpeed(_ state: inout AppState) -> [Effect] {
    var effects: [Effect] = [.setSpeed(state.chartEditor.speed), .setTracks(state.playedTracks), .seek(state.playhead)]
    if state.chartEditor.assist { effects += renderAssistTick(&state) }
    return effects
}
