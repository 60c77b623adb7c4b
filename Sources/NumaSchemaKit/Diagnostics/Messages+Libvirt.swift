/// The wording of what goes wrong reading a libvirt connection through virsh: errors of the run
/// (exit 2), never findings. Names of guests and virsh's own words are quoted or made safe by
/// the one printer of run errors (`Messages.runError`).
extension Messages {
  enum Libvirt {
    // MARK: virsh itself

    static func virshNotInstalled(_ executable: String) -> String {
      executable == Virsh.defaultExecutable
        ? "virsh is not installed (Debian: apt-get install libvirt-clients)"
        : "\(executable) (from \(Virsh.environmentVariable)) does not exist"
    }
    static func virshCannotRun(_ executable: String, reason: String) -> String {
      "\(executable) cannot be run: \(reason)"
    }
    static func virshFailed(_ command: String, status: Int32, message: String) -> String {
      message.isEmpty
        ? "virsh \(command) failed with exit status \(status) and no message"
        : "virsh \(command) failed: \(message)"
    }
    static func virshOutputTooLarge(_ command: String, limit: Int) -> String {
      "what virsh \(command) printed is \(tooLarge(limit: limit)) (--max-size)"
    }

    // MARK: Guests

    static func cannotListGuests(_ error: VirshError) -> String { "cannot list the guests: \(error)" }
    static func cannotReadDefinition(_ error: VirshError) -> String { "cannot read the definition: \(error)" }
    static func otherGuestRead(_ found: String) -> String {
      "virsh dumpxml gave the guest named \(TerminalText.excerpt(found, limit: 80)) instead (a name that is a "
        + "running guest's id is looked up as that id); not read"
    }
    static func guestUnknown(_ name: String, connections: [String], suggestion: String?) -> String {
      let quoted = TerminalText.excerpt(name, limit: 80)
      let hint = suggestion.map { " (did you mean \(TerminalText.excerpt($0, limit: 80))?)" } ?? ""
      return connections.count == 1
        ? "\(connections[0]) has no guest named \(quoted)\(hint)"
        : "none of \(connections.joined(separator: ", ")) has a guest named \(quoted)\(hint)"
    }

    // MARK: The host

    static let freecellNode = "the cell of a freecell line"
    static func notAFreecellLine(_ line: String) -> String {
      "virsh freecell --all printed \(TerminalText.excerpt(line)), not 'N: SIZE KiB'"
    }
    static func freecellUnknownNode(_ node: Int) -> String {
      "virsh freecell --all gives the free memory of cell \(node), which virsh capabilities does not list"
    }
  }
}
