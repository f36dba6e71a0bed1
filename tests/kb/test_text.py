"""Segmentation with the project dictionary, query parsing, highlighting, safe answers."""

from kb.richtext import answer_text, clean_answer
from kb.text import highlight, index_terms, parse_query, synonym_map, tokenizer


def test_project_dictionary_keeps_streetlight_together():
    # jieba's default dictionary gives 路/灯不亮 (NOTES.md); the project dictionary must fix it.
    assert "路灯" in tokenizer().lcut("门口路灯不亮")


def test_hotline_terms_are_single_words():
    words = tokenizer().lcut("打12345问公积金和居住证还有不动产登记")
    for term in ("12345", "公积金", "居住证", "不动产登记"):
        assert term in words


def test_index_terms_include_parts_of_long_words():
    terms = index_terms("住房公积金提取")
    assert "公积金" in terms and "公积" in terms


def test_spoken_fillers_are_dropped_from_queries():
    query = parse_query("请问周末能不能去办事啊")
    assert [group.word for group in query.groups] == ["周末", "办事"]


def test_query_words_bring_their_synonyms():
    group = parse_query("社保").groups[0]
    assert "社会保险" in group.alternatives
    assert group.alternatives["社保"] > group.alternatives["社会保险"]


def test_synonyms_are_symmetric():
    assert "户籍" in synonym_map()["户口"] and "户口" in synonym_map()["户籍"]
    assert "医疗保险" in synonym_map()["医保"]


def test_full_width_query_is_normalised():
    assert parse_query("１２３４５").groups[0].word == "12345"


def test_highlight_escapes_the_text_and_marks_terms():
    html = highlight("<b>路灯</b>不亮", ["路灯"])
    assert html == "&lt;b&gt;<mark>路灯</mark>&lt;/b&gt;不亮"


def test_highlight_snippet_is_a_window_around_the_first_match():
    text = "前" * 200 + "护照" + "后" * 200
    html = highlight(text, ["护照"], limit=40)
    assert "<mark>护照</mark>" in html and html.startswith("…") and html.endswith("…")
    assert len(html) < 80


def test_answer_html_is_sanitised():
    html = clean_answer('<p onclick="x()">办理<script>alert(1)</script><a href="javascript:x">链接</a></p>')
    assert "script" not in html and "onclick" not in html and "javascript" not in html
    assert "办理" in html


def test_plain_text_answer_becomes_paragraphs_and_is_escaped():
    html = clean_answer("第一段<说明>\n\n第二段")
    assert html.count("<p>") == 2 and "&lt;说明&gt;" in html
    assert answer_text(html) == "第一段<说明>\n第二段"


def test_readable_answer_saved_back_is_the_same_answer():
    from kb.richtext import readable_html

    stored = clean_answer("<p>材料：</p><ol><li>身份证；</li><li>户口本。</li></ol><p>到窗口办理。</p>")
    assert "\n" in readable_html(stored)
    assert clean_answer(readable_html(stored)) == stored
