/// The grammars (and, later, stylesheets) of `schemas/`, compiled into the binary.
///
/// SwiftPM turns each `.embedInCode` resource into a `PackageResources` byte array; this type
/// names them by file name so that the library can serve `<include href="…">` from memory.
public enum EmbeddedSchemas {
  /// Every embedded file, by its file name in `schemas/`.
  public static let files: [String: [UInt8]] = [
    "basictypes.rng": PackageResources.basictypes_rng,
    "cputypes.rng": PackageResources.cputypes_rng,
    "domain.rng": PackageResources.domain_rng,
    "parts.rng": PackageResources.parts_rng,
    "canonicalize.xsl": PackageResources.canonicalize_xsl,
  ]

  /// The name of the top-level domain grammar.
  public static let domainGrammar = "domain.rng"

  /// The stylesheet that puts a guest in canonical form.
  public static let canonicalizeStylesheet = "canonicalize.xsl"

  /// The grammar of the strict children of `<domain>` on their own, used to explain a failure.
  public static let partsGrammar = "parts.rng"

  /// The children of `<domain>` that `parts.rng` can validate alone.
  public static let strictChildren: Set<String> = [
    "name", "uuid", "memory", "currentMemory", "maxMemory", "memoryBacking", "vcpu", "vcpus",
    "cputune", "numatune", "cpu", "os", "features", "devices",
  ]
}
