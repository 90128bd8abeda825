import Workstation

/// The session's tracks as mixer strips: name, mute/solo, gain and the live level of the mix.
/// Separated stems of a song join this list once stem separation exists.
public enum StemsPane {
    /// Draws the pane's inside.
    public static func draw(in rect: Rect, buffer: inout CellBuffer, context: DrawContext) {
        let state = context.state, theme = context.theme
        buffer.fill(rect, with: Cell(" ", context.text))
        let tracks = state.session.tracks
        guard !tracks.isEmpty else {
            putCentered("no tracks — :open FILE", row: rect.y + rect.height / 2, in: rect, style: context.muted, buffer: &buffer)
            return
        }
        let anySolo = tracks.contains { $0.isSoloed }
        for (i, track) in tracks.enumerated() where rect.y + i < rect.maxY {
            let y = rect.y + i
            let current = i == state.session.currentTrackIndex
            let audible = !track.isMuted && (!anySolo || track.isSoloed)
            let style = current ? Style(fg: theme.accent, bg: theme.background, attributes: .bold)
                                : Style(fg: audible ? theme.text : theme.muted, bg: theme.background)
            var x = buffer.put(current ? "> " : "  ", x: rect.x, y: y, style: style, maxX: rect.maxX)
            x = buffer.put(track.isMuted ? "M" : "·", x: x, y: y,
                           style: Style(fg: track.isMuted ? theme.error : theme.muted, bg: theme.background), maxX: rect.maxX)
            x = buffer.put(track.isSoloed ? "S " : "· ", x: x, y: y,
                           style: Style(fg: track.isSoloed ? theme.accent : theme.muted, bg: theme.background), maxX: rect.maxX)
            let gain = (track.gainDB >= 0 ? "+" : "") + String(Int(track.gainDB.rounded())) + " dB "
            x = buffer.put(gain, x: x, y: y, style: context.muted, maxX: rect.maxX)
            buffer.put(track.name, x: x, y: y, style: style, maxX: rect.maxX)
        }
        let hint = "m mute · S solo · j/k track"
        if rect.height > tracks.count + 1 {
            buffer.put(hint, x: rect.x + 2, y: rect.maxY - 1, style: context.muted, maxX: rect.maxX)
        }
    }
}

extension StemsPane: Pane {
    public static let kind = PaneKind.stems
    public static func drawInside(_ rect: Rect, buffer: inout CellBuffer, context: DrawContext) {
        draw(in: rect, buffer: &buffer, context: context)
    }
}
