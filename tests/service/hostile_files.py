"""Hostile files, made by the tests themselves: broken, malicious and pathological
documents, each with what the service must make of it."""

from __future__ import annotations

import io
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tests.conftest import CHECKED_IN

FORM = CHECKED_IN / "001-2022-rising_company-faithful.docx"


@dataclass(frozen=True)
class Hostile:
    """A file to upload and how it must end: refused (``status`` 4xx) or a failed job."""

    name: str
    filename: str
    make: Callable[[], bytes]
    status: int
    #: The job's error code when the upload is accepted; None for a refused upload.
    code: str | None
    #: Words the reason must hold, so that it says what is wrong.
    reason: str


def _docx_with(replace: dict[str, bytes], *, add: dict[str, bytes] | None = None) -> bytes:
    """The checked-in form with some members replaced or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(FORM) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
        for info in source.infolist():
            zipped.writestr(info, replace.get(info.filename, source.read(info.filename)))
        for name, data in (add or {}).items():
            zipped.writestr(name, data)
    return out.getvalue()


def truncated_docx() -> bytes:
    data = FORM.read_bytes()
    return data[: len(data) // 2]


def bit_flipped_docx() -> bytes:
    """Bytes flipped inside the compressed main part: its CRC no longer matches."""
    data = bytearray(FORM.read_bytes())
    with zipfile.ZipFile(FORM) as archive:
        info = archive.getinfo("word/document.xml")
    name_len, extra_len = struct.unpack(
        "<HH", data[info.header_offset + 26 : info.header_offset + 30]
    )
    start = info.header_offset + 30 + name_len + extra_len
    for offset in range(start + 200, start + info.compress_size - 200, 997):
        data[offset] ^= 0x5A
    return bytes(data)


def zip_bomb_docx() -> bytes:
    """A main part of 256 MB of zeros that packs to 250 KB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zipped:
        zipped.writestr("[Content_Types].xml", _CONTENT_TYPES)
        with zipped.open("word/document.xml", "w", force_zip64=True) as member:
            block = bytes(8 * 1024 * 1024)
            for _ in range(32):
                member.write(block)
    return out.getvalue()


_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)
_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def xxe_docx() -> bytes:
    """The main part pulls /etc/passwd into a cell through an external entity."""
    document = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<w:document "
        + _W
        + b"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _docx_with({"word/document.xml": document})


def utf16_xxe_docx() -> bytes:
    """The external entity again, in a part encoded as UTF-16 (a scanner reading bytes
    as ASCII would miss its DOCTYPE)."""
    document = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w:document '
        '[<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document '
        + _W.decode()
        + "><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _docx_with({"word/document.xml": document.encode("utf-16")})


def billion_laughs_docx() -> bytes:
    entities = b'<!ENTITY a0 "lol">' + b"".join(
        b'<!ENTITY a%d "%s">' % (i, b"".join(b"&a%d;" % (i - 1) for _ in range(10)))
        for i in range(1, 10)
    )
    document = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [' + entities + b"]>"
        b"<w:document "
        + _W
        + b"><w:body><w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _docx_with({"word/document.xml": document})


def encrypted_docx() -> bytes:
    """What Word saves for a password-protected .docx: an OLE2 compound file holding the
    streams EncryptionInfo and EncryptedPackage (a valid CFB, version 3)."""
    sector = 512
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    info_data = b"\x04\x00\x04\x00\x40\x00\x00\x00" + bytes(sector - 8)
    package = struct.pack("<Q", 4096) + bytes(sector - 8)
    # Sectors: 0 FAT, 1 directory, 2 EncryptionInfo, 3 EncryptedPackage.
    fat = struct.pack("<4I", fat_sector, end, end, end) + struct.pack("<I", free) * 124

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", 0xFFFFFFFF, right, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, size)
        )

    directory = (
        entry("Root Entry", 5, 1, 0xFFFFFFFF, end, 0)
        + entry("EncryptionInfo", 2, 0xFFFFFFFF, 2, 2, sector)
        + entry("EncryptedPackage", 2, 0xFFFFFFFF, 0xFFFFFFFF, 3, sector)
        + bytes(128)
    )
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIII", 0, 1, 1, 0, 4096, end, 0, end)
        + struct.pack("<I", 0)
        + struct.pack("<I", free) * 108
    )
    return header + fat + directory + info_data + package


def batch_zip() -> bytes:
    """A bulk-ingest archive of forms with hostile member names: parent paths, an absolute
    path, a symlink, and a name that is not UTF-8."""
    out = io.BytesIO()
    form = FORM.read_bytes()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("../../escape.docx", form)
        zipped.writestr("/etc/cron.d/form.docx", form)
        link = zipfile.ZipInfo("link.docx")
        link.external_attr = (0o120777 << 16) | 0x20
        link.create_system = 3
        zipped.writestr(link, "/etc/passwd")
        zipped.writestr("XXXX.docx", form)
    # A GBK file name, as Windows zips write it without the UTF-8 flag.
    return out.getvalue().replace(b"XXXX.docx", "表格.docx".encode("gbk"))


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of numbered objects (1 is the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), extra, data)


_GRAY_PIXEL = _stream(
    b"\x80",
    b"/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
    b"/BitsPerComponent 8 ",
)


