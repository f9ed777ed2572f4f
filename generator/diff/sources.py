"""Where the two sides come from: files on disk, or `REV:path` read from git (no checkout).

A spec read from git is written, with every spec-like file (*.yaml, *.yml,
*.json) of its folder and the folders below at that revision, into a
temporary folder, so that references to sibling files resolve as they did then.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..config import Config, package_name
from ..errors import Diagnostic, LeadgenError
from ..pipeline import display_path
from .engine import Side, load_side

__all__ = ["Git", "Source", "package_for", "parse_source"]

SPEC_SUFFIXES = (".yaml", ".yml", ".json")


def _error(where: str, message: str, hint: str = "") -> LeadgenError:
    return LeadgenError([Diagnostic(where, None, None, "", message, hint)])


@dataclass(frozen=True)
class Source:
    """One side as named on the command line: a file, or a file at a git revision."""

    text: str  # as given
    path: Path | None = None  # a file on disk
    rev: str | None = None
    repo_path: str | None = None  # inside the repository, relative to its root (posix)

    @property
    def display(self) -> str:
        if self.rev is not None:
            return f"{self.rev}:{self.repo_path}"
        assert self.path is not None
        return display_path(self.path)

    @property
    def package(self) -> str:
        """The package named after the file alone: `package_name` of its stem."""
        name = self.path.stem if self.path is not None else PurePosixPath(self.repo_path or "").stem
        return package_name(name)

    def working_path(self, git: Git | None) -> Path | None:
        """The file this side stands for in the working tree: itself, or REV:path's path."""
        if self.path is not None:
            return self.path
        if git is None or self.repo_path is None:
            return None
        return git.root().joinpath(*PurePosixPath(self.repo_path).parts)

    def load(self, git: Git | None, package: str) -> Side:
        if self.path is not None:
            if not self.path.is_file():
                raise _error(self.text, "file not found")
            return load_side(self.path, self.display, package)
        assert git is not None and self.rev is not None and self.repo_path is not None
        with tempfile.TemporaryDirectory(prefix="leadgen-diff-") as tmp:
            path = git.export(self.rev, self.repo_path, Path(tmp))
            return load_side(path, self.display, package)


def package_for(config: Config, git: Git | None, new: Source, old: Source | None = None) -> str:
    """The package the spec generates, as its users import it: the configured client's package
    (NEW's, else OLD's; a `REV:path` side is looked up by its path in the working tree), else
    the package named after NEW's file."""
    for source in (new, old):
        if source is None:
            continue
        path = source.working_path(git)
        if path is None:
            continue
        client = config.client_for(path)
        if client in config.clients:
            return client.package
    return new.package


def parse_source(text: str, git: Git) -> Source:
    """`path/to/spec.yaml` (an existing file) or `REV:path` (path relative to the repository root,
    or to the current folder when it starts with ./ or ../, as git reads it)."""
    path = Path(text)
    rev, sep, inside = text.partition(":")
    if path.is_file() or not sep or not rev or (os.name == "nt" and len(rev) == 1):
        return Source(text, path=path)
    if not inside:
        raise _error(text, "no path after the revision", "write REV:path/to/spec.yaml")
    if inside.startswith(("./", "../")):
        inside = posixpath.normpath(posixpath.join(git.prefix(), inside))
    return Source(text, rev=rev, repo_path=posixpath.normpath(inside))


class Git:
    """The few git commands the diff needs, run in one folder; failures are LeadgenErrors."""

    def __init__(self, cwd: Path | None = None) -> None:
        self.cwd = cwd or Path.cwd()
        self._root: Path | None = None
        self._verified: set[str] = set()

    def run(self, *args: str, stdin: bytes | None = None) -> bytes:
        try:
            done = subprocess.run(
                ["git", *args], cwd=self.cwd, input=stdin, capture_output=True, check=False
            )
        except OSError as exc:
            raise _error("git", f"cannot run git: {exc.strerror}", "install git") from None
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise _error("git " + " ".join(args[:2]), message[-1] if message else "git failed")
        return done.stdout

    def root(self) -> Path:
        if self._root is None:
            try:
                self._root = Path(self.run("rev-parse", "--show-toplevel").decode().strip())
            except LeadgenError:
                raise _error(str(self.cwd), "not inside a git repository",
                             "run leadgen diff from the repository, or compare two files") from None  # fmt: skip
        return self._root

    def prefix(self) -> str:
        self.root()
        return self.run("rev-parse", "--show-prefix").decode().strip()

    def verify(self, rev: str) -> None:
        if rev in self._verified:
            return
        self.root()
        try:
            self.run("rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}")
        except LeadgenError:
            raise _error(
                rev, f"unknown git revision {rev!r}", "name a commit, branch or tag"
            ) from None
        self._verified.add(rev)

    def repo_path(self, path: Path) -> str:
        """`path` (on disk) relative to the repository root, as posix text."""
        try:
            return path.resolve().relative_to(self.root().resolve()).as_posix()
        except ValueError:
            raise _error(str(path), "the spec is not inside the git repository") from None

    def exists(self, rev: str, repo_path: str) -> bool:
        self.verify(rev)
        try:
            self.run("cat-file", "-e", f"{rev}:{repo_path}")
        except LeadgenError:
            return False
        return True

    def specs_in(self, rev: str, folder: str) -> list[str]:
        """Repository paths of the spec files at the top of `folder` at `rev`."""
        self.verify(rev)
        listed = self.run("ls-tree", "-z", "--name-only", rev, "--", folder.rstrip("/") + "/")
        names = [n for n in listed.decode("utf-8", "replace").split("\0") if n]
        return sorted(
            n for n in names
            if n.endswith(SPEC_SUFFIXES) and not posixpath.basename(n).startswith(".")
        )  # fmt: skip

    def export(self, rev: str, repo_path: str, dest: Path) -> Path:
        """Write the spec and the spec-like files of its folder at `rev` below `dest`."""
        if not self.exists(rev, repo_path):
            raise _error(f"{rev}:{repo_path}", f"no such file at revision {rev}")
        folder = posixpath.dirname(repo_path)
        listed = self.run("ls-tree", "-r", "-z", rev, "--", (folder + "/") if folder else ".")
        wanted: list[tuple[str, str]] = []
        for entry in listed.decode("utf-8", "replace").split("\0"):
            meta, _, name = entry.partition("\t")
            parts = meta.split()
            if (
                len(parts) == 3
                and parts[1] == "blob"
                and parts[0] != "120000"
                and name.endswith(SPEC_SUFFIXES)
            ):
                wanted.append((parts[2], name))
        if not any(name == repo_path for _, name in wanted):
            wanted.append((self.run("rev-parse", f"{rev}:{repo_path}").decode().strip(), repo_path))
        for (oid, name), content in zip(wanted, self._blobs([oid for oid, _ in wanted])):
            target = dest.joinpath(*PurePosixPath(name).parts)
            if ".." in PurePosixPath(name).parts:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        return dest.joinpath(*PurePosixPath(repo_path).parts)

    def _blobs(self, oids: list[str]) -> list[bytes]:
        """Contents of many blobs through one `git cat-file --batch`."""
        out = self.run("cat-file", "--batch", stdin=("\n".join(oids) + "\n").encode())
        contents, at = [], 0
        for _ in oids:
            header_end = out.index(b"\n", at)
            size = int(out[at:header_end].split()[2])
            contents.append(out[header_end + 1 : header_end + 1 + size])
            at = header_end + 1 + size + 1
        return contents
