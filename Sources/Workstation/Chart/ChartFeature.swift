/// Rhythm-game charts: StepMania `.sm`/`.ssc` files opened into the session (`ChartBook`), shown as lanes
/// scrolling with the playhead, written back atomically. Generation and editing come later (issue 19).
public enum ChartFeature: Feature {
    public static let name = "chart"
    public static let panes = [PaneSpec(.chart, title: "Chart")]

    public static let commands: [CommandSpec] = [
        CommandSpec("chart", usage: "chart open|write|replace PATH.sm|.ssc, chart next|prev",
                    summary: "open, write and browse rhythm-game charts (StepMania .sm/.ssc)",
                    argument: .words(ChartCommand.words), describe: { ChartCommand.summary($0) }) { a throws(CommandError) in
            .chart(.command(try ChartCommand(words: a.words, rest: a.rest)))
        },
    ]

    public static let sessionParts: [any SessionPart.Type] = [ChartBook.self]

    public static let fileTypes = [
        FileType(extensions: ["sm", "ssc"], open: { .chart(.command(.open($0))) }, write: { .chart(.command(.write($0))) }),
    ]

    public static let keyTable = """
        # Keys of the chart pane, while it has the focus (other keys fall through to [keys]).
        [chart]
        "]" = "chart next"
        "[" = "chart prev"
        """
}

extension PaneKind {
    /// The chart lanes.
    public static let chart = PaneKind("chart")
}
