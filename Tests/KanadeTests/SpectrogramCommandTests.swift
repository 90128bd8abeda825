import Foundation
import TestSupport
import Testing

@Suite struct SpectrogramCommandTests {
    @Test func plainTextWhenPiped() throws {
        let result = try KanadeProcess.run(["spectrogram", fixturePath("audio/sine440-mono-44k.flac"),
                                            "--width", "40", "--height", "16"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 17)   // a title and 16 rows
        #expect(!result.stdout.contains("\u{1B}["))
        let rows = lines.dropFirst().map { String($0.split(separator: "│", maxSplits: 1).last ?? "") }
        #expect(rows.allSatisfy { $0.count == 40 })
        // The 440 Hz row is the brightest ('@'), and it lies between the 271 Hz and 1 kHz-ish labels.
        let brightest = rows.indices.filter { rows[$0].filter { $0 == "@" }.count > 30 }
        #expect(!brightest.isEmpty)
        #expect(rows.first?.allSatisfy { $0 == " " || $0 == "." } == true)   // nothing near Nyquist
    }

    @Test func ansiHalfBlocksOnRequest() throws {
        let result = try KanadeProcess.run(["spectrogram", fixturePath("audio/sine440-mono-44k.flac"),
                                            "--width", "20", "--height", "6", "--color", "always"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\u{1B}[38;5;") && result.stdout.contains("\u{1B}[48;5;"))
        #expect(result.stdout.components(separatedBy: "▀").count - 1 == 20 * 6)
    }

    @Test func rejectsSillySizes() throws {
        let result = try KanadeProcess.run(["spectrogram", fixturePath("audio/sine440-mono-44k.flac"), "--width", "3"])
        #expect(result.status != 0 && result.stderr.contains("--width"))
    }
}
