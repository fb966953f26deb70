"""The people file's `lead` column: a reviewer row with agency_code and cycle may mark its reviewer the agency's
lead reviewer in that cycle (yes, ใช่, 1, true). One lead per agency and cycle: the row replaces the lead there is
(accounts/assignments.py keeps the same rule on the assignments page); a blank or "no" leaves the lead as it is.
Used by accounts/import_people.py.
"""

from django.utils.translation import gettext

from accounts.import_rows import RowResult

LEAD = {
    **dict.fromkeys(("yes", "ใช่", "1", "true"), True),
    **dict.fromkeys(("", "no", "ไม่ใช่", "0", "false"), False),  # blank or no: the lead stays as it is
}


def lead_check(row: RowResult, values: dict, target: tuple, first_row_of_key) -> bool:
    """Whether the row marks the lead reviewer of its agency and cycle; one lead per agency and cycle."""
    text = values["lead"].lower()
    if text not in LEAD:
        row.errors.append(
            gettext('Unknown value "%(value)s" in column lead: use yes (or ใช่, 1, true) for the lead reviewer.')
            % {"value": values["lead"]}
        )
        return False
    if not LEAD[text] or not target:  # a row already in error says why
        return False
    if target[0] != "reviewer" or len(target) < 3:
        row.errors.append(gettext("Only a reviewer row with agency_code and cycle can mark the lead reviewer."))
        return False
    key = ("lead", target[1].code, target[2].fiscal_year)
    first_row, first_email = first_row_of_key.setdefault(key, (row.number, values["email"]))
    if first_email != values["email"]:
        row.errors.append(
            gettext("Row %(row)s already makes %(email)s the lead reviewer of %(agency)s in %(year)s.")
            % {"row": first_row, "email": first_email, "agency": target[1].code, "year": target[2].fiscal_year}
        )
        return False
    return True


def lead_plan(row: RowResult, email: str, agency, cycle, found, lookups, work) -> None:
    """The row makes `email` the lead: the agency's lead now, someone else, becomes an ordinary reviewer."""
    names = {"agency": agency.code, "year": cycle.fiscal_year}
    replaced = [a for a in lookups.leads.get((agency.code, cycle.fiscal_year), []) if a.reviewer.email != email]
    if replaced:
        names["previous"] = ", ".join(a.reviewer.email for a in replaced)
        row.changes.append(gettext("lead reviewer of %(agency)s in %(year)s, replacing %(previous)s") % names)
    else:
        row.changes.append(gettext("lead reviewer of %(agency)s in %(year)s") % names)
    work.leads_unset += replaced
    if found is not None:
        work.leads_set.append(found)
