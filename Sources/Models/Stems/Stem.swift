/// One separated part of a song: its name and its samples, channel by channel.
public struct Stem: Sendable, Equatable {
    /// What the part is, as a musician would say it (`harmonic`, `percussive`, `background` …).
    public var name: String
    /// One array per channel, all as long as the input.
    public var channels: [[Float]]

    /// A stem named `name` with `channels`.
    public init(name: String, channels: [[Float]]) {
        self.name = name
        self.channels = channels
    }
}
