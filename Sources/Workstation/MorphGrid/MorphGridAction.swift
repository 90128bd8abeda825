import Foundation
import Music
import Synth

/// A `morph …` command: the grid pane's keys and what `:morph` takes.
public enum MorphGridCommand: Sendable, Equatable {
    /// Corner 1–4 (bottom-left, bottom-right, top-left, top-right) becomes an instrument or a one-note WAV file.
    case corner(Int, String)
    /// All four corners at once.
    case corners([String])
    /// Put the point at (x, y), each 0…1.
    case at(Double, Double)
    /// Move the point by (dx, dy), clamped to the square.
    case move(Double, Double)
    /// Play the key `n` semitones above the pane's base key (QWERTY keys).
    case play(Int)
    /// Move the QWERTY keys by octaves.
    case octave(Int)
    /// Save the point under a name; a track can then play it (`:instrument morph NAME`).
    case save(String)
    /// Put the grid at a saved point (its corners too).
    case recall(String)
    /// Forget a saved point.
    case forget(String)

    static let words = ["corner", "corners", "at", "move", "play", "octave", "save", "recall", "forget"]
    static let usage = "morph corner 1-4 NAME|FILE.wav, morph corners A B C D, morph at X Y, morph move DX DY, morph save|recall|forget NAME, morph play N, morph octave ±1"

    init(words w: [String]) throws(CommandError) {
        func number(_ s: String, _ what: String) throws(CommandError) -> Double {
            guard let v = Double(s), v.isFinite else { throw CommandError("morph \(w[0]): \(s) is not \(what)") }
            return v
        }
        func name(_ s: String) throws(CommandError) -> String {
            guard MorphGrid.isValidName(s) else { throw CommandError("morph \(w[0]): \"\(s)\" is not a name (letters, digits, - _ .)") }
            return s
        }
        switch w.first {
        case "corner" where w.count >= 3:
            guard let n = Int(w[1]), (1...4).contains(n) else { throw CommandError("morph corner: \(w[1]) is not a corner (1 bottom-left, 2 bottom-right, 3 top-left, 4 top-right)") }
            self = .corner(n, w.dropFirst(2).joined(separator: " "))
        case "corners":
            guard w.count == 5 else { throw CommandError("morph corners: give four instruments, bottom-left, bottom-right, top-left, top-right") }
            self = .corners(Array(w.dropFirst()))
        case "at" where w.count == 3:
            let x = try number(w[1], "a number 0…1"), y = try number(w[2], "a number 0…1")
            guard (0...1).contains(x), (0...1).contains(y) else { throw CommandError("morph at: X and Y are 0…1") }
            self = .at(x, y)
        case "move" where w.count == 3: self = .move(try number(w[1], "a step"), try number(w[2], "a step"))
        case "play" where w.count == 2:
            guard let n = Int(w[1]), (-24...36).contains(n) else { throw CommandError("morph play: \(w[1]) is not a key (semitones above the base key)") }
            self = .play(n)
        case "octave" where w.count == 2:
            guard let n = Int(w[1]), n != 0 else { throw CommandError("morph octave: use +1 or -1") }
            self = .octave(n)
        case "save" where w.count == 2: self = .save(try name(w[1]))
        case "recall" where w.count == 2: self = .recall(try name(w[1]))
        case "forget" where w.count == 2: self = .forget(try name(w[1]))
        default: throw CommandError("morph: use \(Self.usage)")
        }
    }

    /// What a bound line does, for the help overlay.
    static func summary(_ words: [String]) -> String {
        switch try? MorphGridCommand(words: Array(words.dropFirst())) {
        case .move(let dx, let dy)?:
            let direction = dx < 0 ? "left" : dx > 0 ? "right" : dy > 0 ? "up" : "down"
            return "move the point \(direction) (\(max(abs(dx), abs(dy)) >= 0.1 ? "a grid step" : "a fine step"))"
        case .play(let n)?: return "play the key \(n) semitones above the base key"
        case .octave(let n)?: return n > 0 ? "QWERTY keys an octave up" : "QWERTY keys an octave down"
        case .at?: return "put the point there"
        case .corner(let n, _)?: return "set corner \(n)"
        case .corners?: return "set the four corners"
        case .save?: return "save the point by name"
        case .recall?: return "go to a saved point"
        case .forget?: return "forget a saved point"
        case nil: return "work the morph grid"
        }
    }
}

/// What happens on the morph grid: commands, and the model's answers.
public enum MorphGridAction: FeatureAction {
    case command(MorphGridCommand)
    /// `:instrument morph NAME` (`grid`: the point as it is now): the edited track plays it.
    case assign(String)
    /// The model knows the corner words: corner `index` (nil: all four) became `corners`.
    case cornersChecked(index: Int?, [String])
    /// A corner could not be used (the message names it).
    case cornerFailed(String)
    /// The point's notes are made.
    case generated(generation: Int, key: String, milliseconds: Double)
    /// They could not be.
    case generationFailed(generation: Int, message: String)
    /// The 9 × 9 preview of `corners` (joined by commas).
    case previewReady(corners: String, [Double])

