import AudioIO
import Foundation
import Charts

/// The chart editor's work in progress, neither saved nor undone: the snap, the selection being marked,
/// the clipboard, tap-tempo taps, and the cursor when there is no audio to move the playhead through.
///
/// The cursor is the receptor line: with a song loaded it is the playhead's beat, put on the snap, so moving
/// it seeks and editing while playing writes where the music is; without audio it is `cursor`.
public struct ChartEditor: StatePart {
    /// The grid the cursor moves and notes land on.
    public var snap = Snap(perMeasure: 16)
    /// Where the selection being marked started (`chart mark`); it runs to the cursor.
    public var anchor: Beat?
    /// A finished selection (the second `chart mark`).
    public var selection: ClosedRange<Beat>?
    /// What `chart copy` or `cut` took.
    public var clipboard: ChartClip?
    /// Tap-tempo taps, as playhead seconds.
    public var taps: [Double] = []
    /// The cursor while no audio is loaded.
    public var cursor = Beat.zero
    /// Whether the assist tick sounds: a click on every step, mixed into playback.
    public var assist = false
    /// The ticks of the chart on screen as a track the transport plays beside the song (not in the session).
    public var assistTrack: AudioTrack?
    /// Counts tick renders, so a late one for an older chart is dropped.
    public var assistGeneration = 0
    /// Playback speed, 0.25…1, with the pitch kept: the transport plays `slowed` (the tracks stretched).
    public var speed = 1.0
    /// Each track's audio stretched to `speed`, by track id.
    public var slowed: [Int: AudioBuffer] = [:]
    /// Counts stretch requests, so a late one for another speed is dropped.
    public var slowedGeneration = 0

    /// A fresh editor: 16th snap, no selection.
    public init() {}

    /// Equal settings and selection; the tick track compares by its generation (its audio is made from the chart).
    public static func == (a: ChartEditor, b: ChartEditor) -> Bool {
        a.snap == b.snap && a.anchor == b.anchor && a.selection == b.selection && a.clipboard == b.clipboard
            && a.taps == b.taps && a.cursor == b.cursor && a.assist == b.assist && a.assistGeneration == b.assistGeneration
            && (a.assistTrack == nil) == (b.assistTrack == nil)
            && a.speed == b.speed && a.slowedGeneration == b.slowedGeneration && Set(a.slowed.keys) == Set(b.slowed.keys)
    }
}

/// The assist tick: a 15 ms, 2 kHz blip at every step of a chart, as a mono track the length of the song.
public enum AssistTick {
    /// The id of the tick track (session tracks count up from 1).
    public static let trackID = -1

    /// The ticks of `chart` with `timing` over `duration` seconds at `sampleRate`, for playback at `speed` (at
    /// half speed a step at 2 s ticks at 4 s of a track twice as long).
    public static func render(_ chart: Chart, timing: Timing, duration: Double, sampleRate: Double, speed: Double = 1) -> AudioBuffer {
        let frames = max(1, Int(duration / speed * sampleRate))
        var out = [Float](repeating: 0, count: frames)
        let length = Int(0.015 * sampleRate)
        let blip = (0..<length).map { i -> Float in
            let t = Double(i) / sampleRate
            return Float(0.5 * sin(2 * .pi * 2000 * t) * exp(-t / 0.004))
        }
        var last = -1
        for note in chart.notes where note.isStep {
            let start = Int((timing.seconds(at: note.beat) / speed * sampleRate).rounded())
            guard start != last, start >= 0, start < frames else { continue }   // a jump (two arrows) ticks once
            last = start
            for i in 0..<min(length, frames - start) { out[start + i] += blip[i] }
        }
        return AudioBuffer(sampleRate: sampleRate, channels: [out])
    }
}

extension AppState {
    /// What the transport plays: the session's tracks (stretched when slowed: a track opened since has no stretch
    /// and waits until the speed is set again), and the assist tick when it is on.
    public var playedTracks: [AudioTrack] {
        let editor = chartEditor
        let tracks = editor.speed == 1 ? session.tracks : session.tracks.compactMap { track -> AudioTrack? in
            guard let audio = editor.slowed[track.id] else { return nil }
            var slow = track
            slow.audio = audio
            return slow
        }
        return tracks + (editor.assist ? editor.assistTrack.map { [$0] } ?? [] : [])
    }

    /// The chart editor's state.
    public var chartEditor: ChartEditor {
        get { features[ChartEditor.self] }
        set { features[ChartEditor.self] = newValue }
    }

    /// The chart on screen's timing: its own, else the song's.
    var chartTiming: Timing? {
        let book = session.chartBook
        guard let simfile = book.simfile, let chart = book.chart else { return nil }
        return simfile.timing(of: chart)
    }

    /// The edit cursor: the playhead's beat on the snap when audio is loaded, else the editor's own (on the snap).
    public var chartCursor: Beat {
        guard let timing = chartTiming, !session.tracks.isEmpty else { return chartEditor.snap.quantised(chartEditor.cursor) }
        return chartEditor.snap.nearest(to: timing.beat(atSeconds: playhead))
    }

    /// The range edits apply to: the selection being marked (anchor to cursor), the finished one, or the
    /// cursor's row.
    public var chartEditRange: ClosedRange<Beat> {
        let cursor = chartCursor
        if let anchor = chartEditor.anchor { return min(anchor, cursor)...max(anchor, cursor) }
        return chartEditor.selection ?? cursor...cursor
    }
}
