import ArgumentParser
import TailSweepCore

/// `tailsweep data calendar`: NYSE sessions with their open and close instants in UTC.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "List NYSE regular sessions (2000–2030) with open and close times in UTC.",
        discussion: """
        Examples:
          tailsweep data calendar --from 2024-11-25 --to 2024-11-29
          tailsweep data calendar --from 2000-01-01 --to 2030-12-31 --json
        """)

    @Option(help: "First date (YYYY-MM-DD).") var from: String
    @Option(help: "Last date (YYYY-MM-DD), inclusive.") var to: String
    @Flag(help: "Print JSON: {\"sessions\":[{\"date\",\"open\",\"close\"}, …]}.") var json = false

    struct SessionJSON: Encodable {
        let date: CivilDate
        let open: Timestamp
        let close: Timestamp
        let earlyClose: Bool
    }

    struct Output: Encodable {
        let disclaimer = DisclaimerJSON()
        let sessions: [SessionJSON]
    }

    func run() throws {
        try reportingFailures {
            let sessions = try NYSECalendar.sessions(from: try CivilDate(parsing: from), through: try CivilDate(parsing: to))
            if json {
                try Console.json(Output(sessions: sessions.map {
                    SessionJSON(date: $0.date, open: $0.open, close: $0.close, earlyClose: $0.isEarlyClose)
                }))
                return
            }
            Console.line("date        open (UTC)            close (UTC)           ET hours")
            for s in sessions {
                let o = EasternTime.local(s.open), c = EasternTime.local(s.close)
                let hours = "\(o.description.suffix(12)) – \(c.description.suffix(12))"
                Console.line("\(s.date)  \(s.open)  \(s.close)  \(hours)\(s.isEarlyClose ? "  early close" : "")")
            }
            Console.line("\(sessions.count) sessions")
            Console.disclaimers()
        }
    }
}
