import Foundation
import ZIPFoundation

/// The text members of an input file: a plain file, a `.gz` file, or every `.csv`/`.txt`
/// entry of a `.zip` (nested `.zip` entries are opened too, as LEAN ships some).
struct SourceText {
    /// `file` or `file!entry`, used in problem locations.
    let name: String
    let text: String

    static func read(_ path: String) throws(ImportError) -> [SourceText] {
        let url = URL(fileURLWithPath: path)
        guard FileManager.default.fileExists(atPath: path) else { throw .unreadable(path, "no such file") }
        do {
            if path.hasSuffix(".zip") { return try zipMembers(Data(contentsOf: url), name: path) }
            if path.hasSuffix(".gz") { return [SourceText(name: path, text: try gunzip(path))] }
            return [SourceText(name: path, text: try String(contentsOf: url, encoding: .utf8))]
        } catch let error as ImportError {
            throw error
        } catch {
            throw .unreadable(path, "\(error)")
        }
    }

    static func zipMembers(_ data: Data, name: String) throws -> [SourceText] {
        let archive = try Archive(data: data, accessMode: .read)
        var out: [SourceText] = []
        let entries = archive.sorted(by: { $0.path < $1.path }).filter { $0.type == .file }
        let hasCSV = entries.contains { $0.path.hasSuffix(".csv") }
        for entry in entries where !(hasCSV && entry.path.hasSuffix(".txt")) {
            var bytes = Data()
            _ = try archive.extract(entry, skipCRC32: false) { bytes.append($0) }
            let member = "\(name)!\(entry.path)"
            if entry.path.hasSuffix(".zip") { out += try zipMembers(bytes, name: member); continue }
            guard entry.path.hasSuffix(".csv") || entry.path.hasSuffix(".txt") else { continue }
            out.append(SourceText(name: member, text: String(decoding: bytes, as: UTF8.self)))
        }
        return out
    }

    /// gzip through the system's `gzip -dc` (always present on the Debian machines this targets).
    static func gunzip(_ path: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-dc", path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw ImportError.unreadable(path, String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }
}
