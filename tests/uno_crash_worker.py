"""A converter process (vbhc/convert/uno_worker.py) whose LibreOffice dies on every document whose
name contains «hong»: killed (SIGKILL) in the middle of loading it, as a crashing soffice would.

Run by the system Python: ``python3 uno_crash_worker.py UNO_WORKER_DIR SOFFICE WORK_DIR``.
"""

import os
import signal
import sys

sys.path.insert(0, sys.argv.pop(1))
import uno_worker

_convert = uno_worker.convert


def _kill_libreoffice() -> None:
    """SIGKILL to every process of this converter's group but this one (oosplash, soffice.bin)."""
    group = os.getpgid(0)
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid():
            try:
                if os.getpgid(int(entry)) == group:
                    os.kill(int(entry), signal.SIGKILL)
            except OSError:
                pass


def convert(uno, desktop, work, name, *rest):
    if "hong" in name:
        _kill_libreoffice()
    return _convert(uno, desktop, work, name, *rest)


uno_worker.convert = convert
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
sys.exit(uno_worker.main())
