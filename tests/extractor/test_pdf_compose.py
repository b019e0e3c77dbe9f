"""Lines of a cell or paragraph joined as they were written, whatever the wrapping."""

from __future__ import annotations

from extractor.page.compose import Token, joined_text

RIGHT = 200.0


def line(text: str, top: float, x0: float = 10.0, x1: float = RIGHT - 5) -> Token:
    return Token(text, x0, top, x1, top + 10)


def test_a_line_wrapped_at_the_cell_edge_joins_the_next() -> None:
    tokens = [line("主营业务为人工智能软件研发与", 0), line("销售", 14, x1=40)]
    assert joined_text(tokens, 3.0, RIGHT) == "主营业务为人工智能软件研发与销售"


def test_a_line_ending_short_of_the_edge_keeps_its_break() -> None:
    tokens = [line("第一段结束。", 0, x1=80), line("第二段开始", 14, x1=80)]
    assert joined_text(tokens, 3.0, RIGHT) == "第一段结束。\n第二段开始"


def test_an_address_broken_after_a_hyphen_joins_without_a_space() -> None:
    tokens = [line("zhangfang@zkw-", 0, x1=120), line("tech.com", 14, x1=60)]
    assert joined_text(tokens, 3.0, RIGHT) == "zhangfang@zkw-tech.com"


def test_latin_words_wrapped_at_the_edge_keep_a_space() -> None:
    tokens = [line("Industrial internet", 0), line("platform", 14, x1=60)]
    assert joined_text(tokens, 3.0, RIGHT) == "Industrial internet platform"


def test_without_a_right_edge_every_line_keeps_its_break() -> None:
    tokens = [line("甲", 0), line("乙", 14)]
    assert joined_text(tokens, 3.0) == "甲\n乙"


def test_a_line_a_closing_mark_pushed_short_of_the_edge_still_joins_the_next() -> None:
    # No line opens with ”: the word processor took 国 over with it, and the line broke two
    # characters short of the edge.
    tokens = [line("包括但不限于“科创中", 0, x1=RIGHT - 28), line("国”路演、科技服务团等", 14, x1=90)]
    assert joined_text(tokens, 3.0, RIGHT) == "包括但不限于“科创中国”路演、科技服务团等"


def test_a_line_as_short_before_an_ordinary_character_keeps_its_break() -> None:
    tokens = [line("第一段到此结束", 0, x1=RIGHT - 28), line("第二段开始", 14, x1=90)]
    assert joined_text(tokens, 3.0, RIGHT) == "第一段到此结束\n第二段开始"


def test_a_short_centred_label_over_a_longer_value_keeps_its_break() -> None:
    # 申报企业名称 centred in its cell, ending near the edge: the name below it is longer,
    # so the label's line had room for more.
    tokens = [
        line("申报企业名称", 0, x0=RIGHT - 130, x1=RIGHT - 15),
        line("济南华芯智能科技", 14, x0=RIGHT - 150, x1=RIGHT - 5),
    ]
    assert joined_text(tokens, 3.0, RIGHT) == "申报企业名称\n济南华芯智能科技"


def test_a_centred_line_that_fills_its_cell_joins_the_shorter_next() -> None:
    tokens = [line("请根据企业纳税所在", 0, x0=8, x1=RIGHT - 8), line("地区填写", 14, x0=60, x1=140)]
    assert joined_text(tokens, 3.0, RIGHT) == "请根据企业纳税所在地区填写"


def test_a_hint_in_brackets_broken_before_a_long_word_joins_the_next() -> None:
    tokens = [line("（可参照国标测算；填写", 0, x1=RIGHT - 40), line("TRL1-TRL9之间的值）", 14, x1=90)]
    assert joined_text(tokens, 3.0, RIGHT) == "（可参照国标测算；填写TRL1-TRL9之间的值）"
