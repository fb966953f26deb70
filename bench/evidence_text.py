"""How long reading an evidence file's text takes, and how well each PDF reader reads Thai.

    python -m bench.evidence_text [--pages 20] [--repeat 3]

Makes, in memory: a Thai PDF of `--pages` pages with the project's WeasyPrint (reports/pdf.py, Sarabun), the same
text as a Word file, a Word file converted to PDF by LibreOffice (when `soffice` is installed), an Excel file and a
PowerPoint file. Prints, per file, the time search/extract.py takes (min of `--repeat`), the characters found and
the share of the source's words found again after segmentation (search/segment.py); for the PDFs, the same for
pdfminer.six when it is installed (the comparison behind the choice of pypdf in docs/search.md). Touches no
database. Tests never assert on time: this is how it is watched.
"""

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmqa.settings")
os.environ.setdefault("DEBUG", "true")  # no database, no secret: only the settings WeasyPrint's fetcher reads

PARAGRAPHS = [
    "รายงานการประชุมคณะกรรมการบริหารความเสี่ยงและการควบคุมภายใน ครั้งที่ ๓/๒๕๖๙ ณ ห้องประชุมชั้น ๕ อาคารกรมควบคุมโรค",
    "ที่ประชุมรับทราบผลการซ้อมแผนของศูนย์ปฏิบัติการภาวะฉุกเฉินด้านการแพทย์และสาธารณสุข ซึ่งเปิดดำเนินการได้ภายใน "
    "๒ ชั่วโมงหลังได้รับแจ้งเหตุ และกำหนดให้ทบทวนแผนบริหารความต่อเนื่องทางธุรกิจทุกไตรมาส",
    "ผลการสำรวจความพึงพอใจของผู้รับบริการ ร้อยละ ๘๕ สูงกว่าเป้าหมายที่กำหนดไว้ในคำรับรองการปฏิบัติราชการ "
    "โดยเฉพาะด้านความรวดเร็วและความโปร่งใสของขั้นตอนการให้บริการ",
    "การนำเทคโนโลยีดิจิทัลมาใช้ในการให้บริการประชาชน ลดระยะเวลาการรอคอย เพิ่มช่องทางการชำระค่าธรรมเนียม "
    "และเชื่อมโยงข้อมูลกับหน่วยงานภาครัฐอื่นผ่านศูนย์กลางแลกเปลี่ยนข้อมูล",
]


def _timed(function, repeat):
    best, result = None, None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        took = time.perf_counter() - started
        best = took if best is None else min(best, took)
    return best, result


def _word_recall(source: str, text: str) -> float:
    from search import segment

    wanted = set(segment.tokens(source))
    return len(wanted & set(segment.tokens(text))) / len(wanted)


def _libreoffice_pdf(docx: bytes) -> bytes | None:
    from django.conf import settings

    soffice = shutil.which("soffice")
    if not soffice:
        return None
    with tempfile.TemporaryDirectory() as folder:
        # LibreOffice finds fonts through fontconfig: the project's Sarabun (a machine may have no Thai font at all,
        # and a PDF set in a font without Thai glyphs has no Thai text to read).
        fonts = os.path.join(settings.BASE_DIR, "static", "fonts", "sarabun")
        config = os.path.join(folder, "fonts.conf")
        with open(config, "w") as out:
            out.write(f'<?xml version="1.0"?><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                      f"<dir>{fonts}</dir><cachedir>{folder}/fc</cachedir></fontconfig>")  # fmt: skip
        source = os.path.join(folder, "evidence.docx")
        with open(source, "wb") as out:
            out.write(docx)
        subprocess.run(
            [soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", "pdf",
             "--outdir", folder, source],
            check=True, capture_output=True, timeout=300, env={**os.environ, "FONTCONFIG_FILE": config},
        )  # fmt: skip
        with open(os.path.join(folder, "evidence.pdf"), "rb") as result:
            return result.read()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from search import extract, samples

    limits = {"max_pages": 1000, "max_chars": 10_000_000}
    source = " ".join(PARAGRAPHS)
    started = time.perf_counter()
    weasy = samples.pdf_bytes("รายงานการประชุม", PARAGRAPHS, pages=args.pages)
    print(f"Made a {args.pages}-page Thai PDF with WeasyPrint in {time.perf_counter() - started:.1f} s.")
    docx = samples.docx_bytes("รายงานการประชุม", PARAGRAPHS * args.pages)
    files = [
        (f"PDF, WeasyPrint, {args.pages} pages", weasy, extract.PDF),
        (f"Word, {len(PARAGRAPHS) * args.pages} paragraphs", docx, extract.DOCX),
        ("Excel, 500 rows", samples.xlsx_bytes("ตัวชี้วัด", [[p, i] for i in range(125) for p in PARAGRAPHS]),
         extract.XLSX),
        ("PowerPoint, 1 slide", samples.pptx_bytes("สรุป", PARAGRAPHS), extract.PPTX),
    ]  # fmt: skip
    office = _libreoffice_pdf(docx)
    if office:
        files.insert(1, ("PDF, LibreOffice from the Word file", office, extract.PDF))
    else:
        print("soffice not installed: no LibreOffice PDF (apt-get install libreoffice-writer-nogui).")
    print(f"\n{'file':42} {'reader':10} {'seconds':>8} {'pages':>6} {'characters':>10} {'words found':>11}")
    for name, data, content_type in files:
        took, found = _timed(lambda d=data, t=content_type: extract.extract(d, t, **limits), args.repeat)
        recall = _word_recall(source, found.text)
        reader = "pypdf" if content_type == extract.PDF else "-"
        print(f"{name:42} {reader:10} {took:8.3f} {found.pages:6} {len(found.text):10} {recall:11.1%}")
        if content_type == extract.PDF:
            try:
                from pdfminer.high_level import extract_text
            except ImportError:
                print(f"{'':42} pdfminer.six not installed")
                continue
            took, text = _timed(lambda d=data: extract_text(io.BytesIO(d)), args.repeat)
            recall = _word_recall(source, text)
            print(f"{'':42} {'pdfminer':10} {took:8.3f} {'':6} {len(text):10} {recall:11.1%}")


if __name__ == "__main__":
    sys.exit(main())
