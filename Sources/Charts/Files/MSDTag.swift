/// One `#NAME:param:param…;` of an MSD file (the syntax of `.sm` and `.ssc`), with the lines it starts on.
struct MSDTag {
    /// The tag's name, upper-cased.
    var name: String
    /// Its colon-separated parameters, backslash escapes undone, comments removed.
    var parameters: [String]
    /// The line of the `#`.
    var line: Int
    /// The line each parameter starts on.
    var parameterLines: [Int]
    /// Whether the file ended before its `;`.
    var unterminated: Bool

    /// The parameters after the name joined back with colons (a value that itself holds colons).
    var value: String { parameters.joined(separator: ":") }

    /// Splits MSD text into tags, as StepMania's `MsdFile`: `//` starts a comment to the line end; a
    /// backslash escapes the next character; a `#` first on a line ends a value whose `;` is missing.
    static func parse(_ text: String) -> [MSDTag] {
        var tags: [MSDTag] = []
        var current: MSDTag?
        var parameter = ""
        var line = 1
        var atLineStart = true   // only whitespace so far on this line
        let characters = Array(text.unicodeScalars)
        var i = 0

        func finish(unterminated: Bool) {
            guard var tag = current else { return }
            tag.parameters.append(parameter)
            if tag.parameters.count == 1 {
                // The first parameter is the name.
                tag.name = tag.parameters[0].trimmingWhitespace().uppercased()
                tag.parameters = []
                tag.parameterLines = []
            } else {
                tag.name = tag.parameters[0].trimmingWhitespace().uppercased()
                tag.parameters.removeFirst()
                tag.parameterLines.removeFirst()
            }
            tag.unterminated = unterminated
            tags.append(tag)
            current = nil
            parameter = ""
        }

        while i < characters.count {
            let c = characters[i]
            if c == "/" && i + 1 < characters.count && characters[i + 1] == "/" {
                while i < characters.count && characters[i] != "\n" { i += 1 }
                continue
            }
            if c == "\n" {
                line += 1
                atLineStart = true
                if current != nil { parameter.unicodeScalars.append(c) }
                i += 1
                continue
            }
            if current == nil {
                if c == "#" {
                    current = MSDTag(name: "", parameters: [], line: line, parameterLines: [line], unterminated: false)
                }
                if !c.properties.isWhitespace { atLineStart = false }
                i += 1
                continue
            }
            if c == "#" && atLineStart {
                // A `#` first on a line: the previous value lost its `;`. Keep what it had, trailing space trimmed.
                parameter = String(parameter.trimmingWhitespace())
                finish(unterminated: true)
                current = MSDTag(name: "", parameters: [], line: line, parameterLines: [line], unterminated: false)
                atLineStart = false
                i += 1
                continue
            }
            if !c.properties.isWhitespace { atLineStart = false }
            switch c {
            case "\\" where i + 1 < characters.count:
                parameter.unicodeScalars.append(characters[i + 1])
                if characters[i + 1] == "\n" { line += 1 }
                i += 2
                continue
            case ":":
                current?.parameters.append(parameter)
                current?.parameterLines.append(line)
                parameter = ""
            case ";":
                finish(unterminated: false)
            default:
                parameter.unicodeScalars.append(c)
            }
            i += 1
        }
        if current != nil { finish(unterminated: true) }
        return tags
    }
}
