"""The files an import reads, read once from where the user keeps them.

Each file is opened without following a symbolic link and must be a regular file (not a folder,
device or pipe). It is copied, as it is read, into a private temporary folder, and hashed
(SHA-256). Validation and writing both read the copy, so what is written is byte for byte what
was validated, however the original changes meanwhile. `changed` compares the originals with the
hashes of their copies: a change seen before anything is written stops the import; one seen after
is reported, since the graph then holds the file as it was read.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1 << 20
_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)  # a pipe named x.csv must not block the open
    | getattr(os, "O_CLOEXEC", 0)
)
SYMLINK = (
    "a symbolic link; the import reads only regular files in the folder "
    "(copy the file there instead)"
)
NOT_REGULAR = "not a regular file (a folder, device or pipe); the import reads only regular files"


class Unreadable(Exception):
    """Why a file is not read: the reason, for an ImportIssue."""


def open_regular(path: Path) -> io.BufferedReader:
    """`path` opened for reading if it is a regular file reached without a symbolic link as its
    last step; raises Unreadable otherwise. (The folder above may be a link: that is the user's
    choice of where to import from.)"""
    try:
        if stat.S_ISLNK(os.lstat(path).st_mode):
            raise Unreadable(SYMLINK)
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # replaced by a link since the lstat
            raise Unreadable(SYMLINK) from exc
        raise Unreadable(f"cannot be read: {exc.strerror}") from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise Unreadable(NOT_REGULAR)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


@dataclass(frozen=True)
class Source:
    """One file of an import: its name, where it was read from, the private copy both passes
    read, and the SHA-256 of what was read."""

    name: str
    original: Path
    copy: Path
    sha256: str


def digest(path: Path) -> str | None:
    """The SHA-256 of what `path` holds now; None when it can no longer be read as a regular file."""
    try:
        handle = open_regular(path)
    except Unreadable:
        return None
    with handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def changed(sources: Iterable[Source]) -> list[str]:
    """Names of the files whose original no longer holds what was read."""
    return [s.name for s in sources if digest(s.original) != s.sha256]


class Snapshot:
    """Copies of an import's files in a private temporary folder (mode 0700, under TMPDIR),
    removed when the import ends."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="talentgraph-import-")
        self.folder = Path(self._folder.name)

    def take(self, name: str, original: Path) -> Source:
        """Copy `original` as `name`; raises Unreadable (see `open_regular`)."""
        copy = self.folder / name
        hashed = hashlib.sha256()
        with open_regular(original) as source, copy.open("xb") as target:
            while chunk := source.read(CHUNK):
                hashed.update(chunk)
                target.write(chunk)
        return Source(name, original, copy, hashed.hexdigest())

    def close(self) -> None:
        self._folder.cleanup()

    def __enter__(self) -> Snapshot:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
