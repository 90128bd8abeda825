/// A multisampled instrument: each key plays the `SampledNote` nearest it, resampled to the key's pitch (four-point cubic
/// interpolation), looping the note's sustain loop while the key is held, through an attack/decay/sustain/release
/// envelope; velocity sets the level on a square law (MIDI velocity 64 is about −12 dB). What the morph grid's
/// points play (issue 18), and any set of one-note recordings.
///
/// All voices are made in `init`; note events and `render` allocate nothing, lock nothing (`Instrument`).
public final class SampledSynth: Instrument {
    /// The envelope: attack (linear) and decay (time constant) in seconds, the sustain level 0…1, and the release
    /// as the seconds to fall 60 dB (the voice is freed at −80 dB, a third later).
    public struct Shape: Sendable, Equatable {
        public var attack: Double, decay: Double, sustain: Double, release: Double
        public init(attack: Double = 0.005, decay: Double = 0.3, sustain: Double = 1, release: Double = 0.3) {
            self.attack = attack; self.decay = decay; self.sustain = sustain; self.release = release
        }
    }

    struct SamplerVoice {
        var pitch = 0, note = 0, order = 0
        var position = 0.0, step = 0.0, gain: Float = 0
        var held = false
        var envelope = Envelope()
        var isIdle: Bool { envelope.stage == .idle }
    }

    /// The notes, by pitch.
    public let notes: [SampledNote]
    /// The envelope.
    public let shape: Shape
    private let sampleBuffers: UnsafeMutableBufferPointer<UnsafeMutableBufferPointer<Float>>
    /// Per note: loop start, loop end, root key, sample rate; and key → nearest note. Raw memory, so the audio
    /// thread reads them without reference counting (the release build's real-time check).
    private let table: UnsafeMutableBufferPointer<(loopStart: Double, loopEnd: Double, root: Int, rate: Double)>
    private let nearest: UnsafeMutableBufferPointer<Int>
    /// 2^(d/12) for d = −127…127 at index d + 127.
    private let ratios: UnsafeMutableBufferPointer<Double>
    private let voices: UnsafeMutableBufferPointer<SamplerVoice>
    private var sampleRate = 48_000.0
    private var rates: Envelope.Rates
    private var nextOrder = 0