    public func reduce(_ state: inout AppState) -> [Effect] {
        switch self {
        case .command(let command): return reduceMorphCommand(&state, command)
        case .assign(let name): return reduceMorphAssign(&state, name)
        case .cornersChecked(let index, let corners):
            state.history.record(state.session)
            if let index { state.session.morphGrid.corners[index] = corners[0] } else { state.session.morphGrid.corners = corners }
            state.say(index.map { "corner \($0 + 1): \(corners[0])" } ?? "corners: \(corners.joined(separator: ", "))")
            return regenerate(&state, preview: true)
        case .cornerFailed(let message):
            state.morphWork.problem = message
            state.say(message, error: true)
            return []
        case .generated(let generation, let key, let ms):
            guard generation == state.morphWork.generation else { return [] }
            var work = state.morphWork
            work.isGenerating = false
            work.ready = key
            work.readyMilliseconds = ms
            work.problem = nil
            state.morphWork = work
            if state.message?.text.hasPrefix("making the notes") == true { state.say("61 notes made in \(Int(ms.rounded())) ms") }
            // The last note played sounds again at the new point.
            guard let pitch = work.lastPitch, key == state.session.morphGrid.point.soundKey else { return [] }
            return [.audition(pitch: pitch, velocity: 100, instrument: .morph(state.session.morphGrid.point))]
        case .generationFailed(let generation, let message):
            guard generation == state.morphWork.generation else { return [] }
            state.morphWork.isGenerating = false
            state.morphWork.problem = message
            state.say(message, error: true)
            return []
        case .previewReady(let corners, let values):
            guard corners == state.session.morphGrid.corners.joined(separator: ",") else { return [] }
            state.morphWork.previewCorners = corners
            state.morphWork.preview = values
            return []
        }
    }
}

extension Action {
    /// A morph grid action.
    public static func morphGrid(_ action: MorphGridAction) -> Action { .feature(action) }
}

/// Asks for the point's notes (and the preview, when the corners changed).
func regenerate(_ state: inout AppState, preview: Bool) -> [Effect] {
    var work = state.morphWork
    work.generation += 1
    work.isGenerating = true
    state.morphWork = work
    let grid = state.session.morphGrid
    var effects: [Effect] = [.feature(MorphGridEffect.generate(grid.point, generation: work.generation))]
    let corners = grid.corners.joined(separator: ",")
    if preview && work.previewCorners != corners && work.previewAsked != corners {
        state.morphWork.previewAsked = corners
        effects.append(.feature(MorphGridEffect.preview(corners: grid.corners)))
    }
    return effects
}

func reduceMorphCommand(_ state: inout AppState, _ command: MorphGridCommand) -> [Effect] {
    var grid = state.session.morphGrid
    switch command {
    case .corner(let n, let word):
        return [.feature(MorphGridEffect.checkCorners(index: n - 1, [word]))]
    case .corners(let words):
        return [.feature(MorphGridEffect.checkCorners(index: nil, words))]
    case .at(let x, let y):
        return movePoint(&state, to: (x, y))
    case .move(let dx, let dy):
        return movePoint(&state, to: (min(max(grid.x + dx, 0), 1), min(max(grid.y + dy, 0), 1)))
    case .play(let n):
        let pitch = min(max(state.view.morphGrid.baseKey + n, 0), 127)
        state.morphWork.lastPitch = pitch
        guard state.morphWork.ready == grid.point.soundKey else {
            state.say("making the notes of this point… key \(pitch) sounds when they are ready")
            return state.morphWork.isGenerating ? [] : regenerate(&state, preview: true)
        }
        return [.audition(pitch: pitch, velocity: 100, instrument: .morph(grid.point))]
    case .octave(let n):
        let base = min(max(state.view.morphGrid.baseKey + 12 * n, 24), 96)
        state.view.morphGrid.baseKey = base
        state.say("QWERTY keys from \(Note.name(ofPitch: base))")
        return []
    case .save(let name):
        state.history.record(state.session)
        var spec = grid.point
        spec.label = name
        grid.saved[name] = spec
        state.session.morphGrid = grid
        state.say("saved the point as \(name): :instrument morph \(name) gives it to a track")
        return []
    case .recall(let name):
        guard let spec = grid.saved[name] else { state.say("morph recall: no saved point \(name)\(savedList(grid))", error: true); return [] }
        state.history.record(state.session)
        grid.corners = spec.corners
        grid.x = spec.x
        grid.y = spec.y
        state.session.morphGrid = grid
        state.say("at \(name)")
        return regenerate(&state, preview: true)
    case .forget(let name):
        guard grid.saved[name] != nil else { state.say("morph forget: no saved point \(name)\(savedList(grid))", error: true); return [] }
        state.history.record(state.session)
        grid.saved[name] = nil
        state.session.morphGrid = grid
        state.say("forgot \(name) (tracks that play it keep their copy)")
        return []
    }
}

private func savedList(_ grid: MorphGrid) -> String {
    grid.saved.isEmpty ? " (none saved: :morph save NAME)" : " (saved: \(grid.saved.keys.sorted().joined(separator: ", ")))"
}

private func movePoint(_ state: inout AppState, to p: (Double, Double)) -> [Effect] {
    let grid = state.session.morphGrid
    guard p.0 != grid.x || p.1 != grid.y else { return [] }
    state.history.record(state.session)
    state.session.morphGrid.x = p.0
    state.session.morphGrid.y = p.1
    return regenerate(&state, preview: true)   // the preview only when its corners have none yet
}

func reduceMorphAssign(_ state: inout AppState, _ name: String) -> [Effect] {
    let grid = state.session.morphGrid
    let spec: MorphSpec
    if name == "grid" {
        spec = grid.point
    } else if let saved = grid.saved[name] {
        spec = saved
    } else {
        state.say("instrument morph: no saved point \(name)\(savedList(grid)); `grid` is the point as it is now", error: true)
        return []
    }
    // The notes are made off the UI thread now, so playback finds them made; the piano roll's audition of the
    // new instrument is left out, as it would make them a second time on the engine's queue.
    let effects = PianoRollAction.command(.instrument(.morph(spec))).reduce(&state).filter {
        if case .audition = $0 { return false } else { return true }
    }
    return [.feature(MorphGridEffect.warm(spec))] + effects
}
