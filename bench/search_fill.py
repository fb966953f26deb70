"""The search index of bench/search_scale.py, written in bulk as search/index.py would leave it: a document per
narrative and per evidence, `files` evidence files with a Thai text of a few thousand characters (bench/texts.py
paragraphs shuffled with the seed), rare phrases planted in known files. Each distinct space-separated piece of text
is segmented once (Pieces) and the documents' words composed from the pieces."""

import hashlib
import random
import time

PLANTED = {"ธนาคารปูม้า": "โครงการธนาคารปูม้า", "เตือนภัยดินถล่ม": "ระบบเตือนภัยดินถล่มล่วงหน้า"}  # query → text
BATCH = 500


class Pieces:
    """segment.tokens of a text, composed from its space-separated pieces, each segmented once."""

    def __init__(self):
        self.cache: dict[str, str] = {}
        self.seconds = 0.0

    def tokens(self, text: str) -> str:
        from search import segment

        out = []
        for piece in segment.normalise(text).split():
            found = self.cache.get(piece)
            if found is None:
                started = time.perf_counter()
                found = self.cache[piece] = segment.token_string(piece)
                self.seconds += time.perf_counter() - started
            if found:
                out.append(found)
        return " ".join(out)


def _paragraphs() -> list[str]:
    from bench import evidence_text, texts

    found = [s.replace("{agency}", "ส่วนราชการ") for level in texts.NARRATIVE.values() for s in level]
    found += texts.STRENGTHS + texts.IMPROVEMENTS + evidence_text.PARAGRAPHS + [texts.EVIDENCE_DESCRIPTION]
    found += [texts.RETURN_MESSAGE, texts.RETURN_NOTE]
    return found


def _file_text(rng: random.Random, paragraphs: list[str], number: int, planted: str = "") -> str:
    """A few thousand characters: a heading and paragraphs in a shuffled order, a planted phrase inside."""
    chosen = rng.choices(paragraphs, k=rng.randint(20, 40))
    if planted:
        chosen.insert(rng.randint(0, len(chosen)), f"{planted} ได้ดำเนินการตามแผนที่กำหนด")
    return f"เอกสารประกอบการประเมิน ฉบับที่ {number}\n" + "\n".join(chosen)


def _file_evidence(national, files: int, rng: random.Random) -> list:
    """`files` evidence with a file: the build's, and more added (round the assessments) when it has fewer."""
    from assessments.models import Assessment, Evidence, EvidenceFile, Response

    have = list(Evidence.objects.filter(file__isnull=False).order_by("pk"))
    missing = files - len(have)
    if missing > 0:
        assessments = list(Assessment.objects.order_by("pk").values_list("pk", "agency_id"))
        first_response = dict(Response.objects.order_by("-pk").values_list("assessment_id", "pk"))
        added_by = national.coordinator.pk
        rows = []
        for n in range(missing):
            assessment_id, agency_id = assessments[n % len(assessments)]
            sha = hashlib.sha256(f"searchbench {n}".encode()).hexdigest()
            stored = EvidenceFile(agency_id=agency_id, sha256=sha, size=3000, content_type="application/pdf")
            stored.content.name = f"evidence/{agency_id}/{sha[:2]}/{sha}"
            rows.append((stored, assessment_id))
        EvidenceFile.objects.bulk_create([stored for stored, _a in rows], batch_size=BATCH)
        added = Evidence.objects.bulk_create(
            [
                Evidence(
                    assessment_id=assessment_id,
                    kind=Evidence.Kind.FILE,
                    file_id=stored.pk,
                    file_name=f"appendix-{stored.pk}.pdf",
                    title=f"เอกสารแนบประกอบการประเมิน ลำดับที่ {stored.pk}",
                    added_by_id=added_by,
                )
                for stored, assessment_id in rows
            ],
            batch_size=BATCH,
        )
        through = Evidence.responses.through
        through.objects.bulk_create(
            [
                through(evidence_id=e.pk, response_id=first_response[e.assessment_id])
                for e in added
                if e.assessment_id in first_response
            ],
            batch_size=BATCH,
        )
        have += added
    return have


