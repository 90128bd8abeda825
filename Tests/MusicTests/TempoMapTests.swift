import Testing
@testable import Music

@Suite struct TempoMapTests {
    @Test func defaultIs120BPM() {
        let map = TempoMap(ticksPerQuarter: 480)
        #expect(map.seconds(atTick: 480) == 0.5)
        #expect(map.seconds(atTick: 960 * 4) == 4)
        #expect(map.beatsPerMinute(atTick: 0) == 120)
    }

    @Test func tempoChangesAccumulate() {
        // 120 BPM for one bar (4 quarters = 2 s), then 60 BPM.
        let map = TempoMap(ticksPerQuarter: 96, changes: [
            TempoChange(tick: 0, beatsPerMinute: 120), TempoChange(tick: 384, beatsPerMinute: 60),
        ])
        #expect(map.seconds(atTick: 384) == 2)
        #expect(map.seconds(atTick: 384 + 96) == 3)
        #expect(map.seconds(atTick: 192) == 1)
        #expect(map.tick(atSeconds: 3) == 480)
        #expect(map.tick(atSeconds: 1) == 192)
    }

    @Test func ticksAndSecondsRoundTrip() {
        let map = TempoMap(ticksPerQuarter: 480, changes: [
            TempoChange(tick: 0, microsecondsPerQuarter: 612_244), TempoChange(tick: 1000, beatsPerMinute: 171),
            TempoChange(tick: 5000, beatsPerMinute: 33),
        ])
        for tick in stride(from: 0, through: 20_000, by: 97) {
            #expect(abs(map.tick(atSeconds: map.seconds(atTick: tick)) - Double(tick)) < 1e-6)
        }
    }

    @Test func firstChangeAfterZeroKeepsDefaultBeforeIt() {
        let map = TempoMap(ticksPerQuarter: 100, changes: [TempoChange(tick: 200, beatsPerMinute: 60)])
        #expect(map.changes.count == 2)
        #expect(map.seconds(atTick: 200) == 1)
        #expect(map.seconds(atTick: 300) == 2)
    }

    @Test func sameTickLastWins() {
        let map = TempoMap(ticksPerQuarter: 100, changes: [
            TempoChange(tick: 0, beatsPerMinute: 90), TempoChange(tick: 0, beatsPerMinute: 60),
        ])
        #expect(map.changes.count == 1)
        #expect(map.seconds(atTick: 100) == 1)
    }

    @Test func noteSecondsFollowTheMap() {
        let map = TempoMap(ticksPerQuarter: 480, beatsPerMinute: 60)
        let note = Note(pitch: 60, startTick: 480, endTick: 1200)
        #expect(note.startSeconds(in: map) == 1)
        #expect(note.endSeconds(in: map) == 2.5)
        #expect(note.pitchName == "C4")
        #expect(Note.name(ofPitch: 69) == "A4")
        #expect(Note.name(ofPitch: 21) == "A0")
    }
}
