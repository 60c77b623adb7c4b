/// How two guests' NUMA topologies differ in meaning: cells added or removed, cpus and memory
/// changed, and the distances of the completed matrices (so a distance given explicitly and the
/// same distance reached by mirroring or by the defaults are equal).
///
/// Distances to or from a cell that only one side has are not listed: the cell's own line says it.
public struct TopologyDiff: Sendable, Equatable {
  /// An old value and the new one.
  public struct Change<Value: Sendable & Equatable>: Sendable, Equatable {
    public var old: Value
    public var new: Value

    public init(old: Value, new: Value) {
      self.old = old
      self.new = new
    }
  }

  /// What changed in a cell both sides have; `nil` where that part is the same.
  public struct CellChange: Sendable, Equatable {
    public var id: Int
    public var cpus: Change<CPUSet>?
    public var memoryKiB: Change<UInt64>?

    public init(id: Int, cpus: Change<CPUSet>? = nil, memoryKiB: Change<UInt64>? = nil) {
      self.id = id
      self.cpus = cpus
      self.memoryKiB = memoryKiB
    }
  }

  /// One entry `from → to` of the completed matrix that changed.
  public struct DistanceChange: Sendable, Equatable {
    public var from: Int
    public var to: Int
    public var old: Int
    public var new: Int

    public init(from: Int, to: Int, old: Int, new: Int) {
      self.from = from
      self.to = to
      self.old = old
      self.new = new
    }
  }

  /// A change of NUMA meaning outside cells' cpus and memory and the distances: a cell's
  /// memAccess, discard or caches, an HMAT figure, `<numatune>`, hugepage nodesets, a memory
  /// device's cell. `what` names it (`cell 0 memAccess`, `latency 0→1 access`); absent values
  /// read `none`.
  public struct MeaningChange: Sendable, Equatable {
    public var what: String
    public var old: String
    public var new: String

    public init(what: String, old: String, new: String) {
      self.what = what
      self.old = old
      self.new = new
    }
  }

  /// Cells only the new topology has, by id.
  public var addedCells: [Cell]
  /// Cells only the old topology has, by id (as they were).
  public var removedCells: [Cell]
  /// Cells both have whose cpus or memory differ, by id.
  public var changedCells: [CellChange]
  /// Changed entries between cells both have, by `from`, then `to`; both directions of a pair
  /// are listed when both changed.
  public var distances: [DistanceChange]
  /// The other changes of meaning, in the order cells, HMAT, `<numatune>`, hugepages, memory devices.
  public var meaning: [MeaningChange] = []

  public init(
    addedCells: [Cell] = [], removedCells: [Cell] = [], changedCells: [CellChange] = [],
    distances: [DistanceChange] = []
  ) {
    self.addedCells = addedCells
    self.removedCells = removedCells
    self.changedCells = changedCells
    self.distances = distances
  }

