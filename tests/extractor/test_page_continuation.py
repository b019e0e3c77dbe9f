"""Tables and long texts a page break splits, joined again; on a scan, the next page may lie a
few millimetres apart on the glass, all its edges moved together."""

from __future__ import annotations

import pytest

from extractor.assemble import assemble
from extractor.layout import Cell, Layout, Paragraph, Table
from extractor.page.continuation import (
    SCAN_PAGE_SCALE,
    SCAN_PAGE_SHIFT,
    document_blocks,
    drop_running_text,
)
from schemas.catalogue import form_spec

FIRST = "该技术已在多家企业应用。" * 20
REST = "运行稳定可靠，用户评价良好。" * 15


def _pages(shift: float, scale: float = 1.0) -> list[Table]:
    """技术应用场景介绍 with its text broken by the page; page 2 moved ``shift`` points and
    ``scale`` times as wide."""
    left, right = 97.0, 536.0
    first = Table(
        0,
        3,
        2,
        [
            Cell("技术名称", 0, 0, page=1, bbox=(left, 100, 240, 120)),
            Cell("新型疫苗递送系统", 0, 1, page=1, bbox=(240, 100, right, 120)),
            Cell(
                "技术应用场景介绍（400-600字）",
                1,
                0,
                col_span=2,
                page=1,
                bbox=(left, 120, right, 135),
            ),
            Cell(FIRST, 2, 0, col_span=2, page=1, bbox=(left, 135, right, 760)),
        ],
        page=1,
    )
    x0, x1 = left + shift, left + shift + (right - left) * scale
    middle = x0 + (190 - left) * scale
    second = Table(
        1,
        2,
        2,
        [
            Cell(REST, 0, 0, col_span=2, page=2, bbox=(x0, 75, x1, 220)),
            Cell("技术知识产权情况", 1, 0, page=2, bbox=(x0, 220, middle, 300)),
            Cell("授权发明专利6件。", 1, 1, page=2, bbox=(middle, 220, x1, 300)),
        ],
        page=2,
    )
    return [first, second]


def _read(kind: str, shift: float, scale: float = 1.0) -> Layout:
    scan = kind == "scan"
    blocks = document_blocks(
        _pages(shift, scale),
        page_shift=SCAN_PAGE_SHIFT if scan else 0,
        page_scale=SCAN_PAGE_SCALE if scan else 0,
    )
    return Layout("form.pdf", kind, blocks, pages=2)


# A photographed page 2 may also be a little wider or narrower (taken nearer or farther).
@pytest.mark.parametrize(
    ("shift", "scale"),
    [(0.0, 1.0), (-6.0, 1.0), (9.5, 1.0), (1.0, 1.02), (-4.0, 0.95), (2.0, 1.06)],
)
def test_a_long_text_broken_by_a_scanned_page_is_read_whole(shift: float, scale: float) -> None:
    layout = _read("scan", shift, scale)
    record = assemble(layout, form_spec("先导技术榜", 2023), 2023)
    # The parts join at a line break, where the page broke the text.
    assert record.value("技术应用场景介绍") == f"{FIRST}\n{REST}"
    assert record.value("技术知识产权情况") == "授权发明专利6件。"
    # Each part keeps where it stands on its own page.
    rest = record.values["技术应用场景介绍"].provenance
    assert rest.page == 1 and rest.bbox is not None and rest.bbox[0] == 97.0


def test_a_text_pdf_s_tables_at_other_edges_stay_apart() -> None:
    # Printed from a file, a page's tables stand where the next page's do: a table that
    # stands elsewhere is another table.
    record = assemble(_read("pdf", 9.5), form_spec("先导技术榜", 2023), 2023)
    assert record.value("技术应用场景介绍") == FIRST


def _page_table(index: int, page: int, shift: float, scale: float) -> Table:
    """A two-column table of one row on ``page``, moved and scaled from page 1's."""

    def x(at: float) -> float:
        return 89 + shift + (at - 89) * scale

    return Table(
        index,
        1,
        2,
        [
            Cell(f"标签{page}", 0, 0, page=page, bbox=(x(89), 80, x(250), 700)),
            Cell(f"内容{page}", 0, 1, page=page, bbox=(x(250), 80, x(529), 700)),
        ],
        page=page,
    )


def test_the_pages_of_a_photographed_table_each_lie_where_they_lie() -> None:
    # Page 2 photographed 5 pt to the right, page 3 as far and 1 % larger: one table of two
    # columns still, each page laid on the first, not on a mix of the pages before.
    pages = [_page_table(0, 1, 0, 1.0), _page_table(1, 2, 5, 1.0), _page_table(2, 3, 4.5, 1.01)]
    (table,) = document_blocks(pages, page_shift=SCAN_PAGE_SHIFT, page_scale=SCAN_PAGE_SCALE)
    assert isinstance(table, Table) and (table.n_rows, table.n_cols) == (3, 2)
    assert [(c.row, c.col, c.col_span) for c in table.cells] == [
        (r, c, 1) for r in range(3) for c in range(2)
    ]


