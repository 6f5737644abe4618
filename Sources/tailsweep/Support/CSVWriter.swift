import Foundation
import TailSweepCore

/// Writes rows of plain record structs as CSV, one column per stored property (nested values
/// flattened with `_`), in declaration order.
enum CSVWriter {
    static func write<T>(_ rows: [T], to path: String) throws {
        guard let handle = FileManager.default.createFile(atPath: path, contents: nil) ? FileHandle(forWritingAtPath: path) : nil else {
            throw UsageFailure("cannot create \(path)")
        }
        defer { try? handle.close() }
        var out = ""
        var header: [String]? = nil
        for row in rows {
            var fields: [(String, String)] = []
            flatten(row, prefix: "", into: &fields)
            if header == nil {
                header = fields.map(\.0)
                out += header!.joined(separator: ",") + "\n"
            }
            out += fields.map { escape($0.1) }.joined(separator: ",") + "\n"
            if out.utf8.count > 1 << 20 { handle.write(Data(out.utf8)); out = "" }
        }
        handle.write(Data(out.utf8))
    }

    private static func flatten(_ value: Any, prefix: String, into fields: inout [(String, String)]) {
        if let text = scalar(value) { fields.append((prefix, text)); return }
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            if let some = mirror.children.first { flatten(some.value, prefix: prefix, into: &fields) } else { fields.append((prefix, "")) }
            return
        }
        if mirror.displayStyle == .dictionary || mirror.displayStyle == .collection {
            fields.append((prefix, String(describing: value)))
            return
        }
        for child in mirror.children {
            let name = snake(child.label ?? "value")
            flatten(child.value, prefix: prefix.isEmpty ? name : prefix + "_" + name, into: &fields)
        }
        if mirror.children.isEmpty { fields.append((prefix, String(describing: value))) }
    }

    private static func scalar(_ value: Any) -> String? {
        switch value {
        case let d as Double: return d.isFinite ? "\(d)" : ""
        case let i as Int: return "\(i)"
        case let b as Bool: return b ? "true" : "false"
        case let s as String: return s
        case let d as CivilDate: return d.description
        case let t as Timestamp: return t.description
        case let e as any RawRepresentable<String>: return e.rawValue
        case let e as CustomStringConvertible where Mirror(reflecting: value).displayStyle == .enum: return e.description
        default: return nil
        }
    }

    private static func escape(_ s: String) -> String {
        s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    private static func snake(_ s: String) -> String {
        var out = ""
        for c in s {
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
        return out
    }
}
