import ArgumentParser

/// The `kanade` command: the workstation by default, batch subcommands for scripts.
///
/// The workstation is the default subcommand rather than the root's own `run`: a root command
/// with a positional `FILE…` argument would swallow `info x.wav` as two files to open.
@main
struct Kanade: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kanade",
        abstract: "A terminal music workstation.",
        discussion: "With no FILE, opens the workstation on a built-in demo song. Keys: ? inside the workstation.",
        subcommands: [
            OpenCommand.self,
            InfoCommand.self, PlayCommand.self, SpectrogramCommand.self, NotesCommand.self, RenderCommand.self,
            ModelsCommand.self,
        ],
        defaultSubcommand: OpenCommand.self
    )
}
