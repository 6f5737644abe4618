import Foundation
import TailSweepCore

/// Raw little-endian column files, written and read in one call each.
///
/// Reading allocates the destination array once and `fread`s straight into it, so a
/// 5,000-session close column (15.6 MB) costs one system call and one checksum pass.
enum ColumnFileIO {
    /// Writes `values` to `path` through a temporary file and a rename, returning the XXH64 of the bytes.
    static func write<T: BitwiseCopyable>(_ values: [T], to path: String) throws(DatasetError) -> UInt64 {
        let temporary = path + ".partial"
        guard let file = fopen(temporary, "wb") else { throw .io(path: temporary, reason: errnoText()) }
        let checksum = values.withUnsafeBytes { bytes -> UInt64 in XXHash64.hash(bytes) }
        let written = values.withUnsafeBytes { bytes in
            bytes.isEmpty ? 0 : fwrite(bytes.baseAddress!, 1, bytes.count, file)
        }
        let flushed = fflush(file) == 0 && fsync(fileno(file)) == 0
        fclose(file)
        guard written == values.count * MemoryLayout<T>.stride, flushed else {
            unlink(temporary)
            throw .io(path: path, reason: "short write (disk full?)")
        }
        guard rename(temporary, path) == 0 else { throw .io(path: path, reason: errnoText()) }
        return checksum
    }

    /// Reads exactly `count` elements, checking the size and the checksum.
    static func read<T: BitwiseCopyable>(_ type: T.Type, count: Int, from path: String,
                                         expectedChecksum: String) throws(DatasetError) -> [T] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .missingFile(path: path) }
        let expectedBytes = count * MemoryLayout<T>.stride
        guard Int(info.st_size) == expectedBytes else {
            throw .sizeMismatch(path: path, expectedBytes: expectedBytes, actualBytes: Int(info.st_size))
        }
        guard let file = fopen(path, "rb") else { throw .io(path: path, reason: errnoText()) }
        defer { fclose(file) }
        var readCount = 0
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            readCount = raw.isEmpty ? 0 : fread(raw.baseAddress!, 1, raw.count, file)
            initialized = readCount == expectedBytes ? count : 0
        }
        guard readCount == expectedBytes else { throw .sizeMismatch(path: path, expectedBytes: expectedBytes, actualBytes: readCount) }
        let actual = values.withUnsafeBytes { XXHash64.hash($0) }.hex16
        guard actual == expectedChecksum else {
            throw .checksumMismatch(path: path, expected: expectedChecksum, actual: actual)
        }
        return values
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
