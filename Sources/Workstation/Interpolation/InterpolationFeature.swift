/// The interpolation slider: two melody slots blended through the melody VAE's latent space, plus
/// sampling and variation. Built on the piano roll's slots; its melodies play and show there.
public enum InterpolationFeature: Feature {
    public static let name = "interpolation"

    public static let panes = [PaneSpec(.interpolation, title: "Interpolation")]

    public static let commands: [CommandSpec] = [
        CommandSpec("interp", usage: "interp SUBCOMMAND", summary: "drive the interpolation slider (see its keys)",
                    argument: .words(InterpolationCommand.words), describe: { InterpolationCommand.summary($0) }) { a throws(CommandError) in
            .interpolation(.command(try InterpolationCommand(words: a.words)))
        },
    ]

    public static let keyTable = """
        # Keys of the interpolation slider, while it has the focus.
        [interpolation]
        "h" = "interp move -1"
        "left" = "interp move -1"
        "l" = "interp move +1"
        "right" = "interp move +1"
        "0" = "interp to 0"
        "home" = "interp to 0"
        "$" = "interp end"
        "end" = "interp end"
        "enter" = "interp commit"
        "s" = "interp sample"
        "v" = "interp vary"
        "a" = "interp a next"
        "b" = "interp b next"
        "x" = "interp swap"
        "+" = "interp steps +2"
        "=" = "interp steps +2"
        "-" = "interp steps -2"
        "t" = "interp temperature +0.1"
        "T" = "interp temperature -0.1"
        "]" = "interp variation +0.1"
        "[" = "interp variation -0.1"
        "space" = "interp play"
        """
}

extension PaneKind {
    /// The interpolation slider.
    public static let interpolation = PaneKind("interpolation")
}
