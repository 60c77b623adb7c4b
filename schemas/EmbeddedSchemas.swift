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
  ]

  /// The name of the top-level domain grammar.
  public static let domainGrammar = "domain.rng"
}
