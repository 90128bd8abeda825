import Foundation
import Synchronization

/// A point of the instrument morph grid as a value: four corner instruments and where the point sits between
/// them, with the name it was saved under. What a track plays when its instrument is `morph:…`, written as
/// `A,B,C,D@X,Y` (`flute,cello,brass,warm-pad@0.25,0.6`), or `A,B,C,D@X,Y#NAME` once saved as NAME.
///
/// A corner is an instrument the timbre model knows (`flute.fluidr3`, or a word that picks one, such as `flute`)
/// or a one-note WAV file (a path ending in `.wav`), which the model's encoder turns into a point.
public struct MorphSpec: Sendable, Hashable, CustomStringConvertible {
    /// Bottom-left, bottom-right, top-left, top-right.
    public var corners: [String]
    /// The point, each 0…1 (x to the right, y up).
    public var x: Double, y: Double
    /// The name it was saved under (`:morph save NAME`), or nil.
    public var label: String?

    /// A point.
    public init(corners: [String], x: Double, y: Double, label: String? = nil) {
        self.corners = corners; self.x = x; self.y = y; self.label = label
    }

    /// What makes the sound: the corners and the point, without the label (the cache key of its notes).
    public var soundKey: String {
        corners.joined(separator: ",") + "@" + Self.number(x) + "," + Self.number(y)
    }

    /// `A,B,C,D@X,Y` and `#NAME` when named.
    public var description: String { soundKey + (label.map { "#" + $0 } ?? "") }

    /// Parses `A,B,C,D@X,Y[#NAME]`: four corners without commas or `@`, X and Y in 0…1.
    public init(parsing text: String) throws(MorphSpecError) {
        var body = Substring(text)
        var label: String?
        if let hash = body.lastIndex(of: "#") {
            label = String(body[body.index(after: hash)...])
            body = body[..<hash]
            guard let l = label, !l.isEmpty, !l.contains(" ") else { throw MorphSpecError(text: text, problem: "the name after # is empty or has a space") }
        }
        let halves = body.split(separator: "@", omittingEmptySubsequences: false)
        guard halves.count == 2 else { throw MorphSpecError(text: text, problem: "use A,B,C,D@X,Y") }
        let corners = halves[0].split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard corners.count == 4, corners.allSatisfy({ !$0.isEmpty }) else {
            throw MorphSpecError(text: text, problem: "need four corner instruments, got \(corners.filter { !$0.isEmpty }.count)")
        }
        let xy = halves[1].split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard xy.count == 2, let x = xy[0], let y = xy[1], (0...1).contains(x), (0...1).contains(y) else {
            throw MorphSpecError(text: text, problem: "the point must be X,Y with each in 0…1")
        }
        self.init(corners: corners, x: x, y: y, label: label)
    }

    /// A coordinate as the text form writes it: up to four decimals, no trailing zeros.
    public static func number(_ v: Double) -> String {
        var s = String(format: "%.4f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}

/// A morph point that cannot be read.
public struct MorphSpecError: Error, Equatable, CustomStringConvertible {
    /// What was given, and what is wrong.
    public var text: String, problem: String
    public var description: String { "morph:\(text): \(problem)" }
}

/// Where the notes of a morph point come from. The timbre model lives above `Synth`, so the program registers
/// how to make them (`MorphSamples.install`); notes already made are kept for the last few points, so the grid's
/// point, the tracks that play saved points and an export share one generation.
///
/// Called off the audio thread only (making an instrument is never real-time work).
public final class MorphSampleStore: Sendable {
    /// Makes a point's notes (all the pitches the model has); throws an error that names the problem.
    public typealias Maker = @Sendable (MorphSpec) throws -> [SampledNote]

    /// Points whose notes are kept.
    public let capacity: Int

    private struct State {
        var maker: Maker?
        var cache: [String: [SampledNote]] = [:]
        var order: [String] = []
    }
    private let state: Mutex<State>

    /// A store that makes notes with `maker` (none: every point is an error until `install`).
    public init(capacity: Int = 6, maker: Maker? = nil) {
        self.capacity = max(1, capacity)
        state = Mutex(State(maker: maker))
    }

    /// Sets how notes are made and forgets what was made before.
    public func install(_ maker: @escaping Maker) {
        state.withLock { $0 = State(maker: maker) }
    }

    /// Whether a maker is installed.
    public var isInstalled: Bool { state.withLock { $0.maker != nil } }

    /// The notes of `spec`: from the cache, else made now (which takes the model's time; the lock is not held).
    public func notes(for spec: MorphSpec) throws -> [SampledNote] {
        let key = spec.soundKey
        let (cached, maker) = state.withLock { s -> ([SampledNote]?, Maker?) in
            guard let hit = s.cache[key] else { return (nil, s.maker) }
            s.order.removeAll { $0 == key }
            s.order.append(key)
            return (hit, s.maker)
        }
        if let cached { return cached }
        guard let maker else { throw MorphSamplesError.notInstalled }
        let made = try maker(spec)
        guard !made.isEmpty else { throw MorphSamplesError.noNotes(key) }
        state.withLock { s in
            s.cache[key] = made
            s.order.removeAll { $0 == key }
            s.order.append(key)
            while s.order.count > capacity { s.cache[s.order.removeFirst()] = nil }
        }
        return made
    }

    /// Whether `spec`'s notes are made already.
    public func isCached(_ spec: MorphSpec) -> Bool { state.withLock { $0.cache[spec.soundKey] != nil } }
}

/// The program's store, which `InstrumentChoice.morph` instruments play from.
public enum MorphSamples {
    /// The one store.
    public static let shared = MorphSampleStore()

    /// Sets how the program makes a point's notes (once, at start).
    public static func install(_ maker: @escaping MorphSampleStore.Maker) { shared.install(maker) }

    /// The notes of `spec` from the program's store.
    public static func notes(for spec: MorphSpec) throws -> [SampledNote] { try shared.notes(for: spec) }
}

/// Why a morph point has no notes.
public enum MorphSamplesError: Error, Equatable, CustomStringConvertible {
    case notInstalled
    case noNotes(String)
    public var description: String {
        switch self {
        case .notInstalled: return "morph instruments need the timbre model, which this program did not load"
        case .noNotes(let key): return "morph:\(key): the timbre model made no notes"
        }
    }
}
