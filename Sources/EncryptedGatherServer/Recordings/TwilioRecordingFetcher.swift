import AsyncHTTPClient
import EncryptedGather
import Foundation
import NIOCore
import NIOPosix
import NIOHTTP1

/// Downloads recording media from Twilio's REST API with HTTP Basic auth, streaming the body to
/// disk so an hours-long recording never sits in memory.
///
/// The client it is given follows no redirects: this fetcher follows them itself, and only to URLs
/// below `TWILIO_API_BASE_URL`, so the credentials never go anywhere else. A download larger than
/// `RECORDING_MAX_BYTES` is given up on.
public struct TwilioRecordingFetcher: RecordingFetcher {
    /// Redirects followed at most.
    public static var maximumRedirects: Int { 5 }

    private let client: HTTPClient
    private let credentials: TwilioCredentials?
    private let apiBaseURL: String
    private let maximumBytes: Int64

    /// A fetcher over `client` (which must not follow redirects itself); without credentials every
    /// download fails (and is journalled).
    public init(client: HTTPClient, credentials: TwilioCredentials?, apiBaseURL: String, maximumBytes: Int64) {
        self.client = client
        self.credentials = credentials
        self.apiBaseURL = apiBaseURL.hasSuffix("/") ? String(apiBaseURL.dropLast()) : apiBaseURL
        self.maximumBytes = maximumBytes
    }

    public func fetch(_ url: String, to path: String) async throws(RecordingFetchError) {
        guard let credentials else {
            throw RecordingFetchError("no Twilio credentials: set TWILIO_ACCOUNT_SID (or TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET)", isRetryable: false)
        }
        // File work (create, every chunk's write, the sync) runs on NIO's blocking pool: on an
        // event loop a slow disk would stall every connection that loop serves.
        let descriptor: CInt
        do {
            descriptor = try await NIOThreadPool.singleton.runIfActive {
                // A new file, never through whatever stands at the path now (a planted link).
                unlink(path)
                let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
                guard descriptor >= 0 else { throw RecordingFetchError("cannot create \(path) (errno \(errno))", isRetryable: true) }
                return descriptor
            }
        } catch let error as RecordingFetchError {
            throw error
        } catch {
            throw RecordingFetchError("cannot create \(path): \(type(of: error))", isRetryable: true)
        }
        defer { close(descriptor) }
        do {
            let response = try await responseFollowingRedirects(url, credentials: credentials)
            if let length = response.headers.first(name: "Content-Length").flatMap(Int64.init), length > maximumBytes {
                throw Self.tooLarge(maximumBytes)
            }
            var received: Int64 = 0
            for try await chunk in response.body {
                received += Int64(chunk.readableBytes)
                guard received <= maximumBytes else { throw Self.tooLarge(maximumBytes) }
                try await NIOThreadPool.singleton.runIfActive { try Self.writeAll(chunk, to: descriptor, path: path) }
            }
            guard try await NIOThreadPool.singleton.runIfActive({ fsync(descriptor) }) == 0 else {
                throw RecordingFetchError("cannot sync \(path)", isRetryable: true)
            }
        } catch let error as RecordingFetchError {
            throw error
        } catch {
            throw RecordingFetchError("download failed: \(type(of: error))", isRetryable: true)
        }
    }

    /// All of `chunk`, however many calls `write(2)` takes.
    private static func writeAll(_ chunk: ByteBuffer, to descriptor: CInt, path: String) throws(RecordingFetchError) {
        do {
            try chunk.withUnsafeReadableBytes { bytes throws(SystemCallError) in try FileDescriptorIO.writeAll(descriptor, bytes) }
        } catch {
            throw RecordingFetchError("cannot write \(path) (errno \(error.errno))", isRetryable: error.errno != ENOSPC)
        }
    }

    private func responseFollowingRedirects(_ url: String, credentials: TwilioCredentials) async throws -> HTTPClientResponse {
        var current = url
        for _ in 0...Self.maximumRedirects {
            guard current.hasPrefix(apiBaseURL + "/") else {
                throw RecordingFetchError("Twilio redirected outside TWILIO_API_BASE_URL (\(apiBaseURL)); not following with credentials", isRetryable: false)
            }
            var request = HTTPClientRequest(url: current)
            request.headers.add(name: "Authorization", value: credentials.basicAuthorization)
            let response = try await client.execute(request, timeout: .minutes(30))
            switch response.status.code {
            case 200:
                return response
            case 301, 302, 303, 307, 308:
                guard let location = response.headers.first(name: "Location"),
                      let next = URL(string: location, relativeTo: URL(string: current))?.absoluteURL.absoluteString
                else {
                    throw RecordingFetchError("Twilio redirected without a usable Location", isRetryable: true)
                }
                current = next
            case 401, 403:
                throw RecordingFetchError("Twilio refused the credentials (HTTP \(response.status.code))", isRetryable: false)
            default:
                throw RecordingFetchError("Twilio answered HTTP \(response.status.code)", isRetryable: true)
            }
        }
        throw RecordingFetchError("more than \(Self.maximumRedirects) redirects", isRetryable: true)
    }

    private static func tooLarge(_ limit: Int64) -> RecordingFetchError {
        RecordingFetchError("the recording is larger than RECORDING_MAX_BYTES (\(limit) bytes)", isRetryable: false)
    }
}
