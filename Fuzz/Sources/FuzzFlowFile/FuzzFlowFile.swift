import EncryptedGather
import Foundation
import FuzzSupport

/// `FlowFile.parse` on any bytes: it returns a flow whose steps lead from field to field, or
/// throws a `FlowError` whose description is one line, whatever the keys and values it quotes hold.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFlowFile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    do {
        let flow = try FlowFile.parse(Data(input.bytes), source: "fuzz.json")
        // Steps are unique, so every prompt's action URL leads back to the field it asked for.
        for index in flow.fields.indices {
            check(flow.position(ofStep: flow.actionStep(forAsking: index)) == .receiving(index), "each action step finds its field")
        }
        check(flow.resolvedStep(nil) == flow.fields[0].step, "a call starts at the first field")
    } catch {
        // Swift's idea of a line break: \n, \r, VT, FF, NEL, U+2028 and U+2029.
        check(!error.description.contains(where: \.isNewline), "an error is one line: \(error.description.debugDescription)")
    }
    return 0
}
