"""A reviewer's work in the pages: the queue, a summary, sources, corrections, status."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from service.web.render import anchor
from tests.conftest import CHECKED_IN, MakeToken, PageClient, Upload, bearer, csrf_of

TECH_MANAGER = CHECKED_IN / "004-2022-tech_manager-faithful.docx"  # 邮箱 is not an address
RISING = CHECKED_IN / "001-2022-rising_company-faithful.docx"  # 税收贡献 average off
CLEAN = CHECKED_IN / "000-2022-leading_tech-faithful.docx"
MISSING_REGION = CHECKED_IN / "003-2022-entrepreneur-faithful.docx"


def _field_block(page: str, name: str) -> str:
    """The HTML of one field's row (or cell, or section) on a summary page."""
    start = page.index(f'id="{anchor(name)}"')
    ends = [page.find(mark, start + 10) for mark in ("</tr>", "</td>", "</section>")]
    return page[start : min(e for e in ends if e != -1)]


def _correct(client: Any, sid: str, **data: str) -> Any:
    csrf = csrf_of(client.get(f"/submissions/{sid}").text)
    return client.post(f"/submissions/{sid}/corrections", data={"csrf": csrf, **data})


@pytest.fixture
def reviewer(make_token: MakeToken, page_client: PageClient) -> tuple[str, Any]:
    token, _ = make_token("reviewer")
    return token, page_client(token)


def test_the_queue_filters_counts_and_puts_problems_first(
    reviewer: tuple[str, Any], upload: Upload
) -> None:
    token, client = reviewer
    for path in (CLEAN, TECH_MANAGER, RISING):
        upload(token, path, unit="某学会")
    page = client.get("/queue").text
    assert 'id="total">3<' in page
    names = re.findall(r'<a href="/submissions/[^"]+">([^<]+)</a>', page)
    assert len(names) == 3
    # Submissions with errors come before the clean one.
    rows = re.findall(r'<tr class="(\w+)">', page)
    assert rows[-1] in ("eligible", "needs_review")
    assert "<svg" in page and "问题类型" in page and "邮箱格式有误" in page
    only = client.get("/queue", params={"list": "技术经理人先锋榜"}).text
    assert 'id="total">1<' in only
    # The charts count the filter, not every submission.
    rising = client.get("/queue", params={"list": "新锐企业榜"}).text
    assert "平均值不符" in rising and "邮箱格式有误" not in rising
    assert client.get("/queue", params={"errors": "no"}).text.count("/submissions/") < page.count(
        "/submissions/"
    )
    assert 'id="total">0<' in client.get("/queue", params={"q": "不存在的名称"}).text


def test_a_wrong_filter_value_is_a_clear_page_not_a_500(reviewer: tuple[str, Any]) -> None:
    _, client = reviewer
    answer = client.get("/queue", params={"edition": "twenty"})
    assert answer.status_code == 422
    assert "届次须为年份" in answer.text
    assert client.get("/queue", params={"page": "-1"}).status_code == 422


def test_the_summary_shows_each_flag_beside_its_field_and_the_checks_with_the_notice(
    reviewer: tuple[str, Any], upload: Upload
) -> None:
    token, client = reviewer
    sid = upload(token, TECH_MANAGER)
    page = client.get(f"/submissions/{sid}").text
    block = _field_block(page, "邮箱")
    assert 'class="flag error"' in block and "邮箱格式有误" in block
    assert "资格条件" in page and "通知原文" in page and "附件1" in page
    assert re.search(r'class="tag (pass|fail|unknown|needs_review)"', page)
    assert 'id="unread"' in page


def test_year_tables_are_tables_with_their_years_as_columns(
    reviewer: tuple[str, Any], upload: Upload
) -> None:
    token, client = reviewer
    sid = upload(token, RISING)
    page = client.get(f"/submissions/{sid}").text
    years = page[page.index('<table class="years">') :]
    header = years[: years.index("</thead>")]
    assert all(f"<th>{year}</th>" in header for year in ("2020", "2021", "2022", "平均值"))
    assert "平均值不符" in _field_block(page, "税收贡献/平均值")


