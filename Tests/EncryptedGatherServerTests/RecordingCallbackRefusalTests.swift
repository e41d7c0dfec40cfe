import EncryptedGather
import EncryptedGatherServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Callbacks that must not start a download: unsigned, pointing away from Twilio's API, or with
/// details or a SID that can never be used. Each is refused with a one-line `{"error":…}`, nothing
/// is journalled and no request leaves the server.
@Suite struct RecordingCallbackRefusalTests {
    typealias Harness = RecordingCallbackHarness

    @Test func anUnsignedCallbackIsRefusedWith403() async throws {
        let harness = try Harness()
        let recording = try harness.makeRecording(byteCount: 16)
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        media.serve(recording.media, as: recording.recordingSid)
        try await media.run { base in
            let app = try await harness.application(apiBaseURL: base)
            try await app.test(.router) { client in
                let answer = try await harness.post(Harness.callback(for: recording, apiBaseURL: base), to: client, signed: false)
                #expect(answer.status == .forbidden)
                #expect(answer.body == #"{"error":"missing or invalid X-Twilio-Signature"}"#)
                await harness.idle()
            }
        }
        #expect(media.requests == [])
        #expect(try harness.journal.pending().isEmpty)
    }

    @Test func aRecordingUrlOutsideTheTwilioAPIBaseURLIsRefusedAndNoCredentialsAreSentAnywhere() async throws {
        let harness = try Harness()
        let recording = try harness.makeRecording(byteCount: 16)
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        let elsewhere = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        for server in [media, elsewhere] { server.serve(recording.media, as: recording.recordingSid) }
        let path = "/2010-04-01/Accounts/\(Harness.accountSid)/Recordings/\(recording.recordingSid)"
        try await elsewhere.run { elsewhereBase in
            try await media.run { base in
                let app = try await harness.application(apiBaseURL: base)
                try await app.test(.router) { client in
                    let foreign = [
                        elsewhereBase + path,
                        // The configured base followed by userinfo: the host would be the other server.
                        base + "@" + elsewhereBase.dropFirst("http://".count) + path,
                        "https://api.twilio.com" + path,
                    ]
                    for url in foreign {
                        let answer = try await harness.post(Harness.callback(for: recording, apiBaseURL: base, recordingURL: url), to: client)
                        #expect(answer.status == .badRequest, "\(url)")
                        #expect(try Self.errorMessage(answer.body)?.contains("RecordingUrl is not under TWILIO_API_BASE_URL") == true)
                    }
                    await harness.idle()
                }
            }
        }
        #expect(media.requests == [])
        #expect(elsewhere.requests == [])
        #expect(try harness.journal.pending().isEmpty)
        #expect(try harness.journal.failed().isEmpty)
    }

    @Test(arguments: [
        ("{not json", "EncryptionDetails is not valid JSON"),
        (#"{"type":"rsa-aes-v2","public_key_sid":"CR3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d","encrypted_cek":"AAAA","iv":"AAAAAAAAAAAAAAAA"}"#, "only rsa-aes is supported"),
        (#"{"type":"rsa-aes","public_key_sid":"CR3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d"}"#, "missing encrypted_cek, iv"),
        (#"{"type":"rsa-aes","public_key_sid":"CR3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d","encrypted_cek":"not base64!","iv":"AAAAAAAAAAAAAAAA"}"#, "encrypted_cek is not base64"),
        (#"{"type":"rsa-aes","public_key_sid":"../../etc/passwd","encrypted_cek":"AAAA","iv":"AAAAAAAAAAAAAAAA"}"#, "public_key_sid is not a Twilio public key SID"),
    ])
    func unusableEncryptionDetailsAreRefusedWith400AndAOneLineError(details: String, reason: String) async throws {
        let harness = try Harness()
        let recording = try harness.makeRecording(byteCount: 16)
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        try await media.run { base in
            let app = try await harness.application(apiBaseURL: base)
            try await app.test(.router) { client in
                let answer = try await harness.post(Harness.callback(for: recording, apiBaseURL: base, encryptionDetails: details), to: client)
                #expect(answer.status == .badRequest)
                #expect(!answer.body.contains("\n"))
                let message = try #require(try Self.errorMessage(answer.body))
                #expect(message.hasPrefix("EncryptionDetails is invalid: "))
                #expect(message.contains(reason))
                await harness.idle()
            }
        }
        #expect(media.requests == [])
        #expect(try harness.journal.pending().isEmpty)
        #expect(harness.logs.all.contains { $0.contains("recording callback refused") && $0.contains(recording.recordingSid) })
    }

    @Test(arguments: [nil, "RE123", "RE../../../../tmp/xxxxxxxxxxxxxxxxxxxxxxx"])
    func aCallbackWithoutAUsableRecordingSidIsRefusedWith400(recordingSid: String?) async throws {
        let harness = try Harness()
        let recording = try harness.makeRecording(byteCount: 16)
        let media = FakeTwilioMediaServer(username: Harness.accountSid, password: Harness.authToken)
        try await media.run { base in
            let app = try await harness.application(apiBaseURL: base)
            try await app.test(.router) { client in
                let answer = try await harness.post(Harness.callback(for: recording, apiBaseURL: base, recordingSid: .some(recordingSid)), to: client)
                #expect(answer.status == .badRequest)
                #expect(answer.body == #"{"error":"RecordingSid is missing or malformed"}"#)
            }
        }
        #expect(media.requests == [])
        #expect(try harness.journal.pending().isEmpty)
        #expect(try harness.recordingsDirectoryEntries() == [".journal"])
    }

    /// The `error` string of a `{"error":"…"}` body, or nil if the body is anything else.
    static func errorMessage(_ body: String) throws -> String? {
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        guard let object, object.count == 1 else { return nil }
        return object["error"] as? String
    }
}
