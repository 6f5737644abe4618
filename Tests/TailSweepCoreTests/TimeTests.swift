import Testing
@testable import TailSweepCore

@Suite struct TimeTests {
    @Test func civilDateRoundTripsEveryDayFrom1900To2100() {
        var expected = CivilDate(year: 1900, month: 1, day: 1)!.dayNumber
        for year in 1900...2100 {
            for month in 1...12 {
                for day in 1...CivilDate.daysIn(month: month, year: year) {
                    let d = CivilDate(year: year, month: month, day: day)!
                    #expect(d.dayNumber == expected)
                    expected += 1
                    let p = d.parts
                    if p.year != year || p.month != month || p.day != day { Issue.record("\(year)-\(month)-\(day) → \(p)") }
                }
            }
        }
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.dayNumber == 0)
        #expect(CivilDate(year: 2000, month: 2, day: 30) == nil)
        #expect(CivilDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
    }

    @Test func weekdaysAndParsing() throws {
        #expect(try CivilDate(parsing: "2024-07-04").weekday == .thursday)
        #expect(try CivilDate(parsing: "20000101").weekday == .saturday)
        #expect(try CivilDate(parsing: "1969-12-31").weekday == .wednesday)
        for bad in ["2024-13-01", "2024-02-30", "24-01-01", "2024/01/01", "", "2024-01-0x"] {
            #expect(throws: CivilDateError.self) { try CivilDate(parsing: bad) }
        }
    }

    @Test func timestampsFormatAndParseAsISO8601() {
        let t = Timestamp(seconds: 946_909_800)
        #expect(t.description == "2000-01-03T14:30:00Z")
        #expect(Timestamp(iso8601: "2000-01-03T14:30:00Z") == t)
        #expect(Timestamp(iso8601: "2000-01-03T24:30:00Z") == nil)
        #expect(Timestamp(seconds: -1).description == "1969-12-31T23:59:59Z")
    }

    @Test func easternTimeRoundTripsAcrossTransitions() throws {
        // Every minute of the four transition days of 2024 and 2006, away from the skipped or repeated hour.
        for text in ["2024-03-10", "2024-11-03", "2006-04-02", "2006-10-29", "2024-07-01", "2024-01-02"] {
            let date = try CivilDate(parsing: text)
            for minute in stride(from: 0, to: 24 * 60, by: 1) where minute < 60 || minute >= 3 * 60 {
                let t = EasternTime.timestamp(date: date, hour: minute / 60, minute: minute % 60)
                let local = EasternTime.local(t)
                #expect(local.date == date && local.minuteOfDay == minute, "\(text) \(minute): \(local)")
            }
        }
        // 2024-03-10 07:00Z is 03:00 EDT; one second earlier is 01:59:59 EST.
        let switchInstant = Timestamp(iso8601: "2024-03-10T07:00:00Z")!
        #expect(EasternTime.local(switchInstant).description == "2024-03-10 03:00:00 EDT")
        #expect(EasternTime.local(switchInstant.adding(seconds: -1)).description == "2024-03-10 01:59:59 EST")
        let fallBack = Timestamp(iso8601: "2024-11-03T06:00:00Z")!
        #expect(EasternTime.local(fallBack).description == "2024-11-03 01:00:00 EST")
        #expect(EasternTime.local(fallBack.adding(seconds: -1)).description == "2024-11-03 01:59:59 EDT")
    }
}
