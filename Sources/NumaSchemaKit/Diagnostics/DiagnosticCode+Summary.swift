extension DiagnosticCode {
  /// The one-sentence summary of what the finding means, in the user's terms: plain text (no
  /// markdown), a capital first and a period last, at most 100 characters, distinct for every code.
  /// It is used where a short description is needed, such as the `shortDescription` of the rules
  /// of SARIF output (`tool.driver.rules[]`).
  ///
  /// `docs/diagnostics.md` has the full description of every code, with failing examples; each
  /// finding's message says what is wrong in that one place. A new code without a summary does not
  /// compile: the switch has no `default`.
  public var summary: String {
    switch self {
    // Reading the document.
    case .xmlNotWellFormed: return "The input is not well-formed XML."
    case .xmlExternalEntity: return "The document declares an external entity, which is never loaded."
    case .xmlNotADomain:
      return "The input is not a guest domain: its root is not <domain>, or another command reads it."
    case .xmlNulByte: return "A NUL byte follows the document; libvirt does not read the bytes after it."
    // The grammar.
    case .rngInvalid: return "The document does not match libvirt's domain grammar."
    // <cpu><numa> cells.
    case .numaNoCells: return "The <numa> element has no <cell>."
    case .numaCellIdInvalid: return "A cell's id is not an unsigned integer."
    case .numaCellIdOutOfRange: return "A cell's id is outside 0 to N-1 for a guest of N cells."
    case .numaCellIdDuplicate: return "Two cells have the same id."
    case .numaCPUsInvalid: return "A cell's cpus list does not parse as a libvirt cpuset."
    case .numaCPUsOverlap: return "A vCPU is listed in more than one NUMA cell."
    case .numaMemoryMissing: return "A cell has no memory attribute."
    case .numaMemoryInvalid: return "A cell's memory is not an unsigned integer."
    case .numaMemoryUnitInvalid: return "A cell's memory unit is not one libvirt knows."
    case .numaMemoryOverflow: return "A cell's memory size or an HMAT bandwidth is too large for libvirt."
    case .numaCellZeroMemory: return "A cell has no memory, which newer QEMU machine types and Xen refuse."
    case .numaNumberForm: return "A number is written with a leading zero or blank, a form that is easily misread."
    // <distances>/<sibling>.
    case .numaDistancesNoSiblings: return "A <distances> element has no <sibling>."
    case .numaSiblingIdInvalid: return "A <sibling> id is missing or not an unsigned integer."
    case .numaSiblingIdUnknown: return "A <sibling> names a cell the guest does not have."
    case .numaSiblingDuplicate: return "A cell gives its distance to one sibling more than once; the last value wins."
    case .numaDistanceInvalid: return "A distance value is missing or not an unsigned integer."
    case .numaDistanceOutOfRange: return "A NUMA distance is outside libvirt's range of 10 to 255."
    case .numaDistanceLocalNot10: return "A cell's distance to itself is not 10."
    case .numaDistanceRemote10: return "A distance between two different cells is 10, the local distance."
    case .numaDistanceAsymmetric:
      return "Two cells give each other different distances, so the distance table is asymmetric."
    case .numaDistanceTriangle: return "A direct distance is longer than a detour through another cell."
    // Cells against the rest of the domain.
    case .numaVCPUsExceedCount: return "The cells hold more vCPUs than <vcpu> gives the guest."
    case .numaCPUIdExceedsVCPUs: return "A cell lists a vCPU id at or above the <vcpu> count."
    case .numaVCPUsUnassigned:
      return "Some vCPUs are in no cell: libvirt's QEMU driver puts them in cell 0, libxl refuses them."
    case .numaMemoryMismatch:
      return "The <memory> size differs from the sum of the cells (and memory devices), which libvirt uses."
    case .vcpuCountInvalid: return "The <vcpu> count is not a positive integer."
    case .memoryInvalid: return "The <memory> element is not a valid size."
    // <numatune>.
    case .numatuneMemnodeCellUnknown: return "A <memnode> cellid names no guest cell or is not a number."
    case .numatuneMemnodeDuplicate: return "Two <memnode> elements are given for the same cell."
    case .numatuneMemnodeWithoutNUMA: return "A <memnode> is given on a guest without NUMA cells."
    case .numatuneMemnodeAutoPlacement: return "A <memnode> is combined with automatic NUMA placement."
    case .numatuneMemnodeModeMismatch: return "A <memnode> is not restrictive while the <numatune> memory mode is."
    case .numatuneNodesetMissing: return "The <numatune> memory has static placement but no nodeset."
    case .numatuneNodesetInvalid: return "A <numatune> nodeset does not parse or names no host node."
    case .memorySizeMissing: return "The guest has no memory: no <memory> (or 0) and every cell of size 0."
    case .numaTooLarge: return "The <numa> element or a <distances> has more than 16,384 entries, too many to check."
    case .canonicalFullTooLarge:
      return "The guest has too many cells for canonicalize to write its full distance matrix."
    case .canonicalDiffers: return "The guest is valid but not in numaschema's canonical form."
    // HMAT: the caches of cells and <numa><interconnects>.
    case .numaCacheLevelInvalid: return "A cell's memory-side cache level is not 1, 2 or 3."
    case .numaCacheLevelDuplicate: return "A cell has two memory-side caches of the same level."
    case .numaCacheUnitIgnored:
      return "A cache's size or line unit is ignored by libvirt 9.0.0, which reads the value in KiB or bytes."
    case .numaInterconnectCellUnknown: return "An interconnect's initiator or target names no cell."
    case .numaInterconnectInitiatorNoCPUs: return "An interconnect's initiator is a cell without vCPUs."
    case .numaInterconnectCacheUnknown: return "An interconnect names a cache level that its target cell does not have."
    case .numaInterconnectDuplicate: return "The same latency or bandwidth figure is given twice."
    case .numaInterconnectReverse:
      return "Two cells have interconnect figures both ways; libvirt takes a link in one direction."
    // <memoryBacking><hugepages>.
    case .hugepagesSizeZero: return "A huge page size is zero."
    case .hugepagesNodesetInvalid: return "A huge page nodeset names no cell."
    case .hugepagesNodeUnknown: return "A huge page nodeset names a cell the guest does not have."
    case .hugepagesDefaultDuplicate: return "More than one huge page size is given as the default (without a nodeset)."
    case .hugepagesNodesetOverlap: return "A cell is given more than one huge page size."
    // Memory devices: <devices><memory>.
    case .memoryDeviceNodeUnknown: return "A memory device targets a guest cell that does not exist."
    case .memoryDeviceNodeWithoutNUMA: return "A memory device targets a cell on a guest without NUMA cells."
    case .memoryDeviceNodeUnsupported: return "A virtio-pmem memory device has a target node, but belongs to no cell."
    case .memoryDeviceNodemaskInvalid: return "A memory device's host nodemask names no node."
    case .memoryDeviceInvalid: return "A memory device breaks a rule of its model, such as a missing source path."
    case .memoryDevicesExceedMemory:
      return "The memory devices add up to more than the given <memory>, which counts them."
    case .memoryMaxBelowMemory: return "The <maxMemory> hotplug ceiling is below the guest's memory."
    // PCI controllers: <devices><controller type='pci'>.
    case .pciControllerNodeOnRoot:
      return "The root PCI controller is given a NUMA node, though the root bus belongs to none."
    case .pciControllerTargetIndexInvalid:
      return "A PCI host bridge has a target index libvirt refuses (0 to 30, and 0 only for index 0)."
    // What a hypervisor driver adds (validate --driver).
    case .qemuMemoryHotplugWithoutNUMA:
      return "The guest enables memory hotplug without NUMA cells, which QEMU needs for it."
    case .qemuMemoryDeviceWithoutMaxMemory: return "A memory device is given on a guest without <maxMemory>."
    case .qemuMemorySlotsExceeded: return "There are more memory devices than <maxMemory> slots."
    case .qemuPCIControllerNodeUnknown: return "A PCI controller's NUMA node names no guest cell."
    case .qemuPCIControllerNodeNotAllowed:
      return "A PCI controller of a model QEMU cannot put on a NUMA node has a node."
    case .qemuSharedMemoryWithoutNUMA:
      return "Shared huge page memory on a guest without cells, which QEMU before 5.0 cannot back."
    case .qemuMemoryDeviceNodeMissing: return "A memory device on a guest with cells does not name its cell."
    case .qemuHMATUnsupported: return "The guest has HMAT, which QEMU before 5.0 does not support."
    case .qemuVCPUsExceedMachine: return "The guest has more vCPUs than its x86 machine type takes."
    case .qemuCPUTopologyMismatch:
      return "The <topology> sockets, dies, cores and threads do not multiply to the vCPU count."
    case .qemuCellMemoryZero: return "A cell without memory gets a memory backend of size 0, which QEMU refuses."
    case .qemuAPICIDsNeedKVM: return "The vCPUs get x86 APIC ids above 254, which QEMU takes only with KVM."
    case .qemuHMATBandwidthUnaligned: return "An HMAT bandwidth is not a whole number of MiB/s, which QEMU refuses."
    case .qemuHMATCacheWithoutFigures:
      return "A cell has a memory-side cache without both a latency and a bandwidth that target it."
    // Converting to xl and QEMU.
    case .toXLTooManyVNodes: return "The guest has more cells than to-xl writes into an xl config (1,024)."
    case .toXLNotConverted: return "Part of the guest is not carried into the xl config."
    case .toXLMemoryNotMiB: return "A cell's memory is not a whole number of MiB, as xl vnode sizes must be."
    case .toXLCellWithoutCPUs: return "A cell has no vCPUs, which every xl vnode needs."
    case .toXLCellWithoutMemory: return "A cell has no memory, and every xl vnode needs a size."
    case .toXLMemoryMismatch: return "The maxmem written from <memory> differs from the vnodes' sum, which xl refuses."
    case .toXLNotHVM: return "The guest's OS type is not HVM or PVH, the only guests Xen gives vNUMA to."
    case .toQEMUNotConverted: return "Part of the guest's NUMA meaning is not carried into the QEMU command line."
    case .toQEMUTooManyNodes: return "The guest has more than 128 cells, more NUMA nodes than QEMU accepts."
    case .toQEMUHugetlbfsMissing: return "No hugetlbfs mount serves a huge page size the guest uses."
    // Fitting a guest on a host.
    case .fitTooManyVNodes: return "Under --policy libxl, the guest has more cells than the host has nodes."
    case .fitMemory: return "A host node has less memory than the guest cells placed on it need."
    case .fitVCPUs: return "A host node has fewer CPUs than a guest cell placed on it needs."
    case .fitDistances: return "Under --policy libxl, the guest's distances differ from those of its host nodes."
    case .fitNumatuneNodeUnknown: return "The guest's <numatune> binds memory to a node the host does not have."
    case .fitHugePageSize: return "The guest uses a huge page size the host does not offer."
    case .fitHugePages: return "No host node a cell may use has enough free huge pages for it."
    case .fitNoPlacement: return "No placement puts each guest cell on a host node of its own."
    case .fitPlanTooLarge: return "The guest (over 128 cells) or the host (over 1,024 nodes) is too large to plan."
    // Building a guest from a host (from-host).
    case .hostInterconnectNotCarried: return "A host HMAT figure is left out of the guest that from-host builds."
    // Reading Xen xl configs (from-xl).
    case .xlSyntax: return "The xl config is not valid xl syntax."
    case .xlUnknownKey: return "An xl key is not converted into the domain XML."
    case .xlNameMissing: return "The xl config has no name."
    case .xlValueInvalid: return "A converted xl key has a value that xl or libvirt refuses."
    case .xlNumberNotDecimal: return "An xl number is written in octal or hex, which xl and libvirt read differently."
    case .xlVNUMAFormat: return "The vnuma setting is not a list of lists of KEY=VALUE strings."
    case .xlVNUMAIncomplete: return "A vnode lacks pnode, size or vcpus."
    case .xlVNUMAValueInvalid: return "A vnode's size or vcpus does not parse."
    case .xlVNUMAPNodeInvalid: return "A vnode's pnode is not a number below the number of vnodes."
    case .xlVNUMADistancesCount: return "A vnode's vdistances does not give one value per vnode."
    case .xlVNUMADistanceInvalid:
      return "A vnode distance is outside 10 to 255, not 10 to itself, or 10 to another vnode."
    case .xlVNUMAVCPUsOverlap: return "A vCPU is listed in more than one vnode."
    case .xlVNUMAVCPUsExceed: return "The vnodes list more vCPUs, or higher vCPU ids, than the guest may have."
    case .xlVNUMAMemoryMismatch: return "The xl maxmem differs from the sum of the vnode sizes, which xl refuses."
    case .xlVNUMAOnPV: return "The xl config gives vnuma to a PV guest, which Xen does not support."
    // Reading QEMU command lines (from-qemu).
    case .fromQEMUSyntax: return "The QEMU command line does not read as shell words without running anything."
    case .fromQEMUArgumentMissing: return "An option that takes an argument ends the QEMU command line."
    case .fromQEMUOptionInvalid: return "QEMU has no such option, or no such -numa type."
    case .fromQEMUJSONInvalid: return "The JSON argument of -object or -device does not parse."
    case .fromQEMUValueInvalid: return "A value on the QEMU command line is not what its key takes."
    case .fromQEMUKeyUnknown: return "A -numa, -m or -smp option is given a parameter it does not have."
    case .fromQEMUKeyMissing: return "A parameter that QEMU requires is missing."
    case .fromQEMUSMPInvalid: return "The -smp topology does not add up as QEMU completes it."
    case .fromQEMUNodeIdDuplicate: return "Two -numa node options declare the same node."
    case .fromQEMUNodeIdOutOfRange: return "A NUMA node id is 128 or more, or there are more than 128 nodes."
    case .fromQEMUNodeIdMissing: return "The NUMA node ids have a gap."
    case .fromQEMUNodeUnknown: return "An option names a NUMA node that no earlier -numa node declares."
    case .fromQEMUCPUIndexOutOfRange: return "A NUMA node lists a CPU index that is not below maxcpus."
    case .fromQEMUCPUsOverlap: return "A CPU is assigned to two NUMA nodes."
    case .fromQEMUCPUsUnassigned: return "Some CPUs are in no NUMA node, so QEMU puts them on node 0."
    case .fromQEMUMemMemdevMixed: return "The NUMA nodes mix mem= and memdev=."
    case .fromQEMUMemdevUnknown: return "A memdev= names no memory backend object."
    case .fromQEMUMemdevReused: return "One memory backend is used by two nodes, or by a node and a memory device."
    case .fromQEMUMemoryMismatch: return "The NUMA nodes' memory does not add up to the RAM size of -m."
    case .fromQEMUDistanceOutOfRange: return "A -numa dist value is below 10."
    case .fromQEMUDistanceLocalNot10: return "A node's -numa dist to itself is not 10."
    case .fromQEMUDistanceMissing: return "A pair of nodes has no distance in either direction, while others do."
    case .fromQEMUDistanceAsymmetricIncomplete:
      return "Asymmetric distances are given without both directions of every node pair."
    case .fromQEMUHMATInvalid: return "An HMAT option (hmat-lb, hmat-cache, initiator=) is one QEMU refuses."
    case .fromQEMUNotConverted: return "Part of the QEMU command line cannot be said in domain XML as given."
    // Inline `<!-- numaschema-disable CODE -->` directives.
    case .disableDirectiveInvalid:
      return "An inline disable directive is misspelt, or names no code, an unknown code or an error's code."
    case .disableDirectiveUnattached:
      return "An inline disable directive is followed by no element, so it silences nothing."
    }
  }
}