def test_a_correction_is_checked_at_once_and_kept_in_the_audit_trail(
    reviewer: tuple[str, Any], upload: Upload, api: Any
) -> None:
    token, client = reviewer
    sid = upload(token, TECH_MANAGER)
    before = api.get(f"/api/v1/submissions/{sid}", headers=bearer(token)).json()
    answer = _correct(client, sid, field="邮箱", value="wang.li@example.com", reason="原件写错")
    assert answer.status_code == 200
    page = answer.text
    block = _field_block(page, "邮箱")
    assert "wang.li@example.com" in block and "已更正" in block
    assert "邮箱格式有误" not in block
    audit = page[page.index('id="audit"') :]
    assert "wang.li@example.com" in audit and "原件写错" in audit
    after = api.get(f"/api/v1/submissions/{sid}", headers=bearer(token)).json()
    assert after["flat"]["values"]["邮箱"] == "wang.li@example.com"
    assert after["flag_count"] == before["flag_count"] - 1
    assert all(flag["field"] != "邮箱" for flag in after["flat"]["flags"])


def test_a_value_marked_not_on_the_form_is_flagged_missing(
    reviewer: tuple[str, Any], upload: Upload, api: Any
) -> None:
    token, client = reviewer
    sid = upload(token, CLEAN)
    _correct(client, sid, field="联系人", absent="true", reason="原件此栏空白")
    read = api.get(f"/api/v1/submissions/{sid}", headers=bearer(token)).json()
    assert "联系人" not in read["flat"]["values"]
    assert any(f["field"] == "联系人" and f["code"] == "missing" for f in read["flat"]["flags"])


def test_a_correction_of_the_wrong_type_is_refused_with_the_reason(
    reviewer: tuple[str, Any], upload: Upload
) -> None:
    token, client = reviewer
    sid = upload(token, RISING)
    answer = _correct(client, sid, field="从业人数", value="很多人")
    assert answer.status_code == 422
    assert "从业人数" in answer.text
    assert "尚无记录" in client.get(f"/submissions/{sid}").text


def test_a_restore_takes_the_field_back_to_what_was_read(
    reviewer: tuple[str, Any], upload: Upload, api: Any
) -> None:
    token, client = reviewer
    sid = upload(token, TECH_MANAGER)
    read = api.get(f"/api/v1/submissions/{sid}", headers=bearer(token)).json()
    _correct(client, sid, field="邮箱", value="a@example.com")
    _correct(client, sid, field="邮箱", restore="true")
    again = api.get(f"/api/v1/submissions/{sid}", headers=bearer(token)).json()
    assert again["flat"] == read["flat"]
    assert client.get(f"/submissions/{sid}").text.count('data-action="') == 2


def test_a_re_extraction_keeps_the_correction_and_shows_a_conflict(
    reviewer: tuple[str, Any], upload: Upload, api: Any, services: Any, run_jobs: Callable[[], int]
) -> None:
    from sqlalchemy import update

    from service.db import AuditRow, session_scope

    token, client = reviewer
    sid = upload(token, TECH_MANAGER)
    _correct(client, sid, field="邮箱", value="wang.li@example.com")
    # As if the form had read otherwise when the correction was made.
    with session_scope(services.engine) as session:
        session.execute(update(AuditRow).values(before="older@reading"))
    rerun = api.post(f"/api/v1/submissions/{sid}/rerun?action=extract", headers=bearer(token))
    assert rerun.status_code == 202, rerun.text
    assert run_jobs() == 1
    read = api.get(f"/api/v1/submissions/{sid}", headers=bearer(token)).json()
    assert read["flat"]["values"]["邮箱"] == "wang.li@example.com"
    block = _field_block(client.get(f"/submissions/{sid}").text, "邮箱")
    assert "older@reading" in block and "仍保留更正值" in block


def test_a_re_check_starts_from_the_record_as_read(
    reviewer: tuple[str, Any], upload: Upload, api: Any, run_jobs: Callable[[], int]
) -> None:
    token, client = reviewer
    sid = upload(token, TECH_MANAGER)
    _correct(client, sid, field="邮箱", value="wang.li@example.com")
    api.post(f"/api/v1/submissions/{sid}/rerun?action=check", headers=bearer(token))
    run_jobs()
    page = client.get(f"/submissions/{sid}").text
    assert "仍保留更正值" not in page
    assert "wang.li@example.com" in _field_block(page, "邮箱")


def test_no_correction_while_the_form_is_being_read_again(
    reviewer: tuple[str, Any], upload: Upload, api: Any
) -> None:
    token, client = reviewer
    sid = upload(token, TECH_MANAGER)
    page = client.get(f"/submissions/{sid}").text
    api.post(f"/api/v1/submissions/{sid}/rerun?action=extract", headers=bearer(token))
    answer = client.post(
        f"/submissions/{sid}/corrections",
        data={"csrf": csrf_of(page), "field": "邮箱", "value": "a@example.com"},
    )
    assert answer.status_code == 409 and "正在重新读取" in answer.text


