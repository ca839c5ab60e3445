"""The empty signature fields of a PDF ready for ký số: their names, and where Phụ lục I puts them.

Every position is computed from the rendered page (:mod:`vbhc.signing.positions`), never assumed:

* ``ChuKyNguoiKy`` (ô 7c): the signer's signature image, centred between the last chức vụ line and
  the họ tên, filling the blank lines between them, as wide as the widest line of the signer block
  (at most :data:`vbhc.nd30.CHU_KY_RONG_TOI_DA` times its height);
* ``ChuKyCoQuan`` (ô 8): the agency's seal at its real size, centred on the signature's height and
  covering the left third of the signature field;
* ``ChuKyCoQuan`` on an attachment or phụ lục in a file of its own, and on a bản sao điện tử (ô 14):
  no image, a box at the top right of page 1, above the page's content;
* ``ChuKyNguoiKy2``: the second signer of a biên bản (the thư ký, in the left column).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vbhc import nd30
from vbhc.errors import InputError, Vitri
from vbhc.signing.positions import Box, PageContent, SignerBlock

#: Field names (stable: ``vbhc sign --field`` fills them).
NGUOI_KY = "ChuKyNguoiKy"
NGUOI_KY_2 = "ChuKyNguoiKy2"
CO_QUAN = "ChuKyCoQuan"

#: What a file is, for its agency signature: the main document (signer, then seal), an attachment
#: or phụ lục in a file of its own (top right of page 1), a bản sao điện tử (ô 14).
VAN_BAN, KEM_THEO, BAN_SAO = "van_ban", "kem_theo", "ban_sao"
KIEU = (VAN_BAN, KEM_THEO, BAN_SAO)

PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Field:
    """One empty signature field: its name, page (from 0), box (PDF points) and Phụ lục I ô."""

    name: str
    page: int
    box: Box
    o: str  #: ``7c``, ``8``, ``14``, or ``kèm theo``

    def describe(self) -> str:
        """``ChuKyNguoiKy (ô 7c, trang 2)``."""
        where = self.o if self.o.startswith("kèm") else f"ô {self.o}"
        return f"{self.name} ({where}, trang {self.page + 1})"


def signature_box(block: SignerBlock, where: Vitri | None = None) -> Box:
    """The box of the signer's signature (ô 7c) between the block's last title line and its họ tên,
    centred on the block, as wide as its widest line or :data:`vbhc.nd30.CHU_KY_RONG_TOI_DA` times
    its height, whichever is less."""
    gap = nd30.KY_SO_KHOANG_HO_PT
    top = block.titles[-1].box.y0 - gap
    bottom = block.ho_ten.box.y1 + gap
    if top - bottom < block.ho_ten.box.height:
        raise InputError(
            f"không có chỗ cho chữ ký giữa dòng «{block.titles[-1].text}» và dòng «{block.ho_ten.text}» "
            f"(trang {block.page + 1})",
            where,
            goi_y="để các dòng trống giữa chức vụ và họ tên người ký, như mẫu của Nghị định 30",
        )
    box = block.box
    half = min(box.width, (top - bottom) * nd30.CHU_KY_RONG_TOI_DA) / 2
    return Box(box.centre_x - half, bottom, box.centre_x + half, top)


def seal_box(signature: Box, page: PageContent, diameter_mm: float) -> Box:
    """The seal (ô 8) at its real size over the left third of ``signature``, kept on the page."""
    size = diameter_mm * PT_PER_MM
    right = signature.x0 + signature.width * nd30.DAU_TRUM_CHU_KY
    middle = (signature.y0 + signature.y1) / 2
    bottom = min(max(middle - size / 2, 0), page.height - size)
    return Box(right - size, bottom, right, bottom + size)


def top_right_box(page: PageContent) -> Box:
    """The text-only agency signature at the top right of page 1: right edge on the content's,
    bottom just above the content, top at the header distance, or higher when that leaves less
    than two lines of 10 pt (the field never covers printed text unless the page has no margin)."""
    content = page.content
    size = nd30.THANH_PHAN["chu_ky_so"].size.default
    least = nd30.KY_SO_O_DONG * size * nd30.KY_SO_O_DONG_CAO
    bottom = min(content.y1 + nd30.KY_SO_KHOANG_HO_PT, page.height - least)
    top = min(max(page.height - nd30.KY_SO_O_TREN_MM * PT_PER_MM, bottom + least), page.height)
    return Box(content.x1 - content.width * nd30.KY_SO_O_RONG, bottom, content.x1, top)


def for_signers(
    blocks: Sequence[SignerBlock], page: PageContent, *, seal_mm: float, where: Vitri | None = None
) -> list[Field]:
    """The signer's field and the seal over it (first block), the second signer's (biên bản)."""
    first = signature_box(blocks[0], where)
    fields = [
        Field(NGUOI_KY, blocks[0].page, first, "7c"),
        Field(CO_QUAN, blocks[0].page, seal_box(first, page, seal_mm), "8"),
    ]
    if len(blocks) > 1:
        fields.append(Field(NGUOI_KY_2, blocks[1].page, signature_box(blocks[1], where), "7c"))
    return fields


def for_agency(page: PageContent, kieu: str) -> Field:
    """The agency's text-only field on page 1 of an attachment (``KEM_THEO``) or copy (``BAN_SAO``)."""
    return Field(CO_QUAN, page.page, top_right_box(page), "14" if kieu == BAN_SAO else "kèm theo")


__all__ = [
    "BAN_SAO", "CO_QUAN", "KEM_THEO", "KIEU", "NGUOI_KY", "NGUOI_KY_2", "VAN_BAN", "Field", "for_agency",
    "for_signers", "seal_box", "signature_box", "top_right_box",
]
