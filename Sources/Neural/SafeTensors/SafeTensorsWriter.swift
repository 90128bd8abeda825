import Foundation

/// Writes Float tensors and string metadata as a `.safetensors` file (F32, little-endian), atomically.
///
/// Training exports go through Python's `kanade_export.py`; this is for Swift tools and tests that need to
/// produce a file the reader accepts.
public enum SafeTensorsWriter {
    /// The file's bytes: header length, JSON header (padded with spaces to 8 bytes), tensor data in name order.
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = [:]) -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        let names = tensors.keys.sorted()
        for name in names {
            let t = tensors[name]!
            header[name] = ["dtype": "F32", "shape": t.shape, "data_offsets": [offset, offset + 4 * t.count]] as [String: Any]
            offset += 4 * t.count
        }
        var json = (try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])) ?? Data("{}".utf8)
        while (8 + json.count) % 8 != 0 { json.append(0x20) }
        var data = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        for name in names {
            tensors[name]!.withUnsafeBufferPointer { v in
                for x in v { withUnsafeBytes(of: x.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            }
        }
        return data
    }

    /// Writes `tensors` and `metadata` to `path` through a temporary file in the same folder and a rename.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], to path: String) throws(ModelError) {
        let url = URL(fileURLWithPath: path)
        do {
            try encode(tensors, metadata: metadata).write(to: url, options: .atomic)
        } catch {
            throw ModelError(file: path, .unwritable(error.localizedDescription))
        }
    }
}
