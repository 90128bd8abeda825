import AudioIO
import Foundation
import TestSupport
import Testing

@Suite struct BPMCommandTests {
    /// 20 seconds of clicks at `bpm` from `start`, written as a WAV file in `folder`.
    func clickTrack(bpm: Double, start: Double, in folder: TemporaryDirectory, silent: Bool = false) throws -> String {
        let rate = 22050.0
        var samples = [Float](repeating: 0, count: Int(20 * rate))
        if !silent {
            var beat = start
            while beat < 19.5 {
                let first = Int(beat * rate)
                for i in 0..<Int(0.02 * rate) {
                    let t = Double(i) / rate
                    samples[first + i] = Float(0.8 * sin(2 * .pi * 1000 * t) * exp(-t / 0.003))
                }
                beat += 60 / bpm
            }
        }
        let path = folder.file(silent ? "silence.wav" : "clicks-\(bpm).wav")
        try AudioFile.write(AudioBuffer(sampleRate: rate, channels: [samples]), to: path, format: .wav16)
        return path
    }

    @Test func printsTempoFirstBeatAndCandidates() throws {
        let folder = TemporaryDirectory("bpm")
        defer { folder.remove() }
        let path = try clickTrack(bpm: 128, start: 0.25, in: folder)
        let result = try KanadeProcess.run(["bpm", path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        // "PATH: 128.00 BPM, first beat at 0.251 s (#OFFSET:-0.251)"
        let head = try #require(lines.first, "\(result.stdout)")
        #expect(head.hasPrefix("\(path): 128.00 BPM, first beat at "), "\(head)")
        let first = head.components(separatedBy: "first beat at ").last.flatMap { Double($0.prefix { $0 != " " }) }
        let offset = head.components(separatedBy: "#OFFSET:").last.flatMap { Double($0.dropLast()) }
        #expect(first.map { abs($0 - 0.25) <= 0.003 } == true, "\(head)")
        #expect(offset == first.map { -$0 }, "\(head)")
        #expect(lines.contains("candidates:"))
        #expect(lines.contains { $0.hasSuffix("best") && $0.contains("128.0") })
        #expect(lines.contains { $0.hasSuffix("×2") && $0.contains("256.00 BPM") }, "\(result.stdout)")
        #expect(lines.contains { $0.hasSuffix("÷2") && $0.contains(" 64.00 BPM") }, "\(result.stdout)")
    }

    @Test func jsonForScripts() throws {
        let folder = TemporaryDirectory("bpm-json")
        defer { folder.remove() }
        let path = try clickTrack(bpm: 100, start: 0.5, in: folder)
        let result = try KanadeProcess.run(["bpm", path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let bpm = try #require(object["bpm"] as? Double)
        let first = try #require(object["firstBeat"] as? Double)
        #expect(abs(bpm - 100) < 0.1 && abs(first - 0.5) < 0.01, "\(bpm) \(first)")
        #expect((object["offset"] as? Double).map { abs($0 + first) < 1e-12 } == true)
        let candidates = try #require(object["candidates"] as? [[String: Any]])
        #expect(candidates.count >= 3 && candidates.first?["relation"] as? String == "best")
        #expect(object["problem"] == nil || object["problem"] is NSNull)
    }

    @Test func silenceIsNoClearTempoNotADefault() throws {
        let folder = TemporaryDirectory("bpm-silence")
        defer { folder.remove() }
        let path = try clickTrack(bpm: 120, start: 0, in: folder, silent: true)
        let text = try KanadeProcess.run(["bpm", path])
        #expect(text.status == 2)
        #expect(text.stdout.hasPrefix("\(path): no clear tempo: the audio is silent"), "\(text.stdout)")
        #expect(!text.stdout.contains("120"))
        let json = try KanadeProcess.run(["bpm", path, "--json"])
        #expect(json.status == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["bpm"] == nil || object["bpm"] is NSNull)
        #expect((object["problem"] as? String)?.contains("silent") == true)
    }

    @Test func unreadableFilesGiveOneLine() throws {
        let result = try KanadeProcess.run(["bpm", "/nonexistent/song.ogg"])
        #expect(result.status == 1 && result.stderr == "kanade: /nonexistent/song.ogg: no such file\n", "\(result.stderr)")
    }
}
