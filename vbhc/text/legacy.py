"""Legacy Vietnamese encodings: TCVN3 (ABC, ``.VnTime`` fonts) and VNI, read back as Unicode NFC.

Old spreadsheets and documents were typed with 8-bit fonts. Opened today, their text shows the
8-bit codes as Latin-1 characters: TCVN3 ``Céng hßa x· héi`` is ``Cộng hòa xã hội``; VNI writes a base
letter followed by a mark character, ``Coäng hoøa xaõ hoäi``. :func:`fix_text` detects both and
converts them; decomposed Unicode (NFD) is normalised to NFC silently.

Detection compares syllables, not characters: a word counts for an encoding when it is *not* a
well-formed Vietnamese syllable as it stands but *is* one once converted (``Céng`` → ``Cộng``). Words
that are already good Vietnamese (``Lê Tâm``) or foreign (``café``, ``Müller``, ``naïve``) never
trigger a conversion.

Mapping tables: TCVN 5712:1993 VN3 as produced by Unikey/ABC, and VNI-Windows; checked against the
tables of duydev/vietnamese-conversion (``src/charsets.ts``, MIT) and the TCVN-5712 table of X11
(``xc/lib/X11/lcUniConv/tcvn.h``). TCVN3 has no capital toned vowels in the ``.VnTime`` font: capitals
were typed with the ``.VnTimeH`` font on the same codes (so an all-capital word or line is restored in
capitals), or, by some converters, as the capital base letter followed by the toned code (``C¤éNG``);
both are read back.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TCVN3 = "TCVN3"
VNI = "VNI"
ENCODINGS = (TCVN3, VNI)

# --- tables ---------------------------------------------------------------------------------------

#: Unicode letter → TCVN3 code (as the Latin-1 character of that byte). Lower-case toned vowels and
#: the seven capital base letters; capital toned vowels do not exist in TCVN3.
_TCVN3_CODES: dict[str, int] = {
    "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9,
    "ă": 0xA8, "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD, "ắ": 0xBE, "ặ": 0xC6,
    "â": 0xA9, "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ấ": 0xCA, "ậ": 0xCB,
    "đ": 0xAE,
    "è": 0xCC, "ẻ": 0xCE, "ẽ": 0xCF, "é": 0xD0, "ẹ": 0xD1,
    "ê": 0xAA, "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4, "ế": 0xD5, "ệ": 0xD6,
    "ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "í": 0xDD, "ị": 0xDE,
    "ò": 0xDF, "ỏ": 0xE1, "õ": 0xE2, "ó": 0xE3, "ọ": 0xE4,
    "ô": 0xAB, "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ố": 0xE8, "ộ": 0xE9,
    "ơ": 0xAC, "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ớ": 0xED, "ợ": 0xEE,
    "ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2, "ú": 0xF3, "ụ": 0xF4,
    "ư": 0xAD, "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ứ": 0xF8, "ự": 0xF9,
    "ỳ": 0xFA, "ỷ": 0xFB, "ỹ": 0xFC, "ý": 0xFD, "ỵ": 0xFE,
    "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
}
_TCVN3_ENCODE = {letter: chr(code) for letter, code in _TCVN3_CODES.items()}
_TCVN3_DECODE = {chr(code): letter for letter, code in _TCVN3_CODES.items()}
#: Text extracted from PDFs set in ABC fonts often carries U+2212 MINUS SIGN for «ư».
_TCVN3_DECODE_EXTRA = {"\u2212": "ư"}

#: VNI-Windows: the mark characters written after a base letter (lower case; capitals use the
#: capital form of the same character).
_VNI_TONE = {"sac": "ù", "huyen": "ø", "hoi": "û", "nga": "õ", "nang": "ï"}
_VNI_CIRC = {None: "â", "sac": "á", "huyen": "à", "hoi": "å", "nga": "ã", "nang": "ä"}
_VNI_BREVE = {None: "ê", "sac": "é", "huyen": "è", "hoi": "ú", "nga": "ü", "nang": "ë"}
#: Letters VNI writes as one character.
_VNI_SINGLE = {
    "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ỵ": "î",
    "ơ": "ô", "ư": "ö", "đ": "ñ",
}

_TONE_MARKS = {"\u0301": "sac", "\u0300": "huyen", "\u0309": "hoi", "\u0303": "nga", "\u0323": "nang"}
_TONE_COMBINING = {name: mark for mark, name in _TONE_MARKS.items()}
_SHAPE_MARKS = {"\u0302", "\u0306", "\u031b"}  # circumflex, breve, horn


def _compose(base: str, tone: str | None) -> str:
    return unicodedata.normalize("NFC", base + (_TONE_COMBINING[tone] if tone else ""))


@lru_cache(maxsize=1)
def _vni_tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(Unicode letter → VNI text, VNI pair → letter, VNI single character → letter)."""
    encode: dict[str, str] = {}
    tones: list[str | None] = [None, *_VNI_TONE]
    for tone in tones:
        mark = _VNI_TONE.get(tone or "", "")
        for base in "aeouy":
            if tone is not None:
                encode[_compose(base, tone)] = base + mark
        encode[_compose("â", tone)] = "a" + _VNI_CIRC[tone]
        encode[_compose("ê", tone)] = "e" + _VNI_CIRC[tone]
        encode[_compose("ô", tone)] = "o" + _VNI_CIRC[tone]
        encode[_compose("ă", tone)] = "a" + _VNI_BREVE[tone]
        if tone is not None:
            encode[_compose("ơ", tone)] = "ô" + mark
            encode[_compose("ư", tone)] = "ö" + mark
    encode.update(_VNI_SINGLE)
    encode[_compose("y", "nang")] = "î"  # ỵ is a single character, not «y» + mark
    for letter, code in list(encode.items()):
        encode[letter.upper()] = code.upper()
    pairs = {code: letter for letter, code in encode.items() if len(code) == 2}
    singles = {code: letter for letter, code in encode.items() if len(code) == 1}
    return encode, pairs, singles


