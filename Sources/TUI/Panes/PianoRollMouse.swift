import Music
import Workstation

/// Mouse in the piano roll: click an empty cell to add a note there (one grid step, it sounds); press a note
/// and drag to move it (with the rest of the selection), press its last cell and drag to lengthen or
/// shorten it; the wheel scrolls by octaves. A drag is one edit, so one undo.
final class PianoRollMouse {
    private enum Drag { case move, resize }
    private var pressed: (x: Int, y: Int, drag: Drag)?
    init() {}

    /// The commands for `event` inside the piano roll pane's `inside` rectangle.
    func commands(for event: MouseEvent, inside: Rect, state: AppState) -> [PianoRollCommand] {
        let roll = state.session.pianoRoll, view = state.view.pianoRoll
        let tpq = roll.melody.ticksPerQuarter, grid = view.grid
        let geo = PianoRollGeometry(rect: inside, view: view, ticksPerQuarter: tpq)
        let step = max(1, Int(grid.stepTicks(ticksPerQuarter: tpq).rounded()))
        /// Ticks of a column distance, in whole grid steps.
        func snapped(_ columns: Int) -> Int { Int((Double(columns * geo.columnTicks) / Double(step)).rounded()) * step }
        switch event.kind {
        case .press:
            pressed = nil
            guard geo.grid.contains(x: event.x, y: event.y), let pitch = geo.pitch(atRow: event.y) else { return [] }
            let tick = geo.tick(atColumn: event.x)
            guard let i = roll.noteIndex(at: tick + geo.columnTicks - 1, pitch: pitch) ?? roll.noteIndex(at: tick, pitch: pitch) else {
                let start = grid.tick(ofStep: grid.step(containingTick: tick, ticksPerQuarter: tpq), ticksPerQuarter: tpq)
                return [(.insertAt(tick: start, pitch: pitch, length: step))]
            }
            let note = roll.notes[i]
            let lastColumn = geo.column(ofTick: note.endTick - 1)
            let resize = lastColumn == event.x && geo.column(ofTick: max(note.startTick, geo.leftTick)) != event.x
            pressed = (event.x, event.y, resize ? .resize : .move)
            return [(.selectAt(tick: note.startTick, pitch: pitch, add: roll.selection.contains(i)))]
        case .drag:
            return []
        case .release:
            defer { pressed = nil }
            guard let p = pressed else { return [] }
            let dx = event.x - p.x, dy = event.y - p.y
            switch p.drag {
            case .move:
                let ticks = snapped(dx)
                return ticks != 0 || dy != 0 ? [(.moveBy(ticks: ticks, semitones: -dy))] : []
            case .resize:
                let ticks = snapped(dx)
                return ticks != 0 ? [(.lengthBy(ticks))] : []
            }
        case .wheelUp: return [(.scroll(columns: 0, octaves: 1))]
        case .wheelDown: return [(.scroll(columns: 0, octaves: -1))]
        case .otherPress: return []
        }
    }
}
