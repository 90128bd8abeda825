/// Where the transport is.
public enum TransportState: UInt8, Sendable {
    /// Not playing; the playhead was sent back to the start (or the loop's start).
    case stopped
    /// Playing.
    case playing
    /// Not playing; the playhead stays where it was (also where playback ran off the end).
    case paused
}

/// A track in a `PlaybackEngine`, valid until removed.
public struct TrackID: Hashable, Sendable {
    let slot: Int
    let generation: Int
}

/// A live source attached to a `PlaybackEngine`, valid until removed.
public struct LiveSourceID: Hashable, Sendable {
    let slot: Int
}

/// How to open the engine's device.
public struct PlaybackConfiguration: Sendable {
    /// ALSA device name.
    public var device: String
    /// Rate to ask the device for; tracks at other rates are resampled to what it grants.
    public var sampleRate: Double
    /// Channels to ask for.
    public var channelCount: Int
    /// Frames per period (256–512 keeps latency at 20–40 ms with 4 periods).
    public var periodFrames: Int
    /// Periods buffered in the device.
    public var periods: Int
    /// Most tracks at once.
    public var trackCapacity: Int
    /// Most live sources at once.
    public var liveSourceCapacity: Int

    /// A configuration; `device` defaults to `PlaybackConfiguration.device(from: nil)`.
    public init(device: String? = nil, sampleRate: Double = 48_000, channelCount: Int = 2,
                periodFrames: Int = 512, periods: Int = 4, trackCapacity: Int = 32, liveSourceCapacity: Int = 8) {
        self.device = Self.device(from: device)
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        self.periodFrames = periodFrames
        self.periods = periods
        self.trackCapacity = trackCapacity
        self.liveSourceCapacity = liveSourceCapacity
    }

    /// The device to use: the `--device` option, else `$KANADE_AUDIO_DEVICE`, else "default".
    public static func device(from option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let option, !option.isEmpty { return option }
        if let fromEnvironment = environment["KANADE_AUDIO_DEVICE"], !fromEnvironment.isEmpty { return fromEnvironment }
        return "default"
    }
}

import Foundation
