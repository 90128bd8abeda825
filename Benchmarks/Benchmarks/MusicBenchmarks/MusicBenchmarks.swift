import Benchmark
import Music
import Synth
import TUI
import Workstation

/// Music and synth speed: reading and writing MIDI, the synth's audio-thread cost, the offline bounce.
/// Peers (mido, fluidsynth) are measured by `Benchmarks/Peers/music_peers.py`; figures in docs/benchmarks.md.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(3))
    let song = NoteSequence.demoSong
    let bytes = MIDIFileWriter(sequence: song).encode()

    Benchmark("MIDI read: demo song (16 bars, 4 tracks, 416 notes)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? MIDIFileReader(bytes: bytes, name: "demo").read())
        }
    }

    Benchmark("MIDI write: demo song") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(MIDIFileWriter(sequence: song).encode())
        }
    }

    // What the audio thread pays per 512-frame period with 16 voices sounding (a 10.7 ms budget at 48 kHz).
    Benchmark("PolySynth: 512 frames, 16 voices, 48 kHz") { benchmark in
        let synth = PolySynth(voiceCount: 16)
        synth.prepare(sampleRate: 48_000)
        for pitch in 0..<16 { synth.noteOn(pitch: 48 + pitch * 2, velocity: 100) }
        var block = [Float](repeating: 0, count: 512)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            block.withUnsafeMutableBufferPointer { synth.render(into: $0) }
        }
        blackHole(block)
    }

    Benchmark("Bounce: demo song at 48 kHz (38.4 s of music)", configuration: .init(maxDuration: .seconds(10))) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(Bounce.render(song, instrument: PolySynth(), sampleRate: 48_000))
        }
    }

    // The piano roll (docs/benchmarks.md, "Music: piano roll"): the demo song's 16 bars and 4 tracks in a
    // 200×50 pane zoomed so all 16 bars show (one column per 1/8), drawn in full, and one 200×50 frame of
    // the compose layout written through the diffing Screen into the memory terminal while the playhead
    // moves. Peer in the same run: filling the same 200×50 buffer (the floor of any full redraw).
    let roll = PianoRollBench()

    Benchmark("Floor: fill a 200×50 cell buffer (piano-roll peer)") { benchmark in
        for _ in benchmark.scaledIterations {
            var b = CellBuffer(width: 200, height: 50)
            b.fill(b.bounds, with: Cell("x", Style(fg: .indexed(3))))
            blackHole(b)
        }
    }

    Benchmark("Piano roll pane 200×50: demo song, 16 bars × 4 tracks, full redraw") { benchmark in
        let context = DrawContext(state: roll.state, glyphs: .unicode)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var b = CellBuffer(width: 200, height: 50)
            PianoRollPane.draw(in: b.bounds, buffer: &b, context: context)
            blackHole(b)
        }
    }

    Benchmark("Piano roll frame 200×50 (compose layout), playhead moving: render + diff + memory terminal",
              configuration: .init(metrics: [.wallClock, .custom("cells written", useScalingFactor: false)])) { benchmark in
        let terminal = MemoryTerminal(width: 200, height: 50)
        let renderer = FrameRenderer()
        var screen = Screen()
        var state = roll.state
        screen.present(renderer.render(state, width: 200, height: 50, glyphs: .unicode), on: terminal)
        var written = 0, step = 0
        benchmark.startMeasurement()  // the first, full frame is not measured
        for _ in benchmark.scaledIterations {
            step += 1
            state.view.pianoRoll.playhead = Double(240 * (step % 120))
            written = screen.present(renderer.render(state, width: 200, height: 50, glyphs: .unicode), on: terminal)
        }
        benchmark.measurement(.custom("cells written", useScalingFactor: false), written)
    }
}

/// The demo song in slot A of the compose layout, zoomed out so its 16 bars fit 200 columns.
struct PianoRollBench: @unchecked Sendable {
    let state: AppState

    init() {
        var s = AppState()
        _ = reduce(&s, .command(.layout("compose")))
        _ = reduce(&s, .pianoRoll(.loaded(jobID: 0, path: "demo.mid", slot: s.session.pianoRoll.currentSlot, NoteSequence.demoSong)))
        _ = reduce(&s, .commandLine("roll grid 1/8"))
        s.view.pianoRoll.topPitch = 84
        _ = reduce(&s, .commandLine("roll select-all"))
        s.view.pianoRoll.cursorPitch = 60
        state = s
    }
}
