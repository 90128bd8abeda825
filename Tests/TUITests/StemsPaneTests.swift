import Foundation
import AudioIO
import Testing
@testable import TUI
@testable import Workstation

@Suite struct StemsPaneTests {
    /// A 10-second track (1 kHz) with two stems, 40 % separated, the cursor on the first stem, playing.
    func state(listening: Bool = true, levels: [Float] = [0.5, 0, 0, 0.5]) -> AppState {
        var s = loadedState(track(seconds: 10) { t, _ in Float(0.5 * sin(2 * .pi * 5 * t)) })
        var set = StemSet()
        set.trackIndex = 0
        set.method = "hpss"
        set.lanes = [StemLane(name: "harmonic"), StemLane(name: "percussive")]
        set.lanes[0].isSoloed = true
        set.lanes[1].gainDB = -3
        set.listensToStems = listening
        s.session.stems = set
        var work = StemWork()
        work.totalFrames = 10_000
        work.separated = [0..<4_000]
        work.envelopes = [[Float](repeating: 0.5, count: 4), [Float](repeating: 0.1, count: 4), [Float](repeating: 0, count: 4)]
        s.stemWork = work
        s.view.stems.lane = 1
        s.transport = TransportStatus(isPlaying: true, position: 2, levels: [0.5, 0.5], stemLevels: levels)
        return s
    }

    func draw(_ s: AppState, width: Int = 60, glyphs: Glyphs = .unicode) -> CellBuffer {
        renderInside(width, 6, glyphs: glyphs) { r, b in StemsPane.draw(in: r, buffer: &b, context: DrawContext(state: s, glyphs: glyphs)) }
    }

    @Test func lanesShowNameWaveformPendingMeterGainMuteSolo() {
        let b = draw(state())
        #expect(b.row(0).hasPrefix(" B: sum of the stems   t.wav · hpss · 40% separated"), "\(b.row(0))")
        #expect(b.row(1).hasPrefix("  original "), "\(b.row(1))")
        #expect(b.row(2).hasPrefix("▸ harmonic "), "\(b.row(2))")
        #expect(b.row(3).hasPrefix("  percussive "), "\(b.row(3))")
        // Waveform columns 13..<38 (60 − 13 − 22 = 25 wide): 40 % separated, the rest pending dots.
        let harmonic = Array(b.row(2))
        #expect(harmonic[13] != "·" && harmonic[22] != "·", "\(b.row(2))")
        #expect(harmonic[23..<38].allSatisfy { $0 == "·" }, "\(b.row(2))")
        #expect(Array(b.row(1))[13..<38].allSatisfy { $0 != "·" }, "the original is never pending: \(b.row(1))")
        #expect(b.row(2).hasSuffix("+0.0 dB ·S "), "\(b.row(2))")
        #expect(b.row(3).hasSuffix("-3.0 dB ·· "), "\(b.row(3))")
        // Each stem in its own colour; an unsoloed stem greys out while another is soloed.
        #expect(b[13, 2].style.fg == StemsPane.laneColor(1, stemCount: 2, theme: .builtIn))
        #expect(b[13, 3].style.fg == Theme.builtIn.muted)
        // The meter: the soloed stem plays at 0.5 (−6 dB, most of the eight cells), the other is silent.
        let meter = Array(b.row(2))[39..<47]
        #expect(meter.filter { $0 == "█" }.count >= 6, "\(String(meter))")
        #expect(Array(b.row(3))[39..<47].allSatisfy { $0 == " " })
        // The playhead at 2 s of 10: column 13 + 5 has the selection background.
        #expect(b[18, 2].style.bg == Theme.builtIn.selection)
    }

    @Test func aShowsTheOriginalAndNoLevelsWhenStopped() {
        var s = state(listening: false)
        s.transport = TransportStatus(isPlaying: false, position: 0, levels: [])
        let b = draw(s, glyphs: .ascii)
        #expect(b.row(0).hasPrefix(" A: the original"), "\(b.row(0))")
        #expect(b.row(2).hasPrefix("> harmonic"))
        #expect(Array(b.row(2))[39..<47].allSatisfy { $0 == "-" }, "no meter while stopped: \(b.row(2))")
        #expect(Array(b.row(2))[30] == ".", "pending in ASCII")
    }

    @Test func clicksPickALaneSeekMuteSoloAndSwitchAB() {
        var s = state()
        let inside = Rect(x: 0, y: 0, width: 60, height: 6)
        func click(_ x: Int, _ y: Int) -> [Action] {
            StemsPane.mouse(MouseEvent(.press, x: x, y: y), inside: inside, context: MouseContext(state: s, memory: PaneMemory()))
        }
        // On percussive's waveform, 10 columns into 25: the lane, then the playhead at 4 s of 10.
        for a in click(23, 3) { _ = reduce(&s, a) }
        #expect(s.view.stems.lane == 2)
        let seek = click(23, 3).last
        if case .command(.seekTo(let t))? = seek { #expect(abs(t - 4) < 1e-9) } else { Issue.record("no seek: \(String(describing: seek))") }
        // Its M and S, at the columns drawn: row 3 reads "… -3.0 dB ·· ".
        let row = Array(draw(s).row(3))
        #expect(row[57] == "·" && row[58] == "·")
        for a in click(57, 3) { _ = reduce(&s, a) }
        #expect(s.session.stems.lanes[1].isMuted)
        #expect(Array(draw(s).row(3))[57] == "M")
        for a in click(58, 3) { _ = reduce(&s, a) }
        #expect(s.session.stems.lanes[1].isSoloed)
        for a in click(5, 0) { _ = reduce(&s, a) }
        #expect(!s.session.stems.listensToStems)
        #expect(click(5, 5).isEmpty, "below the lanes")
    }

    @Test func beforeSeparationTheTracksAreListedWithAHint() {
        var s = loadedState(track(seconds: 1) { _, _ in 0 })
        s.session.tracks[0].isSoloed = true
        let b = draw(s)
        #expect(b.row(0).hasPrefix("> ·S +0 dB t.wav"), "\(b.row(0))")
        #expect(b.row(5).contains(":separate splits the current track into stems"))
    }
}
