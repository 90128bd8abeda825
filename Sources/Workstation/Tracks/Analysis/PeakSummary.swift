import AudioIO

/// Minimum and maximum sample per block, at several block sizes, so a waveform pane can draw any zoom
/// in time proportional to its width rather than to the number of samples.
public struct PeakSummary: Sendable {
    /// Smallest block size in samples; each level up is `fanOut` times larger.
    public static let baseBlock = 64, fanOut = 8
    /// `levels[level][channel]` = interleaved (min, max) pairs per block.
    let levels: [[[Float]]]
    /// Samples per channel.
    public let frameCount: Int
    /// Channels.
    public let channelCount: Int

    /// Summarises a buffer (cost: one pass over the samples).
    public init(_ audio: AudioBuffer) {
        frameCount = audio.frameCount
        channelCount = audio.channelCount
        var all: [[[Float]]] = []
        var current: [[Float]] = audio.channels.map { ch in
            var out = [Float]()
            out.reserveCapacity(2 * (ch.count / PeakSummary.baseBlock + 1))
            var i = 0
            while i < ch.count {
                let end = min(ch.count, i + PeakSummary.baseBlock)
                var lo = ch[i], hi = ch[i]
                for j in i..<end { lo = min(lo, ch[j]); hi = max(hi, ch[j]) }
                out.append(lo); out.append(hi)
                i = end
            }
            return out
        }
        all.append(current)
        while (current.first?.count ?? 0) > 2 * PeakSummary.fanOut {
            current = current.map { pairs in
                var out = [Float]()
                var i = 0
                while i < pairs.count {
                    let end = min(pairs.count, i + 2 * PeakSummary.fanOut)
                    var lo = pairs[i], hi = pairs[i + 1]
                    var j = i
                    while j < end { lo = min(lo, pairs[j]); hi = max(hi, pairs[j + 1]); j += 2 }
                    out.append(lo); out.append(hi)
                    i = end
                }
                return out
            }
            all.append(current)
        }
        levels = all
    }

    /// The smallest and largest sample of `channel` between two frames (at block resolution).
    public func range(channel: Int, from: Int, to: Int) -> (min: Float, max: Float)? {
        let a = max(0, from), b = min(frameCount, to)
        guard b > a, channel < channelCount else { return nil }
        var level = 0, block = PeakSummary.baseBlock
        // Use the coarsest level that still has about four blocks in the range.
        while level + 1 < levels.count && block * PeakSummary.fanOut * 4 <= b - a {
            level += 1; block *= PeakSummary.fanOut
        }
        let pairs = levels[level][channel]
        let first = a / block, last = min((b - 1) / block, pairs.count / 2 - 1)
        guard first <= last else { return nil }
        var lo = pairs[2 * first], hi = pairs[2 * first + 1]
        for k in first...last { lo = min(lo, pairs[2 * k]); hi = max(hi, pairs[2 * k + 1]) }
        return (lo, hi)
    }
}
