"""Warnings in the agencies import preview about agencies that may already exist under another code or name.

Codes are compared without case, spaces, dashes, underscores, dots and the leading zeros of their numbers
("MOPH-01", "moph 1" and "moph1" are one code); names without case and spaces ("กรม ควบคุมโรค" is "กรมควบคุมโรค").
Each row is compared with the other rows of the file and with every agency already in the database (one query).
A warning blocks nothing: two agencies may rightly share a name, and the administrator decides.
"""

import re

from django.utils.translation import gettext

from accounts.import_rows import ImportPlan
from agencies.models import Agency


def code_key(code: str) -> str:
    key = re.sub(r"[\s\-_.]+", "", code.casefold())
    return re.sub(r"(?<!\d)0+(?=\d)", "", key)


def name_key(name: str) -> str:
    return re.sub(r"\s+", "", name.casefold())


def duplicates_warn(plan: ImportPlan) -> None:
    """Add a warning to each row whose code is close to another code, or whose name equals another agency's."""
    existing = list(Agency.objects.values_list("code", "name_th", "name_en"))
    codes, names = _index_existing(existing)
    rows = [row for row in plan.rows if row.values.get("code")]
    row_codes, row_names = _index_rows(rows)
    for row in rows:
        code = row.values["code"]
        for other in codes.get(code_key(code), []):
            if other != code:
                row.warnings.append(
                    gettext("Code %(code)s is close to the code of the existing agency %(other)s.")
                    % {"code": code, "other": other}
                )
        for number, other in row_codes.get(code_key(code), []):
            if other != code:
                row.warnings.append(
                    gettext("Code %(code)s is close to code %(other)s in row %(row)s.")
                    % {"code": code, "other": other, "row": number}
                )
        for column in ("name_th", "name_en"):
            key = name_key(row.values.get(column, ""))
            if not key:
                continue
            for other in names.get(key, []):
                if other != code:
                    row.warnings.append(
                        gettext('The name "%(name)s" is already the name of agency %(other)s.')
                        % {"name": row.values[column], "other": other}
                    )
            for number, other in row_names.get((column, key), []):
                if other != code:
                    row.warnings.append(
                        gettext('The name "%(name)s" is also given to %(other)s in row %(row)s.')
                        % {"name": row.values[column], "other": other, "row": number}
                    )


def _index_existing(existing):
    codes, names = {}, {}
    for code, name_th, name_en in existing:
        codes.setdefault(code_key(code), []).append(code)
        for name in {name_key(name_th), name_key(name_en)} - {""}:
            names.setdefault(name, []).append(code)
    return codes, names


def _index_rows(rows):
    codes, names = {}, {}
    for row in rows:
        code = row.values["code"]
        codes.setdefault(code_key(code), []).append((row.number, code))
        for column in ("name_th", "name_en"):
            key = name_key(row.values.get(column, ""))
            if key:
                names.setdefault((column, key), []).append((row.number, code))
    return codes, names
