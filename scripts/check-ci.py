#!/usr/bin/env python3
"""Runs the snippets of docs/ci.md the way their CI systems would, against a clone of this
repository: the GitHub Actions workflow (its `run:` steps, with GITHUB_PATH and `if: always()`;
the upload step's SARIF file checked against the SARIF 2.1.0 schema), the GitLab CI job
(before_script and script in one shell that stops at the first failure, and its artifact) and
the pre-commit configuration (`pre-commit run --all-files`). Each first on a project whose
guests are all good (it must pass), then with a bad guest added (it must fail and name it).

In the snippets only the repository's URL and the tag change, to the clone's `file://` URL and a
tag made there at its HEAD.

usage: check-ci.py REPOSITORY WORK_FOLDER   (scripts/check-ci sets up the tools and calls it)
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys

import yaml

URL = "https://github.com/numaschema/numaschema"
TAG = "v0.1.0"
BAD_GUEST = """<domain type='kvm'>
  <name>bad</name>
  <memory unit='GiB'>2</memory>
  <vcpu>8</vcpu>
  <cpu>
    <numa>
      <cell id='0' cpus='0-4' memory='1' unit='GiB'/>
      <cell id='1' cpus='4-7' memory='1' unit='GiB'/>
    </numa>
  </cpu>
</domain>
"""

failures = []
# The numaschema that puts the projects' good guests in canonical form (check-ci's --binary).
BINARY = os.environ.get("CHECK_CI_BINARY", "numaschema")


def fail(text):
    print(f"FAIL: {text}", flush=True)
    failures.append(text)


def snippets(docs, upstream):
    """The fenced block after each `<!-- check-ci: NAME -->`, with the URL and tag replaced."""
    found = {}
    for name, body in re.findall(r"<!-- check-ci: (\S+) -->\n```[a-z]*\n(.*?)```", docs, re.S):
        found[name] = body.replace(URL, upstream)
    for name in ("github", "gitlab", "pre-commit"):
        if name not in found:
            fail(f"docs/ci.md has no `check-ci: {name}` snippet")
    return found


def run(command, cwd, env, shell=False):
    result = subprocess.run(command, cwd=cwd, env=env, shell=shell, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            executable="/bin/bash" if shell else None)
    return result.returncode, result.stdout


def make_project(folder, repository):
    """A consumer repository with one good guest under guests/: the bundled example in canonical
    form, as docs/ci.md has a project start (`canonicalize --in-place`)."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "guests").mkdir(parents=True)
    canonical = subprocess.run([BINARY, "canonicalize", str(repository / "examples" / "four-node-ring.xml")],
                               check=True, text=True, stdout=subprocess.PIPE).stdout
    (folder / "guests" / "good.xml").write_text(canonical)
    for command in (["git", "init", "-q"], ["git", "add", "."],
                    ["git", "-c", "user.name=ci", "-c", "user.email=ci@example.invalid", "commit", "-qm", "guests"]):
        subprocess.run(command, cwd=folder, check=True)


def add_bad_guest(folder):
    (folder / "guests" / "bad.xml").write_text(BAD_GUEST)
    subprocess.run(["git", "add", "guests/bad.xml"], cwd=folder, check=True)


def check_sarif(log, tools, repository, *expect):
    code, output = run([str(tools / "python"), str(repository / "scripts" / "check-sarif-log.py"),
                        "--diagnostics-md", str(repository / "docs" / "diagnostics.md"), str(log), *expect],
                       cwd=log.parent, env=os.environ.copy())
    print("   " + output.strip())
    if code != 0:
        fail(f"{log.name} is not what the snippet promises")


def check_round_sarif(log, bad, tools, repository):
    """A round's SARIF log: no result on good guests; with the bad one, its finding in its file."""
    if bad:
        check_sarif(log, tools, repository, "--expect-rule", "numa-cpus-overlap", "--expect-uri", "guests/bad.xml")
    else:
        check_sarif(log, tools, repository, "--no-results")


def github(snippet, work, repository, tools):
    """Runs the workflow's jobs: each `run:` in bash -e, GITHUB_PATH honoured, a failed step
    skipping the rest but for `if: always()` steps."""
    workflow = yaml.safe_load(snippet)
    for job_name, job in workflow["jobs"].items():
        project = work / "github-project"
        make_project(project, repository)
        env = dict(os.environ, HOME=str(work / "github-home"), RUNNER_TEMP=str(work / "github-runner-temp"),
                   GITHUB_PATH=str(work / "github-path"), CI="true", GITHUB_ACTIONS="true")
        for folder in ("github-home", "github-runner-temp"):
            (work / folder).mkdir(exist_ok=True)
        for round_name, bad in (("good guests", False), ("a bad guest", True)):
            if bad:
                add_bad_guest(project)
            print(f"-- GitHub Actions, job {job_name}, {round_name}", flush=True)
            failed = False
            for step in job["steps"]:
                name = step.get("name", step.get("uses", "?"))
                if bad and name.startswith("Install"):
                    continue  # installed in the first round, on the same runner
                if failed and step.get("if") != "always()":
                    print(f"   skipped: {name}")
                    continue
                if "uses" in step:
                    action = step["uses"].split("@")[0]
                    if action == "github/codeql-action/upload-sarif":
                        log = project / step["with"]["sarif_file"]
                        print(f"   {name}: {log.name}")
                        check_round_sarif(log, bad, tools, repository)
                    elif action != "actions/checkout":
                        fail(f"GitHub step {name} uses {action}, which check-ci cannot stand in for")
                    continue
                env["PATH"] = ":".join(
                    [line for line in pathlib.Path(env["GITHUB_PATH"]).read_text().splitlines() if line]
                    if pathlib.Path(env["GITHUB_PATH"]).exists() else []) + ":" + os.environ["PATH"]
                code, output = run(["bash", "-e", "-c", step["run"]], cwd=project, env=env)
                print(f"   {name}: exit {code}", flush=True)
                if code != 0:
                    failed = True
                    if not bad:
                        print(output)
            if not bad and failed:
                fail("the GitHub workflow fails on good guests")
            if bad and not failed:
                fail("the GitHub workflow passes with a bad guest")


