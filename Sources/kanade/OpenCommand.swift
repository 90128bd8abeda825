import ArgumentParser
import TUI
import Workstation

/// `kanade [open] [FILE…]`: the workstation screen, on the given files or the built-in demo song.
struct OpenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open the workstation (the default): the demo song, or FILE… as tracks."
    )

    @Argument(help: "Audio files to open as tracks.")
    var files: [String] = []

    @Option(name: .long, help: "Theme name (themes/NAME.toml) or path to a theme file.")
    var theme: String = "default"

    mutating func run() async throws {
        do {
            try WorkstationScreen.run(files: files, themeName: theme)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
