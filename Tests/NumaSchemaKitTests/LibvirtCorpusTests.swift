import Foundation
import Testing

@testable import NumaSchemaKit

/// libvirt's source tree, when the test run has one (`scripts/test` fetches it and sets
/// `LIBVIRT_SRC`); its files are read at test time and never committed.
let libvirtSource: URL? = {
  let candidates = [ProcessInfo.processInfo.environment["LIBVIRT_SRC"]].compactMap { $0 } + [
    ConcurrencyTests.packageRoot.appendingPathComponent(".build/libvirt-src/libvirt-9.0.0").path
  ]
  return candidates.map(URL.init(fileURLWithPath:)).first {
    FileManager.default.fileExists(atPath: $0.appendingPathComponent("tests/xlconfigdata").path)
  }
}()

/// libvirt's Xen vNUMA configs (`tests/xlconfigdata/test-*vnuma*.cfg`) with the domain XML
/// libvirt's xl parser makes of each.
let libvirtVNUMAConfigs: [String] = {
  guard let source = libvirtSource else { return [] }
  let folder = source.appendingPathComponent("tests/xlconfigdata")
  let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
  return names.filter { $0.hasPrefix("test-") && $0.contains("vnuma") && $0.hasSuffix(".cfg") }
    .filter { names.contains(String($0.dropLast(4)) + ".xml") }.sorted()
}()

@Suite("libvirt's own test files", .enabled(if: libvirtSource != nil, "needs libvirt's source tree (LIBVIRT_SRC)"))
struct LibvirtCorpusTests {
  struct NUMAFacts: Equatable {
    var memoryKiB: UInt64?
    var currentMemoryKiB: UInt64?
    var cells: [String]
    var distances: [[Int]]
  }

  func facts(_ xml: String) throws -> NUMAFacts {
    let guest = try #require(validate(xml).guest)
    let numa = try #require(guest.numa)
    return NUMAFacts(
      memoryKiB: guest.memoryKiB, currentMemoryKiB: guest.facts.currentMemoryKiB,
      cells: numa.cells.map { "\($0.id): cpus \($0.cpus), \($0.memoryKiB) KiB" }, distances: numa.distances.rows)
  }

  @Test("from-xl reads every Xen vNUMA config of libvirt's tests as libvirt does", arguments: libvirtVNUMAConfigs)
  func fromXLMatchesLibvirt(name: String) throws {
    let folder = try #require(libvirtSource).appendingPathComponent("tests/xlconfigdata")
    let config = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
    let expected = try String(contentsOf: folder.appendingPathComponent(String(name.dropLast(4)) + ".xml"), encoding: .utf8)
    let result = XLImport.domain(bytes: config, file: name, validator: sharedValidator)
    let output = try #require(result.output, "from-xl refused it: \(result.diagnostics.map(\.message))")
    #expect(try facts(output) == facts(expected))
  }

  @Test("a config xl refuses but libvirt converts (maxmem below the vnodes) is a warning, an error with --strict")
  func autocompleteIsConvertedWithAWarning() throws {
    let folder = try #require(libvirtSource).appendingPathComponent("tests/xlconfigdata")
    let config = try [UInt8](Data(contentsOf: folder.appendingPathComponent("test-fullvirt-vnuma-autocomplete.cfg")))
    let lenient = XLImport.domain(bytes: config, file: "autocomplete.cfg", validator: sharedValidator)
    #expect(lenient.output != nil)
    let mismatch = try #require(lenient.diagnostics.first { $0.code == .xlVNUMAMemoryMismatch })
    #expect(mismatch.severity == .warning)
    #expect(mismatch.message.contains("xl refuses this"))
    var strict = sharedValidator
    strict.strict = true
    let refused = XLImport.domain(bytes: config, file: "autocomplete.cfg", validator: strict)
    #expect(refused.output == nil)
    #expect(refused.diagnostics.contains { $0.code == .xlVNUMAMemoryMismatch && $0.severity == .error })
  }
}
