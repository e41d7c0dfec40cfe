import Crypto
import EncryptedGather
import FuzzSupport

/// `RequestValidator` on any request. The input is four lines: auth token, URL, form body, then
/// the presented signature (the rest of the input). Whatever they hold, a signature the
/// validator computes itself validates, and a URL's `bodySHA256` admits only its own body.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSignature(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let parts = FuzzInput(data, size).parts(4)
    let validator = RequestValidator(authToken: SharedToken(unchecked: String(decoding: parts[0], as: UTF8.self)))
    let url = String(decoding: parts[1], as: UTF8.self)
    let body = Array(parts[2])
    let parameters = FormParameters(urlEncoded: String(decoding: body, as: UTF8.self))
    let presented = String(decoding: parts[3], as: UTF8.self)

    _ = validator.isValid(signature: presented, url: url, parameters: parameters, body: body)

    let bodyHash = Hex.encode(SHA256.hash(data: body))
    if let claimed = bodySHA256(in: url) {
        // Twilio signs the URL alone when it carries the body's hash.
        let own = validator.signature(url: url, parameters: FormParameters())
        let genuine = claimed.lowercased() == bodyHash
        check(
            validator.isValid(signature: own, url: url, parameters: parameters, body: body) == genuine,
            "a URL's bodySHA256 admits its own body and no other")
    } else {
        let own = validator.signature(url: url, parameters: parameters)
        check(validator.isValid(signature: own, url: url, parameters: parameters, body: body), "its own signature validates")
        check(validator.isValid(signature: " \(own) ", url: url, parameters: parameters, body: body), "spaces around a signature are ignored")
        // The JSON-body form of the same request. Only for ASCII URLs without a fragment, where
        // appending a query item cannot change how the URL splits into characters or parts.
        if url.utf8.allSatisfy({ $0 < 0x80 }), !url.contains("#") {
            let jsonURL = url + (url.contains("?") ? "&" : "?") + "bodySHA256=" + bodyHash
            let jsonSignature = validator.signature(url: jsonURL, parameters: FormParameters())
            check(
                validator.isValid(signature: jsonSignature, url: jsonURL, parameters: parameters, body: body),
                "a JSON body signed with its hash validates")
        }
    }
    return 0
}

// As RequestValidator reads it: the query runs from the first "?" to a "#".
private func bodySHA256(in url: String) -> String? {
    guard let questionMark = url.firstIndex(of: "?") else { return nil }
    var query = url[url.index(after: questionMark)...]
    if let hash = query.firstIndex(of: "#") { query = query[..<hash] }
    return FormParameters(urlEncoded: query)["bodySHA256"]
}
