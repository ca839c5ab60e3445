"""``python -m vbhc``: the same as the ``vbhc`` command."""

from vbhc.cli import main

main()
