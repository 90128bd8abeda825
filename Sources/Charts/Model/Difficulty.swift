/// A chart's difficulty slot, as StepMania names them.
public enum Difficulty: String, CaseIterable, Hashable, Sendable {
    /// The easiest slot.
    case beginner = "Beginner"
    /// Easy ("Basic", "Light" in older files).
    case easy = "Easy"
    /// Medium ("Another", "Trick", "Standard").
    case medium = "Medium"
    /// Hard ("Maniac", "Heavy", "SSR").
    case hard = "Hard"
    /// Challenge ("Expert", "Oni", "Smaniac").
    case challenge = "Challenge"
    /// A person's own edit.
    case edit = "Edit"

    /// The difficulty a file's name for it means, case-insensitively, including older names; nil if unknown.
    public init?(fileName: String) {
        let name = fileName.trimmingWhitespace().lowercased()
        if let match = Difficulty.allCases.first(where: { $0.rawValue.lowercased() == name }) {
            self = match
            return
        }
        switch name {
        case "basic", "light": self = .easy
        case "another", "trick", "standard": self = .medium
        case "maniac", "heavy", "ssr": self = .hard
        case "expert", "oni", "smaniac": self = .challenge
        default: return nil
        }
    }
}
