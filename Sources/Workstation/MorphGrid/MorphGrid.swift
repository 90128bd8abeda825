import Foundation
import Synth

/// The morph grid's part of the session, saved as `[morph]`: the four corner instruments, where the point is, and
/// the points saved by name (`:morph save NAME`), each of which a track can play (`:instrument morph NAME`).
public struct MorphGrid: SessionPart {
    /// The corners a new session starts with: four families far apart (a flute, a bowed string, a brass and a
    /// synth pad), so the grid has something to show at once.
    public static let defaultCorners = ["flute.fluidr3", "cello.fluidr3", "trumpet.fluidr3", "warm-pad.fluidr3"]

    /// Bottom-left, bottom-right, top-left, top-right: instrument names or one-note WAV files.
    public var corners = MorphGrid.defaultCorners
    /// The point, each 0…1 (x to the right, y up).
    public var x = 0.5, y = 0.5
    /// Saved points by name.
    public var saved: [String: MorphSpec] = [:]

    /// The default grid.
    public init() {}

    /// Saved as `[morph]`.
    public static let key = "morph"

    /// The point as a value a track can play.
    public var point: MorphSpec { MorphSpec(corners: corners, x: x, y: y) }

    /// Whether `name` can name a saved point: letters, digits, `-`, `_` and `.`, 1–32 of them.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 32 && name.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
    }

    public func problems() -> [String] {
        var out: [String] = []
        if corners.count != 4 { out.append("morph: \(corners.count) corners (a grid has 4)") }
        if corners.contains(where: { $0.isEmpty || $0.contains(",") || $0.contains("@") || $0.contains("#") }) {
            out.append("morph: a corner is empty or has , @ or #")
        }
        if !(0...1).contains(x) || !(0...1).contains(y) { out.append("morph: the point \(x), \(y) is outside 0…1") }
        for (name, spec) in saved {
            if !Self.isValidName(name) { out.append("morph: saved point \"\(name)\" has characters a name cannot have") }
            if spec.corners.count != 4 || !(0...1).contains(spec.x) || !(0...1).contains(spec.y) {
                out.append("morph: saved point \(name) is not four corners and a point in 0…1")
            }
        }
        return out
    }
}

extension MorphGrid: Codable {
    private enum Key: String, CodingKey { case corners, x, y, saved }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        corners = try c.decodeIfPresent([String].self, forKey: .corners) ?? MorphGrid.defaultCorners
        x = try c.decodeIfPresent(Double.self, forKey: .x) ?? 0.5
        y = try c.decodeIfPresent(Double.self, forKey: .y) ?? 0.5
        let texts = try c.decodeIfPresent([String: String].self, forKey: .saved) ?? [:]
        var saved: [String: MorphSpec] = [:]
        for (name, text) in texts {
            do { saved[name] = try MorphSpec(parsing: text) } catch {
                throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [Key.saved], debugDescription: "saved point \(name): \(error)"))
            }
            saved[name]?.label = name
        }
        self.saved = saved
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(corners, forKey: .corners)
        try c.encode(x, forKey: .x)
        try c.encode(y, forKey: .y)
        try c.encode(saved.mapValues(\.soundKey), forKey: .saved)
    }
}

/// The grid pane's view: the octave its QWERTY keys play in.
public struct MorphGridView: StatePart {
    /// The MIDI note of the `a` key (C4 = 60).
    public var baseKey = 60
    /// A view.
    public init() {}
}

/// Work in progress on the grid, neither saved nor undone.
public struct MorphGridWork: StatePart {
    /// Counts point requests; a generation that is no longer the latest is not reported.
    public var generation = 0
    /// The point whose notes are made (its `soundKey`), and how long that took.
    public var ready: String?
    public var readyMilliseconds: Double?
    /// Whether a point's notes are being made.
    public var isGenerating = false
    /// The corners the preview shows (joined), and its 81 brightness values (Hz), row by row from y = 0.
    public var previewCorners: String?
    public var preview: [Double] = []
    /// The corners whose preview is being made (asked for once).
    public var previewAsked: String?
    /// The last key played on the grid (it sounds again at each new point) and its velocity.
    public var lastPitch: Int?
    /// What went wrong last, shown in the pane until the next success.
    public var problem: String?
    /// Nothing made yet.
    public init() {}
}

extension Session {
    /// The morph grid: corners, point and saved points.
    public var morphGrid: MorphGrid {
        get { parts[MorphGrid.self] }
        set { parts[MorphGrid.self] = newValue }
    }
}

extension ViewState {
    /// The morph grid pane's octave.
    public var morphGrid: MorphGridView {
        get { parts[MorphGridView.self] }
        set { parts[MorphGridView.self] = newValue }
    }
}

extension AppState {
    /// The grid's notes and preview in progress.
    public var morphWork: MorphGridWork {
        get { features[MorphGridWork.self] }
        set { features[MorphGridWork.self] = newValue }
    }
}
