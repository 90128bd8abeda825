/// What `interp …` command lines do in the interpolation pane (its keys are bound to these).
public enum InterpolationCommand: Equatable, Sendable {
    /// Moves the slider by positions (negative: toward A).
    case move(Int)
    /// Puts the slider at a position (0 is A; a mouse click).
    case moveTo(Int)
    /// Puts the slider on B.
    case end
    /// Sets slot A or B to a slot index, or steps it through the slots (`next`).
    case setA(Int), setB(Int), nextA, nextB
    /// Exchanges A and B.
    case swap
    /// Changes the number of points on the path by an amount, or sets it.
    case stepsBy(Int), steps(Int)
    /// Copies the melody at the slider into a slot (nil: a new slot).
    case commit(Int?)
    /// Samples a new melody from the prior at the sampling temperature.
    case sample
    /// Varies the melody at the slider (or slot A).
    case vary
    /// Changes the sampling temperature by an amount, or sets it.
    case temperatureBy(Double), temperature(Double)
    /// Changes the variation amount by an amount.
    case variationBy(Double)
    /// Plays the melody at the slider, looped, or stops it.
    case play
    /// Picks the model: 2-bar blocks or the 16-bar hierarchical model.
    case bars(Int)
}

extension InterpolationCommand {
    /// The `interp` subcommands for completion and help.
    static let words = ["move", "to", "end", "a", "b", "swap", "steps", "commit", "sample", "vary", "temperature",
                        "variation", "play", "bars"]

    /// Parses the words after `interp`.
    init(words w: [String]) throws(CommandError) {
        guard let sub = w.first else {
            throw CommandError("interp: use interp SUBCOMMAND (\(InterpolationCommand.words.joined(separator: ", ")))")
        }
        let arg = w.count > 1 ? w[1] : nil
        func int() throws(CommandError) -> Int {
            guard let arg, w.count == 2, let v = Int(arg.hasPrefix("+") ? String(arg.dropFirst()) : arg) else {
                throw CommandError("interp \(sub): expected a whole number")
            }
            return v
        }
        func number() throws(CommandError) -> Double {
            guard let arg, w.count == 2, let v = Double(arg.hasPrefix("+") ? String(arg.dropFirst()) : arg), v.isFinite else {
                throw CommandError("interp \(sub): expected a number")
            }
            return v
        }
        /// A slot letter, or nil for `next`.
        func slot() throws(CommandError) -> Int? {
            guard let arg, w.count == 2 else { throw CommandError("interp \(sub): use interp \(sub) next|A|B|…") }
            if arg == "next" { return nil }
            guard let index = PianoRoll.slotIndex(named: arg) else {
                throw CommandError("interp \(sub): \(arg) is not a slot (A, B, …)")
            }
            return index
        }
        let relative = arg.map { $0.hasPrefix("+") || $0.hasPrefix("-") } ?? false
        switch sub {
        case "move": self = .move(try int())
        case "to": self = .moveTo(try int())
        case "end": self = .end
        case "a": self = try slot().map { .setA($0) } ?? .nextA
        case "b": self = try slot().map { .setB($0) } ?? .nextB
        case "swap": self = .swap
        case "steps":
            let n = try int()
            if !relative && !(3...33).contains(n) { throw CommandError("interp steps: use 3–33 (or ±N)") }
            self = relative ? .stepsBy(n) : .steps(n)
        case "commit":
            switch arg {
            case nil, "new": self = .commit(nil)
            default:
                guard let index = arg.flatMap(PianoRoll.slotIndex(named:)) else {
                    throw CommandError("interp commit: use interp commit [new|A|B|…]")
                }
                self = .commit(index)
            }
        case "sample": self = .sample
        case "vary": self = .vary
        case "temperature":
            let t = try number()
            if !relative && !(0...2).contains(t) { throw CommandError("interp temperature: use 0–2 (or ±X)") }
            self = relative ? .temperatureBy(t) : .temperature(t)
        case "variation": self = .variationBy(try number())
        case "play": self = .play
        case "bars":
            guard let n = Int(arg ?? ""), n == 2 || n == 16 else { throw CommandError("interp bars: use interp bars 2|16") }
            self = .bars(n)
        default: throw CommandError("interp \(sub): no such interpolation command")
        }
    }

    /// What an `interp …` command line does, for the help overlay.
    public static func summary(_ words: [String]) -> String {
        let arg = words.count > 2 ? words[2] : ""
        switch words.count > 1 ? words[1] : "" {
        case "move": return "slider a step toward \(arg.hasPrefix("-") ? "A" : "B") (it plays)"
        case "to": return arg == "0" ? "slider to A" : "slider to position \(arg)"
        case "end": return "slider to B"
        case "a": return "blend from the next slot (A side)"
        case "b": return "blend to the next slot (B side)"
        case "swap": return "exchange A and B"
        case "steps": return arg.hasPrefix("-") ? "fewer steps between A and B" : "more steps between A and B"
        case "commit": return "copy the melody at the slider into a new slot"
        case "sample": return "sample a new melody at the temperature"
        case "vary": return "vary the melody at the slider"
        case "temperature": return "sampling temperature \(arg)"
        case "variation": return "variation amount \(arg)"
        case "play": return "play the melody at the slider (looped) / stop"
        case "bars": return "use the \(arg)-bar model"
        default: return ""
        }
    }
}
