import Workstation

/// Turns what `get_wch`/`getmouse` return into `InputEvent`s. Pure, so it is tested without a terminal.
public struct InputDecoder {
    let keys: KeyCodes
    let mouse: MouseBits
    /// Whether the left button is down, so position reports mean "drag".
    private var buttonDown = false

    /// A decoder for one library's key codes and mouse bits.
    public init(keys: KeyCodes, mouse: MouseBits) { self.keys = keys; self.mouse = mouse }

    /// Decodes one `get_wch` result. `mouseState` is called for `KEY_MOUSE`, `size` for `KEY_RESIZE`.
    public mutating func decode(value: UInt32, isKeyCode: Bool, mouseState: () -> (buttons: UInt, x: Int, y: Int)?,
                                size: () -> (width: Int, height: Int)) -> InputEvent? {
        if isKeyCode { return decodeKeyCode(value, mouseState: mouseState, size: size) }
        switch value {
        case 9: return .key(.named(.tab))
        case 10, 13: return .key(.named(.enter))
        case 8, 127: return .key(.named(.backspace))
        case 27: return .key(.named(.escape))
        case 32: return .key(.named(.space))
        case 1...26: return .key(.control(Character(Unicode.Scalar(value + 96)!)))
        case 0, 28...31: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    private mutating func decodeKeyCode(_ code: UInt32, mouseState: () -> (buttons: UInt, x: Int, y: Int)?,
                                        size: () -> (width: Int, height: Int)) -> InputEvent? {
        let named: [UInt32: KeyPress.NamedKey] = [
            keys.up: .up, keys.down: .down, keys.left: .left, keys.right: .right, keys.home: .home, keys.end: .end,
            keys.pageUp: .pageup, keys.pageDown: .pagedown, keys.backspace: .backspace, keys.delete: .delete,
            keys.insert: .insert, keys.enter: .enter, keys.backTab: .backtab,
        ]
        if let n = named[code] { return .key(.named(n)) }
        if code == keys.resize { let s = size(); return .resize(width: s.width, height: s.height) }
        if code == keys.mouse {
            guard let m = mouseState() else { return nil }
            return decodeMouse(m)
        }
        if code > keys.f0 && code <= keys.f0 + 12 {
            return .key(.named(KeyPress.NamedKey(rawValue: "f\(code - keys.f0)")!))
        }
        return nil
    }

    /// Decodes `getmouse`'s button state.
    public mutating func decodeMouse(_ m: (buttons: UInt, x: Int, y: Int)) -> InputEvent? {
        let b = m.buttons
        if b & mouse.wheelUp != 0 { return .mouse(MouseEvent(.wheelUp, x: m.x, y: m.y)) }
        if b & mouse.wheelDown != 0 { return .mouse(MouseEvent(.wheelDown, x: m.x, y: m.y)) }
        if b & (mouse.press1 | mouse.click1) != 0 {
            buttonDown = b & mouse.press1 != 0
            return .mouse(MouseEvent(.press, x: m.x, y: m.y))
        }
        if b & mouse.release1 != 0 {
            buttonDown = false
            return .mouse(MouseEvent(.release, x: m.x, y: m.y))
        }
        if b & (mouse.press2 | mouse.press3) != 0 { return .mouse(MouseEvent(.otherPress, x: m.x, y: m.y)) }
        if b & mouse.position != 0 || b == 0 {
            return buttonDown ? .mouse(MouseEvent(.drag, x: m.x, y: m.y)) : nil
        }
        return nil
    }
}
