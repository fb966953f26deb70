"""One opened cycle filled in, in bulk: targets and statuses, answers, reviews, evidence, the workflow's history.

How fractions are drawn (integer percents in steps of 5, cumulative gates respected):
- each agency has a maturity, about 0.6 ± 0.18;
- basic is 100 % for most items (75 % + 25 % × maturity of them), else 40–95 %;
- a higher level is drawn only once the level below is at 100 %: about maturity × 100 % for advance, 40 points less
  for significance; so a typical agency scores about 350–400 against a target of 400;
- the reviewers' consensus is the agency's claim with its highest claimed level lowered by 0–30 points (sometimes
  raised a little), which keeps the gates.
"""

import datetime
import hashlib
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from assessments import scoring
from assessments.models import Answer, Assessment, Change, Cycle, Evidence, EvidenceFile, Response
from bench import texts
from reviews.models import ItemReview, ReturnNote, ReturnRequest

BATCH = 500
TARGETS = [400] * 14 + [300, 300, 350, 350, 500, 500]  # mostly 400
RETURNED_BEFORE_FINAL = 0.15  # finalised work that was returned once on the way
Status = Assessment.Status


@dataclass(frozen=True)
class Team:
    coordinator: int  # user ids
    lead: int
    second: int | None


def cycle_fill(*, cycle: Cycle, statuses: dict[int, str], team: dict[int, Team], rng, media_root, carried_from=None):
    """Fill in the cycle's assessments: `statuses` and `team` by agency id; responses carried over from the
    same agency's in `carried_from` (a previous cycle), when it had one."""
    scale = scoring.Scale.from_rows(cycle.edition.levels.all())
    # Rows are read in agency order everywhere, so that the random draws fall the same way on SQLite and PostgreSQL:
    # cycle_open creates assessments in the order of the agencies' Thai names, which the two collate differently.
    assessments = {
        a.pk: a for a in Assessment.objects.filter(cycle=cycle).select_related("agency").order_by("agency_id")
    }
    _assessments_set(cycle, assessments.values(), statuses, team, rng)
    claims = _answers_fill(cycle, assessments, team, scale, rng, carried_from)
    _reviews_add(assessments, claims, team, scale, rng)
    _evidence_add(cycle, assessments, claims, team, rng, Path(media_root))
    _history_add(assessments.values(), claims, team, rng)


def _assessments_set(cycle, assessments, statuses, team, rng):
    deadline = cycle.deadline
    for a in assessments:
        a.status = statuses[a.agency_id]
        a.target_score = rng.choice(TARGETS) if a.status != Status.DRAFT or rng.random() < 0.5 else None
        if a.status != Status.DRAFT:
            a.submitted_at = deadline - datetime.timedelta(days=rng.uniform(0, 45))
            a.submitted_by_id = team[a.agency_id].coordinator
        if a.status == Status.FINALISED:
            a.finalised_at = deadline + datetime.timedelta(days=rng.uniform(30, 120))
            a.finalised_by_id = team[a.agency_id].lead
    fields = ["status", "target_score", "submitted_at", "submitted_by", "finalised_at", "finalised_by"]
    Assessment.objects.bulk_update(assessments, fields, batch_size=BATCH)


@dataclass
class Claim:
    """What the agency claims for one item (its response)."""

    assessment_id: int
    code: str
    category: int
    fractions: dict[str, int]


