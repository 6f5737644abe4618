import Foundation
import Testing
@testable import TailSweepCore

/// The NYSE calendar against the published XNYS calendar of the `exchange_calendars` project
/// (Fixtures/calendar/xnys-2000-2030.csv, written by scripts/fixtures/make_calendar_fixture.py).
@Suite struct CalendarTests {
    struct ReferenceSession: Equatable { let date: String, open: String, close: String }

    static func reference() throws -> [ReferenceSession] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/calendar/xnys-2000-2030.csv")
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",").map(String.init)
            return ReferenceSession(date: f[0], open: f[1], close: f[2])
        }
    }

    @Test func everySessionMatchesThePublishedCalendar() throws {
        let expected = try Self.reference()
        #expect(expected.count == 7794)
        let ours = try NYSECalendar.sessions(from: NYSECalendar.firstSupportedDate, through: NYSECalendar.lastSupportedDate)
            .map { ReferenceSession(date: $0.date.description, open: $0.open.description, close: $0.close.description) }
        let missing = Set(expected.map(\.date)).subtracting(ours.map(\.date)).sorted()
        let extra = Set(ours.map(\.date)).subtracting(expected.map(\.date)).sorted()
        #expect(missing.isEmpty, "sessions the reference has and we lack: \(missing)")
        #expect(extra.isEmpty, "sessions we have and the reference lacks: \(extra)")
        let differing = zip(ours, expected).filter { $0 != $1 }.prefix(10).map { "\($0.0) vs \($0.1)" }
        #expect(differing.isEmpty, "open/close differ: \(differing)")
    }

    @Test func specialClosuresAndEarlyCloses() throws {
        for closed in ["2001-09-11", "2001-09-14", "2004-06-11", "2007-01-02", "2012-10-29", "2012-10-30",
                       "2018-12-05", "2025-01-09", "2022-06-20", "2021-12-24", "2010-12-24", "2016-12-26"] {
            #expect(try NYSECalendar.session(on: CivilDate(parsing: closed)) == nil, "\(closed) should be closed")
        }
        // Saturday New Year's Day is not made up on the Friday before.
        #expect(try NYSECalendar.session(on: CivilDate(parsing: "2021-12-31")) != nil)
        // Juneteenth only from 2022.
        #expect(try NYSECalendar.session(on: CivilDate(parsing: "2021-06-18")) != nil)
        for early in ["2024-11-29", "2024-12-24", "2024-07-03", "2002-07-05", "2003-12-26", "2000-07-03"] {
            let s = try #require(try NYSECalendar.session(on: CivilDate(parsing: early)))
            #expect(s.isEarlyClose, "\(early) closes at 13:00")
            #expect(s.minuteCount == 210)
            #expect(EasternTime.local(s.close).minuteOfDay == 13 * 60)
        }
        // The 2002 exception: July 3 that year was a full session.
        #expect(try #require(try NYSECalendar.session(on: CivilDate(parsing: "2002-07-03"))).isEarlyClose == false)
    }

    @Test func daylightSavingShiftsTheUTCOpen() throws {
        // 2007 moved DST to the second Sunday of March: Monday 2007-03-12 opens at 13:30Z,
        // while Monday 2006-03-13 still opened at 14:30Z (DST began 2006-04-02).
        #expect(try NYSECalendar.session(on: CivilDate(parsing: "2007-03-12"))?.open.description == "2007-03-12T13:30:00Z")
        #expect(try NYSECalendar.session(on: CivilDate(parsing: "2006-03-13"))?.open.description == "2006-03-13T14:30:00Z")
        #expect(try NYSECalendar.session(on: CivilDate(parsing: "2006-04-03"))?.open.description == "2006-04-03T13:30:00Z")
        #expect(try NYSECalendar.session(on: CivilDate(parsing: "2024-11-04"))?.open.description == "2024-11-04T14:30:00Z")
    }

    @Test func datesOutsideTheSupportedRangeAreErrors() throws {
        #expect(throws: CalendarError.self) { try NYSECalendar.session(on: CivilDate(parsing: "1999-12-31")) }
        #expect(throws: CalendarError.self) { try NYSECalendar.sessions(from: CivilDate(parsing: "2030-12-01"), through: CivilDate(parsing: "2031-01-05")) }
        #expect(throws: CalendarError.self) { try NYSECalendar.sessions(startingOnOrAfter: CivilDate(parsing: "2030-12-01"), count: 100) }
        let message = CalendarError.outOfRange(CivilDate(year: 2031, month: 1, day: 2)!, NYSECalendar.firstSupportedDate, NYSECalendar.lastSupportedDate).description
        #expect(message.contains("2031-01-02") && message.contains("2000-01-01") && message.contains("2030-12-31"))
    }

    @Test func slotsMapToBarStartTimes() throws {
        let s = try #require(try NYSECalendar.session(on: CivilDate(parsing: "2024-07-03")))
        #expect(s.slot(startingAt: s.open) == 0)
        #expect(s.slot(startingAt: EasternTime.timestamp(date: s.date, hour: 12, minute: 59)) == 209)
        #expect(s.slot(startingAt: s.close) == nil)
        #expect(s.slot(startingAt: s.open.adding(seconds: 30)) == nil)
        #expect(s.slot(startingAt: s.open.adding(minutes: -1)) == nil)
    }
}
