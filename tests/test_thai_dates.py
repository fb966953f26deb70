import datetime
import zoneinfo

from django.template import Context, Template
from django.utils import translation

from pmqa import dates


def test_buddhist_era_year():
    assert dates.buddhist_year(datetime.date(2026, 11, 21)) == 2569


def test_fiscal_year_starts_on_the_first_of_october():
    assert dates.fiscal_year_be(datetime.date(2026, 9, 30)) == 2569
    assert dates.fiscal_year_be(datetime.date(2026, 10, 1)) == 2570
    assert dates.fiscal_year_be(datetime.date(2027, 9, 30)) == 2570


def test_thai_date_long_and_short():
    day = datetime.date(2026, 11, 21)
    assert dates.thai_date(day) == "21 พฤศจิกายน 2569"
    assert dates.thai_date(day, short=True) == "21 พ.ย. 2569"
    assert dates.thai_date(datetime.date(2027, 1, 1)) == "1 มกราคม 2570"


def _render(source, **context):
    return Template(source).render(Context(context))


def test_filters_use_buddhist_era_on_thai_pages():
    day = datetime.date(2026, 11, 21)
    with translation.override("th"):
        assert _render("{{ d|be_date }}", d=day) == "21 พฤศจิกายน 2569"
        assert _render('{{ d|be_date:"short" }}', d=day) == "21 พ.ย. 2569"
        assert _render("{{ d|be_year }}", d=day) == "2569"
        assert _render("{{ y|be_year }}", y=2570) == "2570"


def test_filters_use_gregorian_on_english_pages():
    day = datetime.date(2026, 11, 21)
    with translation.override("en"):
        assert _render("{{ d|be_date }}", d=day) == "21 November 2026"
        assert _render("{{ y|be_year }}", y=2570) == "2027"


def test_datetimes_are_shown_in_bangkok_time():
    # 20:30 UTC on 21 Nov is 03:30 on 22 Nov in Bangkok.
    moment = datetime.datetime(2026, 11, 21, 20, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))
    with translation.override("th"):
        assert _render("{{ t|be_datetime }}", t=moment) == "22 พฤศจิกายน 2569 เวลา 03:30 น."


def test_empty_values_render_nothing():
    with translation.override("th"):
        assert _render("[{{ d|be_date }}][{{ d|be_datetime }}][{{ d|be_year }}]", d=None) == "[][][]"
