"""Demo evidence files with Thai text, so a newcomer can search them right after `make run`: a PDF made by
WeasyPrint and a Word file for กรมควบคุมโรค, a PDF for กรมการปกครอง (2570, both still in progress). The phrase
"ศูนย์ปฏิบัติการภาวะฉุกเฉินด้านการแพทย์และสาธารณสุข" appears only inside the two PDFs. Their text is read at once
here rather than by the worker. Running it again changes nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from assessments.evidence import evidence_file_add
from assessments.models import Assessment, Evidence
from search import samples, tasks
from search.models import EvidenceText

PDF_PHRASE = "ศูนย์ปฏิบัติการภาวะฉุกเฉินด้านการแพทย์และสาธารณสุข"
MINUTES = [
    "รายงานการประชุมคณะกรรมการบริหารความเสี่ยงและการควบคุมภายใน ครั้งที่ ๓/๒๕๖๙ ณ ห้องประชุมชั้น ๕",
    f"ที่ประชุมรับทราบผลการซ้อมแผนของ{PDF_PHRASE} ซึ่งเปิดดำเนินการได้ภายใน ๒ ชั่วโมงหลังได้รับแจ้งเหตุ",
    "มติที่ประชุม: ให้ทุกกองทบทวนแผนบริหารความต่อเนื่องทางธุรกิจ และรายงานตัวชี้วัดความเสี่ยงรายไตรมาส",
]
PLAN = [
    "แผนพัฒนาบุคลากรด้านดิจิทัล ปีงบประมาณ พ.ศ. ๒๕๗๐",
    "จัดอบรมการวิเคราะห์ข้อมูลขนาดใหญ่ให้เจ้าหน้าที่ระดับปฏิบัติการ ร้อยละ ๘๐ ภายในไตรมาสที่ ๒",
    "ประเมินสมรรถนะดิจิทัลของบุคลากรทุกคนด้วยแบบทดสอบมาตรฐานของสำนักงาน ก.พ.",
]
DRILL = [
    "สรุปผลการฝึกซ้อมแผนป้องกันและบรรเทาสาธารณภัยระดับจังหวัด",
    f"กรมการปกครองประสานงานกับ{PDF_PHRASE} เพื่อเคลื่อนย้ายผู้ประสบภัยไปยังโรงพยาบาลใกล้เคียง",
]


def _add(assessment: Assessment, item_code: str, by: User, title: str, name: str, data: bytes, content_type: str):
    if Evidence.objects.filter(assessment=assessment, title=title).exists():
        return
    response = assessment.responses.get(item__code=item_code)
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    evidence_file_add(response=response, upload=upload, title=title, by=by)


def demo_evidence_load(cycle) -> None:
    ddc = Assessment.objects.get(cycle=cycle, agency__code="ddc")
    dopa = Assessment.objects.get(cycle=cycle, agency__code="dopa")
    member = User.objects.get(email="member@pmqa-demo.test")
    if not ddc.is_locked:
        _add(
            ddc,
            "1.1",
            member,
            "รายงานการประชุมคณะกรรมการบริหารความเสี่ยง ครั้งที่ 3/2569",
            "minutes.pdf",
            samples.pdf_bytes("รายงานการประชุม", MINUTES),
            "application/pdf",
        )
        _add(
            ddc,
            "1.2",
            member,
            "แผนพัฒนาบุคลากรด้านดิจิทัล 2570",
            "plan.docx",
            samples.docx_bytes(PLAN[0], PLAN[1:]),
            samples.DOCX,
        )
    if not dopa.is_locked:
        coordinator = User.objects.get(email="coordinator.dopa@pmqa-demo.test")
        _add(
            dopa,
            "1.1",
            coordinator,
            "สรุปผลการฝึกซ้อมแผนป้องกันสาธารณภัย",
            "drill.pdf",
            samples.pdf_bytes(DRILL[0], DRILL[1:]),
            "application/pdf",
        )
    for row in EvidenceText.objects.filter(status=EvidenceText.Status.PENDING).select_related("file"):
        tasks.text_read(row)
