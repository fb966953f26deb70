"""What the dashboards computed, kept while nothing they show has changed.

A dashboard of hundreds of agencies reads every stored score of the cycle and aggregates them; it shows the same
thing until a score or a status of the cycle changes, which raises the cycle's results_version
(assessments/scores.py: changed). So the heavy part of the page is kept in the cache under that version, the
exact assessments the person reads (their scope and filters) and the language: the next reader with the same view
gets it without recomputing, and a change anywhere in the cycle is seen at once by the next request.
"""

import hashlib

from django.utils import translation
from django.utils.functional import SimpleLazyObject, cached_property

from reports import dashboard, selectors
from reports.charts_context import agency_charts, cycle_charts

KEEP_SECONDS = 600  # also bounds how long a renamed agency or ministry shows its old name


class CycleView:
    """The cycle dashboard's data for a set of assessments, computed only when first used (on a cache miss)."""

    def __init__(self, cycle, assessments):
        self.cycle, self.assessments = cycle, assessments

    @cached_property
    def ids(self) -> list[int]:
        return list(self.assessments.order_by("pk").values_list("pk", flat=True))

    @cached_property
    def key(self) -> str:
        """The cycle, its results_version, the assessments read and the language: equal keys, equal pages."""
        ids = hashlib.sha256(",".join(map(str, self.ids)).encode()).hexdigest()
        return f"{self.cycle.pk}:{self.cycle.results_version}:{ids}:{translation.get_language()}"

    @cached_property
    def results(self):
        return selectors.cycle_results(self.cycle, self.assessments, items=False)

    @cached_property
    def overview(self):
        return dashboard.overview(self.results)

    @cached_property
    def charts(self):
        return cycle_charts(self.results, self.overview)

    def page_key(self, *, query: str, form, cycles, synthesis: bool) -> str:
        """The whole page's part (reports/_cycle.html): what `key` names, and what else it shows — the cycle's year
        and edition, the filters as asked (`query`, in its links too) and the ministries offered, the cycles of the
        menu and whether the person reads the synthesis."""
        edition = self.cycle.edition
        ministries = [(code, str(label)) for code, label in form.fields["ministry"].choices]
        every = (
            self.key,
            self.cycle.fiscal_year,
            edition.code,
            edition.name,
            query,
            ministries,
            [(cycle.pk, cycle.fiscal_year) for cycle in cycles],
            synthesis,
        )
        return f"cycle-page:{hashlib.sha256(repr(every).encode()).hexdigest()}"

    def context(self) -> dict:
        """For the template: the key, and the data as lazy objects (evaluated only inside a missed cache block)."""
        return {
            "snapshot_key": self.key,
            "snapshot_seconds": KEEP_SECONDS,
            "results": SimpleLazyObject(lambda: self.results),
            "overview": SimpleLazyObject(lambda: self.overview),
            "charts": SimpleLazyObject(lambda: self.charts),
        }


class AgencyView:
    """The agency dashboard's data: its history across the cycles the person reads, kept under the results_version
    of each of those cycles (one query finds them), so a change in any of its cycles is seen at once and a longer
    history costs no more queries to the reader who finds it kept."""

    def __init__(self, user, agency):
        self.user, self.agency = user, agency

    @cached_property
    def versions(self) -> list[tuple[int, int]]:
        visible = selectors.assessments_visible_to(self.user).filter(agency=self.agency)
        return list(visible.order_by("pk").values_list("pk", "cycle__results_version"))

    @cached_property
    def key(self) -> str:
        versions = hashlib.sha256(repr(self.versions).encode()).hexdigest()
        return f"{self.agency.pk}:{versions}:{translation.get_language()}"

    @cached_property
    def history(self):
        return selectors.agency_history(self.user, self.agency)

    def context(self) -> dict:
        return {
            "snapshot_key": self.key,
            "snapshot_seconds": KEEP_SECONDS,
            "has_history": bool(self.versions),
            "history": SimpleLazyObject(lambda: self.history),
            "charts": SimpleLazyObject(lambda: agency_charts(self.history)),
        }
