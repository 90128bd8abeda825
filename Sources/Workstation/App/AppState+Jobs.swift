extension AppState {
    /// Whether a job with this label is running.
    public func hasJob(labelled label: String) -> Bool { jobs.values.contains { $0.label == label } }

    /// Ends every job with this label.
    public mutating func endJobs(labelled label: String) { jobs = jobs.filter { $0.value.label != label } }
}

extension AppState {
    /// Stops the melody player (a piano-roll, take or interpolation preview) and clears the playhead it showed: the
    /// engine sends no more reports once stopped, and a playhead left behind would make the next Space a stop.
    mutating func stopMelodyPreview() -> Effect {
        view.pianoRoll.playhead = nil
        return .stopMelody
    }
}
