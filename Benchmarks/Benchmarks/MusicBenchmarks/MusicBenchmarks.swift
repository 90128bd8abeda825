import Benchmark
import Music
import Synth

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
}
