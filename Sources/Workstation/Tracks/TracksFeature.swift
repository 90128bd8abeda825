/// Tracks and transport: the audio files of the session, played, seen as a waveform and a spectrogram,
/// with a playhead, zoom, a selection and a loop. Its state is the core of `Session` (tracks, selection,
/// loop) because every time pane and the transport share it; its commands are the core `Command` cases.
public enum TracksFeature: Feature {
    public static let name = "tracks"

    public static let panes = [
        PaneSpec(.waveform, title: "Waveform"),
        PaneSpec(.spectrogram, title: "Spectrogram"),
    ]

    public static let commands: [CommandSpec] = [
        CommandSpec("play-pause", usage: "play-pause", summary: "start or pause playback") { a throws(CommandError) in
            try a.none(); return .command(.playPause)
        },
        CommandSpec("stop", usage: "stop", summary: "pause and go back to the start (or the selection's start)") { a throws(CommandError) in
            try a.none(); return .command(.stop)
        },
        CommandSpec("seek", usage: "seek ±SECONDS", summary: "move the playhead (seek -5, seek +30)", describe: describeSeek) { a throws(CommandError) in
            guard a.words.count == 1, let s = Double(a.words[0]) else { throw CommandError("seek: use seek ±SECONDS") }
            return .command(.seek(s))
        },
        CommandSpec("seek-to", usage: "seek-to TIME", summary: "put the playhead at TIME (seconds or m:ss)") { a throws(CommandError) in
            guard a.words.count == 1 else { throw CommandError("seek-to: use seek-to TIME") }
            return .command(.seekTo(try a.time(a.words[0])))
        },
        CommandSpec("seek-start", usage: "seek-start", summary: "playhead to the start") { a throws(CommandError) in
            try a.none(); return .command(.seekStart)
        },
        CommandSpec("seek-end", usage: "seek-end", summary: "playhead to the end") { a throws(CommandError) in
            try a.none(); return .command(.seekEnd)
        },
        CommandSpec("zoom", usage: "zoom in|out|fit", summary: "zoom the time panes around the playhead",
                    argument: .words(["in", "out", "fit"]),
                    describe: { w in
                        switch w.count > 1 ? w[1] : "" {
                        case "in": return "zoom in around the playhead"
                        case "out": return "zoom out around the playhead"
                        case "fit": return "show the whole track"
                        default: return "zoom the time panes around the playhead"
                        }
                    }) { a throws(CommandError) in
            switch try a.one(["in", "out", "fit"]) {
            case "in": return .command(.zoomIn)
            case "out": return .command(.zoomOut)
            default: return .command(.zoomFit)
            }
        },
        CommandSpec("scroll", usage: "scroll left|right", summary: "scroll the time panes by half a screen",
                    argument: .words(["left", "right"]),
                    describe: { w in w.count > 1 ? "scroll the time panes \(w[1]) by half a screen" : "scroll the time panes" }) { a throws(CommandError) in
            .command(try a.one(["left", "right"]) == "left" ? .scroll(-0.5) : .scroll(0.5))
        },
        CommandSpec("select-toggle", usage: "select-toggle", summary: "start a selection at the playhead, or end it there") { a throws(CommandError) in
            try a.none(); return .command(.selectToggle)
        },
        CommandSpec("select", usage: "select FROM TO", summary: "select a time range") { a throws(CommandError) in
            guard a.words.count == 2 else { throw CommandError("select: use select FROM TO") }
            return .command(.select(TimeRange(try a.time(a.words[0]), try a.time(a.words[1]))))
        },
        CommandSpec("select-clear", usage: "select-clear", summary: "drop the selection") { a throws(CommandError) in
            try a.none(); return .command(.selectClear)
        },
        CommandSpec("loop", usage: "loop", summary: "loop playback over the selection on/off") { a throws(CommandError) in
            try a.none(); return .command(.loopToggle)
        },
        CommandSpec("track", usage: "track next|prev", summary: "show the next or previous open track",
                    argument: .words(["next", "prev"]),
                    describe: { w in w.count > 1 ? "show the \(w[1] == "next" ? "next" : "previous") open track" : "show another track" }) { a throws(CommandError) in
            .command(try a.one(["next", "prev"]) == "next" ? .trackNext : .trackPrevious)
        },
        CommandSpec("mute", usage: "mute", summary: "mute or unmute the current track") { a throws(CommandError) in
            try a.none(); return .command(.mute)
        },
        CommandSpec("solo", usage: "solo", summary: "solo or unsolo the current track") { a throws(CommandError) in
            try a.none(); return .command(.solo)
        },
    ]

    /// "playhead back 5 s" for `seek -5`.
    @Sendable static func describeSeek(_ words: [String]) -> String {
        guard words.count > 1, let seconds = Double(words[1]) else { return "move the playhead" }
        let size = seconds.magnitude == seconds.magnitude.rounded() ? String(Int(seconds.magnitude)) : String(seconds.magnitude)
        return seconds < 0 ? "playhead back \(size) s" : "playhead forward \(size) s"
    }
}

extension PaneKind {
    /// The waveform of the current track.
    public static let waveform = PaneKind("waveform")
    /// The spectrogram of the current track.
    public static let spectrogram = PaneKind("spectrogram")
}
