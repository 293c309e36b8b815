"""The "what was done" text: nh3 keeps a few tags, drops scripts and attributes; plain text round-trips."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from gdnn.followup.richtext import richtext_clean, richtext_for_editing, richtext_paragraphs


def test_plain_text_becomes_paragraphs_and_comes_back_as_typed():
    typed = "Tổ chức 2 lớp tập huấn.\n\nTỷ lệ < 30% & tăng"
    cleaned = richtext_clean(typed)
    assert cleaned == "<p>Tổ chức 2 lớp tập huấn.</p><p>Tỷ lệ &lt; 30% &amp; tăng</p>"
    assert richtext_for_editing(cleaned) == "Tổ chức 2 lớp tập huấn.\nTỷ lệ < 30% & tăng"
    assert richtext_paragraphs(cleaned) == ["Tổ chức 2 lớp tập huấn.", "Tỷ lệ < 30% & tăng"]


def test_markup_is_cleaned_of_scripts_attributes_and_links():
    cleaned = richtext_clean('<p onclick="x()">Kết quả <b>tốt</b><script>alert(1)</script>'
                             '<a href="javascript:x">link</a></p><ul><li>Một</li><li>Hai</li></ul>')
    assert "script" not in cleaned and "onclick" not in cleaned and "href" not in cleaned
    assert "<b>tốt</b>" in cleaned and "<li>Một</li>" in cleaned
    assert richtext_for_editing(cleaned) == cleaned  # markup stays markup in the form
    assert richtext_paragraphs(cleaned) == ["Kết quả tốtlink", "- Một", "- Hai"]  # as the browser shows it


PIECES = st.sampled_from([*"<>/=\"' &;abcdeilnoprstuvxyăđêôơư\n", "<script>", "</p>", "<p>", "<b>", "<li>",
                          "onerror=", "<img src=x ", "javascript:"])
MARKUP = st.lists(PIECES, max_size=80).map("".join)


@settings(max_examples=200, deadline=None)
@given(MARKUP)
def test_no_input_crashes_the_cleaner_or_leaves_a_script_or_an_attribute(text):
    cleaned = richtext_clean(text)
    assert "<script" not in cleaned.lower() and "<img" not in cleaned.lower()
    assert not any("=" in tag for tag in re.findall(r"<[^>]*>", cleaned))
    assert richtext_clean(cleaned) == cleaned  # cleaning twice changes nothing
    richtext_paragraphs(cleaned)
    richtext_for_editing(cleaned)
