/// Checks that look at the guest as a whole, after its cells and distances were read: vCPUs
/// against `<vcpu>`, memory against `<memory>`, and the shape of the distance matrix.
struct TopologyChecks {
  let file: String
  let reader: GuestReader
  let domain: DomainSource
  let locator: Locator

  func run(on guest: GuestDefinition) -> [Diagnostic] {
    guard let numa = guest.numa, reader.vcpuCountKnown else { return [] }
    var diagnostics: [Diagnostic] = []
    // Positions are worked out only for findings (building the source index costs a scan).
    var vcpuPosition: SourcePosition {
      domain.first("vcpu").map { locator.position(of: $0) } ?? reader.numaElement.map { locator.position(of: $0) }
        ?? .unknown
    }

    // vCPUs against <vcpu>: libvirt refuses both.
    let inCells = numa.cells.reduce(0) { $0 + $1.cpus.count }
    if inCells > guest.maximumVCPUs {
      diagnostics.append(
        Messages.vcpusExceedCount(file: file, inCells: inCells, vcpus: guest.maximumVCPUs, at: vcpuPosition))
    }
    for cell in numa.cells {
      if let highest = cell.cpus.max, highest >= guest.maximumVCPUs {
        diagnostics.append(
          Messages.cpuIdExceedsVCPUs(
            file: file, cell: cell.id, cpu: highest, vcpus: guest.maximumVCPUs,
            at: reader.position(ofCell: cell.id, attribute: "cpus")))
      }
    }
    guard reader.cellsComplete else { return diagnostics }

    // Warnings: what libvirt lets through but the guest will not get as written.
    let unassigned = CPUSet(ranges: [0...(guest.maximumVCPUs - 1)]).subtracting(numa.allCPUs)
    if !unassigned.isEmpty && inCells <= guest.maximumVCPUs {
      diagnostics.append(Messages.vcpusUnassigned(file: file, missing: unassigned, at: vcpuPosition))
    }
    // libvirt's QEMU driver sets <memory> to the cells plus the memory devices.
    let devices = guest.references.memoryDevicesKiB
    let (expected, overflow) = numa.totalMemoryKiB.addingReportingOverflow(devices)
    if let memory = guest.memoryKiB, let element = domain.first("memory"), !overflow, memory != expected {
      diagnostics.append(
        Messages.memoryMismatch(
          file: file, memoryKiB: memory, cellsKiB: numa.totalMemoryKiB, devicesKiB: devices,
          at: locator.position(of: element)))
    }
    diagnostics += matrixFindings(numa.distances)
    return diagnostics
  }

  /// How many findings of one kind about the matrix are listed before they are summed up.
  static let listedMatrixFindings = 20

