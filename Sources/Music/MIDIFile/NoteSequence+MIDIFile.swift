extension NoteSequence {
    /// Reads the Standard MIDI File at `path`; problems that were read past are dropped (use
    /// `MIDIFileReader` to see them).
    public init(midiFile path: String) throws(MIDIFileError) {
        self = try NoteSequence.readMIDIFile(path).sequence
    }

    /// Reads the Standard MIDI File at `path` with the reader's warnings.
    public static func readMIDIFile(_ path: String) throws(MIDIFileError) -> MIDIFileReader.Result {
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.read(path, limit: MIDIFileReader.maximumFileSize)
        } catch {
            throw MIDIFileError(path: path, problem: .cannotRead(error.reason))
        }
        return try MIDIFileReader(bytes: bytes, name: path).read()
    }

    /// Writes the sequence as a format-1 Standard MIDI File, atomically (temp file + rename).
    public func writeMIDIFile(to path: String) throws(MIDIFileError) {
        do {
            try AtomicFile.write(MIDIFileWriter(sequence: self).encode(), to: path)
        } catch {
            throw MIDIFileError(path: path, problem: .cannotWrite(error.reason))
        }
    }
}
