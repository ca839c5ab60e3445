"""A test PKI for ký số, made in the tests: a CA (``cryptography``), signer and TSA certificates,
PKCS#12 files, a local RFC 3161 TSA on 127.0.0.1 built on ``openssl ts -reply``, a SoftHSM2 token in
a temporary SOFTHSM2_CONF, and small PDFs and PNGs to sign. Shared by the signing tests (i16a, i16b,
i16c)."""

from __future__ import annotations

import contextlib
import http.server
import io
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SOFTHSM_LIB = next(
    (
        p
        for p in ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
        if Path(p).is_file()
    ),
    None,
)
HAS_SOFTHSM = bool(SOFTHSM_LIB and shutil.which("softhsm2-util") and shutil.which("pkcs11-tool"))
HAS_OPENSSL = bool(shutil.which("openssl"))


@dataclass(frozen=True)
class Issued:
    """A key and its certificate."""

    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    @property
    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    @property
    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )


def _name(cn: str, org: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def make_ca(cn: str = "vbhc Test Root CA", org: str = "vbhc kiểm thử") -> Issued:
    """A self-signed root CA valid from yesterday for ten years."""
    key = _key()
    now = datetime.now(timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(cn, org))
        .issuer_name(_name(cn, org))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(key, cert)


def issue(
    ca: Issued,
    cn: str,
    org: str = "Ủy ban nhân dân xã Hùng Thắng",
    *,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    tsa: bool = False,
) -> Issued:
    """A certificate from ``ca``: a signer's (digitalSignature, nonRepudiation) or, with ``tsa``,
    a time-stamping authority's (extendedKeyUsage timeStamping, critical)."""
    key = _key()
    now = datetime.now(timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(cn, org))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - timedelta(hours=1))
        .not_valid_after(not_after or now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, not tsa, False, False, False, False, False, False, False), critical=True
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
    )
    if tsa:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    return Issued(key, builder.sign(ca.key, hashes.SHA256()))


def expired(ca: Issued, cn: str = "Người ký hết hạn") -> Issued:
    """A certificate whose validity ended yesterday."""
    now = datetime.now(timezone.utc)
    return issue(ca, cn, not_before=now - timedelta(days=400), not_after=now - timedelta(days=1))


def write_p12(path: Path, who: Issued, ca: Issued, password: bytes) -> Path:
    """``who``'s key and certificate with the CA's certificate, as a PKCS#12 file."""
    data = pkcs12.serialize_key_and_certificates(
        b"signer", who.key, who.cert, [ca.cert], serialization.BestAvailableEncryption(password)
    )
    path.write_bytes(data)
    return path


def write_pem(path: Path, issued: Issued) -> Path:
    path.write_bytes(issued.cert_pem)
    return path


# --- documents and images -----------------------------------------------------------------------


def make_pdf(path: Path, text: str = "Van ban thu nghiem ky so", pages: int = 1) -> Path:
    """A small A4 PDF (pikepdf) with an uncompressed line of ``text`` (ASCII) on each page."""
    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595.28, 841.89))
        page = pdf.pages[-1]
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.Contents = pdf.make_stream(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii"))
    pdf.save(path, compress_streams=False)
    return path


def add_empty_field(src: Path, dst: Path, name: str, box=(340, 500, 500, 580), page: int = 0) -> Path:
    """A copy of ``src`` with an empty signature field (what ``vbhc pdf --ky-so`` prepares)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    with src.open("rb") as handle:
        writer = IncrementalPdfFileWriter(handle)
        append_signature_field(writer, SigFieldSpec(name, on_page=page, box=box))
        out = io.BytesIO()
        writer.write(out)
    dst.write_bytes(out.getvalue())
    return dst


def make_png(path: Path, rgb=(0, 0, 255), size=(400, 200), dpi: int | None = 300, transparent=True) -> Path:
    """A PNG with an ellipse stroke in ``rgb`` on a transparent (or white) background."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", size, (255, 255, 255, 0 if transparent else 255))
    ImageDraw.Draw(image).ellipse((10, 10, size[0] - 10, size[1] - 10), outline=(*rgb, 255), width=12)
    image.save(path, format="PNG", **({"dpi": (dpi, dpi)} if dpi else {}))
    return path


# --- a local time-stamping authority ------------------------------------------------------------

