/// The wording of why a host topology cannot be read (sysfs, `numactl -H`, capabilities XML):
/// the reason of a `HostTopologyError`, which puts the source and line in front. Text from the
/// host file is quoted through `TerminalText.excerpt`, never echoed whole.
extension Messages {
  enum Host {
    static func unreadable(source: String, line: Int?, reason: String) -> String {
      "\(source)\(line.map { ":\($0)" } ?? ""): cannot read the host topology: \(reason)"
    }
    static let unknownKind = "not a sysfs folder, capabilities XML or numactl -H output"

    // MARK: Parts named in messages ("the cpu list has a negative id -1")

    static let nodeFolder = "node folder"
    static let theDistanceRow = "the distance row"
    static let theCacheFolderName = "the cache folder name"
    static let theCPUList = "the cpu list"
    static let theCPUMask = "the cpu mask"
    static let theLine = "the line"
    static func cpus(ofNode id: Int) -> String { "node \(id)'s cpus" }
    static func cpus(ofCell id: Int) -> String { "cell \(id)'s cpus" }
    static func attribute(_ attribute: String, of element: String) -> String { "the \(attribute) of \(element)" }

    // MARK: Ids and lists, whatever the source

    static func negativeId(in what: String, _ id: Int) -> String { "\(what) has a negative id \(id)" }
    static func negativeId(in what: String, text: some StringProtocol) -> String {
      "\(what) has a negative id \(TerminalText.excerpt(text))"
    }
    static func reversedRange(in what: String, _ lower: Int, _ upper: Int) -> String {
      "\(what) has a range \(lower)-\(upper) that runs backwards"
    }
    /// `shown` is the id as the message shows it: a number, or an excerpt of the text.
    static func idBeyondLimit(in what: String, _ shown: String, limit: Int) -> String {
      "\(what) has id \(shown), beyond the largest id \(limit - 1)"
    }
    static func idTwice(in what: String, _ id: Int) -> String { "\(what) lists id \(id) twice" }
    static func notAnId(in what: String, _ text: some StringProtocol) -> String {
      "\(what) has \(TerminalText.excerpt(text)), which is not an id"
    }

    // MARK: The topology read, whatever the source

    static let noNodes = "no nodes"
    static func tooManyNodes(_ count: Int, limit: Int) -> String { "\(count) nodes, more than the \(limit) read" }
    static func nodeTwice(_ id: Int) -> String { "node \(id) is given twice" }
    static func nodeIdsNotAscending(limit: Int) -> String { "node ids are not ascending ids below \(limit)" }
    static func cpuIdOutside(node: Int, limit: Int) -> String { "node \(node) has a cpu id outside 0-\(limit - 1)" }
    static let memoryTooLarge = "the nodes' memory adds up to more than \(UInt64.max) KiB"
    static func hugePagesTooLarge(node: Int, pages: UInt64, sizeKiB: UInt64) -> String {
      "node \(node) has \(pages) huge pages of \(sizeKiB) KiB: more than \(UInt64.max) KiB"
    }
    static func cpuInTwoNodes(_ cpu: Int, _ first: Int, _ second: Int) -> String {
      "cpu \(cpu) is in node \(first) and in node \(second)"
    }
    static func distancesNotATable(_ count: Int) -> String { "the distances do not form a \(count)×\(count) table" }
    static let negativeDistance = "a distance is negative"
    static func moreFreeThanTotal(node: Int, free: UInt64, total: UInt64) -> String {
      "node \(node) has \(free) KiB free of \(total) KiB: more free than in all"
    }

    // MARK: sysfs

    static func noNodeFolders(places: [String]) -> String {
      "no node folders (nodeN) in it, nor in "
        + places.map { "." + $0 }.joined(separator: ", ")
    }
    static func someDistanceFiles(_ count: Int, of nodes: Int) -> String {
      "\(count) of the \(nodes) nodes have a distance file"
    }
    static func notANodeFolderName(_ name: String) -> String {
      "\(TerminalText.excerpt(name)) is not a node folder name as the kernel writes it (nodeN, no leading zero)"
    }
    static func tooManyNodeFolders(_ limit: Int) -> String { "more than \(limit) node folders" }
    static func notAMeminfoLine(_ line: some StringProtocol, field: String) -> String {
      "\(TerminalText.excerpt(line)) is not a \(field) line ('Node N \(field): SIZE kB')"
    }
    static func meminfoFieldTwice(_ field: String) -> String { "\(field) is given twice" }
    static func noMeminfoLine(_ field: String) -> String { "no \(field) line ('Node N \(field): SIZE kB')" }
    static func tooManyDistances(_ count: Int) -> String { "more than \(count) distances, one for each node" }
    static func distanceCount(_ count: Int, nodes: Int) -> String { "\(count) distances for \(nodes) nodes" }
    static func notAPoolFolderName(_ name: String) -> String {
      "\(TerminalText.excerpt(name)) is not a pool folder name (hugepages-SIZEkB)"
    }
    static let cacheWithoutSize = "a memory-side cache without size or line_size"
    static func cacheLevelTwice(_ level: Int) -> String { "level \(level) is given twice" }
    static func figureOutOfRange(_ value: UInt64) -> String { "\(value) is out of range" }
    static func notAnEnumValue(_ names: [String]) -> String {
      "not one of the values \(0)...\(names.count - 1) (\(names.joined(separator: ", ")))"
    }
    static func notANumber(_ text: String) -> String { "\(TerminalText.excerpt(text)) is not a number below 2^64" }
    static func cpuMaskNotHexadecimal(_ text: String) -> String {
      "the cpu mask is not hexadecimal (\(TerminalText.excerpt(text)))"
    }
    static func cpuMaskBeyondLimit(cpu: Int, limit: Int) -> String {
      "the cpu mask has cpu \(cpu), beyond the largest id \(limit - 1)"
    }