def _targets(national, evidence: list, rng: random.Random) -> dict:
    """Evidence (by id) → the phrase planted in its text: in the measured agency's assessment, in another agency
    its reviewer reviews, and elsewhere at random."""
    from accounts.models import ReviewerAssignment
    from assessments.models import Assessment

    sample = Assessment.objects.get(cycle=national.cycle, agency__code=national.sample_code)
    other = (
        ReviewerAssignment.objects.filter(reviewer=national.reviewer, cycle=national.cycle)
        .exclude(agency_id=sample.agency_id)
        .values_list("agency_id", flat=True)
        .first()
    )
    other_assessment = Assessment.objects.filter(cycle=national.cycle, agency_id=other).first() if other else None
    of_sample = [e for e in evidence if e.assessment_id == sample.pk]
    of_other = [e for e in evidence if other_assessment and e.assessment_id == other_assessment.pk]
    phrase_a, phrase_b = PLANTED
    planted = {}
    for e in of_sample[:2] + of_other[:1]:
        planted[e.pk] = phrase_a
    if of_sample[2:3]:
        planted[of_sample[2].pk] = phrase_b
    rest = [e for e in evidence if e.pk not in planted]
    for e in rng.sample(rest, min(len(rest), 6)):
        planted[e.pk] = phrase_a if len(planted) % 2 else phrase_b
    return planted


def index_fill(national, files: int, rng: random.Random) -> dict:
    """The search index in bulk, as search/index.py would leave it; returns what the output and checks need."""
    from django.db import transaction
    from django.utils import timezone

    from assessments.models import Answer, Assessment, Evidence
    from reviews.models import ItemReview
    from search import segment
    from search.models import EvidenceText, SearchDocument

    pieces = Pieces()
    Kind = SearchDocument.Kind
    checked = []  # (text, composed tokens) to compare with segmenting the whole text

    def document(text, **fields):
        body = segment.clean(text)
        tokens = pieces.tokens(body)
        if len(checked) < 40 and rng.random() < 0.05:
            checked.append((body, tokens))
        return SearchDocument(body=body, tokens=f" {tokens} ", **fields) if tokens else None

    with transaction.atomic():
        answers = Answer.objects.filter(narrative__gt="").select_related("level", "response")
        batch = []
        for answer in answers.iterator(chunk_size=2000):
            found = document(
                answer.narrative,
                kind=Kind.NARRATIVE,
                source_id=answer.pk,
                assessment_id=answer.response.assessment_id,
                response_id=answer.response_id,
                level_code=answer.level.code,
            )
            batch += [found] if found else []
            if len(batch) >= BATCH:
                SearchDocument.objects.bulk_create(batch)
                batch = []
        SearchDocument.objects.bulk_create(batch)

        # The reviewers' consensus feedback of the finalised assessments, as finalisation indexes it.
        reviews = ItemReview.objects.filter(is_consensus=True, response__assessment__status=Assessment.Status.FINALISED)
        batch = []
        for review in reviews.select_related("response").iterator(chunk_size=2000):
            found = document(
                "\n".join(part for part in (review.strengths, review.improvements) if part),
                kind=Kind.REVIEW,
                source_id=review.pk,
                assessment_id=review.response.assessment_id,
                response_id=review.response_id,
            )
            batch += [found] if found else []
            if len(batch) >= BATCH:
                SearchDocument.objects.bulk_create(batch)
                batch = []
        SearchDocument.objects.bulk_create(batch)

        with_file = _file_evidence(national, files, rng)
        planted = _targets(national, with_file, rng)
        chosen = {e.pk for e in with_file if e.pk in planted}
        others = [e for e in with_file if e.pk not in chosen]
        chosen |= {e.pk for e in rng.sample(others, max(0, min(len(others), files - len(chosen))))}
        paragraphs = _paragraphs()
        now = timezone.now()
        texts_batch, documents = [], []
        for number, evidence in enumerate(Evidence.objects.order_by("pk").iterator(chunk_size=2000)):
            text = ""
            if evidence.pk in chosen:
                text = _file_text(rng, paragraphs, number, PLANTED.get(planted.get(evidence.pk, ""), ""))
                texts_batch.append(
                    EvidenceText(
                        file_id=evidence.file_id,
                        status=EvidenceText.Status.FOUND,
                        text=text,
                        pages=max(1, len(text) // 1800),
                        characters=len(text),
                        seconds=0.05,
                        extracted_at=now,
                    )
                )
            whole = "\n".join(part for part in (evidence.title, evidence.description, text) if part)
            found = document(
                whole, kind=Kind.EVIDENCE, source_id=evidence.pk, assessment_id=evidence.assessment_id,
                evidence_id=evidence.pk, title=evidence.title,
            )  # fmt: skip
            documents += [found] if found else []
            if len(documents) >= BATCH:
                EvidenceText.objects.bulk_create(texts_batch)
                SearchDocument.objects.bulk_create(documents)
                texts_batch, documents = [], []
        EvidenceText.objects.bulk_create(texts_batch)
        SearchDocument.objects.bulk_create(documents)
    same = sum(segment.token_string(body) == tokens for body, tokens in checked)
    return {
        "pieces": len(pieces.cache),
        "segment_seconds": pieces.seconds,
        "same": same,
        "checked": len(checked),
        "planted": planted,
    }
