import FoundationEssentials

/// A memory amount as libvirt reads it: a number and a unit, stored in KiB.
public enum MemoryUnit {
  /// The multiplier of a unit, by libvirt's rule (`virScaleInteger`): case-insensitive;
  /// `b`/`byte`/`bytes` = 1; a single letter or letter + `iB` is binary; letter + `B` is decimal.
  /// `nil` for anything else.
  public static func multiplier(_ unit: String) -> UInt64? {
    if let ascii = asciiMultiplier(unit) { return ascii }
    return generalMultiplier(unit)
  }

  /// `multiplier` for any unit, read from its lowercased characters: the rule as stated, which
  /// `asciiMultiplier` must agree with for every ASCII unit (MemoryUnitTests).
  static func generalMultiplier(_ unit: String) -> UInt64? {
    let lower = unit.lowercased()
    if lower == "b" || lower == "byte" || lower == "bytes" { return 1 }
    let letters: [Character: Int] = ["k": 1, "m": 2, "g": 3, "t": 4, "p": 5, "e": 6]
    guard let first = lower.first, let power = letters[first] else { return nil }
    switch lower.dropFirst() {
    case "", "ib": return scale(1024, power)
    case "b": return scale(1000, power)
    default: return nil
    }
  }

  /// `base` to the `power` (1 to 6: at most 1024^6, which fits).
  private static func scale(_ base: UInt64, _ power: Int) -> UInt64 {
    var result: UInt64 = 1
    for _ in 0..<power { result *= base }
    return result
  }

  /// `multiplier` for a unit of ASCII bytes only, read straight from its bytes (the common case:
  /// no lowercasing, no characters, no table); `nil` for any other unit, which the general path
  /// reads. The outer optional says whether this path could decide.
  private static func asciiMultiplier(_ unit: String) -> UInt64?? {
    var bytes: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0)
    var count = 0
    for byte in unit.utf8 {
      guard byte < 0x80 else { return nil }
      count += 1
      // Anything longer than "bytes" is no unit; only its being ASCII matters then.
      guard count <= 5 else { continue }
      let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
      switch count {
      case 1: bytes.0 = lower
      case 2: bytes.1 = lower
      case 3: bytes.2 = lower
      case 4: bytes.3 = lower
      default: bytes.4 = lower
      }
    }
    if count > 5 || count == 0 { return .some(nil) }
    let b = UInt8(ascii: "b")
    if (count == 1 && bytes.0 == b)
      || (count == 4 && bytes == (b, UInt8(ascii: "y"), UInt8(ascii: "t"), UInt8(ascii: "e"), 0, 0))
      || (count == 5 && bytes == (b, UInt8(ascii: "y"), UInt8(ascii: "t"), UInt8(ascii: "e"), UInt8(ascii: "s"), 0))
    {
      return .some(1)
    }
    let power: Int
    switch bytes.0 {
    case UInt8(ascii: "k"): power = 1
    case UInt8(ascii: "m"): power = 2
    case UInt8(ascii: "g"): power = 3
    case UInt8(ascii: "t"): power = 4
    case UInt8(ascii: "p"): power = 5
    case UInt8(ascii: "e"): power = 6
    default: return .some(nil)
    }
    if count == 1 || (count == 3 && bytes.1 == UInt8(ascii: "i") && bytes.2 == b) { return .some(scale(1024, power)) }
    if count == 2 && bytes.1 == b { return .some(scale(1000, power)) }
    return .some(nil)
  }
}

extension MemoryUnit {
  /// The largest power of 1024, up to `limit`, that divides every one of `values`: the largest
  /// binary unit in which all of them are whole numbers. 0 when every value is 0.
  public static func commonBinaryPower(of values: [UInt64], limit: Int) -> Int {
    guard values.contains(where: { $0 != 0 }) else { return 0 }
    var power = 0
    var divisor: UInt64 = 1024
    while power < limit && values.allSatisfy({ $0 % divisor == 0 }) {
      power += 1
      if divisor > UInt64.max / 1024 { break }
      divisor *= 1024
    }
    return power
  }

  /// `value` (in the smallest of `units`, each 1024 times the one before) in the largest of
  /// them that holds it exactly: `10240`, `["KiB", "MiB"]` gives `10 MiB`.
  public static func exactText(_ value: UInt64, units: [String]) -> String {
    let power = commonBinaryPower(of: [value], limit: units.count - 1)
    return "\(value >> (10 * UInt64(power))) \(units[power])"
  }
}

/// Why a memory amount cannot be read.
public enum MemorySizeError: Error, Sendable, Equatable {
  /// Not an unsigned decimal integer.
  case invalidNumber
  /// A unit libvirt does not know.
  case unknownUnit
  /// The amount does not fit: more than 2^63-1 bytes, or 2^53 KiB or more.
  case tooLarge
}

extension MemoryUnit {
  /// Converts `value` in `unit` (absent: KiB) to KiB the way libvirt does: bytes must not exceed
  /// 2^63-1, KiB is rounded **up**, and must stay below 2^53.
  public static func kibibytes(value: String, unit: String?) throws(MemorySizeError) -> UInt64 {
    let number = try parseUnsigned(value)
    let scale: UInt64
    if let unit {
      guard let known = multiplier(unit) else { throw .unknownUnit }
      scale = known
    } else {
      scale = 1024
    }
    let limit = UInt64(Int64.max)
    if number != 0 && number > limit / scale { throw .tooLarge }
    let bytes = number * scale
    let kib = bytes / 1024 + (bytes % 1024 == 0 ? 0 : 1)
    if kib >= (limit / 1024) + 1 { throw .tooLarge }
    return kib
  }

  /// An unsigned decimal as `strtoull` reads it in libvirt: leading white space and `+` are
  /// tolerated, a sign `-`, a fraction, trailing text or overflow are not.
  static func parseUnsigned(_ text: String) throws(MemorySizeError) -> UInt64 {
    var bytes = Substring(text).utf8.drop { $0 == 0x20 || (0x09...0x0D).contains($0) }
    if bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
    guard !bytes.isEmpty else { throw .invalidNumber }
    var value: UInt64 = 0
    for byte in bytes {
      guard byte >= 0x30 && byte <= 0x39 else { throw .invalidNumber }
      let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
      let (sum, overflowB) = times.addingReportingOverflow(UInt64(byte - 0x30))
      if overflowA || overflowB { throw .tooLarge }
      value = sum
    }
    return value
  }
}

extension MemoryUnit {
  /// A size written as one word, a number and an optional unit (`12GiB`, `4096M`, `1048576` for
  /// KiB), in KiB; `nil` when it is not one.
  public static func kibibytes(size text: String) -> UInt64? {
    let digits = text.prefix { $0.isASCII && $0.isNumber }
    let unit = text.dropFirst(digits.count).trimmingWhitespace()
    guard !digits.isEmpty else { return nil }
    return try? kibibytes(value: String(digits), unit: unit.isEmpty ? nil : unit)
  }
}

extension MemoryUnit {
  /// A size that must say its unit (`12GiB`, `4096MiB`, `1048576KiB`), in KiB; `nil` when it is
  /// not a size, or is a bare number (whose unit a reader could only guess).
  public static func kibibytes(sizeWithUnit text: String) -> UInt64? {
    hasUnit(text) ? kibibytes(size: text) : nil
  }

  /// Whether a size written as one word has something after its number.
  public static func hasUnit(_ text: String) -> Bool {
    let digits = text.prefix { $0.isASCII && $0.isNumber }
    return !text.dropFirst(digits.count).trimmingWhitespace().isEmpty
  }
}
