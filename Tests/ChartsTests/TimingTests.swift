import Charts
import Testing

@Suite struct TimingTests {
    /// 120 BPM to beat 8, 150 to 16.5, then 90; stops of 0.5 s at beat 4 and 0.125 s at 12.25; offset −0.009.
    static let timing = Timing(offset: -0.009, bpms: [
        BPMChange(beat: .zero, bpm: 120), BPMChange(beat: Beat(8), bpm: 150), BPMChange(beat: Beat(33, 2), bpm: 90),
    ], stops: [Stop(beat: Beat(4), seconds: 0.5), Stop(beat: Beat(49, 4), seconds: 0.125)])

    @Test func secondsFollowOffsetTempoAndStops() {
        let t = Self.timing
        #expect(abs(t.seconds(at: .zero) - 0.009) < 1e-12)         // beat 0 plays at −offset
        #expect(abs(t.seconds(at: Beat(4)) - 2.009) < 1e-12)       // a stop does not delay its own beat
        #expect(abs(t.seconds(at: Beat(9, 2)) - 2.759) < 1e-12)    // …but delays what follows
        #expect(abs(t.seconds(at: Beat(10)) - (0.009 + 4 + 0.5 + 0.8)) < 1e-12)
        #expect(abs(t.seconds(at: Beat(-2)) - (0.009 - 1)) < 1e-12)  // before beat 0: the first tempo
        #expect(t.bpm(at: Beat(33, 2)) == 90 && t.bpm(at: Beat(16)) == 150)
    }

    @Test func delaysComeBeforeTheirBeat() {
        let t = Timing(offset: 0, bpms: [BPMChange(beat: .zero, bpm: 60)], delays: [Stop(beat: Beat(2), seconds: 0.25)])
        #expect(abs(t.seconds(at: Beat(2)) - 2.25) < 1e-12)
        #expect(abs(t.seconds(at: Beat(1)) - 1) < 1e-12)
    }

    @Test func beatAtSecondsInvertsAndHoldsDuringStops() {
        let t = Self.timing
        for ticks in stride(from: -96, through: 1200, by: 7) {
            let beat = Beat(ticks: ticks)
            let back = t.beat(atSeconds: t.seconds(at: beat))
            #expect(abs(back - beat.value) < 1e-9, "beat \(beat) came back as \(back)")
        }
        // Inside the 0.5 s stop at beat 4 the beat stands still.
        #expect(t.beat(atSeconds: 2.2) == 4)
        #expect(t.beat(atSeconds: 2.508) == 4)
        #expect(t.beat(atSeconds: 2.51) > 4)
    }

    @Test func noDriftAcrossManyTempoChanges() {
        // 1000 tempo changes a beat apart, alternating 120/121 BPM: beat 1000's time is the exact sum,
        // however it is reached, because each conversion starts again from the exact beat.
        let changes = (0..<1000).map { BPMChange(beat: Beat($0), bpm: $0 % 2 == 0 ? 120 : 121) }
        let t = Timing(offset: 0, bpms: changes)
        let expected = 500 * (60.0 / 120) + 500 * (60.0 / 121)
        #expect(abs(t.seconds(at: Beat(1000)) - expected) < 1e-9)
    }
}
