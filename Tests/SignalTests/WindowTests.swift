import Testing
@testable import Signal

@Suite struct WindowTests {
    @Test func periodicHannMatchesDefinition() {
        let w = Window.hann(8)
        #expect(w.count == 8)
        #expect(w[0] == 0)
        #expect(abs(w[4] - 1) < 1e-7)   // periodic: the peak sits at n/2
        #expect(abs(w[2] - 0.5) < 1e-7)
        #expect(abs(w[1] - w[7]) < 1e-7)
    }

    @Test func symmetricHannEndsAtZero() {
        let w = Window.hann(9, periodic: false)
        #expect(w[0] == 0 && abs(w[8]) < 1e-7 && abs(w[4] - 1) < 1e-7)
    }

    @Test func hammingEndsAt008() {
        let w = Window.hamming(16)
        #expect(abs(w[0] - 0.08) < 1e-6)
        #expect(abs(w[8] - 1) < 1e-6)
    }

    @Test func hannAtQuarterHopOverlapAddsToConstant() {
        let n = 64, hop = 16
        let w = Window.hann(n)
        var sum = [Float](repeating: 0, count: n + 3 * hop)
        for f in 0..<4 { for i in 0..<n { sum[f * hop + i] += w[i] } }
        // Fully overlapped region: 4 windows at 1/4 hop sum to exactly 2.
        for i in (n - hop)..<n { #expect(abs(sum[i] - 2) < 1e-5) }
    }

    @Test func degenerateLengths() {
        #expect(Window.hann(0).isEmpty)
        #expect(Window.hann(1) == [1])
    }
}
