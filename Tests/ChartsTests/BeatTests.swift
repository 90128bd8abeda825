import Charts
import Testing

@Suite struct BeatTests {
    @Test func reducesAndKeepsTheSignOnTheNumerator() {
        #expect(Beat(6, 4) == Beat(3, 2))
        #expect(Beat(3, -6) == Beat(-1, 2))
        #expect(Beat(3, -6).denominator == 2)
        #expect(Beat(0, 5) == .zero)
    }

    @Test func arithmeticIsExact() {
        // 1/3 three times is 1: a Double sum is not (0.1 + 0.2 style), ours is.
        #expect(Beat(1, 3) + Beat(1, 3) + Beat(1, 3) == Beat(1))
        #expect(Beat(5, 6) - Beat(1, 3) == Beat(1, 2))
        #expect(Beat(3, 4) * 8 == Beat(6))
        #expect(Beat(3) / 12 == Beat(1, 4))
        #expect(Beat(1, 3) < Beat(1, 2) && Beat(-1, 2) < Beat(-1, 3))
    }

    @Test func decimalsAreReadExactly() {
        #expect(Beat(decimal: "64.500") == Beat(129, 2))
        #expect(Beat(decimal: "-0.25") == Beat(-1, 4))
        #expect(Beat(decimal: " 12 ") == Beat(12))
        #expect(Beat(decimal: ".5") == Beat(1, 2))
        for bad in ["", "-", ".", "1.2.3", "x", "1e3", "1234567890123", "0.0000000001"] {
            #expect(Beat(decimal: bad) == nil, "\(bad)")
        }
    }

    @Test func ticksAre192ndsOfAMeasure() {
        #expect(Beat(1, 48).isOnTick && Beat(1, 3).isOnTick && Beat(1, 16).isOnTick)
        #expect(!Beat(1, 5).isOnTick && !Beat(1, 96).isOnTick)
        #expect(Beat(1, 3).ticks == 16)
        #expect(Beat(1, 5).roundedToTick == Beat(10, 48))
        // A six-decimal print of a tick reads back to the same tick.
        #expect(Beat(roundingToTick: 0.333333) == Beat(1, 3))
        #expect(Beat(roundingToTick: .nan) == nil)
    }

    @Test func floorGoesDownForNegatives() {
        #expect(Beat(7, 2).floor == 3)
        #expect(Beat(-1, 2).floor == -1)
        #expect(Beat(-4).floor == -4)
    }
}
