import AudioIO
import Foundation
import TestSupport
import Testing

@Suite struct PlayCommandTests {
    static let stereo48k = fixturePath("audio/sine440-stereo-48k.wav")

    @Test func fileDeviceGetsExactlyTheSamples() throws {
        let scratch = TemporaryDirectory("cli")
        defer { scratch.remove() }
        let out = scratch.file("out.wav")
        let result = try KanadeProcess.run(["play", Self.stereo48k, "--device", "file:'\(out)',wav"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "ALSA or kanade printed: \(result.stderr)")
        #expect(result.stdout == "played to 0:00.5\n")
        let original = try AudioFile.read(Self.stereo48k)
        let captured = try AudioFile.read(out)
        #expect(captured == original)
    }

    @Test func startAndEndPlayAnExcerpt() throws {
        let scratch = TemporaryDirectory("cli")
        defer { scratch.remove() }
        let out = scratch.file("part.wav")
        let result = try KanadeProcess.run(["play", Self.stereo48k, "--device", "file:'\(out)',wav",
                                            "--start", "0.1", "--end", "0.25"])
        #expect(result.status == 0)
        let original = try AudioFile.read(Self.stereo48k)
        let captured = try AudioFile.read(out)
        #expect(captured.frameCount == 7200)
        #expect(captured.channels[0] == Array(original.channels[0][4800..<12000]))
    }

    /// The device runs at 44.1 kHz (asked for with --rate, as a fixed-rate card would grant it):
    /// the 48 kHz file must arrive resampled by libsoxr, not sped up.
    @Test func resamplesToTheDeviceRate() throws {
        let scratch = TemporaryDirectory("cli")
        defer { scratch.remove() }
        let out = scratch.file("44k.wav")
        let result = try KanadeProcess.run(["play", Self.stereo48k, "--device", "file:'\(out)',wav", "--rate", "44100"])
        #expect(result.status == 0, "\(result.stderr)")
        let captured = try AudioFile.read(out)
        #expect(captured.sampleRate == 44_100)
        #expect(captured.frameCount == 22_050)
        let expected = try Resampler.resample(try AudioFile.read(Self.stereo48k), to: 44_100)
        for c in 0..<2 {
            let worst = zip(captured.channels[c], expected.channels[c]).map { abs($0 - $1) }.max() ?? 1
            #expect(worst <= 1.0 / 32_768, "channel \(c) differs by \(worst)")
        }
        // Still 440 Hz: count rising zero crossings over the middle 0.4 s.
        let left = captured.channels[0]
        let crossings = (2205..<19845).filter { left[$0 - 1] < 0 && left[$0] >= 0 }.count
        #expect(abs(crossings - 176) <= 1)
    }

    @Test func defaultDeviceComesFromALSAConfigAndEnvironment() throws {
        let scratch = TemporaryDirectory("cli")
        defer { scratch.remove() }
        // A test HOME whose .asoundrc sends "default" to a file, so the no-option path is real ALSA too.
        let out = scratch.file("default.wav")
        let asoundrc = "pcm.!default { type file slave.pcm null file \"\(out)\" format \"wav\" }\n"
        try asoundrc.write(toFile: scratch.file(".asoundrc"), atomically: true, encoding: .utf8)
        let viaDefault = try KanadeProcess.run(["play", Self.stereo48k], environment: ["HOME": scratch.path])
        #expect(viaDefault.status == 0 && viaDefault.stderr.isEmpty, "\(viaDefault.stderr)")
        #expect(try AudioFile.read(out).frameCount == 24_000)

        let envOut = scratch.file("env.wav")
        let viaEnvironment = try KanadeProcess.run(["play", Self.stereo48k],
                                                   environment: ["KANADE_AUDIO_DEVICE": "file:'\(envOut)',wav"])
        #expect(viaEnvironment.status == 0)
        #expect(try AudioFile.read(envOut).frameCount == 24_000)
    }

    @Test func missingDeviceIsReportedOnceAndPlaysSilently() throws {
        let result = try KanadeProcess.run(["play", Self.stereo48k, "--device", "kanade_no_such_pcm"])
        #expect(result.status == 0)
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("audio device 'kanade_no_such_pcm'") && result.stderr.contains("playing silently"))
        #expect(!result.stderr.contains("ALSA lib"))
    }

    @Test func corruptFileFailsWithOneLine() throws {
        let scratch = TemporaryDirectory("cli")
        defer { scratch.remove() }
        #expect(FileManager.default.createFile(atPath: scratch.file("x.wav"), contents: Data("RIFF nonsense".utf8)))
        let result = try KanadeProcess.run(["play", scratch.file("x.wav"), "--device", "null"])
        #expect(result.status == 1 && result.stderrLines.count == 1)
        #expect(result.stderr.hasPrefix("kanade: \(scratch.file("x.wav")): "))
    }

    @Test func ctrlCStopsCleanly() throws {
        let scratch = TemporaryDirectory("cli")
        defer { scratch.remove() }
        let long = scratch.file("long.wav")
        try AudioFile.write(AudioBuffer(sampleRate: 8000, channelCount: 1, frameCount: 8000 * 20), to: long, format: .wav16)
        // No real device: the null sink keeps real time, so this would take 20 s.
        let (process, out, err) = try KanadeProcess.start(["play", long, "--device", "kanade_no_such_pcm"])
        // Signal only once kanade catches Ctrl-C: on a loaded machine its start-up can take longer than any fixed
        // wait, and a SIGINT before the handler would kill it with the default action.
        // kanade installs the handler just before it starts playing, so no further wait is needed (there was a
        // fixed 200 ms one): a signal from here on lands in the play loop or just before it, and either way the
        // loop sees it and stops.
        #expect(KanadeProcess.waitUntilCatching(SIGINT, process))
        kill(process.processIdentifier, SIGINT)
        let result = KanadeProcess.finish(process, out, err)
        #expect(result.status == 130)
        // Where it stopped depends on how busy the machine is; what matters is that it stopped
        // early, on the signal, and said so (a full play would print "played to 0:20.0").
        #expect(result.stdout.hasPrefix("stopped at 0:"), "\(result.stdout)")
        #expect(!result.stdout.contains("played to"), "\(result.stdout)")
    }
}
