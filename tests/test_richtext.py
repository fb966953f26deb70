"""Rich-enough text without HTML (assessments/richtext.py): pasted text tidied losing nothing visible, paragraphs
and lists read from the lines, every character escaped."""

import pytest

from assessments import richtext


def test_word_line_ends_and_separators_become_line_breaks():
    assert richtext.clean("หนึ่ง\r\nสอง\rสาม\u2028สี่\x0bห้า") == "หนึ่ง\nสอง\nสาม\nสี่\nห้า"
    assert richtext.clean("ย่อหน้าแรก\u2029ย่อหน้าสอง") == "ย่อหน้าแรก\n\nย่อหน้าสอง"


def test_invisible_characters_are_dropped_and_odd_spaces_made_plain():
    pasted = "\ufeffการ\u200bดำเนิน\u200cการ\u00ad\x00ของ\u00a0กรม\u202fฯ\t!\x07"
    assert richtext.clean(pasted) == "การดำเนินการของ กรม ฯ !"
    assert richtext.removed_count(pasted, richtext.clean(pasted)) == 6  # BOM, ZWSP, ZWNJ, soft hyphen, NUL, bell


def test_symbol_font_bullets_become_a_list():
    pasted = "\uf0b7\tวางแผน\n\uf0b7\tปฏิบัติ"
    cleaned = richtext.clean(pasted)
    assert cleaned == "• วางแผน\n• ปฏิบัติ"
    assert richtext.blocks(cleaned) == [richtext.Block("bullets", items=(("•", "วางแผน"), ("•", "ปฏิบัติ")))]


def test_nothing_visible_is_lost_and_thai_is_kept_as_typed():
    text = "กำหนด การนำองค์การ ๑๒๓ “ตัวชี้วัด” — 50%"
    assert richtext.clean(text) == text
    assert richtext.clean("   \n\n\n\nข้อความ\n\n\n\nต่อ  \n\n") == "ข้อความ\n\nต่อ"  # blank runs folded


def test_blocks_read_paragraphs_bullets_and_numbers():
    text = "บรรทัดแรก\nบรรทัดสอง\n\n- ข้อหนึ่ง\n- ข้อสอง\n  ต่อข้อสอง\n1. ลำดับหนึ่ง\n2) ลำดับสอง\nท้าย"
    assert richtext.blocks(text) == [
        richtext.Block("paragraph", lines=("บรรทัดแรก", "บรรทัดสอง")),
        richtext.Block("bullets", items=(("•", "ข้อหนึ่ง"), ("•", "ข้อสอง\nต่อข้อสอง"))),
        richtext.Block("numbers", items=(("1.", "ลำดับหนึ่ง"), ("2)", "ลำดับสอง"))),
        richtext.Block("paragraph", lines=("ท้าย",)),
    ]


def test_numbers_inside_sentences_are_not_lists():
    assert [b.kind for b in richtext.blocks("2563 เป็นปีแรก\n1.5 ล้านบาท")] == ["paragraph"]


@pytest.mark.parametrize(
    "typed",
    ['<script>alert("x")</script>', "<b>ตัวหนา</b>", "- <img src=x onerror=alert(1)>", "1. <a href='x'>ลิงก์</a>"],
)
def test_html_typed_by_a_person_is_shown_as_text(typed):
    html = str(richtext.as_html(typed))
    assert "<script" not in html and "<b>" not in html and "<img" not in html and "<a " not in html
    assert "&lt;" in html


def test_as_html_structure():
    assert str(richtext.as_html("ก\nข\n\n- ค\n\n3. ง\n4. จ")) == (
        '<p>ก<br>ข</p><ul><li>ค</li></ul><ol start="3"><li value="3">ง</li><li value="4">จ</li></ol>'
    )