  /// Asymmetric pairs, and pairs whose direct distance is longer than a detour through a third
  /// cell. Each unordered pair is reported once per direction that is at fault; past
  /// `listedMatrixFindings` of one kind, one more finding says how many were left out.
  private func matrixFindings(_ matrix: DistanceMatrix) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    for (kind, findings) in [("asymmetric", asymmetry(matrix)), ("triangle", triangles(matrix))] {
      diagnostics += findings.prefix(Self.listedMatrixFindings)
      if findings.count > Self.listedMatrixFindings, let first = findings.first {
        let left = findings.count - Self.listedMatrixFindings
        diagnostics.append(
          Messages.matrixFindingsNotListed(
            left, asymmetric: kind == "asymmetric", like: first, file: file,
            at: reader.numaElement.map { locator.position(of: $0) } ?? .unknown))
      }
    }
    return diagnostics
  }

  /// Pairs whose two directions differ. Only pairs with a set entry can differ (two unset
  /// directions are both 20), so the set entries are all that is looked at: O(entries).
  private func asymmetry(_ matrix: DistanceMatrix) -> [Diagnostic] {
    let count = matrix.count
    guard count > 1, !matrix.isEmpty else { return [] }
    var pairs = Set<Int>()
    for entry in matrix.remoteEntries where matrix[entry.from, entry.to] != matrix[entry.to, entry.from] {
      pairs.insert(Swift.min(entry.from, entry.to) * count + Swift.max(entry.from, entry.to))
    }
    return pairs.sorted().map { pair in
      let (from, to) = (pair / count, pair % count)
      return Messages.asymmetric(
        file: file, from: from, to: to, forward: matrix[from, to], backward: matrix[to, from],
        at: reader.position(from: to, to: from, count: count))
    }
  }

  /// Triangle inequality: for each row, the shortest detour to every column through any cell
  /// (a min-plus product, cubic in the cells; the inner loop runs over contiguous 16-bit rows
  /// so that the compiler vectorizes it). The cell a violation goes through is looked up only
  /// for the pairs at fault.
  private func triangles(_ matrix: DistanceMatrix) -> [Diagnostic] {
    let count = matrix.count
    guard count > 2, !matrix.isEmpty else { return [] }
    guard count <= Self.fullTriangleLimit else { return declaredTriangles(matrix) }
    var diagnostics: [Diagnostic] = []
    var values = [UInt16](repeating: 0, count: count * count)
    for from in 0..<count {
      for to in 0..<count { values[from * count + to] = UInt16(matrix[from, to]) }
    }
    var detour = [UInt16](repeating: .max, count: count)
    values.withUnsafeBufferPointer { distances in
      detour.withUnsafeMutableBufferPointer { shortest in
        guard let base = distances.baseAddress, let target = shortest.baseAddress else { return }
        for from in 0..<count {
          let row = from * count
          for index in 0..<count { shortest[index] = .max }
          // A detour through `from` itself or through the target is never shorter than the
          // direct distance (the local distance is 10 > 0), so no cell needs excluding here.
          for via in 0..<count {
            let first = distances[row + via]
            let viaRow = via * count
            // Sixteen columns at a time (distances are at most 255, so sums fit in 16 bits).
            let firsts = SIMD16<UInt16>(repeating: first)
            var to = 0
            while to + 16 <= count {
              let through = UnsafeRawPointer(base + viaRow + to).loadUnaligned(as: SIMD16<UInt16>.self) &+ firsts
              let best = UnsafeMutableRawPointer(target + to)
              best.storeBytes(of: pointwiseMin(best.loadUnaligned(as: SIMD16<UInt16>.self), through), as: SIMD16<UInt16>.self)
              to += 16
            }
            while to < count {
              shortest[to] = Swift.min(shortest[to], first &+ distances[viaRow + to])
              to += 1
            }
          }
          for to in 0..<count where to != from && distances[row + to] > shortest[to] {
            // Symmetric pairs are reported once, from the lower id.
            if to < from && distances[to * count + from] == distances[row + to] { continue }
            let target = shortest[to]
            var via = 0
            for candidate in 0..<count where candidate != from && candidate != to {
              let length: UInt16 = distances[row + candidate] &+ distances[candidate * count + to]
              if length == target {
                via = candidate
                break
              }
            }
            diagnostics.append(
              Messages.triangle(
                file: file, from: from, to: to, via: via, direct: Int(distances[row + to]), detour: Int(shortest[to]),
                at: reader.position(from: from, to: to, count: count)))
          }
        }
      }
    }
    return diagnostics
  }

  /// Up to this many cells, every detour is checked (a min-plus product: a 1,024-cell guest
  /// takes well under a second); above it, `declaredTriangles`.
  static let fullTriangleLimit = 1024
  /// How many detours `declaredTriangles` looks at in all before it stops.
  static let declaredTriangleBudget = 1 << 27

  /// The triangle check on a large guest, from its set entries: a detour is at least 11 + 11,
  /// so only a direct distance of 23 or more, which a `<sibling>` set, can be longer than one.
  /// For such a pair (i, j), the detours worth looking at go through a cell that i or j has an
  /// entry with; every other cell is a detour of 20 + 20. Work: the entries of i's row and j's
  /// column per pair, up to `declaredTriangleBudget` in all (past it, the remaining pairs are not
  /// checked; docs/diagnostics.md says so).
  private func declaredTriangles(_ matrix: DistanceMatrix) -> [Diagnostic] {
    let count = matrix.count
    let entries = matrix.remoteEntries
    var rows: [Int: [Int]] = [:]
    var columns: [Int: [Int]] = [:]
    for entry in entries {
      rows[entry.from, default: []].append(entry.to)
      columns[entry.to, default: []].append(entry.from)
    }
    var diagnostics: [Diagnostic] = []
    var budget = Self.declaredTriangleBudget
    for entry in entries where entry.value >= 23 {
      let (from, to, direct) = (entry.from, entry.to, entry.value)
      if to < from && matrix[to, from] == direct { continue }  // symmetric pairs once, from the lower id
      let through = Set((rows[from] ?? []) + (columns[to] ?? [])).subtracting([from, to])
      budget -= through.count + 1
      if budget < 0 { break }
      var best = Int.max
      var via = -1
      for candidate in through.sorted() {
        let length = matrix[from, candidate] + matrix[candidate, to]
        if length < best { (best, via) = (length, candidate) }
      }
      if through.count < count - 2 {
        // A cell with no entry towards either: 20 + 20 (the lowest such cell, for the message).
        let plain = 2 * DistanceMatrix.remoteDefault
        if plain <= best, let cell = (0..<count).first(where: { $0 != from && $0 != to && !through.contains($0) }),
          plain < best || cell < via
        {
          (best, via) = (plain, cell)
        }
      }
      guard direct > best else { continue }
      diagnostics.append(
        Messages.triangle(
          file: file, from: from, to: to, via: via, direct: direct, detour: best,
          at: reader.position(from: from, to: to, count: count)))
    }
    return diagnostics
  }
}
