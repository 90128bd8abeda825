/// Running medians along one axis of a row-major `frameCount × binCount` plane, as HPSS needs them.
///
/// The window is centred and shrinks at the edges (no padding), so an edge value is the median of
/// the values that exist; an even-sized window takes the upper median.
enum MedianFilter {
    /// Medians over `kernel` consecutive frames, bin by bin (along time).
    static func alongFrames(_ values: [Float], frameCount: Int, binCount: Int, kernel: Int) -> [Float] {
        var out = [Float](repeating: 0, count: values.count)
        var scratch = [Float](repeating: 0, count: max(kernel, 1))
        let half = kernel / 2
        for frame in 0..<frameCount {
            let lo = max(0, frame - half), hi = min(frameCount - 1, frame + half)
            for bin in 0..<binCount {
                var n = 0
                for f in lo...hi { scratch[n] = values[f * binCount + bin]; n += 1 }
                out[frame * binCount + bin] = median(&scratch, count: n)
            }
        }
        return out
    }

    /// Medians over `kernel` neighbouring bins, frame by frame (along frequency).
    static func alongBins(_ values: [Float], frameCount: Int, binCount: Int, kernel: Int) -> [Float] {
        var out = [Float](repeating: 0, count: values.count)
        var scratch = [Float](repeating: 0, count: max(kernel, 1))
        let half = kernel / 2
        for frame in 0..<frameCount {
            let row = frame * binCount
            for bin in 0..<binCount {
                let lo = max(0, bin - half), hi = min(binCount - 1, bin + half)
                var n = 0
                for b in lo...hi { scratch[n] = values[row + b]; n += 1 }
                out[row + bin] = median(&scratch, count: n)
            }
        }
        return out
    }

    /// The median of the first `count` values of `buffer` (reordered in place; quickselect).
    static func median(_ buffer: inout [Float], count: Int) -> Float {
        precondition(count > 0 && count <= buffer.count)
        let k = count / 2
        var lo = 0, hi = count - 1
        while lo < hi {
            let pivot = buffer[(lo + hi) / 2]
            var i = lo, j = hi
            while i <= j {
                while buffer[i] < pivot { i += 1 }
                while buffer[j] > pivot { j -= 1 }
                if i <= j { buffer.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { break }
        }
        return buffer[k]
    }
}
