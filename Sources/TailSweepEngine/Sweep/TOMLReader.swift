import TOMLKit

/// Typed, strict access to one table of a parsed sweep file: every read names its key, unknown
/// keys are errors, and errors carry the line where the key appears in the source text.
struct TOMLReader {
    let table: TOMLTable
    /// Dotted path of this table (`""` for the root, `"model"`, `"exits.tp50"` …).
    let path: String
    let lines: [Substring]
    let file: String

    init(text: String, file: String) throws(SweepSpecError) {
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw SweepSpecError(file: file, line: error.source.begin.line, key: nil, message: "not valid TOML: \(error.description)")
        } catch {
            throw SweepSpecError(file: file, line: nil, key: nil, message: "not valid TOML: \(error)")
        }
        path = ""
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        self.file = file
    }

    private init(table: TOMLTable, path: String, lines: [Substring], file: String) {
        self.table = table
        self.path = path
        self.lines = lines
        self.file = file
    }

    func fullKey(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// The line of `key` inside this table's section (best effort; nil when not found).
    func line(of key: String) -> Int? {
        var inSection = path.isEmpty
        for (i, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                let name = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                inSection = name == path
                continue
            }
            if inSection, line.hasPrefix(key), line.dropFirst(key.count).trimmingCharacters(in: .whitespaces).hasPrefix("=") { return i + 1 }
        }
        if !path.isEmpty, let i = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "[\(path)]" }) { return i + 1 }
        return nil
    }

    func error(_ key: String?, _ message: String) -> SweepSpecError {
        SweepSpecError(file: file, line: key.flatMap(line(of:)), key: key.map(fullKey), message: message)
    }

    func rejectUnknownKeys(allowed: Set<String>) throws(SweepSpecError) {
        for key in table.keys.sorted() where !allowed.contains(key) {
            throw error(key, "unknown key (allowed here: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    func has(_ key: String) -> Bool { table[key] != nil }

    func string(_ key: String) throws(SweepSpecError) -> String? {
        guard let v = table[key] else { return nil }
        guard let s = v.string else { throw error(key, "must be a string") }
        return s
    }

    func requiredString(_ key: String) throws(SweepSpecError) -> String {
        guard let s = try string(key) else { throw error(key, "is required") }
        return s
    }

    func double(_ key: String) throws(SweepSpecError) -> Double? {
        guard let v = table[key] else { return nil }
        if let d = v.double { return d }
        if let i = v.int { return Double(i) }
        throw error(key, "must be a number")
    }

    func int(_ key: String) throws(SweepSpecError) -> Int? {
        guard let v = table[key] else { return nil }
        guard let i = v.int else { throw error(key, "must be an integer") }
        return i
    }

    func strings(_ key: String) throws(SweepSpecError) -> [String]? {
        guard let v = table[key] else { return nil }
        guard let a = v.array else { throw error(key, "must be an array of strings") }
        var out: [String] = []
        for element in a {
            if let s = element.string { out.append(s) }
            else if let i = element.int { out.append(String(i)) }
            else { throw error(key, "must be an array of strings") }
        }
        guard !out.isEmpty else { throw error(key, "must not be empty") }
        return out
    }

    func doubles(_ key: String) throws(SweepSpecError) -> [Double]? {
        guard let v = table[key] else { return nil }
        guard let a = v.array else { throw error(key, "must be an array of numbers") }
        var out: [Double] = []
        for element in a {
            if let d = element.double { out.append(d) }
            else if let i = element.int { out.append(Double(i)) }
            else { throw error(key, "must be an array of numbers") }
        }
        guard !out.isEmpty else { throw error(key, "must not be empty") }
        return out
    }

    func subtable(_ key: String) throws(SweepSpecError) -> TOMLReader? {
        guard let v = table[key] else { return nil }
        guard let t = v.table else { throw error(key, "must be a table ([\(fullKey(key))])") }
        return TOMLReader(table: t, path: fullKey(key), lines: lines, file: file)
    }

    var keys: [String] { table.keys.sorted() }
}

import Foundation
