import Foundation

/// HTTP Basic credentials for Twilio's REST API: the account SID and auth token, or an API key.
public struct TwilioCredentials: Sendable {
    private let username: String
    private let password: SharedToken

    /// Account SID and auth token, or API key SID and secret.
    public init(username: String, password: SharedToken) {
        self.username = username
        self.password = password
    }

    /// The `Authorization` header value.
    public var basicAuthorization: String {
        "Basic " + Data("\(username):\(password.value)".utf8).base64EncodedString()
    }
}
