import Testing
@testable import AudioIO

@Suite struct AudioBufferTests {
    @Test func monoAveragesChannels() {
        let buffer = AudioBuffer(sampleRate: 44_100, channels: [[1, 0, -1], [0, 0, 1]])
        #expect(buffer.mono == [0.5, 0, 0])
        #expect(buffer.frameCount == 3)
        #expect(buffer.channelCount == 2)
    }

    @Test func durationIsFramesOverRate() {
        let buffer = AudioBuffer(sampleRate: 48_000, channelCount: 1, frameCount: 24_000)
        #expect(buffer.duration == 0.5)
    }
}
