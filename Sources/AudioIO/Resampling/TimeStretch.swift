import CRubberBand

/// Changes a recording's speed with its pitch kept, through librubberband's offline stretcher (the whole input
/// studied first, then processed: the best quality it offers for a recording known in full).
public enum TimeStretch {
    /// Why a stretch failed.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// `buffer` played at `speed` (0.25 is four times as long; 1 returns it unchanged), same rate and channels.
    public static func stretch(_ buffer: AudioBuffer, speed: Double) throws -> AudioBuffer {
        precondition(speed > 0 && speed.isFinite, "speed must be positive")
        if speed == 1 || buffer.frameCount == 0 { return buffer }
        let channels = buffer.channelCount, frames = buffer.frameCount
        guard let state = rubberband_new(UInt32(buffer.sampleRate.rounded()), UInt32(channels),
                                         Int32(RubberBandOptionProcessOffline.rawValue | RubberBandOptionEngineFaster.rawValue),
                                         1 / speed, 1) else {
            throw Failure(description: "librubberband could not start a stretcher")
        }
        defer { rubberband_delete(state) }
        rubberband_set_expected_input_duration(state, UInt32(frames))
        let block = 16_384
        let expected = Int((Double(frames) / speed).rounded())
        var output = (0..<channels).map { _ in [Float]() }
        for c in 0..<channels { output[c].reserveCapacity(expected + block) }
        // Output blocks in memory of our own: librubberband writes through these pointers.
        let scratch = (0..<channels).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: block) }
        defer { scratch.forEach { $0.deallocate() } }
        let outputs = UnsafeMutablePointer<UnsafeMutablePointer<Float>?>.allocate(capacity: channels)
        defer { outputs.deallocate() }
        for c in 0..<channels { outputs[c] = scratch[c] }

        func feed(_ study: Bool) {
            var start = 0
            while start < frames {
                let count = min(block, frames - start)
                let last: Int32 = start + count >= frames ? 1 : 0
                withChannelPointers(buffer.channels, from: start) { inputs in
                    if study { rubberband_study(state, inputs, UInt32(count), last) } else { rubberband_process(state, inputs, UInt32(count), last) }
                }
                if !study { drain() }
                start += count
            }
        }
        func drain() {
            while true {
                let available = Int(rubberband_available(state))
                guard available > 0 else { return }
                let got = Int(rubberband_retrieve(state, outputs, UInt32(min(available, block))))
                for c in 0..<channels { output[c] += UnsafeBufferPointer(start: scratch[c], count: got) }
            }
        }
        feed(true)
        feed(false)
        drain()
        // The stretcher's output is the input's length over the speed, give or take its rounding.
        for c in 0..<channels where output[c].count > expected { output[c].removeLast(output[c].count - expected) }
        for c in 0..<channels where output[c].count < expected { output[c] += [Float](repeating: 0, count: expected - output[c].count) }
        return AudioBuffer(sampleRate: buffer.sampleRate, channels: output)
    }

    /// Calls `body` with one pointer per channel at frame `start`.
    private static func withChannelPointers<R>(_ channels: [[Float]], from start: Int,
                                               _ body: (UnsafePointer<UnsafePointer<Float>?>) -> R) -> R {
        func nest(_ i: Int, _ acc: [UnsafePointer<Float>?]) -> R {
            if i == channels.count { return acc.withUnsafeBufferPointer { body($0.baseAddress!) } }
            return channels[i].withUnsafeBufferPointer { nest(i + 1, acc + [$0.baseAddress! + start]) }
        }
        return nest(0, [])
    }
}
