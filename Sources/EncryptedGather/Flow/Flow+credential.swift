extension Flow {
    /// The credential hash a caller with `values` is filed under, after checking that the values
    /// are exactly the identity fields and each meets its rule, as the verifier will check them.
    ///
    /// - Throws: `EnrollmentError` naming the field (never its value).
    public func credentialHash(
        for values: [FieldName: Digits], hasher: CredentialHasher, today: CalendarDate = .today()
    ) throws(EnrollmentError) -> CredentialHash {
        for name in values.keys.sorted() {
            guard let field = field(name) else { throw EnrollmentError("\(name) is not a field of flow \(self.name)") }
            guard field.isIdentity else {
                throw EnrollmentError("\(name) does not identify the caller in flow \(self.name), so it is never stored")
            }
        }
        var context = RuleContext(today: today)
        var identity: [Digits] = []
        for field in identityFields {
            guard let digits = values[field.name] else {
                throw EnrollmentError("\(field.name) is required by flow \(self.name) (identity fields: \(identityFields.map(\.name.rawValue).joined(separator: ", ")))")
            }
            guard case .accepted(let annotations) = field.rule.check(digits, in: context) else {
                throw EnrollmentError("\(field.name) does not meet its rule (\(field.rule.kind))")
            }
            context.annotations[field.name] = annotations
            identity.append(digits)
        }
        return hasher.credentialHash(of: identity)
    }
}

/// Values that cannot be filed for a flow; one line naming the field.
public struct EnrollmentError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}

extension AccountDirectory {
    /// Files `account` for a caller of `flow` with `values` (its identity fields), checked as
    /// `Flow.credentialHash(for:hasher:today:)` checks them.
    public func add(
        _ account: Account, values: [FieldName: Digits], flow: Flow, hasher: CredentialHasher, today: CalendarDate = .today()
    ) async throws {
        try await add(account, credentialHash: flow.credentialHash(for: values, hasher: hasher, today: today))
    }
}
