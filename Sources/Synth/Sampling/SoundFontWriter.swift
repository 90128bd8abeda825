import Foundation
import Music

/// Writes a multisampled instrument as a SoundFont 2.01 file (`.sf2`) that fluidsynth and other players load:
/// one preset (bank 0, program 0) holding one instrument whose zones each play one `SampledNote` over the keys
/// nearest it, looping its sustain loop, with a volume envelope (attack, release).
///
/// Layout (SoundFont 2.01 specification, §4–§8): `RIFF sfbk` with `LIST INFO` (`ifil` 2.01, `isng`, `INAM`,
/// `ISFT`), `LIST sdta` (`smpl`: 16-bit mono samples, each followed by 46 zero samples as the format requires)
/// and `LIST pdta` (`phdr pbag pmod pgen inst ibag imod igen shdr`, each ending in its terminal record).
public enum SoundFontWriter {
    /// Why a SoundFont could not be made.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The file's bytes. `notes` sorted or not; each note's zone covers the keys from halfway to the note below
    /// to halfway to the note above (the lowest down to 0, the highest up to 127).
    public static func bytes(name: String, notes: [SampledNote], attack: Double = 0.005, release: Double = 0.3) throws(Failure) -> [UInt8] {
        guard !notes.isEmpty else { throw Failure(description: "no notes to write") }
        let sorted = notes.sorted { $0.pitch < $1.pitch }
        guard Set(sorted.map(\.pitch)).count == sorted.count, sorted.allSatisfy({ (0...127).contains($0.pitch) }) else {
            throw Failure(description: "notes need distinct MIDI keys 0-127")
        }
        for n in sorted where !(n.loop.lowerBound >= 0 && n.loop.upperBound <= n.samples.count && n.loop.count >= 32) {
            throw Failure(description: "key \(n.pitch): loop \(n.loop) is not inside its \(n.samples.count) samples (at least 32 long)")
        }
        // Sample data, and each sample's header.
        var smpl: [UInt8] = [], shdr: [UInt8] = []
        var offset = 0
        for n in sorted {
            for v in n.samples { smpl.appendSigned16(Int16(max(-32768, min(32767, (Double(v) * 32767).rounded())))) }
            for _ in 0..<46 { smpl.append16(0) }
            shdr.appendName("key \(n.pitch)")
            shdr.append32(UInt32(offset))
            shdr.append32(UInt32(offset + n.samples.count))
            shdr.append32(UInt32(offset + n.loop.lowerBound))
            shdr.append32(UInt32(offset + n.loop.upperBound))
            shdr.append32(UInt32(n.sampleRate.rounded()))
            shdr.append(UInt8(n.pitch))
            shdr.append(0)              // pitch correction
            shdr.append16(0)            // sample link
            shdr.append16(1)            // mono
            offset += n.samples.count + 46
        }
        shdr.appendName("EOS"); shdr += [UInt8](repeating: 0, count: 26)
        // The instrument: one zone per note.
        var ibag: [UInt8] = [], igen: [UInt8] = []
        var generators = 0
        for (i, n) in sorted.enumerated() {
            let low = i == 0 ? 0 : (sorted[i - 1].pitch + n.pitch) / 2 + 1
            let high = i == sorted.count - 1 ? 127 : (n.pitch + sorted[i + 1].pitch) / 2
            ibag.append16(UInt16(generators)); ibag.append16(0)
            let zone: [(UInt16, [UInt8])] = [
                (43, [UInt8(low), UInt8(high)]),                   // keyRange (first, as required)
                (34, int16(timecents(attack))),                    // attackVolEnv
                (38, int16(timecents(release))),                   // releaseVolEnv
                (54, int16(1)),                                    // sampleModes: loop continuously
                (58, int16(n.pitch)),                              // overridingRootKey
                (53, int16(i)),                                    // sampleID (last, as required)
            ]
            for (op, amount) in zone { igen.append16(op); igen += amount }
            generators += zone.count
        }
        ibag.append16(UInt16(generators)); ibag.append16(0)
        igen += [0, 0, 0, 0]
        var inst: [UInt8] = []
        inst.appendName(String(name.prefix(19))); inst.append16(0)
        inst.appendName("EOI"); inst.append16(UInt16(sorted.count))
        // The preset: one zone naming the instrument.
        var phdr: [UInt8] = []
        phdr.appendName(String(name.prefix(19))); phdr.append16(0); phdr.append16(0); phdr.append16(0)
        phdr.append32(0); phdr.append32(0); phdr.append32(0)
        phdr.appendName("EOP"); phdr.append16(0); phdr.append16(0); phdr.append16(1)
        phdr.append32(0); phdr.append32(0); phdr.append32(0)
        let pbag: [UInt8] = [0, 0, 0, 0, 1, 0, 0, 0]
        var pgen: [UInt8] = []
        pgen.append16(41); pgen.append16(0)                      // instrument 0
        pgen += [0, 0, 0, 0]
        let emptyModulators = [UInt8](repeating: 0, count: 10)

        var ifil: [UInt8] = []; ifil.append16(2); ifil.append16(1)
        let info = list("INFO", [chunk("ifil", ifil), chunk("isng", zstr("EMU8000")), chunk("INAM", zstr(name)),
                                 chunk("ISFT", zstr("Kanade"))])
        let sdta = list("sdta", [chunk("smpl", smpl)])
        let pdta = list("pdta", [chunk("phdr", phdr), chunk("pbag", pbag), chunk("pmod", emptyModulators), chunk("pgen", pgen),
                                 chunk("inst", inst), chunk("ibag", ibag), chunk("imod", emptyModulators), chunk("igen", igen),
                                 chunk("shdr", shdr)])
        var body = Array("sfbk".utf8)
        body += info + sdta + pdta
        return chunk("RIFF", body)
    }

