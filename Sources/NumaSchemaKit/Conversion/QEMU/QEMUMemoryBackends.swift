/// The memory backend objects of a guest as libvirt 9.0.0's QEMU driver builds them
/// (`qemuBuildMemoryBackendProps`, `qemuBuildMemoryGetPagesize`, `qemuBuildThreadContextProps`
/// in `src/qemu/qemu_command.c`): one per cell (`ram-nodeN`) and one per memory device
/// (`memALIAS`), of the type the guest's backing asks for, with its members in libvirt's order.
struct QEMUMemoryBackends {
  let guest: GuestDefinition
  let host: QEMUHostSettings
  let version: QEMUVersion
  /// `-mem-prealloc` is on the command line (old machine types without backends for cells):
  /// the backends then say nothing of preallocation.
  var preallocatedByCommandLine = false

  /// A backend that cannot be written: no hugetlbfs mount serves the page size it needs.
  struct MissingMount: Error {
    var pageSizeKiB: UInt64
  }

  /// The huge pages behind a cell or a device: their size (0 for the host's normal pages),
  /// whether they are required by a nodeset or the device itself (`needHugepage`) or merely
  /// inherited from the default `<page>` (`useHugepage`), and whether the memory is allocated
  /// up front.
  struct Pages {
    var sizeKiB: UInt64 = 0
    var required = false
    var used = false
    var preallocated = false
  }

  /// x86's normal page size, in KiB: a `<page>` of this size means no huge pages.
  static let systemPageSizeKiB: UInt64 = 4

  var backing: MemoryBacking? { guest.references.memoryBacking }

  func pages(for device: MemoryDevice?, cell: Int?) throws(MissingMount) -> Pages {
    var pages = Pages()
    pages.sizeKiB = device?.pageSizeKiB ?? 0
    pages.required = pages.sizeKiB != 0
    pages.used = pages.required
    if pages.sizeKiB == 0, let (page, byNodeset) = backing?.page(forCell: cell) {
      pages.sizeKiB = page.sizeKiB
      pages.required = byNodeset
      pages.used = true
    }
    if pages.sizeKiB == Self.systemPageSizeKiB {
      pages = Pages()
    } else if pages.used && pages.sizeKiB == 0 {
      guard let size = host.defaultPageSizeKiB else { throw MissingMount(pageSizeKiB: 0) }
      pages.sizeKiB = size
    }
    if backing?.allocatesImmediately == true { pages.preallocated = true }
    if let device, device.path != nil, ["nvdimm", "virtio-pmem"].contains(device.model) {
      if !device.pmem && device.model != "virtio-pmem" { pages.preallocated = true }
    } else if pages.used {
      pages.preallocated = true
    }
    return pages
  }

  /// The host path of hugepage-backed memory: `MOUNT/libvirt/qemu/ID-NAME`.
  func hugepagePath(pageSizeKiB: UInt64) throws(MissingMount) -> String {
    guard let mount = host.mount(forPageSizeKiB: pageSizeKiB) else { throw MissingMount(pageSizeKiB: pageSizeKiB) }
    return "\(mount.path)/libvirt/qemu/\(host.shortName(of: guest.name))"
  }

  /// The host path of file-backed memory: `MEMORY_BACKING_DIR/ID-NAME/ALIAS`.
  func memoryBackingPath(alias: String) -> String {
    "\(host.memoryBackingDirectory)/\(host.shortName(of: guest.name))/\(alias)"
  }

