/// A libvirt connection (`qemu:///system`, `qemu+ssh://host/system`, `test:///default`) as a
/// source of guests and of a host: what numaschema reads from it, asked through `Virsh`.
public struct LibvirtConnection: Sendable, Equatable {
  /// The connection URI, as virsh takes it (an alias of libvirt.conf's `uri_aliases` too).
  public var uri: String
  public var virsh: Virsh

  public init(uri: String, virsh: Virsh = .standard) {
    self.uri = uri
    self.virsh = virsh
  }

  /// Whether a host source names a libvirt connection rather than a file or folder: it has
  /// `://`, as every libvirt URI with a transport or a path has (`qemu:///system`).
  public static func isURI(_ source: String) -> Bool { source.contains("://") }

  /// The names of the guests, sorted (so runs over a changing host list them alike): every
  /// defined one (`virsh list --all --name`), or only those that are active (`list --name`:
  /// running or paused, holding their memory and CPUs).
  public func guestNames(activeOnly: Bool = false, limit: Int = InputSource.defaultSizeLimit) throws(VirshError)
    -> [String]
  {
    let bytes = try virsh.run(["list", "--name"] + (activeOnly ? [] : ["--all"]), on: uri, limit: limit)
    // One name a line: libvirt refuses a newline in a name.
    return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
      .filter { !$0.isEmpty }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }

  /// A guest's definition as libvirt keeps it: the inactive one (`dumpxml --inactive`), what
  /// the guest boots with next; or, with `live`, what a running guest runs with (`dumpxml`).
  public func definition(of name: String, live: Bool = false, limit: Int = InputSource.defaultSizeLimit)
    throws(VirshError) -> [UInt8]
  {
    // --domain NAME: the name is the option's value whatever it looks like (`--inactive`, `-x`).
    try virsh.run(["dumpxml"] + (live ? [] : ["--inactive"]) + ["--domain", name], on: uri, limit: limit)
  }

  /// The host: its NUMA cells from `virsh capabilities` (read as a capabilities file is), each
  /// cell's free memory from `virsh freecell --all` (bytes, which virsh prints in KiB). A
  /// connection whose driver cannot tell free memory gives the totals, as a capabilities file does.
  public func hostTopology(limit: Int = InputSource.defaultSizeLimit) throws(HostTopologyError) -> HostTopology {
    let capabilities: [UInt8]
    do throws(VirshError) {
      capabilities = try virsh.run(["capabilities"], on: uri, limit: limit)
    } catch {
      throw HostTopologyError(source: uri, reason: error.description)
    }
    var host = try CapabilitiesReader.read(capabilities, source: uri)
    guard let free = try? virsh.run(["freecell", "--all"], on: uri, limit: limit) else { return host }
    for (id, kib) in try Self.freeMemory(String(decoding: free, as: UTF8.self), source: uri) {
      guard let index = host.nodes.firstIndex(where: { $0.id == id }) else {
        throw HostTopologyError(source: uri, reason: Messages.Libvirt.freecellUnknownNode(id))
      }
      host.nodes[index].freeMemoryKiB = kib
    }
    return try host.checked()
  }

  /// `virsh --quiet freecell --all`: a line `    0:    2048 KiB` per cell.
  static func freeMemory(_ text: String, source: String) throws(HostTopologyError) -> [(node: Int, kib: UInt64)] {
    var cells: [(node: Int, kib: UInt64)] = []
    for line in text.split(separator: "\n") where !line.trimmingWhitespace().isEmpty {
      let parts = line.split(separator: ":", maxSplits: 1)
      let figure = parts.count == 2 ? parts[1].trimmingWhitespace() : ""
      guard figure.hasSuffix(" KiB"),
        let kib = try? MemoryUnit.parseUnsigned(String(figure.dropLast(" KiB".count)).trimmingWhitespace())
      else {
        throw HostTopologyError(source: source, reason: Messages.Libvirt.notAFreecellLine(String(line)))
      }
      let node = try HostCPUList.id(
        parts[0].trimmingWhitespace(), limit: HostTopology.nodeIdLimit, what: Messages.Libvirt.freecellNode,
        source: source)
      cells.append((node, kib))
    }
    return cells
  }
}

/// One guest of a libvirt connection, read as an input: findings name it `URI/NAME`.
public struct LibvirtGuest: Sendable, Equatable {
  public var connection: LibvirtConnection
  public var name: String
  /// Read the running guest's live definition (`dumpxml`) rather than its inactive one.
  public var live: Bool

  public init(connection: LibvirtConnection, name: String, live: Bool = false) {
    self.connection = connection
    self.name = name
    self.live = live
  }

  /// `URI/NAME`, as findings and verdicts name the guest.
  public var displayName: String { connection.uri + "/" + name }

  /// The definition, at most `limit` bytes. It must be the guest of that name: virsh looks a
  /// name that is a number up as a running guest's id first, and another guest read in its
  /// place would be judged under this one's name.
  func read(limit: Int) throws(InputError) -> [UInt8] {
    let bytes: [UInt8]
    do throws(VirshError) {
      bytes = try connection.definition(of: name, live: live, limit: limit)
    } catch {
      throw .libvirt(source: displayName, reason: Messages.Libvirt.cannotReadDefinition(error))
    }
    let parsed = ParsedDocument.parse(bytes, file: displayName)
    if let found = parsed.document?.rootElement()?.firstChild(named: "name")?.text, found != name {
      throw .libvirt(source: displayName, reason: Messages.Libvirt.otherGuestRead(found))
    }
    return bytes
  }
}
