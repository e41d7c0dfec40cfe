/// The bytes libFuzzer hands a harness, and the few ways the harnesses read them.
public struct FuzzInput {
    /// The input, copied out of libFuzzer's buffer.
    public let bytes: [UInt8]

    /// Copies `size` bytes from `data`, as `LLVMFuzzerTestOneInput` receives them.
    public init(_ data: UnsafePointer<UInt8>?, _ size: Int) {
        self.bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    }

    /// The bytes as text; invalid UTF-8 becomes U+FFFD, as it does in a server reading a body.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Exactly `count` parts split at the first `count - 1` newlines; the last part keeps the
    /// rest, newlines and all, and missing parts are empty.
    public func parts(_ count: Int) -> [ArraySlice<UInt8>] {
        var parts = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: count - 1, omittingEmptySubsequences: false)
        while parts.count < count { parts.append([]) }
        return parts
    }
}

/// Stops the run when a property does not hold, so libFuzzer saves the input as a crash.
public func check(
    _ holds: @autoclosure () -> Bool,
    _ property: @autoclosure () -> String,
    file: StaticString = #fileID,
    line: UInt = #line
) {
    if !holds() { fatalError("property failed: \(property())", file: file, line: line) }
}

/// Whether two strings are the same bytes, not merely canonically equivalent as `==` says.
public func sameBytes(_ lhs: some StringProtocol, _ rhs: some StringProtocol) -> Bool {
    lhs.utf8.elementsEqual(rhs.utf8)
}
