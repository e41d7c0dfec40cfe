#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call's `errno`, turned into a one-line error by whoever knows the path.
package struct SystemCallError: Error {
    /// The `errno` value the call left.
    package let errno: Int32

    /// The C library's text for an `errno`, such as "No space left on device".
    static func message(_ errno: Int32) -> String {
        String(cString: strerror(errno))
    }
}
