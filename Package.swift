// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "numaschema",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "numaschema", targets: ["numaschema"]),
    .library(name: "NumaSchemaKit", targets: ["NumaSchemaKit"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    // C libraries from Debian, seen through one small header each.
    .systemLibrary(
      name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
    .systemLibrary(
      name: "CLibXSLT", pkgConfig: "libxslt", providers: [.apt(["libxslt1-dev"])]),
    // What Swift cannot write itself: variadic error callbacks, version branches, macros.
    .target(name: "CNumaSchemaShims", dependencies: ["CLibXML2", "CLibXSLT"]),
    // The grammars and stylesheets, readable in schemas/ and compiled into the binary.
    .target(
      name: "NumaSchemaResources",
      path: "schemas",
      exclude: ["README.md"],
      resources: [
        .embedInCode("basictypes.rng"),
        .embedInCode("cputypes.rng"),
        .embedInCode("domain.rng"),
        .embedInCode("parts.rng"),
        .embedInCode("canonicalize.xsl"),
      ]
    ),
    // The library that does the work: validation, canonicalization, conversion, rendering.
    .target(
      name: "NumaSchemaKit",
      dependencies: ["CLibXML2", "CLibXSLT", "CNumaSchemaShims", "NumaSchemaResources"]
    ),
    // The thin command-line layer.
    .executableTarget(
      name: "numaschema",
      dependencies: [
        "NumaSchemaKit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      // The release binary is position-dependent: a PIE of the static Swift standard library
      // carries 41,500 relative relocations that the loader applies at every start, writing
      // 150 pages of pointers (a third of the cache misses of validating 300 guests, a
      // millisecond of every run). libxml2 and the other shared libraries keep their ASLR.
      linkerSettings: [
        .unsafeFlags(["-Xclang-linker", "-no-pie"], .when(platforms: [.linux], configuration: .release))
      ]
    ),
    .testTarget(name: "NumaSchemaKitTests", dependencies: ["NumaSchemaKit", "CNumaSchemaShims"]),
    .testTarget(name: "NumaSchemaCLITests", dependencies: ["numaschema"]),
  ]
)
