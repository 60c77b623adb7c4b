/// What libvirt's QEMU driver takes from the host and its own configuration when it writes a
/// command line: the hugetlbfs mounts (`hugetlbfs_mount` in qemu.conf, else the host's mounts),
/// the memory-backing directory (`memory_backing_dir`) and the id the started domain gets. The
/// defaults are those of a Debian 12 host with libvirt's defaults, so that `to-qemu` output can
/// be pasted as it is; each can be set.
public struct QEMUHostSettings: Sendable, Equatable {
  /// One hugetlbfs mount: the page size it serves and where it is mounted.
  public struct HugetlbfsMount: Sendable, Equatable {
    /// The page size, in KiB.
    public var pageSizeKiB: UInt64
    public var path: String

    public init(pageSizeKiB: UInt64, path: String) {
      self.pageSizeKiB = pageSizeKiB
      self.path = path
    }
  }

  /// The mounts; the default page size is the one of the mount for x86's default huge page
  /// (2 MiB), else the first mount's (libvirt's `virFileGetDefaultHugepage`).
  public var hugetlbfs: [HugetlbfsMount]
  /// libvirt's `memory_backing_dir`, where file-backed guest memory lives.
  public var memoryBackingDirectory: String
  /// The domain id in the paths libvirt makes (`/dev/hugepages/libvirt/qemu/ID-NAME`).
  public var domainID: Int

  /// systemd's hugetlbfs mount of the default 2 MiB pages, a 1 GiB mount beside it,
  /// `/var/lib/libvirt/qemu/ram`, and 1, the id of the first domain a libvirtd starts.
  public static let defaults = QEMUHostSettings(
    hugetlbfs: [
      HugetlbfsMount(pageSizeKiB: 2048, path: "/dev/hugepages"),
      HugetlbfsMount(pageSizeKiB: 1_048_576, path: "/dev/hugepages1G"),
    ], memoryBackingDirectory: "/var/lib/libvirt/qemu/ram", domainID: 1)

  public init(hugetlbfs: [HugetlbfsMount], memoryBackingDirectory: String, domainID: Int) {
    self.hugetlbfs = hugetlbfs
    self.memoryBackingDirectory = memoryBackingDirectory
    self.domainID = domainID
  }

  /// The default huge page size, in KiB; `nil` without any mount.
  var defaultPageSizeKiB: UInt64? {
    (hugetlbfs.first { $0.pageSizeKiB == 2048 } ?? hugetlbfs.first)?.pageSizeKiB
  }

  /// The mount serving pages of `sizeKiB`.
  func mount(forPageSizeKiB sizeKiB: UInt64) -> HugetlbfsMount? { hugetlbfs.first { $0.pageSizeKiB == sizeKiB } }

  /// libvirt's short name of a domain in host paths (`virDomainDefGetShortName`): the id, a
  /// dash and the first 20 characters of the name.
  func shortName(of name: String?) -> String {
    "\(domainID)-" + String(String.UnicodeScalarView((name ?? "").unicodeScalars.prefix(20)))
  }
}