  /// Compares `old` with `new` by meaning: cells by id, distances after completion.
  public static func compare(_ old: NUMATopology, _ new: NUMATopology) -> TopologyDiff {
    let oldCells = Dictionary(old.cells.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    let newCells = Dictionary(new.cells.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    var diff = TopologyDiff()
    for id in Set(oldCells.keys).union(newCells.keys).sorted() {
      switch (oldCells[id], newCells[id]) {
      case (nil, let added?): diff.addedCells.append(added)
      case (let removed?, nil): diff.removedCells.append(removed)
      case (let before?, let after?):
        var change = CellChange(id: id)
        if before.cpus != after.cpus { change.cpus = Change(old: before.cpus, new: after.cpus) }
        if before.memoryKiB != after.memoryKiB {
          change.memoryKiB = Change(old: before.memoryKiB, new: after.memoryKiB)
        }
        if change.cpus != nil || change.memoryKiB != nil { diff.changedCells.append(change) }
      case (nil, nil): break
      }
    }
    // Matrix indices are cell ids (`cells[i].id == i`); only ids inside both matrices compare.
    let shared = Set(oldCells.keys).intersection(newCells.keys)
      .filter { $0 >= 0 && $0 < old.distances.count && $0 < new.distances.count }.sorted()
    // Only an entry set on either side can differ (two unset entries are both 20): the set
    // entries are all that is compared, in row-major order.
    let inBoth = Set(shared)
    var pairs = Set<[Int]>()
    for entry in old.distances.remoteEntries + new.distances.remoteEntries
    where inBoth.contains(entry.from) && inBoth.contains(entry.to) {
      pairs.insert([entry.from, entry.to])
    }
    for pair in pairs.sorted(by: { ($0[0], $0[1]) < ($1[0], $1[1]) }) {
      let (from, to) = (pair[0], pair[1])
      let (before, after) = (old.distances[from, to], new.distances[from, to])
      if before != after { diff.distances.append(DistanceChange(from: from, to: to, old: before, new: after)) }
    }
    return diff
  }

  /// Compares two guests by the meaning of their NUMA layout: the topologies (as
  /// `compare(_:_:)` of their effective topologies) and what refers to the cells.
  public static func compare(_ old: GuestDefinition, _ new: GuestDefinition) -> TopologyDiff {
    var diff = compare(old.effectiveTopology, new.effectiveTopology)
    diff.meaning = MeaningComparison(old: old, new: new).changes()
    return diff
  }

  /// Whether the two topologies mean the same.
  public var isEmpty: Bool {
    addedCells.isEmpty && removedCells.isEmpty && changedCells.isEmpty && distances.isEmpty && meaning.isEmpty
  }

  /// One change a line, each line ending in a newline; empty when nothing changed:
  ///
  ///     cell 1 cpus: 4-7 → 4-5
  ///     cell 0 memory: 2048 MiB → 4096 MiB
  ///     cell 3 added: cpus 12-15, 2048 MiB
  ///     cell 2 removed
  ///     distance 0↔2: 31 → 41
  ///     distance 1→3: 21 → 25
  ///
  /// Cells come in id order, then distances by `from`, `to`. A pair whose two directions changed
  /// from the same value to the same value is one `i↔j` line.
  public var textLines: [String] {
    var lines: [String] = []
    var cellLines: [(id: Int, lines: [String])] = []
    for cell in addedCells {
      cellLines.append((cell.id, [Messages.diffCellAdded(cell)]))
    }
    for cell in removedCells { cellLines.append((cell.id, [Messages.diffCellRemoved(cell.id)])) }
    for change in changedCells {
      var changed: [String] = []
      if let cpus = change.cpus {
        changed.append(Messages.diffCellCPUs(change.id, old: cpus.old, new: cpus.new))
      }
      if let memory = change.memoryKiB {
        changed.append(Messages.diffCellMemory(change.id, old: memory.old, new: memory.new))
      }
      cellLines.append((change.id, changed))
    }
    for entry in cellLines.sorted(by: { $0.id < $1.id }) { lines += entry.lines }

    let byPair = Dictionary(
      distances.map { (Pair(from: $0.from, to: $0.to), $0) }, uniquingKeysWith: { first, _ in first })
    for change in distances {
      if let mirror = byPair[Pair(from: change.to, to: change.from)], mirror.old == change.old,
        mirror.new == change.new
      {
        if change.from < change.to {
          lines.append(Messages.diffDistance(from: change.from, to: change.to, old: change.old, new: change.new, bothWays: true))
        }
      } else {
        lines.append(Messages.diffDistance(from: change.from, to: change.to, old: change.old, new: change.new, bothWays: false))
      }
    }
    lines += meaning.map { Messages.diffMeaning($0.what, old: $0.old, new: $0.new) }
    return lines
  }

  /// `textLines`, each ending in a newline; empty when the topologies are equal.
  public var text: String {
    textLines.map { $0 + "\n" }.joined()
  }

  /// `{"equal":…,"cells":{"added":[{"id","cpus","memoryKiB"}],"removed":[…],
  /// "changed":[{"id","cpus":{"old","new"},"memoryKiB":{"old","new"}}]},
  /// "distances":[{"from","to","old","new"}],"meaning":[{"what","old","new"}]}`. cpus are
  /// cpuset text (`0-3,8`, empty for none); a changed cell has only the keys of what changed;
  /// distances list each changed direction; `meaning` is absent when nothing else changed.
  public var json: JSONValue {
    func cell(_ cell: Cell) -> JSONValue {
      .object([("id", .int(cell.id)), ("cpus", .string(cell.cpus.description)), ("memoryKiB", .unsigned(cell.memoryKiB))])
    }
    let changed = changedCells.map { change -> JSONValue in
      var members: [(String, JSONValue)] = [("id", .int(change.id))]
      if let cpus = change.cpus {
        members.append(("cpus", .object([("old", .string(cpus.old.description)), ("new", .string(cpus.new.description))])))
      }
      if let memory = change.memoryKiB {
        members.append(("memoryKiB", .object([("old", .unsigned(memory.old)), ("new", .unsigned(memory.new))])))
      }
      return .object(members)
    }
    var members: [(String, JSONValue)] = [
      ("equal", .bool(isEmpty)),
      (
        "cells",
        .object([
          ("added", .array(addedCells.map(cell))), ("removed", .array(removedCells.map(cell))), ("changed", .array(changed)),
        ])
      ),
      (
        "distances",
        .array(
          distances.map {
            .object([("from", .int($0.from)), ("to", .int($0.to)), ("old", .int($0.old)), ("new", .int($0.new))])
          })
      ),
    ]
    if !meaning.isEmpty {
      members.append(
        (
          "meaning",
          .array(meaning.map { .object([("what", .string($0.what)), ("old", .string($0.old)), ("new", .string($0.new))]) })
        ))
    }
    return .object(members)
  }

  // MARK: Pairs

  private struct Pair: Hashable {
    var from: Int
    var to: Int
  }
}
