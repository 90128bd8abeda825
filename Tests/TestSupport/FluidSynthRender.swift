import Foundation

/// Renders `midi` through the SoundFont `sf2` into `wav` (44.1 kHz, gain 1) with Debian's `fluidsynth` command,
/// as a person taking an exported SoundFont to another player would. Returns its exit status, everything it
/// printed, and the printed lines other than the one start-up warning fluidsynth (2.3) gives for any SoundFont
/// without a bank-128 drum kit — about channel 10, not the file, and not switchable off: any other line is a
/// problem with the file.
public func renderWithFluidSynth(sf2: String, midi: String, wav: String) throws -> (status: Int32, output: String, problems: [String]) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/fluidsynth")
    process.arguments = ["-ni", "-q", "-g", "1", "-F", wav, "-r", "44100", sf2, midi]
    let said = Pipe()
    process.standardError = said
    process.standardOutput = said
    try process.run()
    let text = String(decoding: said.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let problems = text.split(separator: "\n").map(String.init)
        .filter { !$0.isEmpty && !$0.contains("No preset found on channel 9 [bank=128 prog=0]") }
    return (process.terminationStatus, text, problems)
}
