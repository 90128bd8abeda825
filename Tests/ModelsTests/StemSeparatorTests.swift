import Foundation
import Testing
import Models
import Signal
import TestSupport

@Suite struct StemSeparatorTests {
    static let rate = 16_000.0

    /// Stereo: a held chord on both sides plus clicks four times a second, louder on the right.
    static func song(seconds: Double) -> (tones: [Float], clicks: [Float], channels: [[Float]]) {
        let count = Int(seconds * rate)
        var random = TestRandom(seed: 0xC11C)
        var tones = [Float](repeating: 0, count: count), clicks = tones
        for i in 0..<count {
            let t = Double(i) / rate
            tones[i] = Float([220, 277.2, 329.6].reduce(0) { $0 + 0.2 * sin(2 * .pi * $1 * t) })
            let k = i % Int(rate / 4)
            if k < 128 {
                let noise = Float(Double(random.next() >> 11) / Double(1 << 53)) * 2 - 1
                clicks[i] = 0.9 * noise * Float(exp(-Double(k) / 32))
            }
        }
        let left = zip(tones, clicks).map { $0 + 0.5 * $1 }
        let right = zip(tones, clicks).map { $0 + $1 }
        return (tones, clicks, [left, right])
    }

    @Test func chunkedStemsAddUpAndSeparate() throws {
        let (tones, clicks, channels) = Self.song(seconds: 5)
        // 1.5 s chunks, 0.25 s cross-fades: four seams inside 5 s.
        let separator = StemSeparator(method: .hpss, chunkSeconds: 1.5, overlapSeconds: 0.25)
        var reported: [Double] = []
        let stems = try separator.separate(channels: channels, sampleRate: Self.rate) { reported.append($0); return true }
        #expect(stems.map(\.name) == ["harmonic", "percussive"])
        #expect(reported == reported.sorted() && reported.last == 1 && reported.count == 4)
        for c in 0..<2 {
            #expect(stems[0].channels[c].count == channels[c].count)
            let sum = zip(stems[0].channels[c], stems[1].channels[c]).map { $0 + $1 }
            var error = 0.0, energy = 0.0
            for i in sum.indices {
                error += Double(sum[i] - channels[c][i]) * Double(sum[i] - channels[c][i])
                energy += Double(channels[c][i]) * Double(channels[c][i])
            }
            #expect(10 * log10(error / energy) < -60)
        }
        let right = channels[1]
        let harmonicGain = SourceQuality.siSDR(estimate: stems[0].channels[1], reference: tones)
            - SourceQuality.siSDR(estimate: right, reference: tones)
        let percussiveGain = SourceQuality.siSDR(estimate: stems[1].channels[1], reference: clicks)
            - SourceQuality.siSDR(estimate: right, reference: clicks)
        print(String(format: "StemSeparator hpss, 1.5 s chunks: harmonic +%.2f dB, percussive +%.2f dB", harmonicGain, percussiveGain))
        #expect(harmonicGain > 4 && percussiveGain > 4)
    }

    @Test func cancellingStopsAfterTheChunkThatAsked() {
        let (_, _, channels) = Self.song(seconds: 4)
        var calls = 0
        #expect(throws: StemSeparationError.cancelled) {
            _ = try StemSeparator(method: .repet, chunkSeconds: 1, overlapSeconds: 0.1)
                .separate(channels: channels, sampleRate: Self.rate) { _ in calls += 1; return false }
        }
        #expect(calls == 1)
    }

    @Test func badInputIsAnErrorNotACrash() {
        #expect(throws: StemSeparationError.badInput("the audio has no channels")) {
            _ = try StemSeparator(method: .hpss).separate(channels: [], sampleRate: 44_100)
        }
        #expect(throws: StemSeparationError.badInput("the channels differ in length")) {
            _ = try StemSeparator(method: .hpss).separate(channels: [[0, 0], [0]], sampleRate: 44_100)
        }
        #expect(throws: StemSeparationError.self) {
            _ = try StemSeparator(method: .hpss, chunkSeconds: 1, overlapSeconds: 0.6).separate(channels: [[0]], sampleRate: 44_100)
        }
    }
}