def many_pages_pdf() -> bytes:
    """300 pages (the limit is 200), each with a line of text."""
    pages = 300
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        _stream(b"BT /F1 12 Tf 72 720 Td (page) Tj ET"),
    ]
    font = 4 + pages
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
        b"/Resources << /Font << /F1 %d 0 R >> >> >>" % font
    ] * pages
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return _pdf(objects)


def page_tree_loop_pdf() -> bytes:
    """A page tree whose node lists itself as its own kid."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 1 >>",
        ]
    )


def huge_page_pdf() -> bytes:
    """One page 5 m square holding only an image: a scan that renders to 900 megapixels."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] /Contents 4 0 R "
            b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
            _stream(b"q 100 0 0 100 0 0 cm /Im1 Do Q"),
            _GRAY_PIXEL,
        ]
    )


def encrypted_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, encrypt="secret")
    pdf.drawString(72, 720, "confidential form")
    pdf.save()
    return out.getvalue()


@cache
def form_pdf() -> bytes:
    """The checked-in form as LibreOffice exports it to PDF."""
    from samples.render_pdf import to_pdf

    with tempfile.TemporaryDirectory(prefix="kczg-hostile-") as folder:
        return to_pdf(FORM, Path(folder)).read_bytes()


#: Copies of the scanned form in the long scan. Reading it must outlast the time-limit tests'
#: limit however fast OCR gets: four copies once took 12 s here, then 5 s with bf16.
LONG_SCAN_COPIES = 24


@cache
def scanned_form_pdf() -> bytes:
    """The form scanned many times over into one image-only PDF: OCR takes it a while."""
    from samples.render_scan import DPI, scanned_pages

    with tempfile.TemporaryDirectory(prefix="kczg-hostile-") as folder:
        pdf = Path(folder) / "form.pdf"
        pdf.write_bytes(form_pdf())
        pages = scanned_pages(pdf, 2022) * LONG_SCAN_COPIES
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=DPI)
    return out.getvalue()


def truncated_pdf() -> bytes:
    data = form_pdf()
    return data[: len(data) // 3]


def bit_flipped_pdf() -> bytes:
    """Every compressed stream of the form damaged in its middle."""
    data = bytearray(form_pdf())
    at = 0
    while (at := data.find(b"stream\n", at)) >= 0:
        end = data.find(b"endstream", at)
        for offset in range(at + 20, end - 20, 101):
            data[offset] ^= 0xA5
        at = end
    return bytes(data)


def text_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for line in range(40):
        pdf.drawString(72, 800 - 18 * line, f"line {line}: nothing here is an application form")
    pdf.save()
    return out.getvalue()


def polyglot_pdf_zip() -> bytes:
    """A PDF that is also a zip holding the real form: read as the PDF it says it is."""
    return text_pdf() + FORM.read_bytes()


@cache
def huge_png() -> bytes:
    """A 20,000 x 20,000 grayscale PNG (400 megapixels), a few hundred KB packed."""
    width = height = 20_000
    packer = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * width
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


HOSTILE: tuple[Hostile, ...] = (
    Hostile("empty", "form.docx", lambda: b"", 415, None, "empty"),
    Hostile("truncated docx", "form.docx", truncated_docx, 202, "unreadable", "zip"),
    Hostile("bit-flipped docx", "form.docx", bit_flipped_docx, 202, "unreadable", "document.xml"),
    Hostile("zip bomb docx", "form.docx", zip_bomb_docx, 202, "unsafe", "unpacks to"),
    Hostile("XXE docx", "form.docx", xxe_docx, 202, "unsafe", "DTD"),
    Hostile("UTF-16 XXE docx", "form.docx", utf16_xxe_docx, 202, "unsafe", "DTD"),
    Hostile("billion laughs docx", "form.docx", billion_laughs_docx, 202, "unsafe", "DTD"),
    Hostile("encrypted docx", "form.docx", encrypted_docx, 202, "encrypted", "password"),
    Hostile("bulk-ingest zip", "forms.zip", batch_zip, 415, None, "kczg ingest"),
    Hostile("bulk zip named .docx", "forms.docx", batch_zip, 415, None, "zip"),
    Hostile("truncated PDF", "form.pdf", truncated_pdf, 202, "unreadable", "PDF"),
    # Every stream fails to unpack, so nothing is read, and no form is found in nothing.
    Hostile("bit-flipped PDF", "form.pdf", bit_flipped_pdf, 202, "unknown_form", "0 tables"),
    Hostile("300-page PDF", "form.pdf", many_pages_pdf, 202, "unsafe", "300 pages"),
    Hostile("page tree loop PDF", "form.pdf", page_tree_loop_pdf, 202, "unreadable", "PDF"),
    Hostile("5 m page PDF", "form.pdf", huge_page_pdf, 202, "unsafe", "too large"),
    Hostile("encrypted PDF", "form.pdf", encrypted_pdf, 202, "encrypted", "password"),
    Hostile("PDF + zip polyglot", "form.docx", polyglot_pdf_zip, 202, "unknown_form", ""),
    Hostile("20000 x 20000 PNG", "scan.png", huge_png, 202, "unsafe", "too large"),
    Hostile("text, named .docx", "form.docx", lambda: b"hello " * 100, 415, None, "不支持"),
    Hostile(
        "executable", "form.pdf", lambda: b"\x7fELF\x02\x01\x01" + bytes(2000), 415, None, "不支持"
    ),
)


def write(folder: Path, hostile: Hostile) -> Path:
    """The hostile file on disk, under its upload name."""
    path = folder / hostile.filename
    path.write_bytes(hostile.make())
    return path
