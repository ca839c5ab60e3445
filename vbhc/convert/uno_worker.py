"""The converter process: runs under the system Python (``/usr/bin/python3`` with ``python3-uno``),
starts one headless LibreOffice and converts documents through the UNO bridge.

Standalone on purpose (standard library + ``uno`` only): the project's virtual environment cannot
import ``uno``, and this interpreter cannot import the venv's packages.

Usage: ``python3 uno_worker.py SOFFICE WORK_DIR`` (the profile and the documents in transit live in
WORK_DIR, removed on exit).

Protocol on stdin/stdout, one frame per message: a JSON header line (``\\n``-terminated), then
``header["size"]`` bytes of payload.

* worker → ``{"ok": true, "ready": true, "pid": <soffice pid>}`` once LibreOffice answers;
  ``{"ok": false, "kind": "no_uno" | "start", "message": …}`` and exit when it cannot start.
* ``{"op": "convert", "name": "x.docx", "filter": "writer_pdf_Export", "size": N}`` + the document
  (``"filter_data"``: the filter's options as LibreOffice's JSON, as ``--convert-to`` takes them)
  → ``{"ok": true, "size": M}`` + the PDF, or ``{"ok": false, "kind": "load" | "crash", "message": …}``.
* ``{"op": "quit"}`` → LibreOffice is terminated, the worker exits.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

#: Seconds a fresh LibreOffice (new profile) may take before it accepts connections.
START_TIMEOUT_S = float(os.environ.get("VBHC_WARM_START_TIMEOUT", "180"))


def send(out, header: dict, payload: bytes = b"") -> None:
    header = dict(header, size=len(payload))
    out.write(json.dumps(header).encode("utf-8") + b"\n")
    out.write(payload)
    out.flush()


def receive(inp) -> tuple[dict, bytes] | None:
    line = inp.readline()
    if not line:
        return None
    header = json.loads(line)
    size = int(header.get("size", 0))
    payload = inp.read(size) if size else b""
    if len(payload) != size:
        return None
    return header, payload


def start_soffice(soffice: str, profile: Path, pipe: str) -> subprocess.Popen:
    """LibreOffice listening on a named pipe, with its own profile and no dialog it could wait on."""
    return subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--norestore",
            "--nolockcheck",
            "--nocrashreport",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def connect(uno, process: subprocess.Popen, pipe: str):
    """The Desktop of the LibreOffice just started, once it accepts the bridge."""
    from com.sun.star.connection import NoConnectException

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"LibreOffice dừng ngay khi khởi động (mã {process.returncode})")
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if time.monotonic() > deadline:
                raise RuntimeError(f"LibreOffice không trả lời sau {START_TIMEOUT_S:.0f} giây") from None
            time.sleep(0.1)
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def props(uno, **values) -> tuple:
    from com.sun.star.beans import PropertyValue

    items = []
    for key, value in values.items():
        item = PropertyValue()
        item.Name, item.Value = key, value
        items.append(item)
    return tuple(items)


def filter_data(uno, options: str):
    """LibreOffice's JSON filter options (``{"SelectPdfVersion":{"type":"long","value":"2"}}``) as
    the ``FilterData`` sequence of a store call."""
    values = []
    for key, spec in json.loads(options).items():
        value = int(spec["value"]) if spec.get("type") == "long" else spec["value"]
        values.append(props(uno, **{key: value})[0])
    return uno.Any("[]com.sun.star.beans.PropertyValue", tuple(values))


def convert(uno, desktop, work: Path, name: str, filter_name: str, data: bytes, options: str = "") -> bytes:
    """Load ``data`` hidden, without macros or update prompts, and store it with ``filter_name``
    (and its JSON ``options``)."""
    safe = re.sub(r"[^\w.\-]", "_", os.path.basename(name)) or "document"
    source = work / safe
    target = work / (Path(safe).stem + ".pdf")
    source.write_bytes(data)
    try:
        document = desktop.loadComponentFromURL(
            source.as_uri(), "_blank", 0,
            props(uno, Hidden=True, ReadOnly=True, MacroExecutionMode=0, UpdateDocMode=0),
        )
        if document is None:
            raise ValueError("LibreOffice không mở được tệp")
        try:
            store = props(uno, FilterName=filter_name)
            if options:
                store += props(uno, FilterData=filter_data(uno, options))
            uno.invoke(document, "storeToURL", (target.as_uri(), store))
        finally:
            document.close(True)
        return target.read_bytes()
    finally:
        source.unlink(missing_ok=True)
        target.unlink(missing_ok=True)


def alive(desktop, process: subprocess.Popen) -> bool:
    """Whether LibreOffice still answers over the bridge."""
    if process.poll() is not None:
        return False
    try:
        desktop.getComponents()
    except Exception:
        return False
    return True


def stop(desktop, process: subprocess.Popen) -> None:
    try:
        if desktop is not None:
            desktop.terminate()
    except Exception:  # the bridge goes away while LibreOffice terminates
        pass
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def main() -> int:
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but frames on the protocol stream
    soffice = sys.argv[1] if len(sys.argv) > 1 else "soffice"
    work = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp(prefix="vbhc-warm-"))
    try:
        import uno
    except ImportError as problem:
        send(out, {"ok": False, "kind": "no_uno", "message": str(problem)})
        return 3
    pipe = f"vbhc-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    process = None
    desktop = None
    try:
        try:
            process = start_soffice(soffice, work / "profile", pipe)
            desktop = connect(uno, process, pipe)
        except Exception as problem:
            send(out, {"ok": False, "kind": "start", "message": str(problem)})
            return 4
        (work / "docs").mkdir(exist_ok=True)
        send(out, {"ok": True, "ready": True, "pid": process.pid})
        while True:
            message = receive(inp)
            if message is None or message[0].get("op") == "quit":
                return 0
            header, data = message
            try:
                pdf = convert(uno, desktop, work / "docs", header["name"], header["filter"], data,
                              header.get("filter_data", ""))
            except Exception as problem:
                kind = "load" if alive(desktop, process) else "crash"
                send(out, {"ok": False, "kind": kind, "message": f"{type(problem).__name__}: {problem}"})
                if kind == "crash":
                    return 5
                continue
            send(out, {"ok": True}, pdf)
    finally:
        if process is not None:
            stop(desktop, process)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    sys.exit(main())
