import Foundation
import Music
import Synth
import Synchronization
import Testing
import TestSupport
@testable import Workstation

/// A melody output that is always somewhere in the middle of its melody while it plays.
private final class SteadyMelodyOutput: MelodyOutput {
    // Invariant: touched only on the effect runner's engine queue.
    private var playing = false
    func play(_ melody: NoteSequence, instruments: [InstrumentChoice], fromTick: Int, loop: Range<Int>?) { playing = true }
    func stop() { playing = false }
    func audition(pitch: Int, velocity: Int, instrument: InstrumentChoice) {}
    func pump() -> Double? { playing ? 480 : nil }
}

@Suite struct MelodyPlayheadTests {
    /// The race CI met: a playhead report already on its way when the reducer stops the preview (keeping a take
    /// clears the playhead and asks for `.stopMelody`) arrived after the clearing and stayed on screen, because a
    /// stopped player reported nothing more. The stop's own nil now comes after any such report.
    @Test func aReportPostedBeforeTheStopDoesNotOutliveIt() throws {
        let sink = PostedSink()
        let runner = EffectRunner(services: .standard(), transport: ClockTransport(), melody: SteadyMelodyOutput(),
                                  post: { sink.append($0) })
        var melody = NoteSequence()
        melody.tracks = [Track(name: "melody", notes: [Note(pitch: 60, startTick: 0, endTick: 960)])]
        runner.run(.playMelody(melody, instruments: [], fromTick: 0, loop: nil))

        // Reports arrive while it plays; the reducer has not seen them yet when it stops the preview.
        var posted: [Action] = []
        try waitUntil("a playhead report", timeout: 30, every: 0.005) {
            posted += sink.take()
            return posted.contains { if case .melodyPlayhead(let t?) = $0 { t == 480 } else { false } }
        }
        var state = rollState()
        state.view.pianoRoll.playhead = 480
        let effect = state.stopMelodyPreview()
        #expect(state.view.pianoRoll.playhead == nil)
        runner.run(effect)
        runner.waitForEngineAndFiles()
        posted += sink.take()

        apply(posted, to: &state)
        #expect(state.view.pianoRoll.playhead == nil)
    }
}

@Suite struct TransportReportTests {
    /// The transport's twin of the race above: a playing report that was on its way when Space paused does not
    /// turn the paused transport back to playing (nothing would correct it: a paused transport reports nothing).
    @Test func aPlayingReportAfterThePauseIsStale() {
        var s = stateWithTrack(seconds: 60)
        _ = reduce(&s, .command(.playPause))
        _ = reduce(&s, .transport(TransportStatus(isPlaying: true, position: 3, levels: [0.5])))
        #expect(s.transport.isPlaying && s.transport.position == 3)
        _ = reduce(&s, .command(.playPause))
        _ = reduce(&s, .transport(TransportStatus(isPlaying: true, position: 3.03, levels: [0.5])))
        #expect(!s.transport.isPlaying)
        #expect(s.transport.position == 3)
        // The end of the song, reported by the transport itself, still lands.
        _ = reduce(&s, .command(.playPause))
        _ = reduce(&s, .transport(TransportStatus(isPlaying: false, position: 60, levels: [])))
        #expect(!s.transport.isPlaying && s.transport.position == 60)
    }
}
