/// A safetensors element type, as named in the header (`"F32"`, `"BF16"` …).
enum DType: String, Sendable {
    case bool = "BOOL", u8 = "U8", i8 = "I8", f8e4m3 = "F8_E4M3", f8e5m2 = "F8_E5M2"
    case i16 = "I16", u16 = "U16", f16 = "F16", bf16 = "BF16"
    case i32 = "I32", u32 = "U32", f32 = "F32"
    case f64 = "F64", i64 = "I64", u64 = "U64"

    /// Bytes per element.
    var size: Int {
        switch self {
        case .bool, .u8, .i8, .f8e4m3, .f8e5m2: 1
        case .i16, .u16, .f16, .bf16: 2
        case .i32, .u32, .f32: 4
        case .f64, .i64, .u64: 8
        }
    }

    /// Whether `SafeTensorsFile.tensor(_:)` converts this type to `Float`.
    var convertsToFloat: Bool {
        switch self {
        case .f32, .f16, .bf16, .f64, .i8, .u8, .i16, .u16, .i32, .u32, .i64, .u64, .bool: true
        case .f8e4m3, .f8e5m2: false
        }
    }

    /// Element `i` of little-endian raw data as a Float.
    func load(_ raw: UnsafeRawPointer, _ i: Int) -> Float {
        switch self {
        case .f32: Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
        case .f16: Self.halfToFloat(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)))
        case .bf16:
            Float(bitPattern: UInt32(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))) << 16)
        case .f64: Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))))
        case .i8: Float(raw.load(fromByteOffset: i, as: Int8.self))
        case .u8: Float(raw.load(fromByteOffset: i, as: UInt8.self))
        case .bool: raw.load(fromByteOffset: i, as: UInt8.self) == 0 ? 0 : 1
        case .i16: Float(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: i * 2, as: Int16.self)))
        case .u16: Float(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)))
        case .i32: Float(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: Int32.self)))
        case .u32: Float(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
        case .i64: Float(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: Int64.self)))
        case .u64: Float(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)))
        case .f8e4m3, .f8e5m2: .nan
        }
    }

    /// IEEE half to single, bit by bit (Float16 is not available on every platform Swift targets).
    private static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = Int((h >> 10) & 0x1F)
        let mantissa = UInt32(h & 0x3FF)
        if exponent == 0 {
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        }
        if exponent == 31 { return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13)) }
        return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
    }
}