    // MARK: numactl -H

    static let numactlWithoutNUMA = "numactl says NUMA is not available"
    static let secondDistanceHeader = "a second distance table header"
    static func distanceHeaderCount(_ count: Int, listed: Int) -> String {
      "the distance table header names \(count) nodes; the node list has \(listed)"
    }
    static func distanceHeaderNodeTwice(_ id: Int) -> String { "the distance table header names node \(id) twice" }
    static let distanceRowBeforeHeader = "a distance row before the header 'node 0 1 …'"
    static func notADistanceRow(_ line: String) -> String {
      "\(TerminalText.excerpt(line)) is not a distance row 'N: d d …'"
    }
    static func secondDistanceRow(node: Int) -> String { "node \(node) has a second distance row" }
    static func rowDistanceCount(node: Int, _ count: Int, nodes: Int) -> String {
      "node \(node) has \(count) distances for \(nodes) nodes"
    }
    static func unexpectedLine(_ line: String) -> String { "unexpected line \(TerminalText.excerpt(line))" }
    static func secondCPUsLine(node: Int) -> String { "node \(node) has a second 'cpus:' line" }
    static func tooManyNodes(_ limit: Int) -> String { "more than \(limit) nodes" }
    static let notASizeLine = "expected 'node N size: M MB'"
    static let notAFreeLine = "expected 'node N free: M MB'"
    static func secondSizeLine(node: Int) -> String { "node \(node) has a second 'size:' line" }
    static func secondFreeLine(node: Int) -> String { "node \(node) has a second 'free:' line" }
    static func sizeNotANumber(_ text: some StringProtocol) -> String {
      "the size \(TerminalText.excerpt(text)) is not a number below 2^64"
    }
    static func sizeTooLarge(node: Int, mebibytes: UInt64) -> String {
      "node \(node)'s size of \(mebibytes) MB is more than \(UInt64.max) KiB"
    }
    static let noCPUsLines = "no 'node N cpus:' lines"
    static func sizeWithoutCPUs(node: Int) -> String { "node \(node) has a size or free line but no 'cpus:' line" }
    static func distanceTableNodes(_ count: Int, listed: Int) -> String {
      "the distance table's \(count) nodes differ from the node list's \(listed)"
    }
    static func distanceRowOfUnlistedNode(_ node: Int) -> String {
      "node \(node) has a distance row but is not in the node list"
    }
    static let distanceHeaderNotAscending = "the distance table's header is not in ascending node order"
    static func noDistanceRow(node: Int) -> String { "node \(node) has no distance row" }
    static let distanceRowsWithoutTable = "distance rows without a 'node distances:' table"

    // MARK: Capabilities XML

    static let noRootElement = "the document has no root element"
    static func noCells(in root: String) -> String {
      "no <host><topology><cells> in \(TerminalText.excerpt("<" + root + ">"))"
    }
    static func tooManyCells(_ count: Int, limit: Int) -> String { "\(count) cells, more than the \(limit) read" }
    static func cellTwice(_ id: Int) -> String { "cell \(id) is given twice" }
    static func cellMemoryNotASize(cell: Int, text: String) -> String {
      "cell \(cell) memory \(TerminalText.excerpt(text)) is not a size (a number and a known unit, below 2^63 bytes)"
    }
    static func secondSibling(cell: Int, sibling: Int) -> String { "cell \(cell) has a second sibling \(sibling)" }
    static func tooManySiblings(cell: Int) -> String { "cell \(cell) has more siblings than there are cells" }
    static let noCell = "<cells> holds no <cell>"
    static func siblingsIncomplete(cell: Int, cells: Int) -> String {
      "cell \(cell)'s <distances> does not give one sibling for each of the \(cells) cells"
    }
    static func attributeMissing(_ attribute: String, of element: String) -> String {
      "a \(element) without \(attribute)"
    }
    static let pagesWithoutSize = "<pages> without a page size"
    static func pagesCountNotANumber(_ text: String) -> String {
      "<pages> count \(TerminalText.excerpt(text)) is not a number below 2^64"
    }
    static func cacheWithoutPart(_ name: String) -> String { "<cache> without a readable <\(name)>" }
    static let cacheWithoutLevel = "<cache> without a level"
    static func figureIncomplete(_ element: String) -> String { "<\(element)> needs initiator, target, type and value" }
  }
}
