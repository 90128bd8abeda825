import Foundation

/// A `.safetensors` file, memory-mapped and validated when opened.
///
/// Format (huggingface/safetensors): an 8-byte little-endian header length N, N bytes of JSON mapping each
/// tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets relative to the data that
/// follows the header) plus an optional `"__metadata__"` object of string values, then the data.
/// Opening checks every entry: known dtype, byte length = elements × dtype size, offsets inside the file,
/// and tensors that neither overlap nor leave holes. Float32 tensors are not copied.
public final class SafeTensorsFile: Sendable {
    /// One tensor's header entry.
    public struct Entry: Sendable, Equatable {
        /// The safetensors dtype name (`"F32"` …).
        public let dtype: String
        /// The tensor's shape.
        public let shape: [Int]
        let dataOffset: Int
        let byteCount: Int
    }

    /// The largest header we read; the reference implementation has the same limit.
    static let maxHeaderBytes = 100_000_000

    /// The file's path, used in errors.
    public let path: String
    /// The `__metadata__` block (empty when absent).
    public let metadata: [String: String]
    /// Every tensor's header entry by name.
    public let entries: [String: Entry]
    let file: MappedFile
    let dataStart: Int

    /// Maps and validates the file at `path`.
    public init(path: String) throws(ModelError) {
        self.path = path
        file = try MappedFile(path: path)
        let headerLength = UInt64(littleEndian: file.bytes.loadUnaligned(as: UInt64.self))
        guard headerLength <= UInt64(Self.maxHeaderBytes) else {
            throw ModelError(file: path, .badHeader("header length \(headerLength) exceeds \(Self.maxHeaderBytes) bytes"))
        }
        let headerEnd = 8 + Int(headerLength)
        guard headerEnd <= file.size else {
            throw ModelError(file: path, .truncated(expected: headerEnd, actual: file.size))
        }
        dataStart = headerEnd
        let json = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: file.bytes + 8), count: Int(headerLength),
                        deallocator: .none)
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: json)
        } catch let error as HeaderError {
            throw ModelError(file: path, .badHeader(error.reason))
        } catch {
            throw ModelError(file: path, .badHeader(Self.describe(error)))
        }
        metadata = header.metadata
        entries = try Self.validate(header.tensors, dataStart: headerEnd, dataSize: file.size - headerEnd, path: path)
    }

    /// The file's size in bytes.
    public var fileSize: Int { file.size }

    /// The tensor names, sorted.
    public var names: [String] { entries.keys.sorted() }

    /// Whether the file has a tensor called `name`.
    public func contains(_ name: String) -> Bool { entries[name] != nil }

    /// The tensor `name` as Float (a view into the file for aligned F32 data, else converted).
    /// - Parameter shape: when given, the tensor must have exactly this shape.
    public func tensor(_ name: String, shape expected: [Int]? = nil) throws(ModelError) -> Tensor {
        guard let entry = entries[name] else { throw ModelError(file: path, .missingTensor(name)) }
        if let expected, expected != entry.shape {
            throw ModelError(file: path, .shapeMismatch(tensor: name, expected: expected, actual: entry.shape))
        }
        guard let dtype = DType(rawValue: entry.dtype), dtype.convertsToFloat else {
            throw ModelError(file: path, .unsupportedDType(tensor: name, dtype: entry.dtype))
        }
        let raw = file.bytes + dataStart + entry.dataOffset
        let count = entry.shape.reduce(1, *)
        if dtype == .f32, Int(bitPattern: raw) % MemoryLayout<Float>.alignment == 0, UInt32(1).littleEndian == 1 {
            let storage = TensorStorage(borrowing: raw.assumingMemoryBound(to: Float.self), count: count, owner: file)
            return Tensor(shape: entry.shape, storage: storage, offset: 0)
        }
        var result = Tensor(shape: entry.shape)
        result.withUnsafeMutableBufferPointer { out in
            for i in 0..<count { out[i] = dtype.load(raw, i) }
        }
        return result
    }

    /// The metadata value for `key`, or a `missingMetadata` error.
    public func metadata(_ key: String) throws(ModelError) -> String {
        guard let value = metadata[key] else { throw ModelError(file: path, .missingMetadata(key: key)) }
        return value
    }

    private static func validate(_ raw: [String: RawEntry], dataStart: Int, dataSize: Int, path: String) throws(ModelError) -> [String: Entry] {
        var entries: [String: Entry] = [:]
        for (name, e) in raw {
            guard let dtype = DType(rawValue: e.dtype) else {
                throw ModelError(file: path, .unsupportedDType(tensor: name, dtype: e.dtype))
            }
            guard e.shape.allSatisfy({ $0 >= 0 }) else {
                throw ModelError(file: path, .badHeader("tensor '\(name)' has negative dimension in \(e.shape)"))
            }
            var elements = 1
            for d in e.shape {
                let (product, overflow) = elements.multipliedReportingOverflow(by: d)
                guard !overflow else { throw ModelError(file: path, .badHeader("tensor '\(name)' shape \(e.shape) is too large")) }
                elements = product
            }
            let (bytes, overflow) = elements.multipliedReportingOverflow(by: dtype.size)
            guard !overflow else { throw ModelError(file: path, .badHeader("tensor '\(name)' shape \(e.shape) is too large")) }
            guard e.offsets.count == 2 else {
                throw ModelError(file: path, .badOffsets(tensor: name, "data_offsets must be [begin, end]"))
            }
            let (begin, end) = (e.offsets[0], e.offsets[1])
            guard begin >= 0, begin <= end else {
                throw ModelError(file: path, .badOffsets(tensor: name, "begin \(begin) after end \(end)"))
            }
            guard end - begin == bytes else {
                throw ModelError(file: path, .badOffsets(tensor: name,
                    "\(end - begin) bytes for \(e.dtype) shape \(e.shape), which needs \(bytes)"))
            }
            guard end <= dataSize else {
                throw ModelError(file: path, .truncated(expected: dataStart + end, actual: dataStart + dataSize))
            }
            entries[name] = Entry(dtype: e.dtype, shape: e.shape, dataOffset: begin, byteCount: bytes)
        }
        // The data must be covered exactly once: no overlaps, no holes (as the reference reader requires).
        var cursor = 0
        for (name, e) in entries.sorted(by: { ($0.value.dataOffset, $0.key) < ($1.value.dataOffset, $1.key) }) {
            if e.dataOffset < cursor {
                throw ModelError(file: path, .badOffsets(tensor: name, "overlaps the previous tensor"))
            }
            if e.dataOffset > cursor {
                throw ModelError(file: path, .badOffsets(tensor: name, "leaves a hole of \(e.dataOffset - cursor) bytes before it"))
            }
            cursor = e.dataOffset + e.byteCount
        }
        if cursor != dataSize {
            throw ModelError(file: path, .badHeader("\(dataSize - cursor) bytes of data after the last tensor belong to none"))
        }
        return entries
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): "not valid JSON (\(context.debugDescription))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        case DecodingError.keyNotFound(let key, let context):
            "\(context.codingPath.map(\.stringValue).joined(separator: ".")) lacks '\(key.stringValue)'"
        default: "\(error)"
        }
    }
}

/// A header entry before validation.
struct RawEntry: Decodable {
    let dtype: String
    let shape: [Int]
    let offsets: [Int]

    enum CodingKeys: String, CodingKey {
        case dtype, shape
        case offsets = "data_offsets"
    }
}

/// The header object: tensors by name, plus the metadata strings.
struct Header: Decodable {
    var tensors: [String: RawEntry] = [:]
    var metadata: [String: String] = [:]

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for key in container.allKeys {
            if key.stringValue == "__metadata__" {
                guard let values = try? container.decode([String: String].self, forKey: key) else {
                    throw HeaderError(reason: "__metadata__ must map strings to strings")
                }
                metadata = values
            } else {
                tensors[key.stringValue] = try container.decode(RawEntry.self, forKey: key)
            }
        }
    }
}

struct HeaderError: Error {
    let reason: String
}
