import ArgumentParser
import Foundation
import Models

/// `kanade models`: the models this build can load, with version, size, training data and metrics.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the bundled models (and any in $KANADE_MODELS or ~/.local/share/kanade/models)."
    )

    func run() throws {
        let catalog = ModelCatalog(ModelStore())
        print(catalog.report)
        for problem in catalog.problems {
            FileHandle.standardError.write(Data((problem.description + "\n").utf8))
        }
        if !catalog.problems.isEmpty { throw ExitCode.failure }
    }
}
