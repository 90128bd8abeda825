import Models

/// Melody tools that work on the piano roll's slots: harmonize a melody in four voices and regenerate a part of
/// the harmony (Coconet), continue a melody in takes (MelodyRNN). No pane of their own: the results are tracks in the piano roll, edited and played there.
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
        CommandSpec("continue", usage: "continue [BARS] [TAKES] [TEMPERATURE]",
                    summary: "continue the edited track by BARS bars (2) in TAKES takes (4) with MelodyRNN; N/P cycle, Enter keeps, Esc drops") { a throws(CommandError) in
            let usage = "continue [BARS 1-32] [TAKES 1-8] [TEMPERATURE 0-2]"
            let w = a.words
            guard w.count <= 3 else { throw CommandError("use \(usage)") }
            let bars = w.count > 0 ? Int(w[0]) : 2, takes = w.count > 1 ? Int(w[1]) : 4, temperature = w.count > 2 ? Double(w[2]) : 1
            guard let bars, (1...32).contains(bars), let takes, (1...8).contains(takes), let temperature, (0...2).contains(temperature) else {
                throw CommandError("use \(usage)")
            }
            return .melodyTools(.continueMelody(bars: bars, variations: takes, temperature: temperature))
        },
        CommandSpec("take", usage: "take next|prev|keep|drop", summary: "choose among the takes of :continue",
                    argument: .words(TakeCommand.allCases.map(\.rawValue))) { a throws(CommandError) in
            .melodyTools(.take(TakeCommand(rawValue: try a.one(TakeCommand.allCases.map(\.rawValue)))!))
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
