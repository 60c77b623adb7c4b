import Foundation
import Testing

@testable import NumaSchemaKit

@Suite("safe parsing: nothing a document names is read")
struct SafeParsingTests {
  /// A file whose content must never show up anywhere.
  func secretFile() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("numaschema-secret-\(UUID().uuidString).txt")
    try "TOP-SECRET-CONTENT".write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  @Test func localFileEntityIsNotRead() throws {
    let secret = try secretFile()
    defer { try? FileManager.default.removeItem(at: secret) }
    let xml = guest(
      numa: twoCells, extra: "<description>&secret;</description>",
      prolog: "<!DOCTYPE domain [<!ENTITY secret SYSTEM '\(secret.absoluteString)'>]>\n")
    let report = validate(xml)
    #expect(report.codes.contains(.xmlExternalEntity))
    #expect(!report.isValid)
    #expect(!report.diagnostics.contains { $0.message.contains("TOP-SECRET") })
  }

  @Test func urlEntityIsNotFetched() {
    let xml = guest(
      numa: twoCells, extra: "<description>&remote;</description>",
      prolog: "<!DOCTYPE domain [<!ENTITY remote SYSTEM 'http://127.0.0.1:9/never'>]>\n")
    let report = validate(xml)
    #expect(report.codes.contains(.xmlExternalEntity))
  }

  @Test func externalParameterEntityIsNotRead() throws {
    let secret = try secretFile()
    defer { try? FileManager.default.removeItem(at: secret) }
    let xml = guest(numa: twoCells, prolog: "<!DOCTYPE domain [<!ENTITY % p SYSTEM '\(secret.absoluteString)'> %p;]>\n")
    let report = validate(xml)
    #expect(!report.diagnostics.contains { $0.message.contains("TOP-SECRET") })
  }

  @Test func internalEntitiesAreExpanded() {
    let xml = guest(
      numa: "<cell id='0' cpus='0-7' memory='&size;'/>", prolog: "<!DOCTYPE domain [<!ENTITY size '1048576'>]>\n")
    let report = validate(xml)
    #expect(report.diagnostics == [])
    #expect(report.guest?.numa?.cells.first?.memoryKiB == 1_048_576)
  }

  @Test func entityBombIsRefused() {
    var prolog = "<!DOCTYPE domain [<!ENTITY a0 'lol'>"
    for level in 1...12 { prolog += "<!ENTITY a\(level) '" + String(repeating: "&a\(level - 1);", count: 10) + "'>" }
    prolog += "]>\n"
    let report = validate(guest(numa: twoCells, extra: "<description>&a12;</description>", prolog: prolog))
    #expect(report.codes.contains(.xmlNotWellFormed))
  }

  @Test(arguments: ["", "   ", "<domain", "<?xml version='1.0'?>", "\u{0}", "<a></b>"])
  func brokenInputIsNotWellFormed(text: String) {
    let report = validate(text)
    #expect(report.codes.contains(.xmlNotWellFormed))
    #expect(!report.isValid)
  }

  @Test("a million siblings in one cell is refused at once, not checked for hours")
  func millionSiblings() {
    let siblings = (0..<1_000_000).map { "<sibling id='\($0)' value='20'/>" }.joined()
    let report = validate(guest(numa: "<cell id='0' cpus='0-7' memory='1024'><distances>\(siblings)</distances></cell>"))
    #expect(report.codes == [.numaTooLarge])
  }

  @Test("numbers past 32 and 64 bits are findings, not crashes", arguments: [
    "<cell id='4294967296' cpus='0-7' memory='1024'/>",
    "<cell id='0' cpus='0-4294967295' memory='1024'/>",
    "<cell id='0' cpus='0-7' memory='18446744073709551616'/>",
    "<cell id='0' cpus='0-7' memory='18446744073709551615' unit='EiB'/>",
    "<cell id='0' cpus='0-7' memory='1024'><distances><sibling id='0' value='4294967296'/></distances></cell>",
    "<cell id='0' cpus='0-7' memory='1024'><distances><sibling id='18446744073709551617' value='10'/></distances></cell>",
  ])
  func hugeNumbers(cells: String) {
    let report = validate(guest(numa: cells))
    #expect(!report.isValid)
    #expect(report.codes.contains { $0 != .rngInvalid })
  }

  @Test func parserErrorsHaveLineAndColumn() throws {
    let report = validate("<domain type='kvm'>\n  <name>x</name>\n  <vcpu>2</vcp>\n</domain>")
    let finding = try #require(report.diagnostics.first)
    #expect(finding.code == .xmlNotWellFormed)
    #expect(finding.line == 3)
    #expect(finding.column != nil)
  }
}

@Suite("atomic replacement")
struct AtomicFileTests {
  @Test func aFileChangedSinceItWasReadIsNotOverwritten() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("numaschema-atomic-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try "edited by someone else\n".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: WriteError.self) {
      try AtomicFile.replace(path, with: Array("new\n".utf8), unlessChangedFrom: Array("as read\n".utf8))
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "edited by someone else\n")
    try AtomicFile.replace(path, with: Array("new\n".utf8), unlessChangedFrom: Array("edited by someone else\n".utf8))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
  }

  @Test func oversizedInputsAreRefused() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("numaschema-big-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x20, count: 4096))
    #expect(throws: InputError.tooLarge(path: path, limit: 1024)) { try InputSource.file(path).read(limit: 1024) }
    #expect((try? InputSource.file(path).read(limit: 4096))?.count == 4096)
  }
}