  /// The backend of a cell or device: `alias`, its size, the cell it belongs to, the device
  /// (nil for a cell). `forced` backends are written even when plain RAM would do (devices).
  /// Returns the thread-context object that preallocates it on its host nodes (QEMU 7.2), the
  /// backend, and whether anything asked for a backend (libvirt's return value 0 versus 1).
  /// `systemMemory` is the machine's whole RAM of a guest without cells.
  func backend(
    alias: String, sizeKiB: UInt64, cell: Int?, device: MemoryDevice?, forced: Bool, systemMemory: Bool = false
  ) throws(MissingMount) -> (threadContext: QEMUObject?, backend: QEMUObject, needed: Bool) {
    let cellDefinition = cell.flatMap { id in guest.numa?.cells.first { $0.id == id } }
    var access = device?.access
    var discard = device?.discard
    if let cellDefinition {
      if access == nil { access = cellDefinition.memAccess }
      if discard == nil { discard = cellDefinition.discard }
    }
    if access == nil { access = backing?.accessMode }
    if discard == nil, backing?.discard == true { discard = "yes" }
    let numatune = guest.references.numatune
    let memnode = cell.flatMap { numatune?.memnodes[$0] }
    let mode = memnode?.mode ?? numatune?.mode ?? "strict"
    let pages = try pages(for: device, cell: cell)
    let source = backing?.sourceType
    let devicePath = device.flatMap { ["nvdimm", "virtio-pmem"].contains($0.model) ? $0.path : nil }

    var object = QEMUObject()
    let type: String
    if device?.model == "sgx-epc" {
      type = "memory-backend-epc"
    } else if devicePath == nil && source == "memfd" {
      type = "memory-backend-memfd"
      if pages.used {
        object.add("hugetlb", .bool(true))
        object.add("hugetlbsize", .number(pages.sizeKiB << 10))
      }
      object.add("share", Self.share(access))
      if systemMemory { object.add("x-use-canonical-path-for-ramblock-id", .bool(false)) }
    } else if pages.used || devicePath != nil || access != nil || source == "file" {
      type = "memory-backend-file"
      let path: String
      if let devicePath {
        path = devicePath
      } else if pages.used {
        path = try hugepagePath(pageSizeKiB: pages.sizeKiB)
      } else {
        // Named after the device (dimm1), or the cell's backend (ram-node0).
        path = memoryBackingPath(alias: device == nil ? alias : String(alias.dropFirst("mem".count)))
      }
      object.add("mem-path", .string(path))
      if devicePath == nil { object.add("discard-data", discard.map { .bool($0 == "yes") }) }
      object.add("share", Self.share(access))
      // A file-backed machine RAM keeps the RAM block name QEMU gives its own (migration).
      if systemMemory { object.add("x-use-canonical-path-for-ramblock-id", .bool(false)) }
    } else {
      type = "memory-backend-ram"
    }
    if device?.model == "virtio-mem" {
      if version < Self.virtioMemPrealloc && preallocatedByCommandLine { object.add("prealloc", .bool(false)) }
      if version >= Self.backendReserve { object.add("reserve", .bool(false)) }
    } else if !preallocatedByCommandLine {
      if pages.preallocated || device?.model == "sgx-epc" { object.add("prealloc", .bool(true)) }
      object.add("prealloc-threads", backing?.allocationThreads.map { .number(UInt64($0)) })
    }
    object.add("size", .number(sizeKiB.multipliedReportingOverflow(by: 1024).partialValue))
    if let align = device?.alignSizeKiB, align > 0 { object.add("align", .number(align * 1024)) }
    if device?.pmem == true { object.add("pmem", .bool(true)) }
    let hostNodes: CPUSet? =
      device?.sourceNodemask ?? memnode?.nodeset
      ?? (numatune?.mode != nil && numatune?.placement != "auto" ? numatune?.nodeset : nil)
    if let hostNodes, mode != "restrictive" {
      object.add("host-nodes", .numbers(hostNodes.ids))
      object.add("policy", .string(Self.policy(mode)))
    }
    let needed =
      pages.required || device?.sourceNodemask != nil || memnode != nil || devicePath != nil || access != nil
      || source == "file" || source == "memfd" || forced
    var members: [(String, QEMUObject.Value)] = [("qom-type", .string(type)), ("id", .string(alias))]
    members += object.members.map { ($0.key, $0.value) }
    var backend = QEMUObject(members)
    var threadContext: QEMUObject?
    if version >= Self.threadContext, case .numbers(let nodes)? = backend["host-nodes"],
      backend["prealloc"] == .bool(true)
    {
      threadContext = QEMUObject([
        ("qom-type", .string("thread-context")), ("id", .string("tc-\(alias)")), ("node-affinity", .numbers(nodes)),
      ])
      backend.add("prealloc-context", .string("tc-\(alias)"))
    }
    return (threadContext, backend, needed)
  }

  static func share(_ access: String?) -> QEMUObject.Value? {
    switch access {
    case "shared": return .bool(true)
    case "private": return .bool(false)
    default: return nil
    }
  }

  /// QEMU's name of a `<numatune>` mode (`qemuNumaPolicyTypeToString`).
  static func policy(_ mode: String) -> String { mode == "strict" ? "bind" : mode }

  /// The first QEMU with `thread-context` objects.
  static let threadContext = QEMUVersion(major: 7, minor: 2)
  /// The first QEMU whose virtio-mem-pci preallocates itself.
  static let virtioMemPrealloc = QEMUVersion(major: 7, minor: 0)
  /// The first QEMU with the `reserve` property of memory backends.
  static let backendReserve = QEMUVersion(major: 6, minor: 1)
}
