/// A song's simfile: its metadata, its timing and its charts (what a `.sm` or `.ssc` file holds).
public struct Simfile: Hashable, Sendable {
    /// `#TITLE`.
    public var title: String
    /// `#SUBTITLE`.
    public var subtitle: String
    /// `#ARTIST`.
    public var artist: String
    /// `#MUSIC`: the audio file, relative to the simfile's folder.
    public var music: String
    /// The song's timing, used by every chart without its own.
    public var timing: Timing
    /// The charts, in file order.
    public var charts: [Chart]
    /// Song tags Kanade does not interpret (`#BANNER`, `#SAMPLESTART`, `#DISPLAYBPM` …), in file order,
    /// so that writing a file back keeps them.
    public var otherTags: [(name: String, value: String)]

    /// A simfile.
    public init(title: String = "", subtitle: String = "", artist: String = "", music: String = "",
                timing: Timing, charts: [Chart] = [], otherTags: [(name: String, value: String)] = []) {
        self.title = title
        self.subtitle = subtitle
        self.artist = artist
        self.music = music
        self.timing = timing
        self.charts = charts
        self.otherTags = otherTags
    }

    /// The timing `chart` plays with: its own, else the song's.
    public func timing(of chart: Chart) -> Timing { chart.timing ?? timing }

    /// Equal metadata, timing, charts and other tags.
    public static func == (a: Simfile, b: Simfile) -> Bool {
        a.title == b.title && a.subtitle == b.subtitle && a.artist == b.artist && a.music == b.music
            && a.timing == b.timing && a.charts == b.charts
            && a.otherTags.map(\.name) == b.otherTags.map(\.name) && a.otherTags.map(\.value) == b.otherTags.map(\.value)
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(title)
        hasher.combine(artist)
        hasher.combine(timing)
        hasher.combine(charts)
    }
}
