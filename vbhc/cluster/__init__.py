"""Batches on a Dask distributed cluster (``vbhc merge … --dask tcp://scheduler:8786``).

The client (the machine the clerk types on) checks everything a single-process run checks, then
sends the documents out in chunks; each worker renders (and converts, with one warm LibreOffice per
worker process) the documents of its chunk. Outputs come back as bytes and are written by the client
(atomically), or, with ``shared``, are written by the workers into a folder every machine sees at the
same path (atomic rename) and the client checks the exact set at the end. A chunk whose worker dies
is rerun by Dask on another worker; names are fixed before anything is sent and every write is an
atomic replace, so a rerun neither loses a document nor makes a second one. The register (sổ văn
bản) is never touched by a batch.

>>> from vbhc.cluster import Cluster
>>> merge("giay_moi.docx", "dai_bieu.xlsx", "out/", cluster=Cluster("tcp://may-chu:8786"))
"""

from __future__ import annotations

from dataclasses import dataclass

#: Seconds to wait for the scheduler to answer, and for its first worker.
CONNECT_TIMEOUT_S = 20.0


@dataclass(frozen=True)
class Cluster:
    """Where and how to run a batch on Dask."""

    address: str  #: the scheduler, ``tcp://host:8786``
    chunk: int | None = None  #: documents per task (None: chosen from the batch and the workers)
    shared: bool = False  #: workers write into the output folder (same path on every machine)
    timeout: float = CONNECT_TIMEOUT_S  #: seconds to reach the scheduler and its first worker


__all__ = ["CONNECT_TIMEOUT_S", "Cluster"]
