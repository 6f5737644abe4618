import ArgumentParser

/// `tailsweep data …`: calendars, synthetic data and dataset checks.
struct DataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Work with dataset directories and the NYSE calendar.",
        subcommands: [CalendarCommand.self, GenerateCommand.self, ImportCommand.self, CheckCommand.self])
}
