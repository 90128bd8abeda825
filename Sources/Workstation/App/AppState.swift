/// Everything the screen draws from: the document, how it is viewed, and what the app is doing.
public struct AppState: Sendable {
    /// What the workstation is doing with keys.
    public enum Mode: Sendable, Equatable {
        /// Keys go through the key map.
        case normal
        /// Keys edit the `:` prompt.
        case command
        /// The help overlay is shown; keys scroll or close it.
        case help
    }

    /// A line in the status bar.
    public struct Message: Sendable, Equatable {
        /// The text.
        public var text: String
        /// Whether it reports a failure (drawn in the theme's error colour).
        public var isError: Bool
    }

    /// Background work the status bar shows with its progress.
    public struct Job: Sendable, Equatable {
        /// "loading song.wav", "spectrogram song.wav".
        public var label: String
        /// 0…1 when known.
        public var fraction: Double?
    }

    /// The document.
    public var session = Session()
    /// Undo and redo of the document.
    public var history = UndoHistory()
    /// Layout, focus, zoom, scroll.
    public var view = ViewState()
    /// `:set` values.
    public var settings = Settings()
    /// Keys → command lines.
    public var keyMap: KeyMap
    /// Colours in use.
    public var theme: Theme
    /// Normal, command line or help.
    public var mode: Mode = .normal
    /// The `:` prompt.
    public var commandLine = CommandLineState()
    /// The status bar message.
    public var message: Message?
    /// Running background jobs by id.
    public var jobs: [Int: Job] = [:]
    var nextJobID = 1
    /// Playhead, levels and whether audio runs, as last reported by the transport.
    public var transport = TransportStatus(isPlaying: false, position: 0, levels: [])
    /// Peaks and spectrograms by track id.
    public var analyses: [Int: TrackAnalysis] = [:]
    /// Each feature's work in progress that is neither saved nor undone (`state.interpolation` is
    /// `features[InterpolationSlider.self]`).
    public var features = PartStore()
    /// The session a run that did not quit cleanly left in the journal, until `:recover` answers.
    public var recovery: SessionDocument?
    /// Jobs cancelled with `:cancel`: their late results are dropped.
    public var cancelledJobs: Set<Int> = []
    /// First line of the help overlay shown.
    public var helpScroll = 0
    /// Shown in the status bar while there is no audio output ("silent"), so a quiet playback is explained.
    public var audioWarning: String?
    /// Set by `:q`; the loop ends after this frame.
    public var shouldQuit = false

    /// A fresh state.
    public init(keyMap: KeyMap = .defaults, theme: Theme = .builtIn) {
        self.keyMap = keyMap
        self.theme = theme
    }

    /// The playhead, in seconds.
    public var playhead: Double { transport.position }

    /// The selection on screen: the finished one, or the one `v` is making (anchor to playhead).
    public var visibleSelection: TimeRange? {
        if let a = view.selectionAnchor { return TimeRange(a, playhead) }
        return session.selection
    }

    /// The current track's analysis.
    public var currentAnalysis: TrackAnalysis? { session.currentTrack.flatMap { analyses[$0.id] } }

    /// Starts a job (shown in the status bar until it ends) and returns its id.
    public mutating func startJob(_ label: String) -> Int {
        let id = nextJobID
        nextJobID += 1
        jobs[id] = Job(label: label, fraction: 0)
        return id
    }

    /// Shows a message in the status bar.
    public mutating func say(_ text: String, error: Bool = false) { message = Message(text: text, isError: error) }
}
