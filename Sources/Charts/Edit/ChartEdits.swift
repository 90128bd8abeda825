/// The grid the chart editor moves and places on: notes per 4-beat measure, StepMania's snaps.
public struct Snap: Hashable, Sendable, CustomStringConvertible {
    /// The snaps in order, coarse to fine (4th … 192nd), as the editor cycles them.
    public static let all = [4, 8, 12, 16, 24, 32, 48, 64, 192].map(Snap.init(perMeasure:))

    /// Notes per measure: 4 is quarter notes, 16 sixteenths, 12 eighth-note triplets.
    public let perMeasure: Int

    /// A snap of `perMeasure` notes per 4-beat measure (a divisor of 192).
    public init(perMeasure: Int) {
        precondition(perMeasure > 0 && 192 % perMeasure == 0, "a snap divides the 192 rows of a measure")
        self.perMeasure = perMeasure
    }

    /// One step of this snap in beats (4 / perMeasure).
    public var step: Beat { Beat(4, perMeasure) }

    /// The next finer (`by` +1) or coarser (−1) snap, staying at the ends.
    public func cycled(by offset: Int) -> Snap {
        let i = Snap.all.firstIndex(of: self) ?? 3
        return Snap.all[max(0, min(Snap.all.count - 1, i + offset))]
    }

    /// The position of this snap nearest to `beats` (ties go later).
    public func nearest(to beats: Double) -> Beat {
        let k = (beats * Double(perMeasure) / 4).rounded(.toNearestOrAwayFromZero)
        return Beat(Int(max(-1e12, min(1e12, k))) * 4, perMeasure)
    }

    /// `beat` moved onto this snap (the nearest position).
    public func quantised(_ beat: Beat) -> Beat { nearest(to: beat.value) }

    /// "16th", "12th", "192nd".
    public var description: String {
        switch perMeasure % 100 {
        case 11, 12, 13: "\(perMeasure)th"
        default:
            switch perMeasure % 10 {
            case 1: "\(perMeasure)st"
            case 2: "\(perMeasure)nd"
            case 3: "\(perMeasure)rd"
            default: "\(perMeasure)th"
            }
        }
    }
}

/// Notes cut or copied from a chart, with beats relative to where the copy started.
public struct ChartClip: Hashable, Sendable {
    /// The notes, beats (and hold ends) relative to the start.
    public var notes: [ChartNote]
    /// How long the copied stretch was.
    public var length: Beat

    /// A clip.
    public init(notes: [ChartNote], length: Beat) { self.notes = notes; self.length = length }
}

/// The edits of the chart editor: each returns what changed, so the editor can say it; all keep the notes
/// sorted, never put two notes on one lane at one beat, and never move a note before beat 0.
extension Chart {
    /// The index of the note on `lane` at exactly `beat`.
    func index(at beat: Beat, lane: Int) -> Int? { notes.firstIndex { $0.beat == beat && $0.lane == lane } }

    /// Removes the note at `beat` on `lane` if there is one, else adds `kind` there. Returns true when it added.
    @discardableResult
    public mutating func toggle(_ kind: ChartNote.Kind, at beat: Beat, lane: Int) -> Bool {
        precondition((0..<laneCount).contains(lane), "lane \(lane) of \(laneCount)")
        if let i = index(at: beat, lane: lane) {
            let existing = notes[i].kind
            notes.remove(at: i)
            // Pressing a lane where a step sits removes it; where a mine sits, a tap replaces it (and the reverse).
            guard Self.sameKind(existing, kind) == false else { return false }
        }
        guard beat >= .zero else { return false }
        notes.append(ChartNote(beat: beat, lane: lane, kind: kind))
        notes.sort()
        return true
    }

    /// Whether two kinds are the same to a lane key: any step (tap, hold, roll, lift) is one kind, mines and
    /// fakes are their own.
    static func sameKind(_ a: ChartNote.Kind, _ b: ChartNote.Kind) -> Bool {
        switch (a, b) {
        case (.mine, .mine), (.fake, .fake): true
        case (.mine, _), (_, .mine), (.fake, _), (_, .fake): false
        default: true
        }
    }

    /// Makes the latest step on `lane` before `end` a hold to `end`; a hold already ending there becomes a roll,
    /// a roll ending there a tap again. Returns the note's new kind, or nil when there is no step to extend.
    @discardableResult
    public mutating func cycleHold(lane: Int, to end: Beat) -> ChartNote.Kind? {
        guard let i = notes.lastIndex(where: { $0.lane == lane && $0.beat < end && $0.isStep }) else { return nil }
        let kind: ChartNote.Kind
        switch notes[i].kind {
        case .hold(let e) where e == end: kind = .roll(end: end)
        case .roll(let e) where e == end: kind = .tap
        default: kind = .hold(end: end)
        }
        // A hold may not run over a later note on its lane.
        if case .tap = kind {} else if notes.contains(where: { $0.lane == lane && $0.beat > notes[i].beat && $0.beat <= end }) {
            return nil
        }
        notes[i].kind = kind
        return kind
    }

