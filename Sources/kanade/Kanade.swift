import ArgumentParser

/// The `kanade` command: the workstation by default, batch subcommands for scripts.
@main
struct Kanade: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kanade",
        abstract: "A terminal music workstation.",
        subcommands: [
            InfoCommand.self, PlayCommand.self, SpectrogramCommand.self, NotesCommand.self, RenderCommand.self,
            ModelsCommand.self,
        ],
    )

    mutating func run() async throws {
        // The workstation screen is not built yet: until then, print help.
        print(Kanade.helpMessage())
    }
}
