import Models

/// Melody tools that work on the piano roll's slots: harmonize a melody in four voices and regenerate a part of
/// the harmony (Coconet). No pane of their own: the results are tracks in the piano roll, edited and played there.
public enum MelodyToolsFeature: Feature {
    public static let name = "melody-tools"

    public static let commands: [CommandSpec] = [
        CommandSpec("harmonize", usage: "harmonize [STEPS]",
                    summary: "turn the slot's melody (the edited track) into four voices, S A T B, Bach-chorale style") { a throws(CommandError) in
            .melodyTools(.harmonize(gibbsSteps: try gibbsSteps(a.words, usage: "harmonize [STEPS]")))
        },
        CommandSpec("infill", usage: "infill [STEPS]",
                    summary: "regenerate the selected notes of an alto, tenor or bass track, keeping the other voices") { a throws(CommandError) in
            .melodyTools(.infill(gibbsSteps: try gibbsSteps(a.words, usage: "infill [STEPS]")))
        },
    ]

    static func gibbsSteps(_ words: [String], usage: String) throws(CommandError) -> Int {
        guard let word = words.first else { return Harmonizer.defaultGibbsSteps }
        guard words.count == 1, let n = Int(word), (1...1000).contains(n) else {
            throw CommandError("use \(usage): STEPS is the number of Gibbs steps, 1 to 1000 (\(Harmonizer.defaultGibbsSteps) when left out)")
        }
        return n
    }
}