def _year_row_broken_by_the_page() -> list[Table]:
    """研发团队素质 at the foot of page 1, its label and one value going on atop page 2."""
    edges = (97.0, 190.0, 260.0, 330.0, 400.0, 470.0)

    def row(texts: list[str], r: int, page: int, top: float) -> list[Cell]:
        return [
            Cell(text, r, c, page=page, bbox=(edges[c], top, edges[c + 1], top + 20))
            for c, text in enumerate(texts)
        ]

    first = Table(
        0,
        3,
        5,
        [
            *row(["近三年", "2020年", "2021年", "2022年", "平均值"], 0, 1, 700),
            *row(["研发团队规模", "23", "24", "31", "26"], 1, 1, 720),
            *row(["研发", "34.4%", "17.5%", "百分之二十", "26.87%"], 2, 1, 740),
        ],
        page=1,
    )
    second = Table(
        1,
        2,
        5,
        [
            *row(["团队素质", "", "", "八点七", ""], 0, 2, 75),
            *row(["研发经费投入强度", "3.1%", "3.4%", "3.9%", "3.47%"], 1, 2, 95),
        ],
        page=2,
    )
    return [first, second]


def test_a_year_row_a_page_broke_is_read_whole_and_so_is_its_wrapped_value() -> None:
    blocks = document_blocks(_year_row_broken_by_the_page())
    layout = Layout("form.pdf", "pdf", blocks, pages=2)
    record = assemble(layout, form_spec("新锐企业榜", 2022), 2022)
    shares = [record.value(f"研发团队素质/{year}") for year in ("2020", "2021", "2022")]
    assert shares == [34.4, 17.5, 28.7]
    assert record.value("研发团队规模/2022") == 31
    assert record.value("研发经费投入强度/2020") == 3.1
    assert not [u.text for u in record.unread_text if u.text in ("团队素质", "八点七")]


def test_a_running_header_read_together_with_the_title_under_it_goes_and_the_title_stays() -> None:
    header = "2023年“科创中国”融通创新组织榜申报表 填表人：吴强 邮箱：wuqiang@cast.org.cn"
    title = "2023年“科创中国”融通创新组织榜申报表"
    first, second = _pages(0.0)
    blocks = drop_running_text(
        [
            Paragraph(0, f"{header}\n{title}", page=1, bbox=(83, 43, 468, 125)),
            first,
            Paragraph(1, header, page=2, bbox=(81, 42, 467, 68)),
            second,
        ]
    )
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == [title]
    assert [b for b in blocks if isinstance(b, Table)] == [first, second]


def test_a_list_whose_label_cell_a_page_cut_goes_on_atop_the_next_page() -> None:
    edges = (97.0, 190.0, 290.0, 440.0, 536.0)

    def row(texts: list[str], r: int, page: int, top: float, label: bool = False) -> list[Cell]:
        cells = [
            Cell(text, r, c, page=page, bbox=(edges[c], top, edges[c + 1], top + 20))
            for c, text in enumerate(texts)
            if c or not label
        ]
        return cells

    first = Table(
        0,
        3,
        4,
        [
            Cell("主要工作经历", 0, 0, row_span=3, page=1, bbox=(97, 700, 190, 760)),
            *row(["", "起止年月", "工作单位", "职务"], 0, 1, 700, label=True),
            *row(["", "2006.06-2008.11", "济南联创科技有限公司", "研究员"], 1, 1, 720, label=True),
            *row(
                ["", "2008.02-2012.06", "合肥联创精密仪器股份有限公司", "主任"],
                2,
                1,
                740,
                label=True,
            ),
        ],
        page=1,
    )
    second = Table(
        1,
        2,
        4,
        [
            *row(["", "2012.11-至今", "杭州恒拓科技股份有限公司", "项目经理"], 0, 2, 75),
            *row(["从业至今累计登记技术合同数量", "12", "", ""], 1, 2, 95),
        ],
        page=2,
    )
    layout = Layout("form.pdf", "pdf", document_blocks([first, second]), pages=2)
    record = assemble(layout, form_spec("技术经理人先锋榜", 2022), 2022)
    rows = record.value("主要工作经历")
    assert [r["工作单位"] for r in rows] == [
        "济南联创科技有限公司",
        "合肥联创精密仪器股份有限公司",
        "杭州恒拓科技股份有限公司",
    ]


