extension InputList {
  /// The guests defined on libvirt connections (`validate --connect URI`), as inputs: each
  /// connection's guests in the order the connections are given (each once), by name on each
  /// (all of them, or with `domains` those of these names, in that order), read through virsh
  /// when the run reads its inputs, so that `--jobs` reads them in parallel. The connections are
  /// listed on up to `jobs` threads. A connection that cannot be listed is a failure in its place;
  /// a name that no connection listed has is a failure after them, as an unreadable input is.
  public init(
    connections given: [LibvirtConnection], domains: [String] = [], jobs: Int = 1,
    limit: Int = InputSource.defaultSizeLimit
  ) {
    let connections = Self.firstOfEach(given)
    let listings = RunState([Result<[String], VirshError>?](repeating: nil, count: connections.count))
    orderedParallelMap(
      connections, jobs: jobs,
      work: { connection -> Result<[String], VirshError> in
        do throws(VirshError) {
          return .success(try connection.guestNames(limit: limit))
        } catch {
          return .failure(error)
        }
      },
      deliver: { index, listing in listings.update { $0[index] = listing } })

    let picked = Self.firstOfEach(domains)
    var entries: [Entry] = []
    var found = Set<String>()
    var listed: [(uri: String, names: [String])] = []
    for (connection, listing) in zip(connections, listings.current) {
      switch listing {
      case .success(let names):
        listed.append((connection.uri, names))
        let chosen = picked.isEmpty ? names : picked.filter(Set(names).contains)
        found.formUnion(chosen)
        entries += chosen.map { .input(.libvirtGuest(LibvirtGuest(connection: connection, name: $0))) }
      case .failure(let error):
        entries.append(
          .unreadable(.libvirt(source: connection.uri, reason: Messages.Libvirt.cannotListGuests(error))))
      case nil:
        break
      }
    }
    if !listed.isEmpty {
      for name in picked where !found.contains(name) {
        entries.append(
          .unreadable(
            .libvirtGuestUnknown(
              name: name, connections: listed.map(\.uri),
              suggestion: Suggestion.closest(to: name, among: listed.flatMap(\.names)))))
      }
    }
    self.init(entries: entries)
  }

  /// The items in order, each at its first place only (a --connect or --domain given twice).
  private static func firstOfEach<Item: Equatable>(_ items: [Item]) -> [Item] {
    items.reduce(into: []) { kept, item in if !kept.contains(item) { kept.append(item) } }
  }
}
