import EncryptedGather
import Foundation
import GatherSimulator
import Testing

/// The tutorial's call, and the ways it goes wrong, placed by the simulator against a real server.
@Suite struct CallScenarioTests {
    @Test func theRightCardAndPinHearTheBalance() async throws {
        let result = try await LocalServer.withServer { url in await LocalServer.call(url, keys: ["1234", "4321"]) }
        #expect(result.error == nil)
        #expect(result.heard("Thank you. Your account number is AC12345678 and your balance is 12.55"))
        #expect(result.events.last == .hungUp)
        #expect(result.timings.map(\.step) == ["/encrypted-gather", "getPin", "processData"])
    }

    @Test func aWrongPinHearsNotFound() async throws {
        let result = try await LocalServer.withServer { url in await LocalServer.call(url, keys: ["1234", "1111"]) }
        #expect(result.error == nil)
        #expect(result.heard("We were not able to locate you in our system. Goodbye."))
        #expect(!result.heard("Thank you"))
    }

    @Test func silenceIsAskedAgainThreeTimesThenGoodbye() async throws {
        let result = try await LocalServer.withServer { url in await LocalServer.call(url, keys: []) }
        #expect(result.error == nil)
        #expect(result.events.filter { if case .silence = $0 { true } else { false } }.count == 3)
        #expect(result.heard("Sorry, we could not get your details. Goodbye."))
        #expect(result.events.last == .hungUp)
    }

    @Test func nonDigitInputIsAskedAgainAndTheCallCanRecover() async throws {
        let result = try await LocalServer.withServer { url in await LocalServer.call(url, keys: ["12*", "1234", "**", "4321"]) }
        #expect(result.heard("Sorry, I did not get 4 digits."))
        #expect(result.heard("your balance is 12.55"))
    }

    @Test func aVerifierThatIsDownHearsNotFound() async throws {
        let result = try await LocalServer.withServer(verifyURL: "http://127.0.0.1:1/decrypt-gather") { url in
            await LocalServer.call(url, keys: ["1234", "4321"])
        }
        #expect(result.error == nil)
        #expect(result.heard("We were not able to locate you in our system. Goodbye."))
    }

    @Test func aWrongAuthTokenIsRefusedAndReportedAsTwilioWould() async throws {
        let result = try await LocalServer.withServer { url in
            await LocalServer.call(url, keys: ["1234"], token: SharedToken(unchecked: "not-the-auth-token-000000"))
        }
        #expect(result.error?.code == 11200)
    }

    @Test func theTranscriptMasksDigitsButShowsCiphertext() async throws {
        let result = try await LocalServer.withServer { url in await LocalServer.call(url, keys: ["1234", "4321"]) }
        let transcript = result.events.map(\.line)
        #expect(transcript.contains("Caller presses: ••••"))
        #expect(transcript.contains { $0.contains("encryptedCardDigits=") })
        for line in transcript {
            #expect(line.range(of: "(?<![0-9a-f])(1234|4321)(?![0-9a-f])", options: .regularExpression) == nil, "\(line)")
        }
    }

    @Test func manyConcurrentCallsAllSucceedAndEveryStepIsTimed() async throws {
        let report = try await LocalServer.withServer { url in
            await LoadTest(calls: 40, concurrency: 8).run { _ in
                let result = await LocalServer.call(url, keys: ["1234", "4321"])
                return (result, result.error == nil && result.heard("12.55"))
            }
        }
        #expect(report.calls == 40)
        #expect(report.failedCalls == 0)
        #expect(report.steps == ["/encrypted-gather", "getPin", "processData"])
        #expect(report.count(step: "processData") == 40)
        #expect(report.milliseconds(step: "processData", percentile: 99) > 0)
        #expect(report.table.contains("calls: 40, failed: 0"))
    }
}
