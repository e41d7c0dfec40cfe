/// Where a recording is written.
///
/// A regular file (new or existing) is written through a temporary file beside it that is
/// renamed into place only when everything succeeded (for decryption: once the GCM tag verified),
/// so a failure never leaves a partial or unauthenticated file. Anything else that already exists
/// (`/dev/null`, a FIFO, a terminal) and standard output are written directly.
public enum RecordingOutput: Sendable, Hashable, CustomStringConvertible {
    /// A file path.
    case file(String)
    /// A file the server creates in its own folder: never through a symbolic link or into a
    /// device; the finished temporary file is renamed onto the path, which replaces whatever
    /// entry is there (a planted link itself, not its target).
    case newFile(String)
    /// Standard output.
    case standardOutput

    /// A command-line argument: `-` is standard output, anything else a file.
    public init(argument: String) {
        self = argument == "-" ? .standardOutput : .file(argument)
    }

    /// The path, or "standard output", as errors name it.
    public var description: String {
        switch self {
        case .file(let path), .newFile(let path): path
        case .standardOutput: "standard output"
        }
    }
}