def test_review_status_with_a_comment_filters_the_queue(
    reviewer: tuple[str, Any], upload: Upload
) -> None:
    token, client = reviewer
    sid = upload(token, TECH_MANAGER)
    upload(token, CLEAN)
    csrf = csrf_of(client.get(f"/submissions/{sid}").text)
    answer = client.post(
        f"/submissions/{sid}/review",
        data={"csrf": csrf, "status": "returned", "comment": "请补充邮箱"},
    )
    assert answer.status_code == 200
    assert "请补充邮箱" in answer.text and "退回" in answer.text
    returned = client.get("/queue", params={"review": "returned"}).text
    assert 'id="total">1<' in returned and sid in returned
    bad = client.post(f"/submissions/{sid}/review", data={"csrf": csrf, "status": "done"})
    assert bad.status_code == 422


def test_save_and_next_goes_to_the_next_submission_of_the_queue(
    reviewer: tuple[str, Any], upload: Upload
) -> None:
    token, client = reviewer
    for path in (CLEAN, TECH_MANAGER, RISING):
        upload(token, path)
    queue = client.get("/queue", params={"sort": "newest"}).text
    links = re.findall(r'href="(/submissions/[^"?]+)\?([^"]*)"', queue)
    first, query = links[0]
    second = links[1][0]
    page = client.get(f"{first}?{query.replace('&amp;', '&')}").text
    assert f'href="{second}?' in page
    next_id = re.search(r'name="next_id" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    back = re.search(r'name="back" value="([^"]*)"', page).group(1)  # type: ignore[union-attr]
    answer = client.post(
        f"{first}/review",
        data={
            "csrf": csrf_of(page),
            "status": "reviewed",
            "go": "next",
            "next_id": next_id,
            "back": back.replace("&amp;", "&"),
            "pos": "0",
        },
        follow_redirects=False,
    )
    assert answer.headers["location"].startswith(f"{second}?")
    assert "pos=1" in answer.headers["location"] and "sort=newest" in answer.headers["location"]


def test_the_source_of_a_word_value_is_its_table_with_the_cell_marked(
    reviewer: tuple[str, Any], upload: Upload
) -> None:
    token, client = reviewer
    sid = upload(token, RISING)
    answer = client.get(f"/submissions/{sid}/source", params={"field": "法定代表人", "fragment": 1})
    assert answer.status_code == 200
    marked = re.findall(r'<td[^>]*class="highlight"[^>]*>([^<]*)</td>', answer.text)
    assert marked == ["梁志远"]
    full = client.get(f"/submissions/{sid}/source", params={"field": "法定代表人"})
    assert "返回申报" in full.text and 'class="highlight"' in full.text


def test_a_field_without_a_value_has_no_source(reviewer: tuple[str, Any], upload: Upload) -> None:
    token, client = reviewer
    sid = upload(token, MISSING_REGION)
    answer = client.get(f"/submissions/{sid}/source", params={"field": "所在地区"})
    assert answer.status_code == 404 and "没有读取到值" in answer.text


@pytest.fixture(scope="module")
def form_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from samples.render_pdf import to_pdf

    return to_pdf(TECH_MANAGER, tmp_path_factory.mktemp("pdf"))


def test_the_source_of_a_pdf_value_is_its_page_with_the_box_highlighted(
    reviewer: tuple[str, Any], upload: Upload, api: Any, form_pdf: Path
) -> None:
    from io import BytesIO

    import pdfplumber
    from PIL import Image

    token, client = reviewer
    sid = upload(token, form_pdf)
    read = api.get(f"/api/v1/submissions/{sid}", headers=bearer(token)).json()
    where = read["record"]["values"]["邮箱"]["provenance"]
    answer = client.get(f"/submissions/{sid}/source", params={"field": "邮箱", "fragment": 1})
    assert answer.status_code == 200
    box = re.search(
        r'<rect class="highlight" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"',
        answer.text,
    )
    assert box, answer.text
    x, y = float(box.group(1)), float(box.group(2))
    assert abs(x - (where["bbox"][0] - 2)) < 0.1 and abs(y - (where["bbox"][1] - 2)) < 0.1
    view = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', answer.text)
    with pdfplumber.open(form_pdf) as pdf:
        page = pdf.pages[where["page"] - 1]
        assert view and abs(float(view.group(1)) - float(page.width)) < 0.1
        assert abs(float(view.group(2)) - float(page.height)) < 0.1
    image = client.get(f"/submissions/{sid}/pages/{where['page']}.png")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert Image.open(BytesIO(image.content)).size[0] > 1000
    assert client.get(f"/submissions/{sid}/pages/99.png").status_code == 404


