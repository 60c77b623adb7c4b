/// The stable identifier of every kind of finding. The raw value is what users see and what
/// scripts match on: it never changes, and a retired code is never reused.
///
/// Every code is listed, with a failing example, in `docs/diagnostics.md`.
public enum DiagnosticCode: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
  // Reading the document.
  case xmlNotWellFormed = "xml-not-well-formed"
  case xmlExternalEntity = "xml-external-entity"
  case xmlNotADomain = "xml-not-a-domain"
  case xmlNulByte = "xml-nul-byte"
  // The grammar.
  case rngInvalid = "rng-invalid"
  // <cpu><numa> cells.
  case numaNoCells = "numa-no-cells"
  case numaCellIdInvalid = "numa-cell-id-invalid"
  case numaCellIdOutOfRange = "numa-cell-id-out-of-range"
  case numaCellIdDuplicate = "numa-cell-id-duplicate"
  case numaCPUsInvalid = "numa-cpus-invalid"
  case numaCPUsOverlap = "numa-cpus-overlap"
  case numaMemoryMissing = "numa-memory-missing"
  case numaMemoryInvalid = "numa-memory-invalid"
  case numaMemoryUnitInvalid = "numa-memory-unit-invalid"
  case numaMemoryOverflow = "numa-memory-overflow"
  case numaCellZeroMemory = "numa-cell-zero-memory"
  case numaNumberForm = "numa-number-form"
  // <distances>/<sibling>.
  case numaDistancesNoSiblings = "numa-distances-no-siblings"
  case numaSiblingIdInvalid = "numa-sibling-id-invalid"
  case numaSiblingIdUnknown = "numa-sibling-id-unknown"
  case numaSiblingDuplicate = "numa-sibling-duplicate"
  case numaDistanceInvalid = "numa-distance-invalid"
  case numaDistanceOutOfRange = "numa-distance-out-of-range"
  case numaDistanceLocalNot10 = "numa-distance-local-not-10"
  case numaDistanceRemote10 = "numa-distance-remote-10"
  case numaDistanceAsymmetric = "numa-distance-asymmetric"
  case numaDistanceTriangle = "numa-distance-triangle"
  // Cells against the rest of the domain.
  case numaVCPUsExceedCount = "numa-vcpus-exceed-count"
  case numaCPUIdExceedsVCPUs = "numa-cpu-id-exceeds-vcpus"
  case numaVCPUsUnassigned = "numa-vcpus-unassigned"
  case numaMemoryMismatch = "numa-memory-mismatch"
  case vcpuCountInvalid = "vcpu-count-invalid"
  case memoryInvalid = "memory-invalid"
  // <numatune>.
  case numatuneMemnodeCellUnknown = "numatune-memnode-cell-unknown"
  case numatuneMemnodeDuplicate = "numatune-memnode-duplicate"
  case numatuneMemnodeWithoutNUMA = "numatune-memnode-without-numa"
  case numatuneMemnodeAutoPlacement = "numatune-memnode-auto-placement"
  case numatuneMemnodeModeMismatch = "numatune-memnode-mode-mismatch"
  case numatuneNodesetMissing = "numatune-nodeset-missing"
  case numatuneNodesetInvalid = "numatune-nodeset-invalid"
  case memorySizeMissing = "memory-size-missing"
  case numaTooLarge = "numa-too-large"
  case canonicalFullTooLarge = "canonical-full-too-large"
  case canonicalDiffers = "canonical-differs"
  // HMAT: the caches of cells and <numa><interconnects>.
  case numaCacheLevelInvalid = "numa-cache-level-invalid"
  case numaCacheLevelDuplicate = "numa-cache-level-duplicate"
  case numaCacheUnitIgnored = "numa-cache-unit-ignored"
  case numaInterconnectCellUnknown = "numa-interconnect-cell-unknown"
  case numaInterconnectInitiatorNoCPUs = "numa-interconnect-initiator-no-cpus"
  case numaInterconnectCacheUnknown = "numa-interconnect-cache-unknown"
  case numaInterconnectDuplicate = "numa-interconnect-duplicate"
  case numaInterconnectReverse = "numa-interconnect-reverse"
  // <memoryBacking><hugepages>.
  case hugepagesSizeZero = "hugepages-size-zero"
  case hugepagesNodesetInvalid = "hugepages-nodeset-invalid"
  case hugepagesNodeUnknown = "hugepages-node-unknown"
  case hugepagesDefaultDuplicate = "hugepages-default-duplicate"
  case hugepagesNodesetOverlap = "hugepages-nodeset-overlap"
  // Memory devices: <devices><memory>.
  case memoryDeviceNodeUnknown = "memory-device-node-unknown"
  case memoryDeviceNodeWithoutNUMA = "memory-device-node-without-numa"
  case memoryDeviceNodeUnsupported = "memory-device-node-unsupported"
  case memoryDeviceNodemaskInvalid = "memory-device-nodemask-invalid"
  case memoryDeviceInvalid = "memory-device-invalid"
  case memoryDevicesExceedMemory = "memory-devices-exceed-memory"
  case memoryMaxBelowMemory = "memory-max-below-memory"
  // PCI controllers: <devices><controller type='pci'>.
  case pciControllerNodeOnRoot = "pci-controller-node-on-root"
  case pciControllerTargetIndexInvalid = "pci-controller-target-index-invalid"
  // What a hypervisor driver adds (validate --driver).
  case qemuMemoryHotplugWithoutNUMA = "qemu-memory-hotplug-without-numa"
  case qemuMemoryDeviceWithoutMaxMemory = "qemu-memory-device-without-maxmemory"
  case qemuMemorySlotsExceeded = "qemu-memory-slots-exceeded"
  case qemuPCIControllerNodeUnknown = "qemu-pci-controller-node-unknown"
  case qemuPCIControllerNodeNotAllowed = "qemu-pci-controller-node-not-allowed"
  case qemuSharedMemoryWithoutNUMA = "qemu-shared-memory-without-numa"
  case qemuMemoryDeviceNodeMissing = "qemu-memory-device-node-missing"
  case qemuHMATUnsupported = "qemu-hmat-unsupported"
  case qemuVCPUsExceedMachine = "qemu-vcpus-exceed-machine"
  case qemuCPUTopologyMismatch = "qemu-cpu-topology-mismatch"
  case qemuCellMemoryZero = "qemu-cell-memory-zero"
  case qemuAPICIDsNeedKVM = "qemu-apic-ids-need-kvm"
  case qemuHMATBandwidthUnaligned = "qemu-hmat-bandwidth-unaligned"
  case qemuHMATCacheWithoutFigures = "qemu-hmat-cache-without-figures"
  // Converting to xl and QEMU.
  case toXLTooManyVNodes = "to-xl-too-many-vnodes"
  case toXLNotConverted = "to-xl-not-converted"
  case toXLMemoryNotMiB = "to-xl-memory-not-mib"
  case toXLCellWithoutCPUs = "to-xl-cell-without-cpus"
  case toXLCellWithoutMemory = "to-xl-cell-without-memory"
  case toXLMemoryMismatch = "to-xl-memory-mismatch"
  case toXLNotHVM = "to-xl-not-hvm"
  case toQEMUNotConverted = "to-qemu-not-converted"
  case toQEMUTooManyNodes = "to-qemu-too-many-nodes"
  case toQEMUHugetlbfsMissing = "to-qemu-hugetlbfs-missing"
  // Fitting a guest on a host.
  case fitTooManyVNodes = "fit-too-many-vnodes"
  case fitMemory = "fit-memory"
  case fitVCPUs = "fit-vcpus"
  case fitDistances = "fit-distances"
  case fitNumatuneNodeUnknown = "fit-numatune-node-unknown"
  case fitHugePageSize = "fit-hugepage-size"
  case fitHugePages = "fit-hugepages"
  case fitNoPlacement = "fit-no-placement"
  case fitPlanTooLarge = "fit-plan-too-large"
  // Building a guest from a host (from-host).
  case hostInterconnectNotCarried = "host-interconnect-not-carried"
  // Reading Xen xl configs (from-xl).
  case xlSyntax = "xl-syntax"
  case xlUnknownKey = "xl-unknown-key"
  case xlNameMissing = "xl-name-missing"
  case xlValueInvalid = "xl-value-invalid"
  case xlNumberNotDecimal = "xl-number-not-decimal"
  case xlVNUMAFormat = "xl-vnuma-format"
  case xlVNUMAIncomplete = "xl-vnuma-incomplete"
  case xlVNUMAValueInvalid = "xl-vnuma-value-invalid"
  case xlVNUMAPNodeInvalid = "xl-vnuma-pnode-invalid"
  case xlVNUMADistancesCount = "xl-vnuma-distances-count"
  case xlVNUMADistanceInvalid = "xl-vnuma-distance-invalid"
  case xlVNUMAVCPUsOverlap = "xl-vnuma-vcpus-overlap"
  case xlVNUMAVCPUsExceed = "xl-vnuma-vcpus-exceed"
  case xlVNUMAMemoryMismatch = "xl-vnuma-memory-mismatch"
  case xlVNUMAOnPV = "xl-vnuma-pv"
  // Reading QEMU command lines (from-qemu).
  case fromQEMUSyntax = "from-qemu-syntax"
  case fromQEMUArgumentMissing = "from-qemu-argument-missing"
  case fromQEMUOptionInvalid = "from-qemu-option-invalid"
  case fromQEMUJSONInvalid = "from-qemu-json-invalid"
  case fromQEMUValueInvalid = "from-qemu-value-invalid"
  case fromQEMUKeyUnknown = "from-qemu-key-unknown"
  case fromQEMUKeyMissing = "from-qemu-key-missing"
  case fromQEMUSMPInvalid = "from-qemu-smp-invalid"
  case fromQEMUNodeIdDuplicate = "from-qemu-node-id-duplicate"
  case fromQEMUNodeIdOutOfRange = "from-qemu-node-id-out-of-range"
  case fromQEMUNodeIdMissing = "from-qemu-node-id-missing"
  case fromQEMUNodeUnknown = "from-qemu-node-unknown"
  case fromQEMUCPUIndexOutOfRange = "from-qemu-cpu-index-out-of-range"
  case fromQEMUCPUsOverlap = "from-qemu-cpus-overlap"
  case fromQEMUCPUsUnassigned = "from-qemu-cpus-unassigned"
  case fromQEMUMemMemdevMixed = "from-qemu-mem-memdev-mixed"
  case fromQEMUMemdevUnknown = "from-qemu-memdev-unknown"
  case fromQEMUMemdevReused = "from-qemu-memdev-reused"
  case fromQEMUMemoryMismatch = "from-qemu-memory-mismatch"
  case fromQEMUDistanceOutOfRange = "from-qemu-distance-out-of-range"
  case fromQEMUDistanceLocalNot10 = "from-qemu-distance-local-not-10"
  case fromQEMUDistanceMissing = "from-qemu-distance-missing"
  case fromQEMUDistanceAsymmetricIncomplete = "from-qemu-distance-asymmetric-incomplete"
  case fromQEMUHMATInvalid = "from-qemu-hmat-invalid"
  case fromQEMUNotConverted = "from-qemu-not-converted"
  // Inline `<!-- numaschema-disable CODE -->` directives (Diagnostics/Suppression.swift).
  case disableDirectiveInvalid = "disable-directive-invalid"
  case disableDirectiveUnattached = "disable-directive-unattached"

  /// Whether the finding is about what the input says (the guest, the xl config, the QEMU command line), which
  /// `--strict` makes an error when it is a warning; `false` for what a command says about its
  /// own work: a converter leaving something out, how a guest sits on a host, a host's figure.
  public var isAboutTheInput: Bool {
    !["to-xl-", "to-qemu-", "fit-", "host-"].contains(where: rawValue.hasPrefix)
  }

  /// The severity the finding has unless `--strict` turns warnings into errors.
  public var defaultSeverity: Severity {
    switch self {
    case .numaDistanceAsymmetric, .numaSiblingDuplicate, .numaVCPUsUnassigned,
      .numaMemoryMismatch, .numaDistanceTriangle, .numaCellZeroMemory,
      .toXLNotConverted, .toXLMemoryMismatch, .toXLNotHVM, .toQEMUNotConverted,
      .xlUnknownKey, .xlNumberNotDecimal, .xlVNUMAOnPV, .fitDistances, .numaCacheUnitIgnored,
      .numaNumberForm, .xlVNUMAMemoryMismatch, .hostInterconnectNotCarried, .xmlNulByte, .disableDirectiveInvalid,
      .disableDirectiveUnattached, .fromQEMUCPUsUnassigned, .fromQEMUNotConverted:
      return .warning
    default:
      return .error
    }
  }
}