# --- encoding (used by tests and by anyone who must write for an old system) ----------------------


def from_unicode(text: str, encoding: str, *, capitals: str = "ghep") -> str:
    """Encode Unicode ``text`` as it reads in a legacy font (the inverse of :func:`to_unicode`).

    For TCVN3, ``capitals`` says how capital toned vowels are written: ``"ghep"`` (capital base
    letter followed by the toned code, as some converters do: exact round trip) or ``"vntimeh"``
    (the toned code alone, as typed with a ``.VnTimeH`` capitals font).
    """
    text = unicodedata.normalize("NFC", text)
    if encoding == VNI:
        encode = _vni_tables()[0]
        return "".join(encode.get(ch, ch) for ch in text)
    if encoding != TCVN3:
        raise ValueError(f"không biết bảng mã «{encoding}»; dùng TCVN3 hoặc VNI")
    out = []
    for ch in text:
        if ch in _TCVN3_ENCODE:
            out.append(_TCVN3_ENCODE[ch])
            continue
        lower = ch.lower()
        if lower != ch and lower in _TCVN3_ENCODE:
            base, tone = _split_tone(lower)
            code = _TCVN3_ENCODE[lower]
            if capitals == "ghep" and tone is not None:
                capital_base = base.upper()
                out.append(_TCVN3_ENCODE.get(capital_base, capital_base) + code)
            else:
                out.append(code)
            continue
        out.append(ch)
    return "".join(out)


def _split_tone(letter: str) -> tuple[str, str | None]:
    """A letter without its tone, and the tone's name."""
    decomposed = unicodedata.normalize("NFD", letter)
    tone = next((_TONE_MARKS[m] for m in decomposed if m in _TONE_MARKS), None)
    base = "".join(m for m in decomposed if m not in _TONE_MARKS)
    return unicodedata.normalize("NFC", base), tone


# --- decoding -------------------------------------------------------------------------------------

_ASCII_UPPER = re.compile(r"[A-Z¡¢£¤¥¦§]")
_ASCII_LOWER = re.compile(r"[a-z]")


