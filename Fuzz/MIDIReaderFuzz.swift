// libFuzzer entry point for the Standard MIDI File reader. Built by `make fuzz` together with the
// Music sources in one module (swiftc -sanitize=fuzzer,address), seeded with Tests/Fixtures/midi.
//
// Checks, for every input: the reader returns or throws (no crash, no trap, no runaway allocation —
// libFuzzer's -rss_limit_mb and -malloc_limit_mb catch those); and a file it reads, written back by our
// writer, reads again to the same notes (same channel, pitch, start and velocity; when two notes of one
// pitch overlap, which one a note-off ends may differ, so ends are compared as a multiset per pitch).

@_cdecl("LLVMFuzzerTestOneInput")
public func midiReaderFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = try? MIDIFileReader(bytes: bytes, name: "fuzz").read() else { return 0 }
    let notes = first.sequence.allNotes.map(\.note)
    let written = MIDIFileWriter(sequence: first.sequence).encode()
    let second: MIDIFileReader.Result
    do {
        second = try MIDIFileReader(bytes: written, name: "round trip").read()
    } catch {
        fatalError("our own file does not read back: \(error)")
    }
    func starts(_ n: [Note]) -> [[Int]] { n.map { [$0.channel, $0.pitch, $0.startTick, $0.velocity] }.sorted { $0.lexicographicallyPrecedes($1) } }
    func ends(_ n: [Note]) -> [[Int]] { n.map { [$0.channel, $0.pitch, $0.endTick] }.sorted { $0.lexicographicallyPrecedes($1) } }
    let again = second.sequence.allNotes.map(\.note)
    if starts(notes) != starts(again) || ends(notes) != ends(again) {
        fatalError("round trip changed the notes: \(notes.count) → \(again.count)")
    }
    if !second.warnings.isEmpty { fatalError("our own file has warnings: \(second.warnings)") }
    return 0
}
