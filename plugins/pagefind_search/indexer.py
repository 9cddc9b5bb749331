"""Run Pagefind (its Python API, `pagefind[bin]`) over the records and write the index.

The records are written as files into a temporary folder and indexed with one `add_directory`
call: the Python API answers one request per 0.1 s, so adding 10,000 records one by one would
take 17 minutes, while one directory takes as long as the Pagefind CLI.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import cbor
from .reproducible import BundleError, normalize_bundle

logger = logging.getLogger(__name__)

INSTALL_HINT = "install it with `make venv` (pagefind[bin]==1.5.2 is pinned in pyproject.toml)"


class PagefindError(RuntimeError):
    """Pagefind is missing or failed; the message says what to do."""


@contextlib.contextmanager
def _binary_override(binary: str) -> Iterator[None]:
    """Point the pagefind package at `binary` (PAGEFIND_BINARY_PATH) for the block."""
    if not binary:
        yield
        return
    old = os.environ.get("PAGEFIND_BINARY_PATH")
    os.environ["PAGEFIND_BINARY_PATH"] = binary
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("PAGEFIND_BINARY_PATH", None)
        else:
            os.environ["PAGEFIND_BINARY_PATH"] = old


def write_records(records: Iterable[tuple[str, str]], folder: Path) -> int:
    """Write (relative path, html) records under `folder`; returns how many."""
    count = 0
    for relative, text in records:
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        count += 1
    return count


def build_index(
    records: Iterable[tuple[str, str]],
    output_dir: Path,
    *,
    output_path: str = "pagefind",
    language: str = "vi",
    binary: str = "",
    timeout_seconds: int = 900,
) -> int:
    """Index the records into `output_dir/output_path` (replacing an older index).

    Returns the number of pages Pagefind indexed. Raises PagefindError when Pagefind is not
    installed, cannot start, fails, or indexes fewer pages than it was given.
    """
    try:
        from pagefind.index import IndexConfig
    except ImportError as error:
        raise PagefindError(
            f"the Python package 'pagefind' is missing ({error}): {INSTALL_HINT}"
        ) from error
    target = (Path(output_dir) / output_path).resolve()
    with tempfile.TemporaryDirectory(prefix="pagefind-records-") as tmp:
        expected = write_records(records, Path(tmp))
        staging = Path(tmp + "-out")
        config = IndexConfig(
            force_language=language,
            output_path=str(staging),
            write_playground=False,
        )
        with _binary_override(binary):
            try:
                indexed = asyncio.run(asyncio.wait_for(_run(config, tmp), timeout_seconds))
            except PagefindError:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            except TimeoutError:
                shutil.rmtree(staging, ignore_errors=True)
                raise PagefindError(
                    f"Pagefind did not finish within {timeout_seconds} s "
                    "(PAGEFIND['timeout_seconds']); the index was not written. "
                    f"If the Pagefind binary is broken, {INSTALL_HINT}"
                ) from None
            except Exception as error:  # the pagefind package raises bare Exceptions
                shutil.rmtree(staging, ignore_errors=True)
                raise PagefindError(
                    f"Pagefind failed: {type(error).__name__}: {error}; "
                    f"the index was not written. If Pagefind is missing, {INSTALL_HINT}"
                ) from error
        if indexed != expected:
            shutil.rmtree(staging, ignore_errors=True)
            raise PagefindError(
                f"Pagefind indexed {indexed} of {expected} records; the index was not written"
            )
        if not (staging / "pagefind.js").is_file():
            raise PagefindError(f"Pagefind wrote no pagefind.js into {staging}")
        try:
            normalize_bundle(staging)
        except (BundleError, cbor.CborError, OSError, KeyError, ValueError) as error:
            shutil.rmtree(staging, ignore_errors=True)
            raise PagefindError(
                f"could not make Pagefind's output reproducible ({error}); "
                "the index was not written"
            ) from error
        # Swap the finished index in whole: no half-written index is ever left in output/.
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staging), str(target))
    return indexed


async def _guarded(service, coroutine, what: str):
    """Await `coroutine`, failing fast if the Pagefind process dies meanwhile.

    The service's reader task ends when the process's output closes; without this, a request to
    a dead process would wait forever.
    """
    task = asyncio.ensure_future(coroutine)
    poll = getattr(service, "_poll_task", None)
    waiting = {task} | ({poll} if poll is not None else set())
    done, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        return task.result()
    task.cancel()
    backend = getattr(service, "_backend", None)
    code = backend.returncode if backend is not None else None
    raise PagefindError(
        f"the Pagefind process stopped while {what} (exit code {code}): {INSTALL_HINT}"
    )


async def _run(config, folder: str) -> int:
    from pagefind.service import PagefindService

    try:
        service = await PagefindService().launch()
    except FileNotFoundError as error:
        raise PagefindError(
            f"the Pagefind binary was not found ({error}): {INSTALL_HINT}"
        ) from error
    except OSError as error:
        raise PagefindError(
            f"the Pagefind binary could not start ({error}): {INSTALL_HINT}"
        ) from error
    try:
        index = await _guarded(service, service.create_index(config), "starting")
        result = await _guarded(service, index.add_directory(folder), "indexing")
        await _guarded(service, index.write_files(), "writing the index")
        return int(result.get("page_count", 0))
    finally:
        with contextlib.suppress(Exception):
            service._poll_task.cancel()
            service._backend.terminate()
            await service._backend.wait()
