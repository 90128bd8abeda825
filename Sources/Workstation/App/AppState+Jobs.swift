extension AppState {
    /// Starts a status-bar job for work the app shell begins itself (the demo song); returns its id.
    public mutating func startJobForShell(_ label: String) -> Int { startJob(label) }
}
