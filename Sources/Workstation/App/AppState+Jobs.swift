extension AppState {
    /// Starts a status-bar job for work the app shell begins itself (the demo song); returns its id.
    public mutating func startJobForShell(_ label: String) -> Int { startJob(label) }

    /// Whether a job with this label is running.
    public func hasJob(labelled label: String) -> Bool { jobs.values.contains { $0.label == label } }

    /// Ends every job with this label.
    mutating func endJobs(labelled label: String) { jobs = jobs.filter { $0.value.label != label } }
}