def _decode_tcvn3_piece(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        nxt = text[i + 1] if i + 1 < len(text) else ""
        base_letter = _TCVN3_DECODE.get(ch, ch)
        if base_letter.isupper() and nxt in _TCVN3_DECODE:
            toned = _TCVN3_DECODE[nxt]
            if _split_tone(toned)[0] == base_letter.lower() and toned != base_letter.lower():
                out.append(toned.upper())
                i += 2
                continue
        if ch in _TCVN3_DECODE:
            out.append(_TCVN3_DECODE[ch])
        elif ch in _TCVN3_DECODE_EXTRA and i > 0:
            out.append(_TCVN3_DECODE_EXTRA[ch])
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _decode_tcvn3(text: str) -> str:
    all_caps = not _ASCII_LOWER.search(text) and bool(_ASCII_UPPER.search(text))
    pieces = _WORD_SPLIT.split(text)
    out = []
    for piece in pieces:
        decoded = _decode_tcvn3_piece(piece)
        # capitals typed with the .VnTimeH font use the lower-case codes: «HßA» → «HÒA»
        out.append(decoded.upper() if all_caps or _is_caps_word(piece) else decoded)
    return "".join(out)


def _is_caps_word(word: str) -> bool:
    return len(_ASCII_UPPER.findall(word)) >= 2 and not _ASCII_LOWER.search(word)


def _decode_vni(text: str) -> str:
    _, pairs, singles = _vni_tables()
    out: list[str] = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if len(pair) == 2 and pair in pairs:
            out.append(pairs[pair])
            i += 2
            continue
        # a capital base letter with a lower-case mark (or the reverse) still means the letter
        mixed = pair[:1] + pair[1:].swapcase()
        if len(pair) == 2 and pair[1].isalpha() and mixed in pairs:
            letter = pairs[mixed]
            out.append(letter.upper() if pair[0].isupper() else letter.lower())
            i += 2
            continue
        out.append(singles.get(text[i], text[i]))
        i += 1
    return "".join(out)


_DECODERS = {TCVN3: _decode_tcvn3, VNI: _decode_vni}


def to_unicode(text: str, encoding: str | None = None) -> str:
    """``text`` in Unicode NFC: converted from ``encoding`` ("TCVN3", "VNI"), or detected when None."""
    if encoding is None:
        return fix_text(text)[0]
    if encoding not in _DECODERS:
        raise ValueError(f"không biết bảng mã «{encoding}»; dùng TCVN3 hoặc VNI")
    return unicodedata.normalize("NFC", _DECODERS[encoding](unicodedata.normalize("NFC", text)))


# --- Vietnamese syllables -----------------------------------------------------------------------

_ONSETS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)
_RHYMES = frozenset(
    """
    a ai ao au ay ac ach am an ang anh ap at
    ăc ăm ăn ăng ăp ăt
    âc âm ân âng âp ât âu ây
    e eo ec em en eng ep et
    ê êu êch êm ên ênh êp êt
    i ia iu ich im in inh ip it iêc iêm iên iêng iêp iêt iêu
    o oi oc om on ong op ot oong ooc
    oa oai oao oay oac oach oam oan oang oanh oap oat oăc oăm oăn oăng oăt oe oeo oen oet
    ô ôi ôc ôm ôn ông ôp ôt
    ơ ơi ơm ơn ơp ơt
    u ua ui uc um un ung up ut uôc uôi uôm uôn uông uôt uân uâng uât uây uê uêch uênh uơ
    uy uya uych uyên uyêt uynh uyt uyu uyn
    ư ưa ưi ưu ưc ưng ưt ưm ưn ươc ươi ươm ươn ương ươp ươt ươu
    y yêm yên yêt yêu
    """.split()
)
_FINALS = ("ch", "ng", "nh", "c", "m", "n", "p", "t")
_STOPS = ("c", "ch", "p", "t")
_MODIFIED = set("ăâêôơư")
_FRONT = set("eêi")
_LETTERS = set("abcdđeghiklmnopqrstuvxyăâêôơư")


def _plain(word: str) -> tuple[str, str | None, int] | None:
    """``word`` (lower case) without its tone, the tone and the tone's index; None when not Vietnamese."""
    letters: list[str] = []
    tone: str | None = None
    where = -1
    for ch in word:
        decomposed = unicodedata.normalize("NFD", ch)
        marks = decomposed[1:]
        tones = [m for m in marks if m in _TONE_MARKS]
        shapes = [m for m in marks if m not in _TONE_MARKS]
        if any(m not in _SHAPE_MARKS for m in shapes) or len(tones) > 1:
            return None
        letter = unicodedata.normalize("NFC", decomposed[0] + "".join(shapes))
        if letter not in _LETTERS:
            return None
        if tones:
            if tone is not None or letter not in "aăâeêioôơuưy":
                return None
            tone, where = _TONE_MARKS[tones[0]], len(letters)
        letters.append(letter)
    return "".join(letters), tone, where


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """Whether ``word`` is a well-formed Vietnamese syllable (spelling, rhyme, tone and its place)."""
    if not word or not (word[1:] == word[1:].lower() or word == word.upper()):
        return False
    analysed = _plain(word.lower())
    if analysed is None:
        return False
    plain, tone, where = analysed
    return any(_parse(plain, onset, tone, where) for onset in _ONSETS if plain.startswith(onset))


def _parse(plain: str, onset: str, tone: str | None, where: int) -> bool:
    rhyme = plain[len(onset) :]
    if rhyme not in _RHYMES:
        return False
    first = rhyme[0]
    if onset == "k" and first not in _FRONT | {"y"}:
        return False
    if onset in {"c", "g", "ng"} and first in _FRONT | ({"y"} if onset == "c" else set()):
        return False
    if onset in {"gh", "ngh"} and first not in _FRONT:
        return False
    if onset == "qu" and first in {"o", "u"}:
        return False
    final = next((f for f in _FINALS if rhyme.endswith(f) and len(rhyme) > len(f)), "")
    if final in _STOPS and tone not in {"sac", "nang"}:
        return False
    if tone is None:
        return True
    cluster = rhyme[: len(rhyme) - len(final)]
    index = where - len(onset)
    return index in _tone_places(cluster, bool(final))


