extension AppState {
    /// Whether a job with this label is running.
    public func hasJob(labelled label: String) -> Bool { jobs.values.contains { $0.label == label } }

    /// Ends every job with this label.
    public mutating func endJobs(labelled label: String) { jobs = jobs.filter { $0.value.label != label } }
}
