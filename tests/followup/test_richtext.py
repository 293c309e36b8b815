"""The "what was done" text: nh3 keeps a few tags, drops scripts and attributes; plain text round-trips."""

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
