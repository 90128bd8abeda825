import AudioIO
import Foundation
import Testing

/// Slow playback's stretch: the length follows the speed and the pitch stays.
@Suite struct TimeStretchTests {
    /// The frequency of the strongest spectral peak, by zero crossings of the middle second (a pure tone).
    func frequency(_ x: [Float], rate: Double) -> Double {
        let mid = x.count / 2, half = Int(rate / 2)
        let part = Array(x[(mid - half)..<(mid + half)])
        let crossings = zip(part, part.dropFirst()).filter { $0 < 0 && $1 >= 0 }.count
        return Double(crossings) / (Double(part.count) / rate)
    }

    @Test func halfSpeedIsTwiceAsLongAtTheSamePitch() throws {
        let rate = 44_100.0
        let tone = (0..<Int(2 * rate)).map { Float(0.5 * sin(2 * .pi * 440 * Double($0) / rate)) }
        let buffer = AudioBuffer(sampleRate: rate, channels: [tone, tone.map { $0 * 0.5 }])
        let slow = try TimeStretch.stretch(buffer, speed: 0.5)
        #expect(slow.frameCount == 2 * buffer.frameCount && slow.channelCount == 2 && slow.sampleRate == rate)
        #expect(abs(frequency(slow.channels[0], rate: rate) - 440) <= 2, "\(frequency(slow.channels[0], rate: rate)) Hz")
        // The level is kept (RMS of the middle within 1.5 dB), channel by channel.
        func rms(_ x: [Float]) -> Double { let m = x[x.count / 4..<(3 * x.count / 4)]; return sqrt(m.reduce(0) { $0 + Double($1 * $1) } / Double(m.count)) }
        #expect(abs(20 * log10(rms(slow.channels[0]) / rms(tone))) < 1.5)
        #expect(abs(20 * log10(rms(slow.channels[1]) / rms(slow.channels[0])) + 6.02) < 1)
        let quarter = try TimeStretch.stretch(buffer, speed: 0.25)
        #expect(quarter.frameCount == 4 * buffer.frameCount)
        #expect(try TimeStretch.stretch(buffer, speed: 1) == buffer)
    }
}