def _answers_fill(cycle, assessments, team, scale, rng, carried_from) -> dict[int, Claim]:
    """Answers with narratives and fractions; drafts have some items not started. Returns the claims by response."""
    maturity = {pk: min(1.0, max(0.1, rng.gauss(0.6, 0.18))) for pk in assessments}
    done = {pk: rng.uniform(0.2, 0.9) for pk in assessments}  # share of items a draft has started
    carried = {}
    if carried_from is not None:
        carried = {
            (agency_id, code): pk
            for pk, agency_id, code in Response.objects.filter(assessment__cycle=carried_from).values_list(
                "pk", "assessment__agency_id", "item__code"
            )
        }
    claims, responses = {}, []
    rows = (
        Response.objects.filter(assessment__cycle=cycle)
        .order_by("assessment__agency_id", "item__category__number", "item__order")
        .values_list("pk", "assessment_id", "item__code", "item__category__number")
    )
    for pk, assessment_id, code, category in rows:
        assessment = assessments[assessment_id]
        draft = assessment.status == Status.DRAFT
        if draft and rng.random() > done[assessment_id]:
            continue  # not started: the empty answers cycle_open made
        claims[pk] = Claim(assessment_id, code, category, _claim(scale, maturity[assessment_id], rng))
        responses.append(
            (
                Response.Status.IN_PROGRESS if draft and rng.random() < 0.5 else Response.Status.READY,
                rng.randint(1, 6),
                cycle.deadline - datetime.timedelta(days=rng.uniform(50, 150)),
                team[assessment.agency_id].coordinator,
                carried.get((assessment.agency_id, code)),
                pk,
            )
        )
    _rows_update(Response, ["status", "version", "updated_at", "updated_by", "carried_over_from"], responses)

    answers = []
    rows = (
        Answer.objects.filter(response__assessment__cycle=cycle)
        .order_by(
            "response__assessment__agency_id",
            "response__item__category__number",
            "response__item__order",
            "level__order",
        )
        .values_list("pk", "response_id", "level__code")
    )
    for pk, response_id, level in rows:
        claim = claims.get(response_id)
        fraction = claim.fractions.get(level, 0) if claim else 0
        if fraction:
            agency = assessments[claim.assessment_id].agency
            answers.append((fraction, _narrative(level, agency.name_th, rng), pk))
    _rows_update(Answer, ["fraction", "narrative"], answers)
    return claims


