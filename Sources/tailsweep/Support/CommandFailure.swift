import ArgumentParser
import Foundation

/// Runs a command body, turning any thrown error into a one-line `error:` message on standard
/// error and a non-zero exit code (1 for bad input or data, or the code the error carries).
func reportingFailures<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        Console.error(String(describing: error))
        throw ExitCode(1)
    }
}

func reportingFailures<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        Console.error(String(describing: error))
        throw ExitCode(1)
    }
}

/// A plain error with a message a user can act on.
struct UsageFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
