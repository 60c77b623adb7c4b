extension TopologyView {
  /// The cells as a Graphviz graph with the completed distances on the edges.
  ///
  /// A symmetric matrix gives an undirected `graph` with one edge per pair of cells; an asymmetric
  /// one gives a `digraph` in which a pair whose two directions agree is one edge drawn with arrows
  /// at both ends (`dir=both`) and a pair whose directions differ is two arcs, each labelled with
  /// its own distance. Each node is labelled with its id, cpus and memory; memory-only cells are
  /// dashed. Edges of distance 255 (unreachable) stay, dashed and grey. Nodes and edges come in id
  /// order, so the output is the same on every run. The graph asks for Graphviz's `neato` layout
  /// with each edge's length (`len`, inches) a tenth of its distance, so near cells are drawn near;
  /// `-Glayout=dot` on the command line overrides that.
  public static func dot(_ topology: NUMATopology, title: String?) -> String {
    let count = topology.cells.count
    let distances = topology.distances
    var symmetric = true
    for from in 0..<count {
      for to in (from + 1)..<max(from + 1, count) where distances[from, to] != distances[to, from] {
        symmetric = false
      }
    }
    let kind = symmetric ? "graph" : "digraph"
    let connector = symmetric ? "--" : "->"

    var lines: [String] = []
    lines.append("\(kind) \(dotQuoted(title ?? "numa")) {")
    // neato with edge lengths from the distances draws near cells near; starting from a circle
    // in id order keeps rings as rings and makes the layout the same on every run.
    var graphAttributes = ["layout=neato", "start=regular", "fontname=\"DejaVu Sans\""]
    if let title {
      graphAttributes += ["label=\(dotQuoted(title))", "labelloc=t", "fontsize=16"]
    }
    lines.append("  graph [\(graphAttributes.joined(separator: ", "))];")
    lines.append("  node [shape=box, style=rounded, fontname=\"DejaVu Sans\", fontsize=11];")
    lines.append("  edge [fontname=\"DejaVu Sans\", fontsize=10];")

    for cell in topology.cells {
      let label = "node \(cell.id)\n\(Messages.cpusPhrase(cell.cpus))\n\(Messages.memoryAmount(cell.memoryKiB))"
      var attributes = ["label=\(dotQuoted(label))"]
      if cell.cpus.isEmpty { attributes.append("style=\"rounded,dashed\"") }
      lines.append("  \(dotQuoted(String(cell.id))) [\(attributes.joined(separator: ", "))];")
    }

    // Unreachable pairs are drawn half again as long as the farthest reachable one.
    var farthest = DistanceMatrix.remoteDefault
    for from in 0..<count {
      for to in 0..<count where from != to && distances[from, to] != 255 {
        farthest = max(farthest, distances[from, to])
      }
    }
    func edge(_ from: Int, _ to: Int, _ extra: [String] = []) -> String {
      let value = distances[from, to]
      let length = value == 255 ? farthest * 15 : value * 10  // hundredths of an inch
      var attributes = [
        "label=\(dotQuoted(String(value)))", "len=\(length / 100).\(length % 100 < 10 ? "0" : "")\(length % 100)",
      ]
      if value == 255 { attributes += ["style=dashed", "color=gray50", "fontcolor=gray50"] }
      attributes += extra
      return
        "  \(dotQuoted(String(from))) \(connector) \(dotQuoted(String(to))) [\(attributes.joined(separator: ", "))];"
    }
    for from in 0..<count {
      for to in (from + 1)..<max(from + 1, count) {
        if symmetric {
          lines.append(edge(from, to))
        } else if distances[from, to] == distances[to, from] {
          lines.append(edge(from, to, ["dir=both"]))
        } else {
          lines.append(edge(from, to))
          lines.append(edge(to, from))
        }
      }
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  /// A DOT double-quoted string: `"` and `\` escaped, line breaks as `\n` (centred lines).
  static func dotQuoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": break
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
