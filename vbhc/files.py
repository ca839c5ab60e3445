"""Writing files so that a failure never leaves a half-written file where a good one was."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from vbhc.errors import EnvironmentProblem, Vitri


def _check_target(target: Path, inputs: tuple[Path, ...]) -> None:
    if not target.parent.is_dir():
        raise EnvironmentProblem(
            f"thư mục «{target.parent}» không tồn tại",
            Vitri(tep=str(target)),
            goi_y="tạo thư mục trước hoặc chọn đường dẫn khác",
        )
    if target.is_dir():
        raise EnvironmentProblem("đường dẫn ra là một thư mục, cần tên tệp", Vitri(tep=str(target)))
    for source in inputs:
        with contextlib.suppress(OSError):
            if source.exists() and target.exists() and os.path.samefile(source, target):
                raise EnvironmentProblem(
                    "tệp ra trùng với tệp vào; vbhc không ghi đè lên dữ liệu nguồn",
                    Vitri(tep=str(target)),
                )


@contextlib.contextmanager
def atomic_output(path: str | Path, *, inputs: tuple[str | Path, ...] = ()) -> Iterator[BinaryIO]:
    """Open a temporary file beside ``path``; on success it replaces ``path`` in one step.

    On any exception the temporary file is removed and ``path`` keeps its old content.
    ``inputs`` are files the output must never overwrite.
    """
    target = Path(path)
    _check_target(target, tuple(Path(p) for p in inputs))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def write_bytes(path: str | Path, data: bytes, *, inputs: tuple[str | Path, ...] = ()) -> Path:
    """Write ``data`` to ``path`` atomically."""
    with atomic_output(path, inputs=inputs) as handle:
        handle.write(data)
    return Path(path)
