import Workstation

/// Where each pane of the current layout sits on a screen of a given size (borders included).
public enum PaneLayout {
    /// Smallest screen the workstation draws on.
    public static let minimumWidth = 40, minimumHeight = 12

    /// Where the panes go on a screen: all but the status bar and the message line.
    public static func paneArea(width: Int, height: Int) -> Rect { Rect(x: 0, y: 0, width: width, height: height - 2) }

    /// The rectangles of the current layout's panes in `area`, by row weights and column weights.
    public static func frames(for view: ViewState, in area: Rect) -> [(pane: PaneKind, rect: Rect)] {
        let layout = view.layout
        let rowWeights = view.currentRowWeights
        let rowHeights = split(area.height, weights: rowWeights, minimum: 3)
        var out: [(PaneKind, Rect)] = []
        var y = area.y
        for (r, row) in layout.rows.enumerated() {
            let widths = split(area.width, weights: row.map { view.columnWeights[$0] ?? 2 }, minimum: 8)
            var x = area.x
            for (c, pane) in row.enumerated() {
                out.append((pane, Rect(x: x, y: y, width: widths[c], height: rowHeights[r])))
                x += widths[c]
            }
            y += rowHeights[r]
        }
        return out
    }

    /// Splits `total` cells by weights; every part gets at least `minimum` when there is room.
    static func split(_ total: Int, weights: [Int], minimum: Int) -> [Int] {
        let n = weights.count
        guard n > 0 else { return [] }
        let sum = max(1, weights.reduce(0, +))
        var sizes = weights.map { total * $0 / sum }
        if total >= minimum * n {
            for i in 0..<n where sizes[i] < minimum { sizes[i] = minimum }
        }
        // Give or take the rounding difference from the largest part.
        let diff = total - sizes.reduce(0, +)
        if let largest = sizes.indices.max(by: { sizes[$0] < sizes[$1] }) { sizes[largest] += diff }
        return sizes
    }
}
