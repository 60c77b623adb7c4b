// swift-tools-version:6.1
// libFuzzer targets for numaschema, kept out of the main package so they never slow its build.
// Build and run them with scripts/fuzz (see docs/security.md); the sanitizer flags are passed on
// the command line so that NumaSchemaKit itself is instrumented too, not only these targets.
//
// SwiftPM links an executable's entry point as `main` (`--defsym main=<Module>_main`), so
// libFuzzer's own `main` never runs: each target's main.swift starts libFuzzer's driver itself
// (`LLVMFuzzerRunDriver`, declared by CLibFuzzer) over its `LLVMFuzzerTestOneInput`.
import PackageDescription

let package = Package(
  name: "numaschema-fuzz",
  dependencies: [
    .package(name: "numaschema", path: "..")
  ],
  targets: [
    // The declaration of libFuzzer's driver entry point.
    .target(name: "CLibFuzzer"),
    // bytes → validate; when valid: canonicalize (full, minimal, asis), to-xl, to-qemu, show.
    .executableTarget(
      name: "FuzzXMLPipeline",
      dependencies: ["CLibFuzzer", .product(name: "NumaSchemaKit", package: "numaschema")]
    ),
    // bytes → from-xl (the xl config parser, then the importer and canonical form).
    .executableTarget(
      name: "FuzzXLConfig",
      dependencies: ["CLibFuzzer", .product(name: "NumaSchemaKit", package: "numaschema")]
    ),
    // bytes → from-qemu (the shell/NUL word reader, QEMU's option syntax and JSON, the importer and
    // canonical form).
    .executableTarget(
      name: "FuzzQEMUCommandLine",
      dependencies: ["CLibFuzzer", .product(name: "NumaSchemaKit", package: "numaschema")]
    ),
    // bytes → CPUSet(parsing:), and the canonical text parses back to the same set.
    .executableTarget(
      name: "FuzzCPUSet",
      dependencies: ["CLibFuzzer", .product(name: "NumaSchemaKit", package: "numaschema")]
    ),
    // What the host targets share: from-host and fit of a host topology a reader accepted.
    .target(
      name: "FuzzHostSupport",
      dependencies: [.product(name: "NumaSchemaKit", package: "numaschema")]
    ),
    // bytes → numactl -H reader, then from-host and fit.
    .executableTarget(
      name: "FuzzNumactl",
      dependencies: ["CLibFuzzer", "FuzzHostSupport", .product(name: "NumaSchemaKit", package: "numaschema")]
    ),
    // bytes → capabilities XML reader, then from-host and fit.
    .executableTarget(
      name: "FuzzCapabilities",
      dependencies: ["CLibFuzzer", "FuzzHostSupport", .product(name: "NumaSchemaKit", package: "numaschema")]
    ),
    // bytes → a small sysfs tree in a fresh folder → sysfs reader, then from-host and fit.
    .executableTarget(
      name: "FuzzSysfs",
      dependencies: ["CLibFuzzer", "FuzzHostSupport", .product(name: "NumaSchemaKit", package: "numaschema")]
    ),
  ]
)
