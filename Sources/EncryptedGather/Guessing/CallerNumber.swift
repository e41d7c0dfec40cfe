/// Twilio's `From`, as far as lockouts care.
enum CallerNumber {
    /// The numbers Twilio puts in `From` for a withheld, unknown or unavailable caller
    /// (Restricted, Anonymous, Unavailable, Blocked): shared by every such caller.
    static let standIns: Set<String> = ["+7378742833", "+2562533", "+8656696", "+266696687", "+86282452253"]

    /// Whether `from` names one caller: E.164 (`+` and 6 to 15 digits) and no stand-in.
    static func isIndividual(_ from: String) -> Bool {
        let digits = from.utf8.dropFirst()
        return from.utf8.first == UInt8(ascii: "+") && (6...15).contains(digits.count)
            && digits.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } && !standIns.contains(from)
    }
}
