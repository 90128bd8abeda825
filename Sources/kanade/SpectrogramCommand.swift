import AudioIO
import ArgumentParser
import Foundation
import Signal

/// `kanade spectrogram FILE`: a log-frequency spectrogram printed in the terminal.
struct SpectrogramCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spectrogram",
        abstract: "Print a log-frequency spectrogram of an audio file.",
        discussion: """
        On a terminal: 256-colour ANSI with half blocks (two frequency rows per text row). \
        Otherwise (a pipe or file), plain text with one character per cell from " .:-=+*#%@". \
        Levels are dB below the loudest cell, 80 dB range.
        """
    )

    enum ColorMode: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Argument(help: "The audio file.")
    var file: String

    @Option(help: "Columns of the picture (default: terminal width, else 80).")
    var width: Int?

    @Option(help: "Text rows of the picture (default: terminal height − 4, else 24).")
    var height: Int?

    @Option(help: "ANSI colour: auto (when stdout is a terminal), always or never.")
    var color: ColorMode = .auto

    func validate() throws {
        if let width, width < 8 || width > 2000 { throw ValidationError("--width must be 8…2000") }
        if let height, height < 2 || height > 1000 { throw ValidationError("--height must be 2…1000") }
    }

    func run() throws {
        let (_, buffer) = try CommandLineOutput.readAudio(file)
        let terminal = CommandLineOutput.terminalSize()
        let labelWidth = 7
        let columns = (width ?? terminal.map { $0.columns - labelWidth } ?? 80)
        let rows = height ?? terminal.map { max($0.rows - 4, 4) } ?? 24
        let ansi = color == .always || (color == .auto && CommandLineOutput.isTerminal(STDOUT_FILENO))
        let picture = SpectrogramPicture(buffer, columns: columns, rows: ansi ? rows * 2 : rows)
        print("\(file): \(CommandLineOutput.clock(buffer.duration)), \(Int(buffer.sampleRate)) Hz, "
              + "\(Int(picture.minHz))–\(Int(picture.maxHz)) Hz log scale")
        print(ansi ? picture.ansiText(labelWidth: labelWidth) : picture.plainText(labelWidth: labelWidth), terminator: "")
    }
}

/// A spectrogram reduced to a grid of levels in 0…1: `columns` time columns × `rows` log-frequency
/// rows (row 0 lowest), ready to print.
struct SpectrogramPicture {
    let columns: Int
    let rows: Int
    /// Row-major, `rows × columns`, 0 (80 dB down or quieter) … 1 (the loudest cell).
    let levels: [Float]
    let minHz: Double
    let maxHz: Double
    /// Lower edge of each row in Hz.
    let edges: [Double]

    init(_ buffer: AudioBuffer, columns: Int, rows: Int) {
        let fftSize = 2048
        let stft = STFT(fftSize: fftSize, hop: 512)
        let magnitudes = stft.magnitudes(buffer.mono)
        let bins = LogFrequencyBins(sampleRate: buffer.sampleRate, fftSize: fftSize, rowCount: rows)
        let byRow = bins.apply(magnitudes)
        // Pool frames into columns by their maximum, so short events stay visible when zoomed out.
        var pooled = [Float](repeating: 0, count: rows * columns)
        let frames = byRow.frameCount
        for column in 0..<columns {
            let first = column * frames / columns
            let end = max((column + 1) * frames / columns, first + 1)
            for frame in first..<min(end, frames) {
                for row in 0..<rows { pooled[row * columns + column] = max(pooled[row * columns + column], byRow[frame, row]) }
            }
        }
        let db = Decibels.spectrogram(fromMagnitudes: Spectrogram(values: pooled, frameCount: rows, binCount: columns),
                                      range: 80)
        self.levels = db.values.map { ($0 + 80) / 80 }
        self.columns = columns
        self.rows = rows
        self.edges = bins.edges
        self.minHz = bins.edges.first ?? 0
        self.maxHz = bins.edges.last ?? 0
    }

    func level(row: Int, column: Int) -> Float { levels[row * columns + column] }

    /// "  8.0k " style label for the frequency at `row`'s lower edge, `width` wide.
    func label(row: Int, width: Int) -> String {
        let hz = edges[row]
        let text = hz >= 1000 ? String(format: "%.1fk", hz / 1000) : String(format: "%.0f", hz)
        return String(repeating: " ", count: max(0, width - 2 - text.count)) + text + " │"
    }

    /// One character per cell, highest frequencies on top, a label every 4 rows.
    func plainText(labelWidth: Int) -> String {
        let ramp = Array(" .:-=+*#%@")
        var out = ""
        for row in stride(from: rows - 1, through: 0, by: -1) {
            out += row % 4 == 0 ? label(row: row, width: labelWidth) : String(repeating: " ", count: labelWidth - 1) + "│"
            for column in 0..<columns {
                let index = Int((level(row: row, column: column) * Float(ramp.count - 1)).rounded())
                out.append(ramp[min(max(index, 0), ramp.count - 1)])
            }
            out += "\n"
        }
        return out
    }

    /// Upper half blocks: foreground = the upper row's colour, background = the lower row's.
    func ansiText(labelWidth: Int) -> String {
        var out = ""
        for pair in stride(from: rows / 2 - 1, through: 0, by: -1) {
            let upper = pair * 2 + 1, lower = pair * 2
            out += pair % 2 == 0 ? label(row: lower, width: labelWidth) : String(repeating: " ", count: labelWidth - 1) + "│"
            for column in 0..<columns {
                out += "\u{1B}[38;5;\(Self.colour(level(row: upper, column: column)))m"
                out += "\u{1B}[48;5;\(Self.colour(level(row: lower, column: column)))m▀"
            }
            out += "\u{1B}[0m\n"
        }
        return out
    }

    /// A dark-blue → magenta → orange → yellow → white ramp in the xterm 256-colour cube.
    static let palette: [Int] = [16, 17, 18, 19, 54, 55, 91, 127, 163, 199, 198, 203, 208, 214, 220, 226, 227, 229, 231]

    static func colour(_ level: Float) -> Int {
        palette[min(max(Int((level * Float(palette.count - 1)).rounded()), 0), palette.count - 1)]
    }
}
