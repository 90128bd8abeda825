/// A canonical 44-byte WAV header (PCM) whose sizes say whatever the test wants.
func wavHeader(channels: UInt16 = 1, sampleRate: UInt32 = 44_100, bits: UInt16 = 16,
               dataBytes: UInt32, riffBytes: UInt32? = nil) -> [UInt8] {
    func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
    func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    let blockAlign = channels &* (bits / 8)
    return Array("RIFF".utf8) + le32(riffBytes ?? dataBytes &+ 36) + Array("WAVE".utf8)
        + Array("fmt ".utf8) + le32(16) + le16(1) + le16(channels) + le32(sampleRate)
        + le32(sampleRate &* UInt32(blockAlign)) + le16(blockAlign) + le16(bits)
        + Array("data".utf8) + le32(dataBytes)
}
