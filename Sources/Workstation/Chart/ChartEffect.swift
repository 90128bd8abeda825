import Charts

/// The chart feature's file work, run off the UI thread.
public enum ChartEffect: FeatureEffect {
    /// Read a `.sm`/`.ssc` file, reporting `loaded` or `jobFailed`.
    case read(path: String, jobID: Int)
    /// Write the simfile atomically, reporting `written` or `jobFailed`.
    case write(path: String, Simfile, replacing: Bool, jobID: Int)

    public func run(_ context: EffectContext) {
        switch self {
        case .read(let path, let job):
            context.files.async {
                do { context.post(.chart(.loaded(jobID: job, path: path, try SimfileReader.read(expandTilde(path))))) } catch {
                    context.post(.jobFailed(jobID: job, message: "\(error)"))
                }
            }
        case .write(let path, let simfile, let replacing, let job):
            context.files.async {
                do {
                    try SimfileWriter.write(simfile, to: expandTilde(path), replacing: replacing)
                    context.post(.chart(.written(jobID: job, path: path)))
                } catch {
                    let hint = (error as? ChartFileError)?.problem == .alreadyExists ? " — :chart replace \(path) replaces it" : ""
                    context.post(.jobFailed(jobID: job, message: "\(error)\(hint)"))
                }
            }
        }
    }
}
