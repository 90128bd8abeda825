import TOMLKit

/// The colours of the workstation screen, read from `themes/NAME.toml`.
public struct Theme: Equatable, Sendable {
    /// The theme's name (its file name without `.toml`).
    public var name: String
    /// Screen background and ordinary text.
    public var background: Color, text: Color
    /// Secondary text: hints, units, empty-pane explanations.
    public var muted: Color
    /// Titles and highlights.
    public var accent: Color
    /// Pane borders, and the border of the pane that has the focus.
    public var border: Color, borderFocused: Color
    /// The playhead line.
    public var playhead: Color
    /// Background of the selected time range.
    public var selection: Color
    /// The waveform of the first and second channel.
    public var waveform: Color, waveformAlt: Color
    /// Time and frequency rulers.
    public var ruler: Color
    /// The status bar.
    public var statusBackground: Color, statusText: Color
    /// Error messages.
    public var error: Color
    /// Level meter: quiet, loud, clipping.
    public var meterLow: Color, meterMid: Color, meterHigh: Color
    /// Spectrogram colours from the quietest to the loudest level, evenly spaced.
    public var colormap: [Color]

    /// The colormap's colour for a level 0…1.
    public func colormapColor(_ t: Float) -> Color {
        guard colormap.count > 1 else { return colormap.first ?? text }
        let x = max(0, min(1, Double(t))) * Double(colormap.count - 1)
        let i = min(colormap.count - 2, Int(x))
        return Color.mix(colormap[i], colormap[i + 1], x - Double(i))
    }

    /// Parses a theme file's text. `name` is used where the file has no `name` key.
    public init(toml source: String, name: String) throws(ThemeError) {
        let table: TOMLTable
        do { table = try TOMLTable(string: source) } catch {
            throw ThemeError(theme: name, problem: "not valid TOML: \(error)")
        }
        func section(_ key: String) throws(ThemeError) -> TOMLTable {
            guard let t = table[key]?.table else { throw ThemeError(theme: name, problem: "missing [\(key)] table") }
            return t
        }
        let ui = try section("ui")
        func color(_ key: String) throws(ThemeError) -> Color {
            guard let raw = ui[key]?.string else { throw ThemeError(theme: name, problem: "missing ui.\(key)") }
            guard let c = Color(parsing: raw) else {
                throw ThemeError(theme: name, problem: "ui.\(key) = \"\(raw)\" is not a colour")
            }
            return c
        }
        self.name = table["name"]?.string ?? name
        background = try color("background"); self.text = try color("text"); muted = try color("muted")
        accent = try color("accent"); border = try color("border"); borderFocused = try color("border_focused")
        playhead = try color("playhead"); selection = try color("selection")
        waveform = try color("waveform"); waveformAlt = try color("waveform_alt"); ruler = try color("ruler")
        statusBackground = try color("status_background"); statusText = try color("status_text")
        error = try color("error")
        meterLow = try color("meter_low"); meterMid = try color("meter_mid"); meterHigh = try color("meter_high")
        let spectrogram = try section("spectrogram")
        guard let stops = spectrogram["colormap"]?.array, stops.count >= 2 else {
            throw ThemeError(theme: name, problem: "spectrogram.colormap needs at least two colours")
        }
        var map: [Color] = []
        for stop in stops {
            guard let raw = stop.string, let c = Color(parsing: raw) else {
                throw ThemeError(theme: name, problem: "spectrogram.colormap has an entry that is not a colour")
            }
            map.append(c)
        }
        colormap = map
    }

    /// The built-in theme, used when no theme file can be found (the same text as `themes/default.toml`).
    public static let builtIn: Theme = {
        do { return try Theme(toml: Theme.builtInTOML, name: "default") } catch {
            preconditionFailure("the built-in theme does not parse: \(error)")  // a programming error, tested
        }
    }()

    /// The text of `themes/default.toml`, compiled in so the screen always has colours.
    public static let builtInTOML = """
        # Kanade's default theme: dark background, warm waveform, "magma"-like spectrogram.
        name = "default"

        [ui]
        background = "default"
        text = "#d0d0d0"
        muted = "#808080"
        accent = "#ffaf5f"
        border = "#4e4e4e"
        border_focused = "#ffaf5f"
        playhead = "#ff5f5f"
        selection = "#303a5a"
        waveform = "#5fafff"
        waveform_alt = "#87d7af"
        ruler = "#8a8a8a"
        status_background = "#262626"
        status_text = "#d0d0d0"
        error = "#ff5f5f"
        meter_low = "#5fd75f"
        meter_mid = "#ffd75f"
        meter_high = "#ff5f5f"

        [spectrogram]
        colormap = ["#000004", "#2c105c", "#711f81", "#b63679", "#ee605e", "#fdae78", "#fcfdbf"]

        """
}

/// A theme file that could not be used: which theme, and what is wrong with it.
public struct ThemeError: Error, Equatable, CustomStringConvertible {
    /// The theme's name or path.
    public var theme: String
    /// What is wrong.
    public var problem: String
    /// One line for the status bar.
    public var description: String { "theme \(theme): \(problem)" }
}
