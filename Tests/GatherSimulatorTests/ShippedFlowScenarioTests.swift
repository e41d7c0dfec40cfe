import EncryptedGather
import Foundation
import GatherSimulator
import Testing

/// The flows shipped in `flows/`, each placed end to end by the simulator against a real server.
@Suite struct ShippedFlowScenarioTests {
    static let cardNumber = "4242424242424242"

    @Test func theCardPaymentFlowCompletes() async throws {
        let flow = try LocalServer.shippedFlow("card-payment")
        let result = try await LocalServer.withServer(flow: flow) { url in
            await LocalServer.call(url, keys: ["\(Self.cardNumber)#", "1299", "123"])
        }
        #expect(result.error == nil)
        #expect(result.heard("Thank you. Your account number is AC42424242 and your balance is 99.10"))
        #expect(result.timings.map(\.step) == ["/encrypted-gather", "getExpiry", "getSecurityCode", "processData"])
        for event in result.events.map(\.line) {
            // A request line ends with its status and timing (`[200, 123 ms]`), which are no digits of the caller's.
            let line = event.replacing(/\[\d+, \d+ ms\]/, with: "")
            #expect(!line.contains(Self.cardNumber), "\(line)")
            #expect(line.range(of: "(?<![0-9a-f])(1299|123)(?![0-9a-f])", options: .regularExpression) == nil, "\(line)")
        }
    }

    @Test func theCardPaymentFlowAsksAgainSayingWhyAndRecovers() async throws {
        let flow = try LocalServer.shippedFlow("card-payment")
        let result = try await LocalServer.withServer(flow: flow) { url in
            await LocalServer.call(url, keys: ["4242424242424241#", "\(Self.cardNumber)#", "0120", "1299", "12", "123"])
        }
        #expect(result.heard("Sorry, that card number is not valid."))
        #expect(result.heard("Sorry, that card has expired."))
        #expect(result.heard("Sorry, that is not a security code for this card."))
        #expect(result.heard("your balance is 99.10"))
    }

    @Test func anAmexIsAskedForFourDigitsOfSecurityCode() async throws {
        let flow = try LocalServer.shippedFlow("card-payment")
        let result = try await LocalServer.withServer(flow: flow) { url in
            // Not the demo card: the call ends "not found", after a 4-digit security code.
            await LocalServer.call(url, keys: ["378282246310005#", "1299", "1234"])
        }
        #expect(result.error == nil)
        #expect(result.heard("We were not able to locate you in our system. Goodbye."))
        #expect(!result.heard("not a security code"))
    }

    @Test func theAccountAndDateOfBirthFlowCompletes() async throws {
        let flow = try LocalServer.shippedFlow("account-dob")
        let result = try await LocalServer.withServer(flow: flow) { url in
            await LocalServer.call(url, keys: ["12345678#", "01021990"])
        }
        #expect(result.error == nil)
        #expect(result.heard("Thank you. Your account number is AC12345678 and your balance is 12.55"))
        #expect(result.timings.map(\.step) == ["/encrypted-gather", "getDob", "processData"])
    }

    @Test func theAccountAndDateOfBirthFlowRefusesAWrongDateAndSilence() async throws {
        let flow = try LocalServer.shippedFlow("account-dob")
        let result = try await LocalServer.withServer(flow: flow) { url in
            await LocalServer.call(url, keys: ["123#", "", "12345678#", "30021990", "02021990"])
        }
        #expect(result.heard("Sorry, an account number has 6 to 10 digits."))
        #expect(result.heard("Sorry, I did not hear any digits."))
        #expect(result.heard("Sorry, that is not a date."))
        #expect(result.heard("We were not able to locate you in our system. Goodbye."))
    }
}