def _tone_places(cluster: str, closed: bool) -> set[int]:
    modified = [i for i, ch in enumerate(cluster) if ch in _MODIFIED]
    if modified:
        return {modified[-1]}
    if closed or len(cluster) == 1:
        return {len(cluster) - 1}
    if cluster in {"oa", "oe", "uy"}:
        return {0, 1}
    return {0} if len(cluster) == 2 else {1}


# --- detection ------------------------------------------------------------------------------------

#: Letters only Unicode Vietnamese has (outside Latin-1): their presence means the text is Unicode.
_VIETNAMESE_UNICODE = re.compile("[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]")
_LEGACY_CHARS = re.compile("[\u00a1-\u00fe\u2212]")
_WORD = re.compile(r"(?:[^\W\d_]|[\u00a1-\u00fe\u2212])+")
_WORD_SPLIT = re.compile(r"((?:[^\W\d_]|[\u00a1-\u00fe\u2212])+)")


@lru_cache(maxsize=65536)
def _decode_word(decode, word: str) -> str:
    return decode(word)


def _score(text: str, decode) -> tuple[int, int, int, int]:
    """(words converted into Vietnamese, of which spelled with non-letter codes, words that were
    Vietnamese already, words broken)."""
    good = symbolic = already = broken = 0
    for match in _WORD.finditer(text):
        word = match.group(0)
        if not any(ch.isalpha() for ch in word):
            continue  # «×», «±», «§» alone are symbols, not words
        converted = _decode_word(decode, word)
        if converted == word:
            continue
        before, after = is_syllable(word), is_syllable(converted)
        if after and not before:
            if len(converted) < 2:
                continue  # one letter («ª» → «ê») is too little to judge a text by
            good += 1
            symbolic += any(not ch.isalpha() for ch in word)
        elif before:
            already += 1
        if before and not after:
            broken += 1
    return good, symbolic, already, broken


def detect(text: str) -> str | None:
    """The legacy encoding ``text`` (NFC) is typed in, "TCVN3" or "VNI", or None."""
    if text.isascii() or _VIETNAMESE_UNICODE.search(text) or not _LEGACY_CHARS.search(text):
        return None
    best: tuple[int, int, str] | None = None
    for name, decode in _DECODERS.items():
        good, symbolic, already, broken = _score(text, decode)
        if good and good > 2 * broken and good >= already:
            # on a tie, TCVN3 wins when its words use non-letter codes («·», «¸», «µ» …):
            # VNI text is made of letters only
            rank = (good, int(symbolic > 0) if name == TCVN3 else int(symbolic == 0), name)
            best = rank if best is None or rank > best else best
    return best[2] if best else None


def fix_text(text: str) -> tuple[str, str | None]:
    """``text`` in Unicode NFC, converted from TCVN3 or VNI when it is typed in one of them.

    Returns the text and the name of the legacy encoding detected ("TCVN3", "VNI"), or None when
    the text was Unicode already (decomposed text is only normalised, silently).
    """
    if text.isascii():
        return text, None
    text = unicodedata.normalize("NFC", text)
    encoding = detect(text)
    if encoding is None:
        return text, None
    return to_unicode(text, encoding), encoding


def fix_lines(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``text`` (a whole file) in Unicode NFC, with the lines (1-based) converted and their encoding.

    A file typed wholly in TCVN3 or VNI is judged as a whole (more evidence than one line); a file
    that mixes Unicode with pasted legacy lines is judged line by line.
    """
    text = unicodedata.normalize("NFC", text)
    whole, encoding = fix_text(text)
    lines = text.splitlines(keepends=True)
    if encoding is not None:
        new_lines = whole.splitlines(keepends=True)
        if len(new_lines) == len(lines):
            pairs = enumerate(zip(lines, new_lines, strict=True), start=1)
            return whole, [(number, encoding) for number, (old, new) in pairs if old != new]
        return whole, [(1, encoding)]
    out: list[str] = []
    changed: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        fixed, line_encoding = fix_text(line)
        out.append(fixed)
        if line_encoding is not None:
            changed.append((number, line_encoding))
    return "".join(out), changed


def canh_bao(encoding: str) -> str:
    """The Vietnamese warning for a converted text (the caller adds where it was)."""
    font = "ABC, phông .VnTime" if encoding == TCVN3 else "phông VNI"
    return f"văn bản gõ bằng bảng mã {encoding} ({font}) đã được chuyển sang Unicode; hãy kiểm tra lại"


__all__ = ["ENCODINGS", "TCVN3", "VNI", "canh_bao", "detect", "fix_lines", "fix_text", "from_unicode",
           "is_syllable", "to_unicode"]
