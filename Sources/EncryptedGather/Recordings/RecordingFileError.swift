/// Why a recording could not be read or written. Its `description` is one line naming the file
/// and the system's reason.
public struct RecordingFileError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case cannotOpenInput(name: String, errno: Int32)
        case inputIsDirectory(name: String)
        case readFailed(name: String, errno: Int32)
        case outputIsDirectory(name: String)
        case cannotCreateOutput(name: String, errno: Int32)
        case writeFailed(name: String, errno: Int32)
        case diskFull(name: String)
        case syncFailed(name: String, errno: Int32)
        case renameFailed(name: String, errno: Int32)
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    /// The disk filled up: space may be freed, so trying later may succeed.
    public var isDiskFull: Bool {
        if case .diskFull = code { true } else { false }
    }

    /// The input could not be opened.
    public static func cannotOpenInput(name: String, errno: Int32) -> Self {
        Self(.cannotOpenInput(name: name, errno: errno))
    }

    /// The input is a directory.
    public static func inputIsDirectory(name: String) -> Self { Self(.inputIsDirectory(name: name)) }

    /// Reading the input failed part-way.
    public static func readFailed(name: String, errno: Int32) -> Self { Self(.readFailed(name: name, errno: errno)) }

    /// The output names a directory.
    public static func outputIsDirectory(name: String) -> Self { Self(.outputIsDirectory(name: name)) }

    /// The output (or its temporary file beside it) could not be created or opened.
    public static func cannotCreateOutput(name: String, errno: Int32) -> Self {
        Self(.cannotCreateOutput(name: name, errno: errno))
    }

    /// Writing the output failed for a reason other than a full disk.
    public static func writeFailed(name: String, errno: Int32) -> Self {
        Self(.writeFailed(name: name, errno: errno))
    }

    /// The output's file system is full (or the quota is used up).
    public static func diskFull(name: String) -> Self { Self(.diskFull(name: name)) }

    /// Flushing the output to disk failed.
    public static func syncFailed(name: String, errno: Int32) -> Self { Self(.syncFailed(name: name, errno: errno)) }

    /// The finished temporary file could not be renamed onto the output.
    public static func renameFailed(name: String, errno: Int32) -> Self {
        Self(.renameFailed(name: name, errno: errno))
    }

    /// One line: the file and the system's reason.
    public var description: String {
        switch code {
        case .cannotOpenInput(let name, let errno):
            "cannot open \(name): \(SystemCallError.message(errno))"
        case .inputIsDirectory(let name):
            "\(name) is a directory, not a recording"
        case .readFailed(let name, let errno):
            "cannot read \(name): \(SystemCallError.message(errno))"
        case .outputIsDirectory(let name):
            "\(name) is a directory; name the output file"
        case .cannotCreateOutput(let name, let errno):
            "cannot create \(name): \(SystemCallError.message(errno))"
        case .writeFailed(let name, let errno):
            "cannot write \(name): \(SystemCallError.message(errno))"
        case .diskFull(let name):
            "no space left to write \(name)"
        case .syncFailed(let name, let errno):
            "cannot flush \(name) to disk: \(SystemCallError.message(errno))"
        case .renameFailed(let name, let errno):
            "cannot move the finished file onto \(name): \(SystemCallError.message(errno))"
        }
    }
}
