/// Where a recording is read from.
public enum RecordingInput: Sendable, Hashable, CustomStringConvertible {
    /// A file; its size is checked before any output is created.
    case file(String)
    /// Standard input, such as a download piped in.
    case standardInput

    /// A command-line argument: `-` is standard input, anything else a file.
    public init(argument: String) {
        self = argument == "-" ? .standardInput : .file(argument)
    }

    /// The path, or "standard input", as errors name it.
    public var description: String {
        switch self {
        case .file(let path): path
        case .standardInput: "standard input"
        }
    }
}
