import ArgumentParser
import TUI
import Workstation

/// The `kanade` command: the workstation by default, batch subcommands for scripts.
@main
struct Kanade: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kanade",
        abstract: "A terminal music workstation.",
        discussion: "With no FILE, opens the workstation on a built-in demo song. Keys: ? inside the workstation.",
        subcommands: [
            InfoCommand.self, PlayCommand.self, SpectrogramCommand.self, NotesCommand.self, RenderCommand.self,
            ModelsCommand.self,
        ],
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
