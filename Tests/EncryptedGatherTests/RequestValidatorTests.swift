import Crypto
import EncryptedGather
import Foundation
import Testing

/// Vectors computed by twilio-python's `RequestValidator` (see Vectors/README.md).
@Suite struct RequestValidatorTests {
    struct SignatureFile: Decodable {
        struct Case: Decodable {
            let name: String
            let authToken: String
            let url: String
            let params: [[String]]
            let body: String?
            let signature: String
            let validatesWith: [String]
            let rejectedWith: [String]
        }
        let cases: [Case]
    }

    static let cases: [SignatureFile.Case] = (try? Fixture.vectors("twilio-signatures.json", as: SignatureFile.self).cases) ?? []

    static func parameters(_ pairs: [[String]]) -> FormParameters {
        FormParameters(pairs.map { ($0[0], $0[1]) })
    }

    @Test func theVectorFileIsThere() {
        #expect(Self.cases.count >= 10)
    }

    @Test func theSDKsPublicVector() {
        let validator = RequestValidator(authToken: SharedToken(unchecked: "12345"))
        let parameters = FormParameters([
            ("CallSid", "CA1234567890ABCDE"), ("Caller", "+14158675309"), ("Digits", "1234"),
            ("From", "+14158675309"), ("To", "+18005551212"),
        ])
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2"
        #expect(validator.signature(url: url, parameters: parameters) == "RSOYDt4T1cUTdK1PDd93/VVr8B8=")
        #expect(validator.isValid(signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: url, parameters: parameters))
        #expect(validator.isValid(signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: "https://mycompany.com:443/myapp.php?foo=1&bar=2", parameters: parameters))
        #expect(validator.signature(url: "https://mycompany.com:443/myapp.php?foo=1&bar=2", parameters: parameters) == "kvajT1Ptam85bY51eRf/AJRuM3w=")
    }

    @Test(arguments: cases.map(\.name))
    func acceptsWhatTwilioPythonAccepts(name: String) throws {
        let vector = try #require(Self.cases.first { $0.name == name })
        let validator = RequestValidator(authToken: SharedToken(unchecked: vector.authToken))
        let body = Array((vector.body ?? "").utf8)
        let parameters = Self.parameters(vector.params)
        #expect(validator.isValid(signature: vector.signature, url: vector.url, parameters: parameters, body: body))
        for url in vector.validatesWith where Self.portIsDefaultOrAbsent(url) {
            #expect(validator.isValid(signature: vector.signature, url: url, parameters: parameters, body: body), "\(url)")
        }
        for url in vector.rejectedWith {
            #expect(!validator.isValid(signature: vector.signature, url: url, parameters: parameters, body: body), "\(url)")
        }
    }

    /// twilio-python strips any port, so a port-less signature validates on :8443 too. We accept
    /// only the default port's two spellings: Twilio signs the URL it requested.
    @Test func aPortlessSignatureDoesNotValidateOnAnotherPort() {
        let validator = RequestValidator(authToken: SharedToken(unchecked: "12345"))
        let parameters = FormParameters([("CallSid", "CA1")])
        let signature = validator.signature(url: "https://example.com/hook", parameters: parameters)
        #expect(!validator.isValid(signature: signature, url: "https://example.com:8443/hook", parameters: parameters))
    }

    @Test func aChangedParameterOrBodyInvalidatesTheSignature() throws {
        let vector = try #require(Self.cases.first { $0.name == "sdk-public-vector" })
        let validator = RequestValidator(authToken: SharedToken(unchecked: vector.authToken))
        var parameters = Self.parameters(vector.params)
        parameters.append("Digits", "9999")
        #expect(!validator.isValid(signature: vector.signature, url: vector.url, parameters: parameters))
        #expect(!validator.isValid(signature: vector.signature, url: vector.url + "&x=1", parameters: Self.parameters(vector.params)))
        #expect(!validator.isValid(signature: "not base64!", url: vector.url, parameters: Self.parameters(vector.params)))
        #expect(!validator.isValid(signature: "", url: vector.url, parameters: Self.parameters(vector.params)))

        let json = try #require(Self.cases.first { $0.name == "json-body-sdk" })
        let jsonValidator = RequestValidator(authToken: SharedToken(unchecked: json.authToken))
        #expect(!jsonValidator.isValid(signature: json.signature, url: json.url, parameters: FormParameters(), body: Array("{}".utf8)))
    }

    /// The SDKs decode the query before looking for bodySHA256: a percent-encoded name still binds
    /// the body, so a signature over the URL alone does not pass with another body.
    @Test func aPercentEncodedBodySHA256StillBindsTheBody() {
        let validator = RequestValidator(authToken: SharedToken(unchecked: "12345"))
        let body = Array(#"{"a":1}"#.utf8)
        let hash = Hex.encode(SHA256.hash(data: body))
        for name in ["bodySHA256", "bodySHA%32%35%36", "%62odySHA256"] {
            let url = "https://example.com/hook?x=1&\(name)=\(hash)"
            let signature = validator.signature(url: url, parameters: FormParameters())
            #expect(validator.isValid(signature: signature, url: url, parameters: FormParameters(), body: body), "\(name)")
            #expect(!validator.isValid(signature: signature, url: url, parameters: FormParameters(), body: Array("{}".utf8)), "\(name)")
        }
    }

    @Test func anotherTokenInvalidatesTheSignature() {
        let parameters = FormParameters([("CallSid", "CA1")])
        let signature = RequestValidator(authToken: SharedToken(unchecked: "12345")).signature(url: "https://a.example/x", parameters: parameters)
        #expect(!RequestValidator(authToken: SharedToken(unchecked: "12346")).isValid(signature: signature, url: "https://a.example/x", parameters: parameters))
    }

    static func portIsDefaultOrAbsent(_ url: String) -> Bool {
        guard let components = URLComponents(string: url.replacingOccurrences(of: "'", with: "%27")) else { return true }
        return components.port == nil || components.port == 443 || components.port == 80
    }
}

@Suite struct FormParametersTests {
    @Test func decodesPlusAsSpaceAndPercentEscapesAsUTF8() {
        let parameters = FormParameters(urlEncoded: "From=%2B14158675309&Name=Jos%C3%A9+Mar%C3%ADa&Empty=&Bare")
        #expect(parameters["From"] == "+14158675309")
        #expect(parameters["Name"] == "José María")
        #expect(parameters["Empty"] == "")
        #expect(parameters["Bare"] == "")
    }

    @Test func keepsRepeatedNamesInOrder() {
        let parameters = FormParameters(urlEncoded: "a=2&a=1&b=3")
        #expect(parameters.values(for: "a") == ["2", "1"])
        #expect(parameters["a"] == "2")
    }

    @Test func encodingRoundTrips() {
        let parameters = FormParameters([("a b", "c+d&e=f"), ("é", "✓")])
        #expect(FormParameters(urlEncoded: parameters.urlEncoded) == parameters)
    }

    @Test func aMalformedEscapeIsKeptLiterally() {
        #expect(FormParameters(urlEncoded: "a=100%&b=%zz")["a"] == "100%")
        #expect(FormParameters(urlEncoded: "a=100%&b=%zz")["b"] == "%zz")
    }
}
