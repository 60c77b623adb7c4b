/// The wording of usage errors: options that do not go together or values that do not parse.
/// The CLI throws these (ArgumentParser prints them with the usage); the help texts stay with
/// the command definitions.
extension Messages {
  package enum Usage {
    package static let jobsAtLeastOne = "--jobs must be at least 1"
    package static let standardInputOnce = "standard input (-) can be read only once"

    // MARK: validate

    package static let validateNeedsInput = "validate needs a PATH or --connect URI"
    package static let domainNeedsConnect = "--domain picks guests of the --connect connections: give --connect URI"

    // MARK: canonicalize

    package static let outputInPlaceCheckExclusive = "-o, --in-place and --check exclude each other"
    package static let diffNeedsCheck = "--diff goes with --check"
    package static func formatNeedsCheck(_ format: String) -> String {
      "--format \(format) goes with --check: without it the product is XML"
    }
    package static let inPlaceStandardInput = "--in-place cannot rewrite standard input"
    package static let oneGuestToOutput =
      "one guest is written to standard output or -o; use --in-place or --check for several (or a folder)"

    // MARK: Common options

    package static func qemuVersionUnknown(_ text: String) -> String {
      "--qemu-version '\(text)' is not a QEMU release libvirt 9.0.0 drives (4.2 or later, as X.Y)"
    }
    /// The error already names the option and the value (`--disable 'x': …`).
    package static func disable(_ error: some Error) -> String { "\(error)" }
    package static func hugetlbfsInvalid(_ text: String) -> String {
      "--hugetlbfs '\(text)' is not a page size and a path, such as 2M=/dev/hugepages"
    }
    package static func cpuRatioInvalid(_ ratio: Double) -> String {
      "--cpu-ratio \(ratio) is not a ratio above 0 and up to 64"
    }
    package static let libxlPolicyAlone =
      "--policy libxl checks libxl's fixed mapping: --write, --dedicated, --existing and --cpu-ratio belong to the planner"
    package static let numatuneNeedsLibxl =
      "--numatune prints libxl's binding (with --policy libxl); the planner prints its <numatune> for every guest that fits"
    package static let writeNeedsFiles = "--write writes into guest files: a guest from standard input (-) has none"
    package static func maxSizeNotASize(_ text: String) -> String {
      "--max-size '\(text)' is not a size with its unit, such as 64MiB"
    }

    // MARK: conformance

    package static let updateRefusedInCI =
      "--update refuses to run in CI (CI is set): bless golden files on a workstation and review the diff"

    // MARK: Converters

    package static func converterGivenFolder(_ path: String) -> String {
      "'\(path)' is a folder: a converter writes one product, from one file (or -)"
    }

    // MARK: fit

    package static let guestAndHostFromStandardInput =
      "a guest and --host cannot both be - (standard input holds one of them)"

    // MARK: from-host

    package static func hostOptionGone(_ option: String, _ path: String) -> String {
      "\(option) is gone: every host source (a sysfs root, numactl -H output, capabilities XML, -) "
        + "is named with --host, as in fit: --host \(TerminalText.safe(path))"
    }
    package static let vcpusAtLeastOne = "--vcpus must be at least 1"
    package static func memoryNotASize(_ text: String) -> String {
      "--memory '\(TerminalText.safe(text))' is not a size such as 12GiB or 4096MiB"
    }
    package static func memoryWithoutUnit(_ text: String) -> String {
      let text = TerminalText.safe(text)
      return
        "--memory '\(text)' has no unit: say which, as in \(text)MiB (a bare number is taken as neither KiB nor MiB)"
    }

    // MARK: show

    package static func formatDrawsOneGuest(_ format: String, given: Int) -> String {
      "--format \(format) draws one guest; \(given) were given"
    }
  }
}
