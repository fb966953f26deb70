"""A finalised gap report is an archival PDF (PDF/A-3b) that carries its own data: the results as a JSON file
attached to it, so whoever keeps the report keeps the figures, readable by a program years later.

The JSON holds the figures as every report shows them (scoring.score_display / gap_display: scores rounded down,
gaps up, to 2 places) with levels as codes, and says which overall rule applied.
"""

import json

from weasyprint import Attachment

from assessments import scoring
from reports import wording

FORMAT = "pmqa-results/1"
NAME = "results.json"
PDF_VARIANT = "pdf/a-3b"


def _figures(scored) -> dict:
    if scored is None:
        return {"score": None, "level": None, "gap": None}
    return {
        "score": float(scoring.score_display(scored.score)),
        "level": scored.level or "below_basic",
        "gap": None if scored.gap is None else float(scoring.gap_display(scored.gap)),
    }


def results_document(assessment, data) -> dict:
    """The finalised results of `assessment` from its gap report's data (reports.selectors.gap_report)."""
    reviewed, own, category_7 = data["reviewed"], data["own"], data["category_7"]
    items = [
        {
            "category": category.number,
            "item": row.response.item.code,
            "title_th": row.response.item.title_th,
            "result": _figures(row.reviewed),
            "self": _figures(row.own),
            "strengths": row.review.strengths if row.review else "",
            "improvements": row.review.improvements if row.review else "",
        }
        for category, _own, _reviewed, rows in data["blocks"]
        for row in rows
    ]
    return {
        "format": FORMAT,
        "fiscal_year": assessment.cycle.fiscal_year,
        "edition": assessment.cycle.edition.code,
        "agency": {"code": assessment.agency.code, "name_th": assessment.agency.name_th},
        "status": assessment.status,
        "finalised_at": assessment.finalised_at.isoformat() if assessment.finalised_at else None,
        "target": assessment.target_score,
        "overall_rule": wording.overall_rule(category_7.get("rule")),
        "overall": {"result": _figures(reviewed.overall), "self": _figures(own.overall)},
        "categories": [
            {"category": c.number, "title_th": c.title_th, "result": _figures(r), "self": _figures(o)}
            for c, o, r, _rows in data["blocks"]
        ],
        "items": items,
        "results_items": [
            {"item": e.row.response.item.code, "result": _figures(e.reviewed), "by_the_rule": _figures(e.own)}
            for e in category_7["rows"]
        ],
    }


def attachment(assessment, data, url_fetcher) -> Attachment:
    document = json.dumps(results_document(assessment, data), ensure_ascii=False, indent=1)
    return Attachment(
        string=document.encode("utf-8"),
        url_fetcher=url_fetcher,
        name=NAME,
        description="PMQA 4.0 results (JSON)",
        relationship="Data",
    )
