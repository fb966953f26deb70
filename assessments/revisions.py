"""What changed in one item since the assessment was last returned: the text and fraction of each level and the
status as they were at the return and as they are now, and the evidence added or removed in between.

After a return the agency revises and submits again, so "since the last return" is "since the last submission"
for the reviewers who read the resubmission, and "since the reviewers asked" for the team while it revises.
Which changes count is reviews.workflow.ITEM_CONTENT_ACTIONS (answers, evidence, carry-over; not owners), the
same rule as the review overview's list of changed items. Pure: it works on Change rows loaded by the selectors.
"""

from dataclasses import dataclass, field

from assessments.models import Change


@dataclass(frozen=True)
class LevelRevision:
    code: str
    name: str
    before_narrative: str
    before_fraction: int
    after_narrative: str
    after_fraction: int

    @property
    def narrative_changed(self) -> bool:
        return self.before_narrative != self.after_narrative


@dataclass
class Revision:
    levels: list = field(default_factory=list)  # LevelRevision for each level whose text or fraction changed
    status: tuple | None = None  # (before, after) status codes, when the status changed
    evidence_added: list = field(default_factory=list)  # titles
    evidence_removed: list = field(default_factory=list)
    last_at: object = None
    last_by: object = None


def content_actions() -> tuple:
    from reviews.workflow import ITEM_CONTENT_ACTIONS  # the rule's home; imported late, the workflow imports us

    return ITEM_CONTENT_ACTIONS


def item_revision(changes, *, since_pk: int | None, level_names: dict) -> Revision | None:
    """The item's revision from its `changes` recorded after the Change `since_pk` (the last return); None when
    the assessment was never returned or nothing about the item changed since. `level_names` maps each level
    code to its name, in the edition's level order."""
    if since_pk is None:
        return None
    actions = content_actions()
    later = sorted((c for c in changes if c.pk > since_pk and c.action in actions), key=lambda c: c.pk)
    if not later:
        return None
    revision = Revision(last_at=later[-1].at, last_by=later[-1].by)
    answered = [c for c in later if c.after.get("answers") is not None and c.before.get("answers") is not None]
    if answered:
        first, last = answered[0].before, answered[-1].after
        for code, name in level_names.items():
            old, new = first["answers"].get(code, {}), last["answers"].get(code, {})
            entry = LevelRevision(
                code,
                name,
                old.get("narrative", ""),
                old.get("fraction", 0),
                new.get("narrative", ""),
                new.get("fraction", 0),
            )
            if entry.narrative_changed or entry.before_fraction != entry.after_fraction:
                revision.levels.append(entry)
        if first.get("status") != last.get("status"):
            revision.status = (first.get("status"), last.get("status"))
    for change in later:
        if change.action == Change.Action.EVIDENCE_ADDED:
            revision.evidence_added.append(change.after.get("title", ""))
        elif change.action == Change.Action.EVIDENCE_REMOVED:
            revision.evidence_removed.append(change.before.get("title", ""))
    return revision
