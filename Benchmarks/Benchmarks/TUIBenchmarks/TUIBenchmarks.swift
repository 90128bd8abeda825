import AudioIO
import Benchmark
import Foundation
import TUI
import Workstation

/// The pane redraws of docs/benchmarks.md ("TUI: pane redraws"): a 200×50 spectrogram pane and waveform pane
/// over 3 minutes of 44.1 kHz stereo, drawn in full (no cached image), and one 200×50 frame where only the
/// playhead moves, written through the diffing `Screen` to a memory terminal. The floor they are compared
/// with is filling the same 200×50 buffer with blanks, measured in the same run.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(5),
                                           maxIterations: 2000)
    let fixture = Fixture()

    Benchmark("Floor: fill a 200×50 cell buffer") { benchmark in
        for _ in benchmark.scaledIterations {
            var b = CellBuffer(width: 200, height: 50)
            b.fill(b.bounds, with: Cell("x", Style(fg: .indexed(3))))
            blackHole(b)
        }
    }

    Benchmark("Spectrogram pane 200×50, full redraw (re-bin 3 min + colour + cells)") { benchmark in
        let context = DrawContext(state: fixture.state, glyphs: .unicode)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var b = CellBuffer(width: 200, height: 50)
            SpectrogramPane.draw(in: b.bounds, buffer: &b, context: context, cache: nil)
            blackHole(b)
        }
    }

    Benchmark("Spectrogram pane 200×50, image cached (playhead-only frame)") { benchmark in
        let context = DrawContext(state: fixture.state, glyphs: .unicode)
        let cache = SpectrogramImageCache()
        var warm = CellBuffer(width: 200, height: 50)
        SpectrogramPane.draw(in: warm.bounds, buffer: &warm, context: context, cache: cache)
        benchmark.startMeasurement()  // the first draw above filled the cache: not measured
        for _ in benchmark.scaledIterations {
            var b = CellBuffer(width: 200, height: 50)
            SpectrogramPane.draw(in: b.bounds, buffer: &b, context: context, cache: cache)
            blackHole(b)
        }
    }

    Benchmark("Waveform pane 200×50, full redraw (stereo braille, 3 min)") { benchmark in
        let context = DrawContext(state: fixture.state, glyphs: .unicode)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var b = CellBuffer(width: 200, height: 50)
            WaveformPane.draw(in: b.bounds, buffer: &b, context: context)
            blackHole(b)
        }
    }

    Benchmark("Frame 200×50, playhead moves one column: render + diff + write",
              configuration: .init(metrics: [.wallClock, .custom("cells written", useScalingFactor: false)])) { benchmark in
        let terminal = MemoryTerminal(width: 200, height: 50)
        let renderer = FrameRenderer()
        var screen = Screen()
        var state = fixture.state
        screen.present(renderer.render(state, width: 200, height: 50, glyphs: .unicode), on: terminal)
        var written = 0
        var step = 0
        benchmark.startMeasurement()  // the first, full frame above is not measured
        for _ in benchmark.scaledIterations {
            step += 1
            // 180 s over ~198 columns: 0.91 s is one column.
            state.transport = TransportStatus(isPlaying: true, position: 10 + 0.91 * Double(step % 100), levels: [0.5, 0.4])
            let frame = renderer.render(state, width: 200, height: 50, glyphs: .unicode)
            written = screen.present(frame, on: terminal)
        }
        benchmark.measurement(.custom("cells written", useScalingFactor: false), written)
    }
}

/// 3 minutes of 44.1 kHz stereo (a chirp over noise) with its peak summary, and a 256-band spectrogram of
/// the same length (random levels; the pane's cost does not depend on the values).
struct Fixture: @unchecked Sendable {
    let state: AppState

    init() {
        let sr = 44_100.0, n = Int(180 * sr)
        var seed: UInt32 = 12345
        func noise() -> Float { seed = seed &* 1_664_525 &+ 1_013_904_223; return Float(seed >> 8) / Float(1 << 24) - 0.5 }
        let left = (0..<n).map { i in 0.6 * sinf(2 * .pi * (100 + Float(i) / Float(n) * 2000) * Float(i) / Float(sr)) + 0.1 * noise() }
        let right = left.map { $0 * 0.5 + 0.05 * noise() }
        let audio = AudioBuffer(sampleRate: sr, channels: [left, right])
        var s = AppState()
        _ = reduce(&s, .audioLoaded(jobID: 0, name: "bench.wav", path: nil, audio: audio))
        let frames = n / 512 + 1, bands = 256
        let freqs = (0..<bands).map { 20 * pow(22050.0 / 20, (Double($0) + 0.5) / Double(bands)) }
        let levels = (0..<frames * bands).map { _ in -120 + 120 * (noise() + 0.5) }
        _ = reduce(&s, .peaksReady(trackID: 1, PeakSummary(audio)))
        _ = reduce(&s, .spectrogramReady(jobID: 1, trackID: 1,
                                         LogSpectrogram(secondsPerFrame: 512 / sr, bandFrequencies: freqs, levels: levels)))
        s.transport = TransportStatus(isPlaying: true, position: 10, levels: [0.5, 0.4])
        state = s
    }
}