    /// Writes the file atomically (a temporary file renamed), never half a file.
    public static func write(name: String, notes: [SampledNote], to path: String) throws(Failure) {
        let data = try bytes(name: name, notes: notes)
        do { try AtomicFile.write(data, to: path) } catch {
            throw Failure(description: "\(path): \(error)")
        }
    }

    static func timecents(_ seconds: Double) -> Int { Int((1200 * log2(max(seconds, 0.001))).rounded()) }
    static func int16(_ v: Int) -> [UInt8] { let u = UInt16(bitPattern: Int16(clamping: v)); return [UInt8(u & 0xff), UInt8(u >> 8)] }
    static func zstr(_ s: String) -> [UInt8] {
        var b = Array(s.utf8.prefix(255)) + [0]
        if b.count % 2 == 1 { b.append(0) }
        return b
    }
    static func chunk(_ id: String, _ data: [UInt8]) -> [UInt8] {
        var out = Array(id.utf8)
        out.append32(UInt32(data.count))
        out += data
        if data.count % 2 == 1 { out.append(0) }
        return out
    }
    static func list(_ type: String, _ chunks: [[UInt8]]) -> [UInt8] { chunk("LIST", Array(type.utf8) + chunks.flatMap { $0 }) }
}

private extension Array where Element == UInt8 {
    mutating func append16(_ v: UInt16) { append(UInt8(v & 0xff)); append(UInt8(v >> 8)) }
    mutating func appendSigned16(_ v: Int16) { append16(UInt16(bitPattern: v)) }
    mutating func append32(_ v: UInt32) { for k in 0..<4 { append(UInt8((v >> (8 * UInt32(k))) & 0xff)) } }
    /// A 20-byte name field: ASCII, zero-padded.
    mutating func appendName(_ s: String) {
        let ascii = s.unicodeScalars.map { $0.isASCII ? UInt8($0.value) : UInt8(ascii: "?") }.prefix(19)
        self += ascii + [UInt8](repeating: 0, count: 20 - ascii.count)
    }
}