_TSA_CONFIG = """
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


@contextlib.contextmanager
def tsa_server(ca: Issued, folder: Path) -> Iterator[str]:
    """An RFC 3161 TSA on 127.0.0.1 answering with ``openssl ts -reply``; yields its URL."""
    tsa = issue(ca, "vbhc Test TSA", "vbhc kiểm thử", tsa=True)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tsa.pem").write_bytes(tsa.cert_pem)
    (folder / "tsa.key").write_bytes(tsa.key_pem)
    (folder / "ca.pem").write_bytes(ca.cert_pem)
    (folder / "serial").write_text("01\n")
    (folder / "tsa.cnf").write_text(_TSA_CONFIG.format(dir=folder))
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            query = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with lock, tempfile.TemporaryDirectory(dir=folder) as tmp:
                (Path(tmp) / "q.tsq").write_bytes(query)
                done = subprocess.run(
                    [
                        "openssl",
                        "ts",
                        "-reply",
                        "-config",
                        str(folder / "tsa.cnf"),
                        "-queryfile",
                        f"{tmp}/q.tsq",
                        "-signer",
                        str(folder / "tsa.pem"),
                        "-inkey",
                        str(folder / "tsa.key"),
                        "-chain",
                        str(folder / "ca.pem"),
                        "-out",
                        f"{tmp}/r.tsr",
                    ],
                    capture_output=True,
                    check=False,
                )
                body = (Path(tmp) / "r.tsr").read_bytes() if done.returncode == 0 else b""
            self.send_response(200 if body else 500)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    finally:
        server.shutdown()
        server.server_close()


# --- a SoftHSM2 token ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    """A SoftHSM2 token holding one key and its certificate under ``key_label``."""

    env: dict
    """The environment (SOFTHSM2_CONF) a process needs to see the token."""
    lib: str
    label: str
    key_label: str
    pin: str


def softhsm_token(
    folder: Path,
    who: Issued,
    label: str = "vbhc-token",
    key_label: str = "nguoi-ky",
    pin: str = "246810",
    cert_label: str | None = None,
) -> Token:
    """Initialise a token in ``folder`` (its own SOFTHSM2_CONF) and import ``who``'s key and its
    certificate (same CKA_ID; labelled ``cert_label``, by default as the key)."""
    assert SOFTHSM_LIB is not None
    tokens = folder / "tokens"
    tokens.mkdir(parents=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    (folder / "key.pem").write_bytes(who.key_pem)
    (folder / "cert.der").write_bytes(who.cert.public_bytes(serialization.Encoding.DER))

    def run(*args: str) -> None:
        subprocess.run(args, env=env, check=True, capture_output=True)

    run("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", "13579135", "--pin", pin)
    key, cert = str(folder / "key.pem"), str(folder / "cert.der")
    run("softhsm2-util", "--import", key, "--token", label, "--label", key_label, "--id", "01", "--pin", pin)
    run(
        *("pkcs11-tool", "--module", SOFTHSM_LIB, "--token-label", label, "--login", "--pin", pin),
        *("--write-object", cert, "--type", "cert", "--id", "01", "--label", cert_label or key_label),
    )
    (folder / "key.pem").unlink()
    return Token(env=env, lib=SOFTHSM_LIB, label=label, key_label=key_label, pin=pin)


# --- a ready kit and the CLI --------------------------------------------------------------------


@dataclass(frozen=True)
class Kit:
    """Files for a signing test: the CA, a signer's PKCS#12 with its password file, a PDF, images."""

    folder: Path
    ca: Issued
    ca_pem: Path
    signer: Issued
    p12: Path
    password: str
    password_file: Path
    pdf: Path
    anh_chu_ky: Path
    anh_dau: Path


def make_kit(folder: Path, cn: str = "Vũ Trọng Thủy", org: str = "Ủy ban nhân dân xã Hùng Thắng") -> Kit:
    """A CA, a signer ``cn`` of ``org`` with a PKCS#12 file, a one-page PDF, a blue and a red PNG."""
    folder.mkdir(parents=True, exist_ok=True)
    ca = make_ca()
    signer = issue(ca, cn, org)
    password = "mật-khẩu-thử 123"
    (folder / "mat_khau.txt").write_text(password + "\n", encoding="utf-8")
    return Kit(
        folder=folder,
        ca=ca,
        ca_pem=write_pem(folder / "ca.pem", ca),
        signer=signer,
        p12=write_p12(folder / "nguoi_ky.p12", signer, ca, password.encode("utf-8")),
        password=password,
        password_file=folder / "mat_khau.txt",
        pdf=make_pdf(folder / "van_ban.pdf"),
        anh_chu_ky=make_png(folder / "chu_ky.png", rgb=(0, 40, 200), size=(600, 300), dpi=300),
        anh_dau=make_png(folder / "dau.png", rgb=(220, 0, 0), size=(420, 420), dpi=300),
    )


def vbhc(*args: str | Path, input: str | None = None) -> tuple[int, str, str]:
    """Run the ``vbhc`` entry point in this process, as the console script does (errors become one
    Vietnamese line); ``input`` is what the user types at a prompt."""
    import sys

    from click.testing import CliRunner

    from vbhc.cli import cli
    from vbhc.cli.common import run

    argv = sys.argv
    sys.argv = ["vbhc", *map(str, args)]
    try:
        with CliRunner().isolation(input=input) as (out, err, _mixed):
            try:
                code = run(cli)
            except SystemExit as done:
                code = done.code if isinstance(done.code, int) else 1
            return code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8")
    finally:
        sys.argv = argv


def sign_p12(kit: Kit, src: Path, out: Path, *extra: str | Path) -> tuple[int, str, str]:
    """``vbhc sign`` with the kit's PKCS#12 file and password file."""
    return vbhc("sign", src, "-o", out, "--p12", kit.p12, "--password-file", kit.password_file, *extra)
