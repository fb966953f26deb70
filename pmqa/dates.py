"""Buddhist-era dates, as Thai government documents write them.

The Buddhist era (พ.ศ.) is the Gregorian year + 543. The Thai fiscal year
(ปีงบประมาณ) runs from 1 October to 30 September and is named by the
Buddhist-era year in which it ends: 1 Oct 2026 – 30 Sep 2027 is พ.ศ. 2570.
"""

import datetime

BUDDHIST_ERA_OFFSET = 543

THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)


def buddhist_year(value: datetime.date) -> int:
    return value.year + BUDDHIST_ERA_OFFSET


def fiscal_year_be(value: datetime.date) -> int:
    """The Buddhist-era fiscal year a date falls in."""
    return buddhist_year(value) + (1 if value.month >= 10 else 0)


def thai_date(value: datetime.date, *, short: bool = False) -> str:
    """'21 พฤศจิกายน 2569' (or '21 พ.ย. 2569' when short)."""
    months = THAI_MONTHS_SHORT if short else THAI_MONTHS
    return f"{value.day} {months[value.month - 1]} {buddhist_year(value)}"


def thai_datetime(value: datetime.datetime, *, short: bool = False) -> str:
    """'21 พฤศจิกายน 2569 เวลา 14:05 น.'"""
    return f"{thai_date(value, short=short)} เวลา {value:%H:%M} น."


def fiscal_year_bounds(year_be: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a Buddhist-era fiscal year: 2570 runs from 1 Oct 2026 to 30 Sep 2027."""
    year = year_be - BUDDHIST_ERA_OFFSET
    return datetime.date(year - 1, 10, 1), datetime.date(year, 9, 30)


def be_numeric(value: datetime.date) -> str:
    """'01/10/2569': the form people type a Buddhist-era date in."""
    return f"{value.day:02d}/{value.month:02d}/{buddhist_year(value)}"