def gitlab(snippet, work, repository, tools):
    """Runs each job's before_script and script in one bash that stops at the first failure."""
    for job_name, job in yaml.safe_load(snippet).items():
        project = work / "gitlab-project"
        make_project(project, repository)
        env = dict(os.environ, HOME=str(work / "gitlab-home"), CI="true", GITLAB_CI="true")
        (work / "gitlab-home").mkdir(exist_ok=True)
        for round_name, bad in (("good guests", False), ("a bad guest", True)):
            if bad:
                add_bad_guest(project)
            print(f"-- GitLab CI, job {job_name}, {round_name}", flush=True)
            lines = list(job.get("before_script", []))
            if bad:  # installed in the first round, on the same runner
                lines = [line for line in lines if "git clone" not in line and "scripts/install" not in line]
            lines += job["script"]
            code, output = run(["bash", "-e", "-c", "\n".join(lines)], cwd=project, env=env)
            print(f"   exit {code}", flush=True)
            if not bad and code != 0:
                print(output)
                fail("the GitLab job fails on good guests")
            if bad:
                if code == 0:
                    fail("the GitLab job passes with a bad guest")
                if "guests/bad.xml:8:" not in output:
                    fail("the GitLab job's log does not name guests/bad.xml with its line")
            for path in job.get("artifacts", {}).get("paths", []):
                log = project / path
                if not log.exists():
                    fail(f"the GitLab artifact {path} is missing")
                else:
                    check_round_sarif(log, bad, tools, repository)


def pre_commit(snippet, work, repository, tools):
    project = work / "pre-commit-project"
    make_project(project, repository)
    (project / ".pre-commit-config.yaml").write_text(snippet)
    subprocess.run(["git", "add", ".pre-commit-config.yaml"], cwd=project, check=True)
    env = dict(os.environ, PRE_COMMIT_HOME=str(work / "pre-commit-home"))
    env["PATH"] = str(tools) + ":" + env["PATH"]
    print("-- pre-commit, good guests", flush=True)
    code, output = run(["pre-commit", "run", "--all-files"], cwd=project, env=env)
    print("   " + "\n   ".join(line for line in output.splitlines() if "numaschema" in line))
    if code != 0:
        print(output)
        fail("pre-commit fails on good guests")
    print("-- pre-commit, a bad guest", flush=True)
    add_bad_guest(project)
    code, output = run(["pre-commit", "run", "--all-files"], cwd=project, env=env)
    print("   " + "\n   ".join(line for line in output.splitlines() if "numaschema" in line or "bad.xml" in line))
    if code == 0:
        fail("pre-commit passes with a bad guest")
    if "guests/bad.xml:8:" not in output or "[numa-cpus-overlap]" not in output:
        fail("pre-commit's output does not name guests/bad.xml and its finding")
    # The canonicalize hook names what is not canonical: swap two attributes of a good guest.
    good = project / "guests" / "good.xml"
    good.write_text(good.read_text().replace("<cell id='0' cpus='0-3'", "<cell cpus='0-3' id='0'", 1))
    (project / "guests" / "bad.xml").unlink()
    subprocess.run(["git", "add", "-A"], cwd=project, check=True)
    code, output = run(["pre-commit", "run", "numaschema-canonicalize", "--all-files"], cwd=project, env=env)
    if code == 0 or "guests/good.xml: not canonical" not in output:
        print(output)
        fail("the canonicalize hook does not name a guest out of canonical form")


def main():
    repository, work = pathlib.Path(sys.argv[1]).resolve(), pathlib.Path(sys.argv[2]).resolve()
    tools = pathlib.Path(sys.executable).parent
    upstream = work / "upstream"
    shutil.rmtree(upstream, ignore_errors=True)
    subprocess.run(["git", "clone", "-q", str(repository), str(upstream)], check=True)
    subprocess.run(["git", "tag", "-f", TAG, "HEAD"], cwd=upstream, check=True, stdout=subprocess.DEVNULL)
    found = snippets((repository / "docs" / "ci.md").read_text(), f"file://{upstream}")
    only = os.environ.get("CHECK_CI_ONLY", "github gitlab pre-commit").split()
    if "github" in found and "github" in only:
        github(found["github"], work, repository, tools)
    if "gitlab" in found and "gitlab" in only:
        gitlab(found["gitlab"], work, repository, tools)
    if "pre-commit" in found and "pre-commit" in only:
        pre_commit(found["pre-commit"], work, repository, tools)
    if failures:
        print(f"check-ci: {len(failures)} failed")
        return 1
    print("check-ci: docs/ci.md's GitHub Actions, GitLab CI and pre-commit snippets behave as documented")
    return 0


if __name__ == "__main__":
    sys.exit(main())
