import ArgumentParser
import TUI
import Workstation

/// `kanade [FILE…]`: the full-screen workstation, the root command's default subcommand.
struct WorkstationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workstation",
        abstract: "Open the workstation (the default: `kanade` and `kanade FILE…` run this).",
        discussion: "With no FILE, opens the built-in demo song. Keys: ? inside the workstation; docs/user-guide.md."
    )

    @Argument(help: "A project (NAME.kanade) to reopen, audio files to open as tracks, and MIDI files (.mid) to open as melodies, one slot each (A, B, …).")
    var files: [String] = []

    @Option(name: .long, help: "Theme name (themes/NAME.toml) or path to a theme file.")
    var theme: String = "default"

    mutating func run() throws {
        MorphVoices.install()  // morph-grid points and `morph:` track instruments play through the timbre model
        do {
            try WorkstationScreen.run(files: files, themeName: theme)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
