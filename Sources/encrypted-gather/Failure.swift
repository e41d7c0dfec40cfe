import ArgumentParser
import Foundation

/// Ends the command with one line on standard error and a non-zero status, never a stack trace.
func fail(_ message: some CustomStringConvertible) -> ExitCode {
    FileHandle.standardError.write(Data("encrypted-gather: error: \(message)\n".utf8))
    return ExitCode(1)
}
