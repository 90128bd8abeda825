extension CommandSpec {
    /// What one bound command line does, in words: `seek -5` is "playhead back 5 s" where the
    /// command's own summary can only say what `seek` does in general. The help overlay lists
    /// bindings with this, so four seek keys read as four different things.
    public static func describe(_ line: String) -> String {
        let words = line.split(separator: " ").map(String.init)
        guard let first = words.first, let spec = named(first) else { return "" }
        let argument = words.count > 1 ? words[1] : nil
        switch (spec.name, argument) {
        case ("seek", let amount?):
            guard let seconds = Double(amount) else { return spec.summary }
            let size = seconds.magnitude == seconds.magnitude.rounded() ? String(Int(seconds.magnitude)) : String(seconds.magnitude)
            return seconds < 0 ? "playhead back \(size) s" : "playhead forward \(size) s"
        case ("zoom", "in"?): return "zoom in around the playhead"
        case ("zoom", "out"?): return "zoom out around the playhead"
        case ("zoom", "fit"?): return "show the whole track"
        case ("scroll", let side?): return "scroll the time panes \(side) by half a screen"
        case ("focus", "next"?): return "focus the next pane"
        case ("focus", "prev"?): return "focus the previous pane"
        case ("layout", "next"?): return "switch to the next layout"
        case ("layout", let name?): return "switch to the \(name) layout"
        case ("resize", let direction?): return "make the focused pane \(direction)"
        case ("track", "next"?): return "show the next open track"
        case ("track", "prev"?): return "show the previous open track"
        default: return spec.summary
        }
    }
}
