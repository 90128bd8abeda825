import Foundation
import Testing
@testable import Signal

@Suite struct ScalesTests {
    @Test func decibels() {
        #expect(Decibels.fromAmplitude(1) == 0)
        #expect(abs(Decibels.fromAmplitude(0.5) - -6.0206) < 1e-3)
        #expect(abs(Decibels.fromPower(0.5) - -3.0103) < 1e-3)
        #expect(Decibels.fromAmplitude(0) == Decibels.floor)
        #expect(abs(Decibels.toAmplitude(-6.0206) - 0.5) < 1e-4)
        let spec = Spectrogram(values: [10, 1, 0, 0.1], frameCount: 2, binCount: 2)
        let db = Decibels.spectrogram(fromMagnitudes: spec, range: 30)
        #expect(db.values == [0, -20, -30, -30])
    }

    @Test func melScalesMatchLibrosa() {
        // librosa.hz_to_mel(1000) == 15.0; (2000) == 25.0813...; htk: 2595*log10(1+1000/700).
        #expect(abs(MelScale.slaney.mel(fromHz: 1000) - 15) < 1e-9)
        #expect(abs(MelScale.slaney.mel(fromHz: 500) - 7.5) < 1e-9)
        #expect(abs(MelScale.slaney.mel(fromHz: 2000) - (15 + log(2) * 27 / log(6.4))) < 1e-9)
        #expect(abs(MelScale.htk.mel(fromHz: 1000) - 999.9855) < 1e-3)
        for scale in [MelScale.slaney, .htk] {
            for hz in [0.0, 100, 999, 1000, 4321, 20_000] {
                #expect(abs(scale.hz(fromMel: scale.mel(fromHz: hz)) - hz) < 1e-6)
            }
        }
    }

    @Test(arguments: [MelScale.slaney, .htk])
    func melFiltersAreTrianglesWithEqualArea(scale: MelScale) {
        let sampleRate = 22_050.0, n = 2048
        let bank = MelFilterbank(sampleRate: sampleRate, fftSize: n, melCount: 40, scale: scale)
        #expect(bank.weights.count == 40 * 1025)
        #expect(bank.centerFrequencies.count == 40)
        #expect(zip(bank.centerFrequencies, bank.centerFrequencies.dropFirst()).allSatisfy { $0 < $1 })
        let binHz = sampleRate / Double(n)
        for m in 0..<40 {
            let row = Array(bank.weights[(m * 1025)..<((m + 1) * 1025)])
            #expect(row.allSatisfy { $0 >= 0 })
            // Area in Hz of a slaney-normalised triangle is 1 (height 2/width × width/2).
            let area = row.reduce(0, +) * Float(binHz)
            #expect(abs(area - 1) < 0.12, "filter \(m) area \(area)")
            let peak = row.indices.max { row[$0] < row[$1] }!
            #expect(abs(Double(peak) * binHz - bank.centerFrequencies[m]) <= binHz)
        }
        let unnormalised = MelFilterbank(sampleRate: sampleRate, fftSize: n, melCount: 40, scale: scale,
                                         normalization: .none)
        #expect(abs(unnormalised.weights.max()! - 1) < 0.05)
    }

    @Test func melSpectrogramOfASineLightsItsBand() {
        let x = TestSignals.sine(hz: 1000, sampleRate: 16_000, count: 16_000)
        let power = STFT(fftSize: 512, hop: 128).powers(x)
        let bank = MelFilterbank(sampleRate: 16_000, fftSize: 512, melCount: 64)
        let mel = bank.apply(power)
        #expect(mel.frameCount == power.frameCount && mel.binCount == 64)
        let row = Array(mel.frame(mel.frameCount / 2))
        let loudest = row.indices.max { row[$0] < row[$1] }!
        let centre = bank.centerFrequencies[loudest]
        #expect(abs(centre - 1000) < 80, "loudest band centred at \(centre) Hz")
    }

    @Test func logFrequencyRowsFollowThePitch() {
        let sampleRate = 44_100.0, n = 2048
        let bins = LogFrequencyBins(sampleRate: sampleRate, fftSize: n, rowCount: 48)
        #expect(bins.edges.count == 49)
        #expect(abs(bins.edges.first! - 30) < 1e-9 && abs(bins.edges.last! - 22_050) < 1e-6)
        var rowsOfPeaks: [Int] = []
        for hz in [110.0, 440, 1760, 7040] {
            let x = TestSignals.sine(hz: hz, sampleRate: sampleRate, count: 8192)
            let spec = STFT(fftSize: n, hop: 512).magnitudes(x)
            let rows = bins.rows(of: spec.frame(spec.frameCount / 2))
            #expect(rows.count == 48)
            let top = rows.indices.max { rows[$0] < rows[$1] }!
            #expect(bins.edges[top] <= hz * 1.05 && hz <= bins.edges[top + 1] * 1.05, "\(hz) Hz in row \(top)")
            rowsOfPeaks.append(top)
        }
        // Octaves are evenly spaced on a log axis: equal row steps (±1 for bin rounding).
        let steps = zip(rowsOfPeaks, rowsOfPeaks.dropFirst()).map { $1 - $0 }
        #expect(steps.allSatisfy { abs($0 - steps[0]) <= 1 && $0 > 0 })
        let image = bins.apply(STFT(fftSize: n, hop: 512).magnitudes(TestSignals.noise(4096)))
        #expect(image.binCount == 48 && image.frameCount == 9)
    }
}
