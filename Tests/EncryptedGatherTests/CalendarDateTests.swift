@testable import EncryptedGather
import Foundation
import Testing

/// Today is the UTC day of the Gregorian calendar, whatever the century or leap rule.
@Suite struct CalendarDateTests {
    static let gregorianUTC: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    @Test func todayAgreesWithFoundationsGregorianCalendarFrom1600To2400() {
        // Every day, at a time that moves through the day, across 400-year leap cycles.
        let start = -11_676_096_000.0  // 1600-01-01T00:00:00Z
        for day in stride(from: 0, to: 292_194, by: 1) {
            let date = Date(timeIntervalSince1970: start + Double(day) * 86_400 + Double(day % 86_400))
            let parts = Self.gregorianUTC.dateComponents([.year, .month, .day], from: date)
            let expected = CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
            guard CalendarDate.today(at: date) == expected else {
                Issue.record("\(date): \(CalendarDate.today(at: date)) instead of \(expected)")
                return
            }
        }
    }

    @Test(arguments: [
        (0.0, CalendarDate(year: 1970, month: 1, day: 1)!),
        (-1.0, CalendarDate(year: 1969, month: 12, day: 31)!),
        (951_782_399.0, CalendarDate(year: 2000, month: 2, day: 28)!),
        (951_782_400.0, CalendarDate(year: 2000, month: 2, day: 29)!),
        (4_107_542_400.0, CalendarDate(year: 2100, month: 3, day: 1)!),
        (1_796_169_600.0, CalendarDate(year: 2026, month: 12, day: 2)!),
    ])
    func theDayTurnsAtMidnightUTC(_ seconds: Double, _ expected: CalendarDate) {
        #expect(CalendarDate.today(at: Date(timeIntervalSince1970: seconds)) == expected)
    }
}
