import Workstation

/// `?`: every key binding (from the key map in use), every command and every setting, in a scrolling box.
public enum HelpOverlay {
    /// The overlay's lines: section titles start with `#`.
    public static func lines(for state: AppState) -> [String] {
        var out: [String] = ["# Keys (change them in ~/.config/kanade/keys.toml)"]
        // The command column fits the longest bound line (`interp temperature +0.1`), so summaries line up.
        let commandWidth = max(20, (state.keyMap.bindings.map(\.command.count).max() ?? 0) + 2)
        for pane in [nil] + PaneKind.allCases.map(Optional.some) {
            let bindings = state.keyMap.bindings.filter { $0.pane == pane }
            if bindings.isEmpty { continue }
            if let pane { out += ["", "# \(pane.title) keys (while it has the focus; [\(pane.rawValue)] in keys.toml)"] }
            var seen: [String] = []
            for b in bindings where !seen.contains(b.command) {
                seen.append(b.command)
                let keys = state.keyMap.keys(for: b.command, pane: pane).map(\.description).joined(separator: " ")
                let summary = CommandSpec.describe(b.command)
                out.append(pad(keys, 14) + pad(b.command, commandWidth) + summary)
            }
        }
        out.append("")
        out.append("# Mouse")
        out.append(pad("click", 14) + "focus a pane")
        for pane in PaneRegistry.all {
            for line in pane.mouseHelp { out.append(pad(line.gesture, 14) + line.does) }
        }
        out.append("")
        out.append("# Prompt keys (after :)")
        out.append(pad("tab", 14) + "complete the command, a path, a theme or a setting")
        out.append(pad("up down", 14) + "walk the history")
        out.append(pad("C-u", 14) + "clear the line")
        out.append(pad("enter esc", 14) + "run / cancel")
        out.append("")
        out.append("# Commands")
        for spec in CommandSpec.all { out.append(pad(":" + spec.usage, 34) + spec.summary) }
        out.append("")
        out.append("# Settings (:set KEY VALUE)")
        for (key, summary) in Settings.keys {
            out.append(pad(key + " = " + (state.settings.value(of: key) ?? ""), 22) + summary)
        }
        return out
    }

    private static func pad(_ s: String, _ n: Int) -> String {
        s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count)
    }

    /// Draws the overlay over `area`.
    public static func draw(in area: Rect, buffer: inout CellBuffer, context: DrawContext) {
        let theme = context.theme
        let width = min(area.width, 100)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y, width: width, height: area.height)
        guard box.width >= 10, box.height >= 3 else { return }
        buffer.fill(box, with: Cell(" ", context.text))
        buffer.box(box, style: Style(fg: theme.borderFocused, bg: theme.background), glyphs: context.glyphs)
        buffer.put(" Help ", x: box.x + 2, y: box.y, style: context.accent)
        let all = lines(for: context.state)
        let inner = box.inset(1)
        let scroll = max(0, min(context.state.helpScroll, all.count - inner.height))
        for (i, line) in all.dropFirst(scroll).prefix(inner.height).enumerated() {
            let style = line.hasPrefix("#") ? context.accent : context.text
            buffer.put(line.hasPrefix("# ") ? String(line.dropFirst(2)) : line, x: inner.x + 1, y: inner.y + i,
                       style: style, maxX: inner.maxX)
        }
        if all.count > inner.height {
            let info = " \(scroll + 1)–\(min(all.count, scroll + inner.height))/\(all.count) "
            buffer.put(info, x: box.maxX - info.count - 2, y: box.maxY - 1, style: context.muted)
        }
    }
}
