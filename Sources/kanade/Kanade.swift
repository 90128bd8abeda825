import ArgumentParser

/// The `kanade` command: the workstation by default, batch subcommands for scripts.
@main
struct Kanade: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kanade",
        abstract: "A terminal music workstation.",
        discussion: "With no subcommand, opens the workstation (on the built-in demo song, or on the FILEs given).",
        subcommands: [
            WorkstationCommand.self,
            InfoCommand.self, PlayCommand.self, SpectrogramCommand.self, BPMCommand.self, NotesCommand.self, RenderCommand.self,
            ModelsCommand.self, InterpolateCommand.self, SampleCommand.self, ContinueCommand.self, HarmonizeCommand.self, SeparateCommand.self,
            ChartCommand.self, MorphCommand.self,
        ],
        defaultSubcommand: WorkstationCommand.self,
    )
}
