import Foundation

/// What a wait gave up on: its name, how long it waited, and the last thing it saw (a screen, a count), so a
/// failure shows the state the test was stuck in instead of only "timed out".
public struct WaitTimedOut: Error, CustomStringConvertible {
    public let what: String
    public let seconds: Double
    public let last: String

    public init(what: String, seconds: Double, last: String) {
        self.what = what
        self.seconds = seconds
        self.last = last
    }

    public var description: String { "timed out after \(seconds) s waiting for \(what); last seen:\n\(last)" }
}

/// Reads `probe` every `interval` seconds until `done` holds for what it read, and returns that reading;
/// throws `WaitTimedOut` with the last reading after `timeout` seconds.
///
/// Tests wait for a condition, never for a fixed time: a fixed sleep is either too short on a loaded machine
/// (a flaky failure) or longer than needed everywhere else. The timeouts are generous because reaching one
/// is a failure, not a normal way out.
@discardableResult
public func poll<Reading>(_ what: String, timeout: Double = 30, every interval: Double = 0.01,
                          _ probe: () throws -> Reading, until done: (Reading) -> Bool) throws -> Reading {
    let deadline = Date().addingTimeInterval(timeout)
    var reading = try probe()
    while !done(reading) {
        guard Date() < deadline else { throw WaitTimedOut(what: what, seconds: timeout, last: "\(reading)") }
        usleep(useconds_t(interval * 1_000_000))
        reading = try probe()
    }
    return reading
}

/// Waits until `condition` holds, checking every `interval` seconds; throws `WaitTimedOut` after `timeout`.
public func waitUntil(_ what: String, timeout: Double = 30, every interval: Double = 0.001,
                      _ condition: () throws -> Bool) throws {
    try poll(what, timeout: timeout, every: interval, condition, until: { $0 })
}
