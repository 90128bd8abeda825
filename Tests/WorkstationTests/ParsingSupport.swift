@testable import Workstation

extension Command {
    /// The core command a line parses to (a feature's line throws).
    init(parsing line: String) throws {
        guard case .command(let c) = try Command.parse(line) else { throw CommandError("\(line): not a core command") }
        self = c
    }
}

/// The interpolation command a line parses to, nil for other lines.
func interpCommand(_ line: String) throws -> InterpolationCommand? {
    if case .feature(let a) = try Command.parse(line), let a = a as? InterpolationAction, case .command(let c) = a { return c }
    return nil
}

/// The piano-roll command a line parses to, nil for other lines.
func rollCommand(_ line: String) throws -> PianoRollCommand? {
    if case .feature(let a) = try Command.parse(line), let a = a as? PianoRollAction, case .command(let c) = a { return c }
    return nil
}

/// The feature effects of a type in a list of effects.
func featureEffects<E: FeatureEffect>(_ effects: [Effect], _ type: E.Type) -> [E] {
    effects.compactMap { if case .feature(let e) = $0 { return e as? E } else { return nil } }
}