def test_the_unread_text_list_shows_what_the_reader_could_not_place(
    reviewer: tuple[str, Any], upload: Upload, services: Any
) -> None:
    from sqlalchemy import select

    from service.db import SubmissionRow, session_scope

    token, client = reviewer
    sid = upload(token, CLEAN)
    with session_scope(services.engine) as session:
        row = session.scalar(select(SubmissionRow).where(SubmissionRow.id == sid))
        assert row is not None and row.record is not None
        row.record = {
            **row.record,
            "unread_text": [
                {"text": "附：专家推荐意见另附", "provenance": {"file": "x", "paragraph": 41}},
                {"text": "页脚：第 3 页", "provenance": {"file": "x", "page": 3}},
            ],
        }
    page = client.get(f"/submissions/{sid}").text
    unread = page[page.index('id="unread"') :]
    assert "未能归入字段的文字（2）" in unread
    assert "附：专家推荐意见另附" in unread and "第 42 段" in unread and "页脚：第 3 页" in unread


def test_the_printable_summary_has_no_forms_and_an_a4_stylesheet(
    reviewer: tuple[str, Any], upload: Upload
) -> None:
    token, client = reviewer
    sid = upload(token, TECH_MANAGER)
    page = client.get(f"/submissions/{sid}/print").text
    assert '<form method="post" action="/submissions' not in page
    assert "邮箱格式有误" in page and "资格条件" in page
    css = client.get("/static/app.css").text
    assert "@page { size: A4" in css and "@media print" in css


def test_an_applicant_sees_only_their_units_submissions(
    make_token: MakeToken, page_client: PageClient, upload: Upload
) -> None:
    mine_token, _ = make_token("applicant", unit="甲学会")
    other_token, _ = make_token("applicant", unit="乙学会")
    mine = upload(mine_token, TECH_MANAGER)
    theirs = upload(other_token, RISING)
    client = page_client(mine_token)
    own = client.get("/apply").text
    assert mine in own and theirs not in own
    page = client.get(f"/submissions/{mine}").text
    assert "需要补充或修改的内容" in page and "邮箱格式有误" in page
    assert "/corrections" not in page and 'id="review"' not in page
    refused = client.get(f"/submissions/{theirs}")
    assert refused.status_code == 404 and "没有此申报" in refused.text
    assert (
        client.get(f"/submissions/{theirs}/source", params={"field": "法定代表人"}).status_code
        == 404
    )
    csrf = csrf_of(own)
    assert (
        client.post(
            f"/submissions/{mine}/corrections", data={"csrf": csrf, "field": "邮箱", "value": "x"}
        ).status_code
        == 403
    )
    assert client.get("/queue", follow_redirects=False).headers["location"] == "/apply"


def test_a_reviewer_sees_only_the_lists_given(
    make_token: MakeToken, page_client: PageClient, upload: Upload
) -> None:
    admin, _ = make_token("admin")
    tech = upload(admin, TECH_MANAGER)
    rising = upload(admin, RISING)
    token, _ = make_token("reviewer", lists=("新锐企业榜",))
    client = page_client(token)
    queue = client.get("/queue").text
    assert rising in queue and tech not in queue
    assert client.get(f"/submissions/{tech}").status_code == 404


def test_an_applicant_uploads_in_the_browser_and_sees_the_result(
    make_token: MakeToken, page_client: PageClient, run_jobs: Callable[[], int]
) -> None:
    token, _ = make_token("applicant", unit="甲学会")
    client = page_client(token)
    csrf = csrf_of(client.get("/apply").text)
    with TECH_MANAGER.open("rb") as handle:
        answer = client.post(
            "/apply",
            data={"csrf": csrf, "form": "技术经理人先锋榜", "edition": "2022"},
            files={"file": (TECH_MANAGER.name, handle, "application/octet-stream")},
            follow_redirects=False,
        )
    assert answer.status_code == 303
    waiting = client.get(answer.headers["location"]).text
    assert "正在读取" in waiting and 'http-equiv="refresh"' in waiting
    run_jobs()
    done = client.get(answer.headers["location"]).text
    assert "正在读取" not in done and "邮箱格式有误" in done
    assert "从表中读取到的内容" in done


def test_an_upload_that_is_no_form_is_a_clear_page(
    make_token: MakeToken, page_client: PageClient
) -> None:
    token, _ = make_token("applicant", unit="甲学会")
    client = page_client(token)
    csrf = csrf_of(client.get("/apply").text)
    answer = client.post(
        "/apply", data={"csrf": csrf}, files={"file": ("a.docx", b"plain text", "text/plain")}
    )
    assert answer.status_code == 415 and "不支持的文件类型" in answer.text
