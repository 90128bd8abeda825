import AudioIO
import Foundation
@testable import TUI
@testable import Workstation

/// A mono or stereo track whose samples are `f(t)` at 1 kHz.
func track(seconds: Double, channels: Int = 1, _ f: (Double, Int) -> Float) -> AudioBuffer {
    let n = Int(seconds * 1000)
    return AudioBuffer(sampleRate: 1000, channels: (0..<channels).map { c in (0..<n).map { f(Double($0) / 1000, c) } })
}

/// A state with one track loaded and analysed (peaks only unless a spectrogram is given).
func loadedState(_ audio: AudioBuffer, spectrogram: LogSpectrogram? = nil, theme: Theme = .builtIn) -> AppState {
    var s = AppState(theme: theme)
    _ = reduce(&s, .audioLoaded(jobID: 0, name: "t.wav", path: "t.wav", audio: audio))
    let id = s.session.tracks[0].id
    _ = reduce(&s, .peaksReady(trackID: id, PeakSummary(audio)))
    if let spectrogram { _ = reduce(&s, .spectrogramReady(jobID: 1, trackID: id, spectrogram)) }
    s.jobs = [:]
    s.message = nil
    return s
}

/// Renders one pane's inside into a fresh buffer and returns its text.
func renderInside(_ width: Int, _ height: Int, glyphs: Glyphs = .unicode,
                  _ draw: (Rect, inout CellBuffer) -> Void) -> CellBuffer {
    var b = CellBuffer(width: width, height: height)
    draw(Rect(x: 0, y: 0, width: width, height: height), &b)
    return b
}

/// A spectrogram with octave bands 55 Hz … 14 kHz where one band is loud and the rest quiet.
func spectrogram(loudBand: Int, frames: Int = 100, secondsPerFrame: Double = 0.1) -> LogSpectrogram {
    let bands = (0..<9).map { 55 * pow(2, Double($0)) }
    var levels = [Float](repeating: -100, count: frames * bands.count)
    for f in 0..<frames { levels[f * bands.count + loudBand] = 0 }
    return LogSpectrogram(secondsPerFrame: secondsPerFrame, bandFrequencies: bands, levels: levels)
}

/// The `Curses` seam faked: records calls, hands out scripted keys.
final class FakeCurses: Curses {
    var calls: [String] = []
    var keys: [(UInt32, Bool)] = []
    var mouse: (buttons: UInt, x: Int, y: Int)?
    var colors = 256
    var utf8 = true
    var canStart = true
    var size = (width: 80, height: 24)
    var cells: [String: (scalars: [UInt32], attributes: UInt32, pair: Int32)] = [:]
    var pairs: [Int32: (Int32, Int32)] = [:]

    func setLocaleFromEnvironment() -> Bool { calls.append("setlocale"); return utf8 }
    func startScreen() -> Bool { calls.append("newterm"); return canStart }
    func setInputModes(escapeDelayMilliseconds: Int32) { calls.append("modes") }
    func startColors() -> Int { calls.append("start_color"); return colors }
    func enableMouse() { calls.append("mousemask") }
    func screenSize() -> (width: Int, height: Int) { size }
    func readKey() -> (value: UInt32, isKeyCode: Bool)? { keys.isEmpty ? nil : keys.removeFirst() }
    func readMouse() -> (buttons: UInt, x: Int, y: Int)? { mouse }
    func colorPair(fg: Int32, bg: Int32) -> Int32 {
        let p = Int32(pairs.count + 1)
        pairs[p] = (fg, bg)
        return p
    }
    func putCell(y: Int32, x: Int32, scalars: [UInt32], attributes: UInt32, pair: Int32) {
        cells["\(x),\(y)"] = (scalars, attributes, pair)
    }
    func refresh() { calls.append("refresh") }
    func clearScreen() { calls.append("clear") }
    func endScreen() { calls.append("endwin") }
    var attributeBits: (bold: UInt32, dim: UInt32, reverse: UInt32, underline: UInt32) { (1 << 21, 1 << 20, 1 << 18, 1 << 17) }
    var keyCodes: KeyCodes {
        KeyCodes(up: 259, down: 258, left: 260, right: 261, home: 262, end: 360, pageUp: 339, pageDown: 338,
                 backspace: 263, delete: 330, insert: 331, enter: 343, backTab: 353, resize: 410, mouse: 409, f0: 264)
    }
    var mouseBits: MouseBits {
        MouseBits(press1: 2, release1: 1, click1: 4, press2: 0x80, press3: 0x2000, wheelUp: 0x10000,
                  wheelDown: 0x200000, position: 0x10000000)
    }
}

extension MouseRouter {
    /// The core commands among the actions for a mouse event (a fresh pane memory per router in tests).
    mutating func commands(for event: MouseEvent, state: AppState, width: Int, height: Int,
                           memory: PaneMemory = sharedTestMemory) -> [Command] {
        actions(for: event, state: state, width: width, height: height, memory: memory).compactMap {
            if case .command(let c) = $0 { return c } else { return nil }
        }
    }
}

/// Pane memory the mouse tests share (they run one gesture sequence per router).
nonisolated(unsafe) let sharedTestMemory = PaneMemory()
