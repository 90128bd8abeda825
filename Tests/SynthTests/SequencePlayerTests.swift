import Music
import Testing
@testable import Synth

@Suite struct SequencePlayerTests {
    let rate = 48_000.0

    /// Drives `player` like the engine would: pump, then render one period, `frames` frames in all.
    func run(_ player: SequencePlayer<PolySynth>, frames: Int, period: Int = 512, clock: Int = 0) -> [Float] {
        var out = [Float](repeating: 0, count: frames)
        var done = 0
        out.withUnsafeMutableBufferPointer { buffer in
            while done < frames {
                let count = min(period, frames - done)
                player.pump(clock: Int64(clock + done))
                player.live.render(into: UnsafeMutableBufferPointer(rebasing: buffer[done..<(done + count)]),
                                   startingAt: clock + done)
                done += count
            }
        }
        return out
    }

    func bounce(_ sequence: NoteSequence, frames: Int) -> [Float] {
        let out = Bounce.render(sequence, instrument: PolySynth(), sampleRate: rate, channelCount: 1).channels[0]
        return Array((out + [Float](repeating: 0, count: max(frames - out.count, 0)))[0..<frames])
    }

    @Test func playsTheDemoSongLikeTheBounceWithASmallQueue() {
        // The first 4 bars (debug builds render slowly); still ~100 notes through a 64-event queue.
        var song = NoteSequence.demoSong
        for t in song.tracks.indices { song.tracks[t].notes = song.tracks[t].notes.filter { $0.startTick < 4 * 1_920 } }
        // A 64-event queue: the player must feed it as the clock moves, not all at once.
        let live = LiveSynth(instrument: PolySynth(), sampleRate: rate, capacity: 64)
        let player = SequencePlayer(live: live, sampleRate: rate, lookahead: 2_048)
        player.play(song, fromTick: 0, atClock: 0)
        let frames = Int(song.durationSeconds * rate) + 24_000
        let got = run(player, frames: frames)
        #expect(got == bounce(song, frames: frames))
        #expect(live.droppedEventCount == 0)
        #expect(!player.isPlaying)
    }

    @Test func startsFromTheCursorWithNotesAlreadySounding() {
        let song = NoteSequence(tracks: [Track(notes: [
            Note(pitch: 60, startTick: 0, endTick: 1_440), Note(pitch: 64, startTick: 960, endTick: 1_920),
        ])])
        let player = SequencePlayer(live: LiveSynth(instrument: PolySynth(), sampleRate: rate), sampleRate: rate)
        player.play(song, fromTick: 480, atClock: 1_000)
        let got = run(player, frames: 72_000, clock: 1_000)
        // The same as a bounce of the notes from tick 480 on, moved to the start.
        let expected = bounce(NoteSequence(tracks: [Track(notes: [
            Note(pitch: 60, startTick: 0, endTick: 960), Note(pitch: 64, startTick: 480, endTick: 1_440),
        ])]), frames: 72_000)
        #expect(got == expected)
    }

    @Test func loopsARegionAndCutsNotesAtItsEnd() {
        // One 4/4 bar at 120 BPM = 1,920 ticks = 2 s; the loop is the first bar.
        let song = NoteSequence(tracks: [Track(notes: [
            Note(pitch: 60, startTick: 0, endTick: 480), Note(pitch: 67, startTick: 1_440, endTick: 2_400),
            Note(pitch: 72, startTick: 1_920, endTick: 2_400),
        ])])
        let player = SequencePlayer(live: LiveSynth(instrument: PolySynth(), sampleRate: rate), sampleRate: rate,
                                    lookahead: 4_800)
        player.play(song, fromTick: 0, atClock: 0, loop: 0..<1_920)
        let got = run(player, frames: 3 * 96_000)
        let unrolled = NoteSequence(tracks: [Track(notes: (0..<3).flatMap { pass in
            [Note(pitch: 60, startTick: pass * 1_920, endTick: pass * 1_920 + 480),
             Note(pitch: 67, startTick: pass * 1_920 + 1_440, endTick: pass * 1_920 + 1_920)]
        })])
        #expect(got == bounce(unrolled, frames: 3 * 96_000))
        #expect(player.isPlaying)
        // The playhead wraps: 2.5 s into playback is half a beat into the second pass.
        #expect(abs(player.tick(atClock: 120_000) - 480) < 1e-6)
        player.stop()
        #expect(!player.isPlaying)
    }

    @Test func playheadFollowsTheTempoMap() {
        let song = NoteSequence(tempoMap: TempoMap(ticksPerQuarter: 480, changes: [
            TempoChange(tick: 0, beatsPerMinute: 120), TempoChange(tick: 960, beatsPerMinute: 60),
        ]), tracks: [Track(notes: [Note(pitch: 60, startTick: 0, endTick: 4_000)])])
        let player = SequencePlayer(live: LiveSynth(instrument: PolySynth(), sampleRate: rate), sampleRate: rate)
        player.play(song, fromTick: 0, atClock: 10_000)
        #expect(abs(player.tick(atClock: 10_000 + 48_000) - 960) < 1e-6)   // 1 s at 120 BPM
        #expect(abs(player.tick(atClock: 10_000 + 96_000) - 1_440) < 1e-6)  // then 1 s at 60 BPM
    }
}
