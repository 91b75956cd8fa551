"""Render the app's SVG icon into what each platform's installer wants, at build time.

Run inside the build venv (it needs PySide6): ``python packaging/icons.py SVG OUT_DIR``.
Writes ``OUT_DIR/png/<N>.png`` for the hicolor sizes, ``OUT_DIR/capture-desktop.ico``
(Windows) and ``OUT_DIR/capture-desktop.icns`` (macOS). Both containers hold PNG-compressed
images, which Windows Vista+ and macOS 10.7+ read; writing them by hand keeps the build free
of extra tools (icotool, iconutil) that would only exist on one OS.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS types that take PNG data: 32, 64, 128, 256, 512 and 1024 px.
ICNS_TYPES = ((b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512))


def render_pngs(svg: Path, sizes: tuple[int, ...]) -> dict[int, bytes]:
    """PNG bytes per size, rendered by Qt's QSvgRenderer (antialiased, transparent)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot render {svg}: not a valid SVG")
    out: dict[int, bytes] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        # WORKAROUND: PySide6's stubs want bytes for the format, but at run time only str is
        # accepted ("called with wrong argument values" for b"PNG").
        if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
            raise SystemExit(f"cannot encode a {size}px PNG")
        buffer.close()
        out[size] = bytes(data.data())
    return out


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file: ICONDIR, one ICONDIRENTRY per image, then the PNG payloads."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, payload = b"", b""
    for size in sizes:
        data = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICO directory
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        payload += data
        offset += len(data)
    return header + entries + payload


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICNS file: the 'icns' header, then one (type, length, PNG) chunk per size."""
    chunks = b"".join(
        code + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for code, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(chunks)) + chunks


def main(argv: list[str]) -> int:
    svg, out_dir = Path(argv[0]), Path(argv[1])
    pngs = render_pngs(svg, tuple(sorted(set(HICOLOR_SIZES) | set(ICO_SIZES))))
    (out_dir / "png").mkdir(parents=True, exist_ok=True)
    for size in HICOLOR_SIZES:
        (out_dir / "png" / f"{size}.png").write_bytes(pngs[size])
    (out_dir / "capture-desktop.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    (out_dir / "capture-desktop.icns").write_bytes(icns_bytes(pngs))
    print(f"icons: {len(HICOLOR_SIZES)} PNG sizes, .ico and .icns in {out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