def _rows_update(model, fields: list[str], rows: list[tuple]) -> None:
    """UPDATE each row by its primary key (the last value of the tuple), in one executemany.

    bulk_update's CASE WHEN expressions cost ~15 s for the answers of 400 agencies; this costs about one."""
    meta, quote = model._meta, connection.ops.quote_name
    columns = [meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    values = [
        [field.get_db_prep_save(value, connection) for field, value in zip(columns, row[:-1], strict=True)] + [row[-1]]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def _reviews_add(assessments, claims, team, scale, rng):
    """Finalised work: each reviewer's own review and the lead's consensus on every item. Work in review: the same
    for the first items only (the reviewers are part-way through)."""
    reviewed_items = {pk: rng.randint(0, 24) for pk, a in assessments.items() if a.status == Status.SUBMITTED}
    seen = defaultdict(int)
    reviews = []
    for response_id, claim in claims.items():
        assessment = assessments[claim.assessment_id]
        seen[claim.assessment_id] += 1
        if assessment.status == Status.SUBMITTED and seen[claim.assessment_id] > reviewed_items[claim.assessment_id]:
            continue
        if assessment.status not in (Status.FINALISED, Status.SUBMITTED):
            continue
        members = team[assessment.agency_id]
        consensus = _judge(scale, claim.fractions, rng)
        reviews.append(_review(response_id, members.lead, consensus, rng, consensus=True))
        reviews.append(_review(response_id, members.lead, consensus, rng))
        if members.second is not None:
            reviews.append(_review(response_id, members.second, _judge(scale, claim.fractions, rng), rng))
    ItemReview.objects.bulk_create(reviews, batch_size=BATCH)


def _review(response_id, reviewer_id, fractions, rng, *, consensus=False) -> ItemReview:
    return ItemReview(
        response_id=response_id,
        reviewer_id=reviewer_id,
        is_consensus=consensus,
        fractions=fractions,
        strengths=" ".join(rng.sample(texts.STRENGTHS, rng.randint(2, 4))),
        improvements=" ".join(rng.sample(texts.IMPROVEMENTS, rng.randint(2, 4))),
    )


def _evidence_add(cycle, assessments, claims, team, rng, media_root: Path):
    """Per category a report file supporting its items; per item one more file and one link: ~3 per item.

    Tiny files are written where the upload service would put them, named by their SHA-256."""
    year = cycle.fiscal_year
    by_category = defaultdict(list)  # (assessment, category) → response ids
    for response_id, claim in claims.items():
        by_category[(claim.assessment_id, claim.category)].append(response_id)
    planned = []  # (Evidence, EvidenceFile or None, response ids)
    for (assessment_id, category), response_ids in by_category.items():
        assessment = assessments[assessment_id]
        added_by = team[assessment.agency_id].coordinator
        title = texts.CATEGORY_FILE.format(number=category, year=year)
        file_name = f"report-{year}-{category}.pdf"
        planned.append(_file_evidence(media_root, assessment, title, file_name, added_by, response_ids))
        for response_id in response_ids:
            item = claims[response_id].code
            title = rng.choice(texts.ITEM_FILES).format(item=item, year=year, n=rng.randint(1, 12))
            file_name = f"evidence-{year}-{item}.pdf"
            planned.append(_file_evidence(media_root, assessment, title, file_name, added_by, [response_id]))
            link = Evidence(
                assessment_id=assessment_id,
                kind=Evidence.Kind.LINK,
                url=f"https://www.{assessment.agency.code}.go.th/pmqa/{year}/{item}",
                title=texts.ITEM_LINK.format(item=item),
                description=texts.EVIDENCE_DESCRIPTION,
                produced_on=cycle.opens_on + datetime.timedelta(days=rng.randint(0, 150)),
                added_by_id=added_by,
            )
            planned.append((link, None, [response_id]))
    files = [stored for _evidence, stored, _ids in planned if stored is not None]
    EvidenceFile.objects.bulk_create(files, batch_size=BATCH)
    for evidence, stored, _ids in planned:
        if stored is not None:
            evidence.file_id = stored.pk
    Evidence.objects.bulk_create([evidence for evidence, _stored, _ids in planned], batch_size=BATCH)
    through = Evidence.responses.through
    through.objects.bulk_create(
        (through(evidence_id=evidence.pk, response_id=rid) for evidence, _stored, ids in planned for rid in ids),
        batch_size=BATCH,
    )


def _file_evidence(media_root: Path, assessment, title, file_name, added_by, response_ids):
    """A file's Evidence and its EvidenceFile (unsaved), the tiny file written where storage would put it."""
    content = f"%PDF-1.4\n% {assessment.agency.code} {assessment.cycle_id} {title}\n%%EOF\n".encode()
    sha256 = hashlib.sha256(content).hexdigest()
    stored = EvidenceFile(
        agency_id=assessment.agency_id, sha256=sha256, size=len(content), content_type="application/pdf"
    )
    stored.content.name = f"evidence/{assessment.agency_id}/{sha256[:2]}/{sha256}"  # as _evidence_path names it
    path = media_root / stored.content.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    evidence = Evidence(
        assessment_id=assessment.pk,
        kind=Evidence.Kind.FILE,
        file_name=file_name,
        title=title,
        description=texts.EVIDENCE_DESCRIPTION,
        added_by_id=added_by,
    )
    return evidence, stored, response_ids


def _history_add(assessments, claims, team, rng):
    """The workflow's Changes, dated as they happened: submitted; returned (with a request and notes); resubmitted;
    finalised. Their `at` is set after the insert, as auto_now_add overrides it there."""
    items_of = defaultdict(list)
    for response_id, claim in claims.items():
        items_of[claim.assessment_id].append((response_id, claim.code))
    changes, requests = [], []  # (Change, at), (ReturnRequest, at, notes)
    for a in assessments:
        if a.status == Status.DRAFT:
            continue
        members = team[a.agency_id]
        returned = a.status == Status.RETURNED or (
            a.status == Status.FINALISED and rng.random() < RETURNED_BEFORE_FINAL
        )
        steps = []  # (action, by, at, before, after), `after` as the workflow's services record it
        if returned:
            first = a.submitted_at - datetime.timedelta(days=20)
            back = a.submitted_at - datetime.timedelta(days=12)
            notes = rng.sample(items_of[a.pk], min(3, len(items_of[a.pk])))
            returned_after = {
                "status": Status.RETURNED,
                "message": texts.RETURN_MESSAGE,
                "items": [c for _r, c in notes],
            }
            steps.append((Change.Action.SUBMITTED, members.coordinator, first, Status.DRAFT, _submitted()))
            steps.append((Change.Action.RETURNED, members.lead, back, Status.SUBMITTED, returned_after))
            requests.append(
                (ReturnRequest(assessment=a, by_id=members.lead, message=texts.RETURN_MESSAGE), back, notes)
            )
        if a.status != Status.RETURNED:
            before = Status.RETURNED if returned else Status.DRAFT
            steps.append((Change.Action.SUBMITTED, members.coordinator, a.submitted_at, before, _submitted()))
        if a.status == Status.FINALISED:
            finalised = {"status": Status.FINALISED, "finalised_at": a.finalised_at.isoformat()}
            steps.append((Change.Action.FINALISED, members.lead, a.finalised_at, Status.SUBMITTED, finalised))
        for action, by, at, before, after in steps:
            change = Change(assessment=a, action=action, by_id=by, before={"status": before}, after=after)
            changes.append((change, at))
    Change.objects.bulk_create([change for change, _at in changes], batch_size=BATCH)
    ReturnRequest.objects.bulk_create([request for request, _at, _notes in requests], batch_size=BATCH)
    for row, at in [*changes, *((request, at) for request, at, _notes in requests)]:
        row.at = at
    Change.objects.bulk_update([change for change, _at in changes], ["at"], batch_size=BATCH)
    ReturnRequest.objects.bulk_update([request for request, _at, _notes in requests], ["at"], batch_size=BATCH)
    ReturnNote.objects.bulk_create(
        ReturnNote(request=request, response_id=response_id, message=f"{code}: {texts.RETURN_NOTE}")
        for request, _at, notes in requests
        for response_id, code in notes
    )


def _submitted() -> dict:
    return {"status": Status.SUBMITTED, "warnings": 0}


# --- fractions and text --------------------------------------------------------------------------


def _step(value: float) -> int:
    """A fraction as assessors give it: a whole percent in steps of 5, 0 to 100."""
    return int(min(100, max(0, round(value / 5) * 5)))


def _claim(scale: scoring.Scale, maturity: float, rng: random.Random) -> dict[str, int]:
    fractions = {code: 0 for code in scale.codes}
    for depth, code in enumerate(scale.codes):
        if depth == 0:
            fractions[code] = 100 if rng.random() < 0.75 + 0.25 * maturity else _step(rng.uniform(40, 95))
        else:
            fractions[code] = _step(rng.gauss(100 * maturity - 40 * (depth - 1), 30))
        if fractions[code] < 100:
            break
    return _gates_check(scale, fractions)


def _judge(scale: scoring.Scale, claim: dict[str, int], rng: random.Random) -> dict[str, int]:
    judged = dict(claim)
    top = max((code for code in scale.codes if claim[code]), key=scale.codes.index)
    judged[top] = _step(claim[top] - rng.choice([-10, -5, 0, 0, 0, 5, 10, 10, 15, 20, 25, 30]))
    return _gates_check(scale, judged)


def _gates_check(scale, fractions):
    if scoring.gate_violations(scale, fractions):
        raise AssertionError(f"the benchmark drew fractions that break the gates: {fractions}")
    return fractions


def _narrative(level: str, agency_name: str, rng: random.Random) -> str:
    sentences = texts.NARRATIVE.get(level, texts.NARRATIVE["basic"])
    chosen = rng.sample(sentences, min(len(sentences), rng.randint(3, 5)))
    return " ".join(chosen).replace("{agency}", agency_name)
