/// The `:` prompt: the text being typed, history, and Tab completion.
public struct CommandLineState: Sendable, Equatable {
    /// Text after the colon.
    public var text = ""
    /// Lines run before, oldest first.
    public private(set) var history: [String] = []
    /// Position while walking the history with up/down (nil: editing a new line).
    var historyIndex: Int?
    /// What was typed before walking the history.
    var draft = ""
    /// Candidates of the last Tab, and which one is shown.
    public var completions: [String] = []
    var completionIndex: Int?

    /// An empty prompt.
    public init() {}

    /// Remembers a line that was run (no consecutive duplicates).
    public mutating func remember(_ line: String) {
        guard !line.isEmpty, history.last != line else { return }
        history.append(line)
    }

    /// Up: the previous history line.
    public mutating func historyBack() {
        guard !history.isEmpty else { return }
        if historyIndex == nil { draft = text; historyIndex = history.count }
        historyIndex = max(0, historyIndex! - 1)
        text = history[historyIndex!]
        resetCompletion()
    }

    /// Down: the next history line, then the draft.
    public mutating func historyForward() {
        guard let i = historyIndex else { return }
        if i + 1 < history.count { historyIndex = i + 1; text = history[i + 1] }
        else { historyIndex = nil; text = draft }
        resetCompletion()
    }

    /// Clears the completion cycle (after typing).
    public mutating func resetCompletion() { completions = []; completionIndex = nil }

    /// Applies completion candidates for the current text: a single one is taken, several are listed and
    /// their common prefix taken; a repeated Tab cycles through them.
    public mutating func applyCompletions(_ candidates: [String]) {
        guard !candidates.isEmpty else { return }
        if candidates.count == 1 { text = candidates[0]; resetCompletion(); return }
        if completions == candidates, let i = completionIndex {
            let next = (i + 1) % candidates.count
            completionIndex = next
            text = candidates[next]
            return
        }
        completions = candidates
        let prefix = commonPrefix(candidates)
        if prefix.count > text.count { text = prefix; completionIndex = nil }
        else { completionIndex = 0; text = candidates[0] }
    }

    /// Starts a new line.
    mutating func reset() { text = ""; historyIndex = nil; draft = ""; resetCompletion() }
}

func commonPrefix(_ strings: [String]) -> String {
    guard var prefix = strings.first else { return "" }
    for s in strings.dropFirst() {
        while !s.hasPrefix(prefix) { prefix.removeLast() }
    }
    return prefix
}