def test_a_heading_whose_printed_prompt_a_page_cut_takes_its_text_from_under_the_prompt() -> None:
    heading = (
        "一、申请人所具备的科技成果转移转化实践技能与经验成效\n（2000字以内，可另附说明材料）\n"
        "（一）所从事的科技成果转移转化相关理论研究，参与完成技术转移转化和技术市场领域研"
    )
    prompt_rest = (
        "究课题，或参与制定技术转移转化和技术市场相关法律法规、政策类文件，以及行业发展报告、"
        "专著、编著、教材等。\n（二）所从事的技术需求挖掘与分析、技术评估评价、技术中试孵化、"
        "技术成果运营、技术投融资、转移转化咨询，以及技术转让、技术许可、技术开发、技术咨询、"
        "技术服务等具体项目。\n（三）参与或主持创建技术转移相关平台建设、人才培养活动等。"
    )
    text = "累计组织技术对接会5场，促成校企合作项目14项，服务企业超过百家。"
    table = Table(
        0,
        3,
        1,
        [
            Cell(prompt_rest, 0, 0, page=2, bbox=(86, 72, 526, 170)),
            Cell(text, 1, 0, page=2, bbox=(86, 170, 526, 306)),
            Cell("二、参与“科创中国”科技经济融合与技术交易促进相关工作情况", 2, 0, page=2),
        ],
        page=2,
    )
    blocks = document_blocks([Paragraph(0, heading, page=1, bbox=(86, 680, 526, 716)), table])
    record = assemble(
        Layout("form.pdf", "pdf", blocks, pages=2), form_spec("技术经理人先锋榜", 2022), 2022
    )
    assert record.value("申请人所具备的科技成果转移转化实践技能与经验成效") == text


ETHICS = "申请人在技术经理人从业规范方面认知与理解情况"
ETHICS_HEADING = f"三、{ETHICS}，包括且不限于思想品德、职业道德、保密义务与责任等（1000字以内）"
ETHICS_TEXT = "严格遵守技术经理人职业道德规范，对委托方的商业秘密负有保密义务。" * 6


def _heading_broken_by_the_page(above: str, below: list[str]) -> Layout:
    """技术经理人先锋榜's section 三 heading at the foot of page 1 (``above``); atop page 2,
    in a table of other columns, the cells ``below`` (one column wide each), then 申报单位意见."""
    left, right = 96.0, 536.0
    first = Table(
        0,
        2,
        4,
        [
            Cell("姓名", 0, 0, page=1, bbox=(left, 680, 190, 700)),
            Cell("王芳", 0, 1, page=1, bbox=(190, 680, 300, 700)),
            Cell("性别", 0, 2, page=1, bbox=(300, 680, 400, 700)),
            Cell("女", 0, 3, page=1, bbox=(400, 680, right, 700)),
            Cell(above, 1, 0, col_span=4, page=1, bbox=(left, 700, right, 720)),
        ],
        page=1,
    )
    tops = [78.0 + 20 * i for i in range(len(below) + 1)]
    cells = [
        Cell(text, r, 0, col_span=2, page=2, bbox=(left, tops[r], right, tops[r] + 20))
        for r, text in enumerate(below)
    ]
    last = len(below)
    cells += [
        Cell("申报单位意见", last, 0, page=2, bbox=(left, tops[last], 190, tops[last] + 60)),
        Cell("", last, 1, page=2, bbox=(190, tops[last], right, tops[last] + 60)),
    ]
    second = Table(1, last + 1, 2, cells, page=2)
    return Layout("form.pdf", "pdf", [first, second], pages=2)


@pytest.mark.parametrize("cut", ["职业道", "保密义务与责任等", "（1000字"])
def test_a_heading_whose_hint_a_page_broke_has_its_text_under_the_rest_of_it(cut: str) -> None:
    at = ETHICS_HEADING.index(cut) + len(cut)
    layout = _heading_broken_by_the_page(
        ETHICS_HEADING[:at], [ETHICS_HEADING[at:], ETHICS_TEXT]
    )
    record = assemble(layout, form_spec("技术经理人先锋榜", 2022), 2022)
    assert record.value(ETHICS) == ETHICS_TEXT
    assert not any(f.field == ETHICS for f in record.flags)
    assert not [u.text for u in record.unread_text if u.text == ETHICS_HEADING[at:]]


@pytest.mark.parametrize("text", [ETHICS_TEXT, "无（见附件）", "已签署保密协议等（共三份）"])
def test_a_value_atop_the_next_page_under_a_whole_heading_is_its_value(text: str) -> None:
    # Only the end of a printed hint is the heading's: a written value that merely ends
    # with an aside, or names no hint word in it, stays the value.
    layout = _heading_broken_by_the_page(ETHICS_HEADING, [text])
    record = assemble(layout, form_spec("技术经理人先锋榜", 2022), 2022)
    assert record.value(ETHICS) == text
