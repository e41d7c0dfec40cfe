import AsyncHTTPClient
import EncryptedGather
import Foundation
import NIOCore
import NIOHTTP1

/// Downloads recording media from Twilio's REST API with HTTP Basic auth, streaming the body to
/// disk so an hours-long recording never sits in memory.
public struct TwilioRecordingFetcher: RecordingFetcher {
    private let client: HTTPClient
    private let credentials: TwilioCredentials?

    /// A fetcher over `client`; without credentials every download fails (and is journalled).
    public init(client: HTTPClient, credentials: TwilioCredentials?) {
        self.client = client
        self.credentials = credentials
    }

    public func fetch(_ url: String, to path: String) async throws(RecordingFetchError) {
        guard let credentials else {
            throw RecordingFetchError("no Twilio credentials: set TWILIO_ACCOUNT_SID (or TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET)", isRetryable: false)
        }
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Authorization", value: credentials.basicAuthorization)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw RecordingFetchError("cannot create \(path) (errno \(errno))", isRetryable: false) }
        defer { close(descriptor) }
        do {
            let response = try await client.execute(request, timeout: .minutes(30))
            switch response.status.code {
            case 200:
                break
            case 401, 403:
                throw RecordingFetchError("Twilio refused the credentials (HTTP \(response.status.code))", isRetryable: false)
            default:
                throw RecordingFetchError("Twilio answered HTTP \(response.status.code)", isRetryable: true)
            }
            for try await chunk in response.body {
                try chunk.withUnsafeReadableBytes { bytes in
                    var offset = 0
                    while offset < bytes.count {
                        let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                        if written < 0 {
                            if errno == EINTR { continue }
                            throw RecordingFetchError("cannot write \(path) (errno \(errno))", isRetryable: errno != ENOSPC)
                        }
                        offset += written
                    }
                }
            }
            guard fsync(descriptor) == 0 else { throw RecordingFetchError("cannot sync \(path)", isRetryable: true) }
        } catch let error as RecordingFetchError {
            throw error
        } catch {
            throw RecordingFetchError("download failed: \(type(of: error))", isRetryable: true)
        }
    }
}
