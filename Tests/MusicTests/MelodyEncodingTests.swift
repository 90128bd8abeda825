import Testing
@testable import Music

@Suite struct MelodyEncodingTests {
    @Test func ninetyClassesInMagentaOrder() {
        #expect(MelodyEncoding.classCount == 90)
        #expect(MelodyEncoding.classIndex(of: .noEvent) == 0)
        #expect(MelodyEncoding.classIndex(of: .noteOff) == 1)
        #expect(MelodyEncoding.classIndex(of: .noteOn(pitch: 21)) == 2)
        #expect(MelodyEncoding.classIndex(of: .noteOn(pitch: 108)) == 89)
        #expect(MelodyEncoding.classIndex(of: .noteOn(pitch: 109)) == nil)
        for c in 0..<90 { #expect(MelodyEncoding.classIndex(of: MelodyEncoding.event(ofClass: c)!) == c) }
        #expect(MelodyEncoding.event(ofClass: 90) == nil)
    }

    @Test func encodesABarOfSixteenths() {
        // C4 quarter, rest eighth, E4 eighth tied into the next steps up to beat 4, G4 quarter.
        let tpq = 480
        let notes = [
            Note(pitch: 60, startTick: 0, endTick: 480),
            Note(pitch: 64, startTick: 720, endTick: 1440),
            Note(pitch: 67, startTick: 1440, endTick: 1920),
        ]
        let events = MelodyEncoding.events(from: notes, ticksPerQuarter: tpq, bars: 1)
        #expect(events.count == 16)
        #expect(events[0] == .noteOn(pitch: 60))
        #expect(events[1...3].allSatisfy { $0 == .noEvent })
        #expect(events[4] == .noteOff)
        #expect(events[6] == .noteOn(pitch: 64))
        #expect(events[12] == .noteOn(pitch: 67))
        #expect(events[13...15].allSatisfy { $0 == .noEvent })
        let back = MelodyEncoding.notes(from: events, ticksPerQuarter: tpq, velocity: 90)
        #expect(back.map(\.pitch) == [60, 64, 67])
        #expect(back.map(\.startTick) == [0, 720, 1440])
        #expect(back.map(\.endTick) == [480, 1440, 1920])
        #expect(MelodyEncoding.events(ofClasses: MelodyEncoding.classIndices(of: events)) == events)
    }

    @Test func polyphonyBecomesTheHighestThenLatestNote() {
        let notes = [
            Note(pitch: 48, startTick: 0, endTick: 960),
            Note(pitch: 72, startTick: 0, endTick: 240),
            Note(pitch: 55, startTick: 480, endTick: 960),
        ]
        let events = MelodyEncoding.events(from: notes, ticksPerQuarter: 480, bars: 1)
        #expect(events[0] == .noteOn(pitch: 72))
        #expect(events[2] == .noteOff)
        #expect(events[4] == .noteOn(pitch: 55))
        #expect(events[8] == .noteOff)
    }

    @Test func outOfRangePitchesFoldByOctaves() {
        let events = MelodyEncoding.events(from: [Note(pitch: 12, startTick: 0, endTick: 120),
                                                  Note(pitch: 120, startTick: 120, endTick: 240)],
                                           ticksPerQuarter: 480, bars: 1)
        #expect(events[0] == .noteOn(pitch: 24))
        #expect(events[1] == .noteOn(pitch: 108))
    }

    @Test func startTickOffsetsTheWindow() {
        let notes = [Note(pitch: 60, startTick: 1920, endTick: 2040), Note(pitch: 62, startTick: 0, endTick: 100)]
        let events = MelodyEncoding.events(from: notes, ticksPerQuarter: 480, startTick: 1920, bars: 2)
        #expect(events.count == 32)
        #expect(events[0] == .noteOn(pitch: 60) && events[1] == .noteOff)
        #expect(events[2...].allSatisfy { $0 == .noEvent })
    }
}
