"""``--dask``, ``--dask-chunk``, ``--dask-shared``: shared by ``vbhc merge`` and ``vbhc pdf``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import click

from vbhc.errors import InputError, Vitri

if TYPE_CHECKING:  # pragma: no cover
    from vbhc.cluster import Cluster

T = TypeVar("T")


def dask_options(func: Callable[..., T]) -> Callable[..., T]:
    """The three options, in this order in ``--help``."""
    func = click.option(
        "--dask-shared", "dask_shared", is_flag=True,
        help="Với --dask: các máy con tự ghi tệp vào thư mục ra (thư mục chung, cùng đường dẫn trên mọi "
        "máy). Không có tùy chọn này, máy con gửi tệp về và máy này ghi.",
    )(func)
    func = click.option(
        "--dask-chunk", "dask_chunk", type=click.IntRange(min=1), default=None,
        help="Với --dask: số văn bản mỗi lô gửi cho một máy con (mặc định: tự chọn theo số văn bản và số "
        "máy con, tối đa 10 khi có PDF, 200 khi không).",
    )(func)
    return click.option(
        "--dask", "dask", metavar="ĐỊA_CHỈ", default=None,
        help="Chạy trên cụm Dask: địa chỉ bộ lập lịch, ví dụ tcp://may-chu:8786 (mỗi máy con cần vbhc và "
        "LibreOffice; xem docs/hieu-nang.md).",
    )(func)


def cluster_from(dask: str | None, chunk: int | None, shared: bool) -> Cluster | None:
    """The :class:`vbhc.cluster.Cluster` the options ask for (None without ``--dask``)."""
    if dask is None:
        for given, option in ((chunk is not None, "--dask-chunk"), (shared, "--dask-shared")):
            if given:
                raise InputError(f"{option} chỉ dùng cùng --dask", Vitri(truong=option),
                                 goi_y="thêm --dask tcp://máy-chủ:8786")
        return None
    from vbhc.cluster import Cluster

    return Cluster(dask, chunk=chunk, shared=shared)


def refuse_with_dask(cluster: Cluster | None, options: dict[str, bool]) -> None:
    """InputError when an option given with ``--dask`` has no meaning on a cluster."""
    if cluster is None:
        return
    for option, given in options.items():
        if given:
            raise InputError(f"{option} chưa dùng được cùng --dask", Vitri(truong=option),
                             goi_y=f"bỏ {option}, hoặc chạy lệnh trên một máy (không có --dask)")
