import EncryptedGather
import Foundation
import FuzzSupport

/// `EncryptionDetails(jsonData:)` on any bytes: what it accepts it writes back as JSON that reads
/// to the same details, and what it refuses it refuses with one short printable line.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEncryptionDetails(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    do {
        let details = try EncryptionDetails(jsonData: Data(input.bytes))
        guard let again = try? EncryptionDetails(json: details.json) else {
            check(false, "the json it writes reads back")
            return 0
        }
        check(again == details, "json round-trips to the same details")
        check(sameBytes(again.json, details.json), "json is one spelling per value")
    } catch let error as EncryptionDetailsError {
        let text = error.description
        check(!text.isEmpty, "an error says something")
        check(
            text.unicodeScalars.allSatisfy { ($0.value >= 0x20 && $0.value < 0x7F) || $0 == "…" },
            "an error is one printable line: \(text.debugDescription)")
    } catch {
        check(false, "only EncryptionDetailsError is thrown, not \(type(of: error))")
    }
    return 0
}
