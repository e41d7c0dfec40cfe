import EncryptedGather
import Testing

/// What each kind of field accepts, why it refuses, and how its `<Gather>` is shaped.
@Suite struct InputRuleTests {
    let context = RuleContext(today: Fixture.today)

    func verdict(_ rule: some InputRule, _ digits: String, context: RuleContext? = nil) -> RuleVerdict {
        rule.check(Digits(digits), in: context ?? self.context)
    }

    @Test func exactDigitsTakeThatManyDecimalDigitsOnly() {
        let rule = ExactDigitsRule(count: 4)
        #expect(verdict(rule, "0042") == .accepted())
        #expect(verdict(rule, "123") == .rejected(reason: "length"))
        #expect(verdict(rule, "12345") == .rejected(reason: "length"))
        #expect(verdict(rule, "12*4") == .rejected(reason: "format"))
        #expect(verdict(rule, "١٢٣٤") == .rejected(reason: "format"))
        #expect(rule.shape(in: context) == GatherShape(numDigits: 4))
    }

    @Test func aDigitRangeEndsOnItsKeyAndStopsAtItsMaximum() {
        let rule = DigitRangeRule(minimum: 6, maximum: 10)
        #expect(verdict(rule, "123456") == .accepted())
        #expect(verdict(rule, "1234567890") == .accepted())
        #expect(verdict(rule, "12345") == .rejected(reason: "length"))
        #expect(verdict(rule, "12345678901") == .rejected(reason: "length"))
        #expect(rule.shape(in: context) == GatherShape(numDigits: 10, finishOnKey: "#"))
    }

    /// Public test numbers of each brand (as payment processors publish them).
    @Test(arguments: [
        ("4242424242424242", "visa"), ("4111111111111111", "visa"), ("4222222222222", "visa"),
        ("5555555555554444", "mastercard"), ("2223003122003222", "mastercard"),
        ("378282246310005", "amex"), ("371449635398431", "amex"),
        ("6011111111111117", "discover"), ("6500000000000002", "discover"),
    ])
    func aValidCardNumberIsAcceptedAndAnnotatedWithItsBrand(number: String, brand: String) {
        #expect(verdict(CardNumberRule(), number) == .accepted(annotations: ["brand": brand]))
    }

    @Test func aCardNumberMustPassLuhnAndHave12To19Digits() {
        let rule = CardNumberRule()
        #expect(verdict(rule, "4242424242424241") == .rejected(reason: "luhn"))
        #expect(verdict(rule, "42424242424") == .rejected(reason: "length"))
        #expect(verdict(rule, "42424242424242424242") == .rejected(reason: "length"))
        #expect(verdict(rule, "4242*24242424242") == .rejected(reason: "format"))
        // Luhn-valid, but no brand we know: accepted without a brand when no list is given.
        #expect(verdict(rule, "000000000000") == .accepted())
        #expect(rule.shape(in: context) == GatherShape(numDigits: 19, finishOnKey: "#"))
    }

    @Test func aBrandAllowListRefusesOtherBrands() {
        let rule = CardNumberRule(brands: [.visa, .mastercard])
        #expect(verdict(rule, "4242424242424242") == .accepted(annotations: ["brand": "visa"]))
        #expect(verdict(rule, "378282246310005") == .rejected(reason: "brand"))
        #expect(verdict(rule, "000000000000") == .rejected(reason: "brand"))
    }

    @Test func anExpiryIsValidThroughTheEndOfItsMonth() {
        let rule = ExpiryRule()
        #expect(verdict(rule, "1226") == .accepted())
        #expect(verdict(rule, "0127") == .accepted())
        #expect(verdict(rule, "1126") == .rejected(reason: "expired"))
        #expect(verdict(rule, "1225") == .rejected(reason: "expired"))
        #expect(verdict(rule, "1326") == .rejected(reason: "month"))
        #expect(verdict(rule, "0026") == .rejected(reason: "month"))
        #expect(verdict(rule, "126") == .rejected(reason: "length"))
        #expect(rule.shape(in: context) == GatherShape(numDigits: 4))
    }

    @Test func aDateMustBeARealDay() {
        let rule = DateRule()
        #expect(verdict(rule, "01021990") == .accepted())
        #expect(verdict(rule, "29022000") == .accepted())
        #expect(verdict(rule, "29021900") == .rejected(reason: "date"))
        #expect(verdict(rule, "30021990") == .rejected(reason: "date"))
        #expect(verdict(rule, "31041990") == .rejected(reason: "date"))
        #expect(verdict(rule, "01131990") == .rejected(reason: "date"))
        #expect(verdict(rule, "01011899") == .rejected(reason: "date"))
        #expect(verdict(rule, "0102199") == .rejected(reason: "length"))
        #expect(rule.shape(in: context) == GatherShape(numDigits: 8))
    }

    @Test func aSecurityCodeFollowsTheCardsBrand() {
        let rule = SecurityCodeRule(card: "card")
        let amex = RuleContext(today: Fixture.today, annotations: ["card": ["brand": "amex"]])
        let visa = RuleContext(today: Fixture.today, annotations: ["card": ["brand": "visa"]])
        #expect(verdict(rule, "1234", context: amex) == .accepted())
        #expect(verdict(rule, "123", context: amex) == .rejected(reason: "length"))
        #expect(verdict(rule, "123", context: visa) == .accepted())
        #expect(verdict(rule, "1234", context: visa) == .rejected(reason: "length"))
        #expect(rule.shape(in: amex) == GatherShape(numDigits: 4))
        #expect(rule.shape(in: visa) == GatherShape(numDigits: 3))
        #expect(rule.dependencies == ["card"])
    }

    @Test func everyKindIsInTheCatalogAndRefusesSettingsItDoesNotKnow() throws {
        #expect(Set(RuleCatalog.kinds.keys) == ["digits", "digitRange", "cardNumber", "expiry", "date", "securityCode"])
        #expect(throws: RuleSpecError(key: "length", problem: "is not a setting of expiry (known: none)")) {
            try RuleCatalog.rule(for: RuleSpec(kind: "expiry", values: ["length": .integer(4)]))
        }
        #expect(throws: RuleSpecError.self) { try RuleCatalog.rule(for: RuleSpec(kind: "digits")) }
        #expect(throws: RuleSpecError.self) { try RuleCatalog.rule(for: RuleSpec(kind: "cardNumber", values: ["brands": .strings(["maestro"])])) }
        #expect(throws: RuleSpecError.self) { try RuleCatalog.rule(for: RuleSpec(kind: "digitRange", values: ["min": .integer(8), "max": .integer(6)])) }
        #expect(throws: RuleSpecError.self) { try RuleCatalog.rule(for: RuleSpec(kind: "pattern")) }
    }
}
