import Foundation
import Music
import Synchronization
import Testing
@testable import Synth

@Suite struct LiveSynthTests {
    let rate = 48_000.0

    /// A phrase with chords, re-struck pitches and notes off the block grid.
    var phrase: NoteSequence {
        NoteSequence(tempoMap: TempoMap(ticksPerQuarter: 480, beatsPerMinute: 137), tracks: [Track(notes: (0..<24).map { i in
            Note(pitch: 48 + (i * 5) % 24, velocity: 40 + i * 3, startTick: i * 173, endTick: i * 173 + 300 + (i % 3) * 97)
        } + [Note(pitch: 60, startTick: 0, endTick: 2000), Note(pitch: 60, startTick: 1000, endTick: 1500)])])
    }

    func offline(_ sequence: NoteSequence) -> [Float] {
        Bounce.render(sequence, instrument: PolySynth(), sampleRate: rate, channelCount: 1).channels[0]
    }

    /// Renders `frames` frames in uneven block sizes, as an audio thread would.
    func renderLive(_ live: LiveSynth<PolySynth>, frames: Int) -> [Float] {
        var out = [Float](repeating: 0, count: frames)
        let sizes = [256, 100, 317, 64, 1024, 3]
        var done = 0, k = 0
        out.withUnsafeMutableBufferPointer { buffer in
            while done < frames {
                let count = min(sizes[k % sizes.count], frames - done)
                live.render(into: UnsafeMutableBufferPointer(rebasing: buffer[done..<(done + count)]), startingAt: done)
                done += count
                k += 1
            }
        }
        return out
    }

    @Test func eventsScheduledInAnyOrderLandOnTheirExactFrames() {
        let expected = offline(phrase)
        let live = LiveSynth(instrument: PolySynth(), sampleRate: rate)
        var events = NoteEvent.schedule(phrase, sampleRate: rate)
        events.reverse()  // the pending list sorts them
        for event in events { #expect(live.schedule(event)) }
        let got = renderLive(live, frames: expected.count)
        #expect(got == expected)
        #expect(live.droppedEventCount == 0)
    }

    /// Progress shared by the test's producer and renderer threads.
    final class Handshake: Sendable {
        let rendered = Atomic<Int>(0)  // frames rendered so far
        let pushed = Atomic<Int>(0)    // events pushed so far
    }

    @Test func eventsPushedFromAnotherThreadWhileRendering() {
        let expected = offline(phrase)
        let live = LiveSynth(instrument: PolySynth(), sampleRate: rate)
        let events = NoteEvent.schedule(phrase, sampleRate: rate)
        let shared = Handshake()
        // The producer (a UI thread) sends each event only once playback is within 100 ms of it.
        let producer = Thread {
            for (i, event) in events.enumerated() {
                while shared.rendered.load(ordering: .acquiring) < event.frame - 4800 { usleep(100) }
                live.schedule(event)
                shared.pushed.store(i + 1, ordering: .releasing)
            }
        }
        producer.start()
        var got = [Float](repeating: 0, count: expected.count)
        var done = 0
        got.withUnsafeMutableBufferPointer { buffer in
            while done < expected.count {
                let count = min(480, expected.count - done)
                // A real device never waits; the test renderer waits until every event due in this block has
                // been sent, so the comparison below is exact however the threads are scheduled.
                let due = events.prefix { $0.frame < done + count }.count
                while shared.pushed.load(ordering: .acquiring) < due { usleep(50) }
                live.render(into: UnsafeMutableBufferPointer(rebasing: buffer[done..<(done + count)]), startingAt: done)
                done += count
                shared.rendered.store(done, ordering: .releasing)
            }
        }
        #expect(got == expected)
        #expect(shared.pushed.load(ordering: .acquiring) == events.count)
    }

    @Test func flushSilencesAndForgetsScheduledNotes() {
        let live = LiveSynth(instrument: PolySynth(patch: .sine), sampleRate: rate)
        live.schedule([NoteEvent(frame: 0, kind: .on, pitch: 60), NoteEvent(frame: 96_000, kind: .on, pitch: 67)],
                      startingAt: 0)
        _ = renderLive(live, frames: 4800)
        live.flush()
        let after = renderLive(live, frames: 144_000)
        #expect(after[after.count - 48_000..<after.count].allSatisfy { $0 == 0 })
        #expect(live.instrument.isSilent)
    }
}

