// libFuzzer entry point for the StepMania reader. Built by `make fuzz-charts` together with the Music and
// Charts sources in one module (swiftc -sanitize=fuzzer,address), seeded with Tests/Fixtures/charts.
//
// Checks, for every input read both as .sm and as .ssc: the reader returns or throws (no crash, no trap, no
// runaway allocation — libFuzzer's -rss_limit_mb and -malloc_limit_mb catch those); and a simfile it reads,
// written by our writer as .ssc, reads again to the same simfile with no warnings.

@_cdecl("LLVMFuzzerTestOneInput")
public func simfileReaderFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for format in [SimfileFormat.sm, .ssc] {
        var reader = SimfileReader(bytes: bytes, name: "fuzz", format: format)
        guard let first = try? reader.read() else { continue }
        let text: String
        do {
            text = try SimfileWriter(simfile: first.simfile, format: .ssc, name: "round trip").encode()
        } catch {
            // The writer may refuse only what a simfile cannot hold; a read simfile is always on the grid.
            if case .unwritable(let reason) = error.problem, reason.contains("before beat 0") { continue }
            fatalError("a read simfile does not write: \(error)")
        }
        var again = SimfileReader(bytes: Array(text.utf8), name: "round trip", format: .ssc)
        let second: SimfileReader.Result
        do { second = try again.read() } catch { fatalError("our own file does not read back: \(error)") }
        if second.simfile != first.simfile { fatalError("round trip changed the simfile") }
        if !second.warnings.isEmpty { fatalError("our own file has warnings: \(second.warnings)") }
    }
    return 0
}
