"""Instruction counts of commands under valgrind's callgrind: shared by scripts/check-instructions
and scripts/bench-instructions (standard library only).

Counts are taken on a copy of the binary without its debug information (`strip --strip-debug`):
valgrind 3.19 cannot read the DWARF 5 the Swift toolchain writes ("unhandled dwarf2 abbrev form
code 0x25", then "Possibly corrupted debuginfo file ... Giving up"); the symbol table stays, so a
profile of the copy (callgrind_annotate) still names the functions.
"""

import hashlib
import os
import re
import shutil
import subprocess
import tempfile

# Every measured command runs in this environment and nothing else, so that a count does not
# depend on the caller's variables (CI, GITHUB_ACTIONS, TERM, the length of PATH, ...). Swift
# seeds its hashing at random in every process; SWIFT_DETERMINISTIC_HASHING fixes the seed, which
# takes the run-to-run variation of a one-file validate from about 0.01 % to under 0.001 %.
ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "LANG": "C",
    "LC_ALL": "C",
    "NO_COLOR": "1",
    "SWIFT_DETERMINISTIC_HASHING": "1",
}


class ToolMissing(Exception):
    pass


class Measured:
    """One command under callgrind: its instructions (all threads), the instructions of each
    thread when asked for, its exit status and output."""

    def __init__(self, instructions, threads, returncode, stdout, stderr):
        self.instructions = instructions
        self.threads = threads
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr


def require(*tools):
    for tool in tools:
        if shutil.which(tool) is None:
            raise ToolMissing(tool)


def valgrind_version():
    require("valgrind")
    return subprocess.run(["valgrind", "--version"], capture_output=True, text=True).stdout.strip()


def stripped_copy(binary, folder):
    """A copy of BINARY in FOLDER without its debug information; returns its path."""
    require("strip")
    copy = os.path.join(folder, os.path.basename(binary))
    shutil.copyfile(binary, copy)
    os.chmod(copy, 0o755)
    subprocess.run(["strip", "--strip-debug", copy], check=True)
    return copy


def build_kind(binary):
    """'debug' for a -Onone build (it links libswiftSwiftOnoneSupport), else 'release'; with
    ', static Swift runtime' when it needs no libswiftCore.so."""
    require("readelf")
    dynamic = subprocess.run(["readelf", "-d", binary], capture_output=True, text=True).stdout
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic)
    kind = "debug" if any("SwiftOnoneSupport" in n for n in needed) else "release"
    if not any(n.startswith("libswiftCore") for n in needed):
        kind += ", static Swift runtime"
    return kind


def count(argv, cwd=None, threads=False):
    """Runs ARGV under callgrind in ENV; returns a Measured. With THREADS, the instructions of
    each thread too (callgrind --separate-threads=yes), busiest first."""
    require("valgrind")
    with tempfile.TemporaryDirectory(prefix="callgrind.") as tmp:
        log = os.path.join(tmp, "valgrind.log")
        out = os.path.join(tmp, "callgrind.out")
        command = ["valgrind", "--tool=callgrind", "--log-file=" + log]
        if threads:
            command += ["--separate-threads=yes", "--callgrind-out-file=" + out]
        else:
            command += ["--callgrind-out-file=/dev/null"]
        run = subprocess.run(command + list(argv), cwd=cwd, env=ENV, capture_output=True)
        text = open(log, errors="replace").read() if os.path.exists(log) else ""
        found = re.search(r"Collected : (\d+)", text)
        if not found:
            raise RuntimeError("valgrind gave no count for %s:\n%s" % (" ".join(argv), text[-2000:]))
        per_thread = []
        if threads:
            for name in sorted(os.listdir(tmp)):
                if name.startswith("callgrind.out-"):
                    summary = re.search(r"^summary: (\d+)", open(os.path.join(tmp, name)).read(), re.M)
                    if summary:
                        per_thread.append(int(summary.group(1)))
            per_thread.sort(reverse=True)
        return Measured(int(found.group(1)), per_thread, run.returncode,
                        run.stdout.decode(errors="replace"), run.stderr.decode(errors="replace"))


def fingerprint(argv, cwd=None):
    """A key for a command's count: the contents of its executable, of the shared libraries it
    loads (as ldd lists them) and of every argument that names a file, its arguments, valgrind's
    version and ENV. The same key means the same count, to within callgrind's run-to-run
    variation."""
    digest = hashlib.sha256()

    def add_file(path):
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)

    executable = shutil.which(argv[0]) or argv[0]
    add_file(executable)
    libraries = subprocess.run(["ldd", executable], capture_output=True, text=True).stdout
    for library in sorted(set(re.findall(r"=> (/\S+)", libraries))):
        digest.update(library.encode())
        add_file(library)
    for argument in argv[1:]:
        digest.update(b"\0" + argument.encode())
        path = os.path.join(cwd or ".", argument)
        if os.path.isfile(path):
            add_file(path)
        elif os.path.isdir(path):
            for folder, subfolders, names in os.walk(path):
                subfolders.sort()
                for name in sorted(names):
                    digest.update(os.path.relpath(os.path.join(folder, name), path).encode())
                    add_file(os.path.join(folder, name))
    digest.update(valgrind_version().encode())
    digest.update(repr(sorted(ENV.items())).encode())
    return digest.hexdigest()