    /// The notes starting in `range`.
    public func notes(in range: ClosedRange<Beat>) -> [ChartNote] { notes.filter { range.contains($0.beat) } }

    /// Deletes the notes starting in `range`; returns how many.
    @discardableResult
    public mutating func delete(in range: ClosedRange<Beat>) -> Int {
        let before = notes.count
        notes.removeAll { range.contains($0.beat) }
        return before - notes.count
    }

    /// The notes starting in `range` with their lanes mapped by `map` (lane → lane).
    mutating func remapLanes(in range: ClosedRange<Beat>, _ map: (Int) -> Int) -> Int {
        var count = 0
        for i in notes.indices where range.contains(notes[i].beat) {
            notes[i].lane = map(notes[i].lane)
            count += 1
        }
        notes.sort()
        return count
    }

    /// Mirror: left and right swap (lane i ↔ lanes − 1 − i; in dance-single also down ↔ up). Returns how many.
    @discardableResult
    public mutating func mirror(in range: ClosedRange<Beat>) -> Int {
        let n = laneCount
        return remapLanes(in: range) { n - 1 - $0 }
    }

    /// Flip: the inner lanes swap and the outer ones stay (dance-single: down ↔ up; left and right kept).
    @discardableResult
    public mutating func flip(in range: ClosedRange<Beat>) -> Int {
        let n = laneCount
        return remapLanes(in: range) { $0 == 0 || $0 == n - 1 ? $0 : n - 1 - $0 }
    }

    /// Moves the notes starting in `range` by `offset` beats (holds keep their length). Notes that would land
    /// before beat 0, or on a lane and beat another note outside the range holds, stop the move: returns false
    /// and changes nothing.
    @discardableResult
    public mutating func shift(in range: ClosedRange<Beat>, by offset: Beat) -> Bool {
        let moving = notes.filter { range.contains($0.beat) }
        let staying = notes.filter { !range.contains($0.beat) }
        let moved = moving.map { $0.shifted(by: offset) }
        guard moved.allSatisfy({ $0.beat >= .zero }),
              !moved.contains(where: { m in staying.contains { $0.lane == m.lane && $0.beat == m.beat } }) else { return false }
        notes = (staying + moved).sorted()
        return true
    }

    /// Moves each note starting in `range` (and its hold end) to the nearest position of `snap`; two notes
    /// landing on one lane and beat become one. Returns how many moved.
    @discardableResult
    public mutating func quantise(in range: ClosedRange<Beat>, to snap: Snap) -> Int {
        var moved = 0
        var out: [ChartNote] = []
        for note in notes {
            guard range.contains(note.beat) else { out.append(note); continue }
            var q = note
            q.beat = snap.quantised(note.beat)
            switch note.kind {
            case .hold(let e): q.kind = .hold(end: max(snap.quantised(e), q.beat + snap.step))
            case .roll(let e): q.kind = .roll(end: max(snap.quantised(e), q.beat + snap.step))
            default: break
            }
            if q != note { moved += 1 }
            out.append(q)
        }
        var seen = Set<[Int]>()
        notes = out.sorted().filter { n in
            seen.insert([n.lane, n.beat.numerator, n.beat.denominator]).inserted
        }
        return moved
    }

    /// The notes starting in `range`, relative to its start.
    public func copy(_ range: ClosedRange<Beat>) -> ChartClip {
        ChartClip(notes: notes(in: range).map { $0.shifted(by: .zero - range.lowerBound) },
                  length: range.upperBound - range.lowerBound)
    }

    /// Pastes `clip` at `beat`, replacing the notes that were where it lands (its length). Notes on lanes this
    /// chart does not have are left out. Returns how many were pasted.
    @discardableResult
    public mutating func paste(_ clip: ChartClip, at beat: Beat) -> Int {
        guard beat >= .zero else { return 0 }
        let pasted = clip.notes.filter { $0.lane < laneCount }.map { $0.shifted(by: beat) }
        notes.removeAll { $0.beat >= beat && $0.beat <= beat + clip.length }
        notes = (notes + pasted).sorted()
        return pasted.count
    }
}

extension ChartNote {
    /// The note moved by `offset` beats, a hold's or roll's end with it.
    public func shifted(by offset: Beat) -> ChartNote {
        var n = self
        n.beat = beat + offset
        switch kind {
        case .hold(let e): n.kind = .hold(end: e + offset)
        case .roll(let e): n.kind = .roll(end: e + offset)
        default: break
        }
        return n
    }
}