    /// An instrument from `notes` (at least one), with `voiceCount` voices.
    public init(notes: [SampledNote], shape: Shape = Shape(), voiceCount: Int = 24) {
        precondition(!notes.isEmpty, "a sampled instrument needs a note")
        self.notes = notes.sorted { $0.pitch < $1.pitch }
        self.shape = shape
        let notes = self.notes
        sampleBuffers = .allocate(capacity: notes.count)
        for (i, n) in notes.enumerated() {
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: n.samples.count + 2)
            _ = buffer.initialize(from: n.samples + [0, 0])
            sampleBuffers[i] = buffer
        }
        table = .allocate(capacity: notes.count)
        _ = table.initialize(from: notes.map { (Double($0.loop.lowerBound), Double($0.loop.upperBound), $0.pitch, $0.sampleRate) })
        ratios = .allocate(capacity: 255)
        _ = ratios.initialize(from: (-127...127).map { pow(2, Double($0) / 12) })
        nearest = .allocate(capacity: 128)
        _ = nearest.initialize(from: (0...127).map { key in
            notes.indices.min { abs(notes[$0].pitch - key) < abs(notes[$1].pitch - key) }!
        })
        voices = .allocate(capacity: max(voiceCount, 1))
        voices.initialize(repeating: SamplerVoice())
        rates = Envelope.Rates(shape: shape, sampleRate: sampleRate)
    }

    deinit {
        for buffer in sampleBuffers { buffer.deallocate() }
        sampleBuffers.deallocate()
        table.deallocate()
        nearest.deallocate()
        ratios.deallocate()
        voices.deinitialize()
        voices.deallocate()
    }

    public func prepare(sampleRate: Double) {
        self.sampleRate = sampleRate > 0 && sampleRate.isFinite ? sampleRate : 48_000
        rates = Envelope.Rates(shape: shape, sampleRate: self.sampleRate)
        for i in voices.indices { voices[i] = SamplerVoice() }
    }

    public func noteOn(pitch: Int, velocity: Int) {
        let key = min(max(pitch, 0), 127)
        let voices = self.voices, nearest = self.nearest, table = self.table, ratios = self.ratios
        var chosen = -1, oldest = -1
        for i in voices.indices {
            if voices[i].isIdle { chosen = i; break }
            if oldest < 0 || voices[i].order < voices[oldest].order { oldest = i }
        }
        if chosen < 0 { chosen = max(oldest, 0) }
        let n = nearest[key]
        let root = table[n].root, rate = table[n].rate
        nextOrder &+= 1
        let v = Float(min(max(velocity, 1), 127)) / 127
        var voice = SamplerVoice()
        voice.pitch = key; voice.note = n; voice.order = nextOrder
        voice.step = ratios[key - root + 127] * rate / sampleRate
        voice.gain = v * v
        voice.held = true
        voice.envelope.start(peak: 1, rates: rates, sampleRate: sampleRate)
        voices[chosen] = voice
    }

    public func noteOff(pitch: Int) {
        let voices = self.voices
        var oldest = -1
        for i in voices.indices where voices[i].held && voices[i].pitch == pitch {
            if oldest < 0 || voices[i].order < voices[oldest].order { oldest = i }
        }
        if oldest >= 0 { voices[oldest].held = false; voices[oldest].envelope.release() }
    }

    public func allNotesOff() {
        for i in voices.indices { voices[i].held = false; voices[i].envelope.release() }
    }

    public func render(into output: UnsafeMutableBufferPointer<Float>) {
        guard let out = output.baseAddress else { return }
        let voices = self.voices, buffers = sampleBuffers, table = self.table
        for i in voices.indices where !voices[i].isIdle {
            var voice = voices[i]
            let samples = buffers[voice.note]
            let end = Double(samples.count - 2)
            let loopStart = table[voice.note].loopStart, loopEnd = table[voice.note].loopEnd
            for f in 0..<output.count {
                // The loop plays on through the release too, so a long release never runs off the recording.
                if voice.position >= loopEnd { voice.position -= loopEnd - loopStart }
                guard voice.position < end else { voice.envelope = Envelope(); break }
                // Four-point cubic (Catmull-Rom) interpolation: the notes are usually at a lower rate than the
                // engine's (the timbre model's are 16 kHz), and linear interpolation left their images above 8 kHz
                // 44 dB under a rendered tune; the cubic's smoother response holds them lower.
                let k = Int(voice.position), t = Float(voice.position - Double(k))
                let xm1 = samples[k > 0 ? k - 1 : 0], x0 = samples[k], x1 = samples[k + 1], x2 = samples[k + 2]
                let c1 = 0.5 * (x1 - xm1)
                let c2 = xm1 - 2.5 * x0 + 2 * x1 - 0.5 * x2
                let c3 = 0.5 * (x2 - xm1) + 1.5 * (x0 - x1)
                let s = ((c3 * t + c2) * t + c1) * t + x0
                out[f] += s * voice.gain * voice.envelope.next(rates)
                voice.position += voice.step
                if voice.isIdle { break }
            }
            voices[i] = voice
        }
    }

    public var isSilent: Bool {
        for voice in voices where !voice.isIdle { return false }
        return true
    }
}

extension Envelope.Rates {
    init(shape: SampledSynth.Shape, sampleRate: Double) {
        attackSeconds = max(shape.attack, 0.002)
        decayCoefficient = Float(exp(-1 / (max(shape.decay, 0.001) * sampleRate)))
        releaseCoefficient = Float(exp(log(1e-3) / (max(shape.release, 0.005) * sampleRate)))
        sustain = Float(min(max(shape.sustain, 0), 1))
    }
}

import Foundation
