"""The pages in a real browser: Debian's chromium, driven by Playwright, against a live
``kczg serve`` on 127.0.0.1 holding sample submissions.

The tests write screenshots of the queue, a summary (with a source open, and after a
correction), a PDF source and the applicant's page to docs/screenshots/ (linked from
the README).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest

from tests.conftest import CHECKED_IN, ROOT

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "docs" / "screenshots"
KCZG = Path(sys.executable).parent / "kczg"

TECH_MANAGER = CHECKED_IN / "004-2022-tech_manager-faithful.docx"
RISING = CHECKED_IN / "001-2022-rising_company-faithful.docx"
OTHERS = [
    CHECKED_IN / name
    for name in (
        "000-2022-leading_tech-faithful.docx",
        "010-2022-rising_company-value_below.docx",
        "013-2022-tech_manager-nested_tables.docx",
    )
]


@dataclass
class Live:
    url: str
    env: dict[str, str]
    tokens: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _upload(live: Live, token: str, path: Path, **data: str) -> str:
    with path.open("rb") as handle:
        answer = httpx.post(
            f"{live.url}/api/v1/submissions",
            headers={"Authorization": f"Bearer {token}"},
            files={"file": (path.name, handle)},
            data=data,
            timeout=30,
        )
    assert answer.status_code in (200, 202), answer.text
    sid = str(answer.json()["submission"]["id"])
    for _ in range(30):
        state = httpx.get(
            f"{live.url}/api/v1/submissions/{sid}?wait=5",
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        ).json()["state"]
        if state not in ("queued", "running"):
            return sid
    raise AssertionError(f"{path.name} was not read in time")


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    from samples.render_pdf import to_pdf

    data = tmp_path_factory.mktemp("live")
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KCZG_DATABASE_URL")},
        "KCZG_DATA_DIR": str(data),
        "KCZG_COOKIE_SECURE": "false",
        "KCZG_WORKERS": "2",
    }
    live = Live(url="", env=env)
    # Tokens made in this process (the CLI's own test makes them through kczg token):
    # three command starts less before the server's.
    from service.auth import Role, create_token
    from service.config import Settings
    from service.usecases.context import open_services

    services = open_services(Settings(data_dir=data, database_url=None), upgrade=True)
    for who, role, unit, name in (
        ("reviewer", Role.REVIEWER, None, "评审专家王"),
        ("applicant", Role.APPLICANT, "中国电子学会", "申报人李"),
        ("other", Role.APPLICANT, "中国化工学会", "申报人赵"),
    ):
        live.tokens[who] = create_token(services.engine, role=role, unit=unit, name=name)[0]
    services.engine.dispose()
    port = _free_port()
    log = (data / "serve.log").open("wb")
    server = subprocess.Popen(
        [str(KCZG), "serve", "--port", str(port)], env=env, stdout=log, stderr=log
    )
    live.url = f"http://127.0.0.1:{port}"
    try:
        # Rendered while the server starts.
        pdf = to_pdf(RISING, tmp_path_factory.mktemp("pdf"))
        for _ in range(100):
            try:
                if httpx.get(f"{live.url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise AssertionError(f"kczg serve did not start: {(data / 'serve.log').read_text()}")
        reviewer = live.tokens["reviewer"]
        live.ids["tech"] = _upload(live, reviewer, TECH_MANAGER, unit="中国化工学会")
        live.ids["pdf"] = _upload(live, reviewer, pdf, unit="中国化工学会")
        for path in OTHERS:
            _upload(live, reviewer, path, unit="中国机械工程学会")
        live.ids["other"] = _upload(live, live.tokens["other"], RISING)
        yield live
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        chromium = driver.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


def _logged_in(browser: Any, live: Live, who: str) -> Any:
    context = browser.new_context(
        viewport={"width": 1440, "height": 900}, locale="zh-CN", accept_downloads=True
    )
    page = context.new_page()
    page.goto(f"{live.url}/login")
    page.fill("#token", live.tokens[who])
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def test_a_reviewer_filters_reads_checks_the_source_corrects_and_sets_a_status(
    browser: Any, live: Live
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = _logged_in(browser, live, "reviewer")
    assert page.url.endswith("/queue")
    assert page.locator("#total").inner_text() == "6"
    page.screenshot(path=str(SHOTS / "queue.png"), full_page=True)

    page.select_option("select[name=list]", "技术经理人先锋榜")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#total").inner_text() == "2"
    page.click(f"a[href^='/submissions/{live.ids['tech']}']")
    page.wait_for_load_state()

    row = page.locator("tr", has=page.locator("th", has_text="邮箱")).first
    assert row.locator(".flag.error").count() == 1
    assert "邮箱格式有误" in row.inner_text()
    assert "邮箱格式有误" in page.locator("#problems").inner_text()

    row.locator("a.source-link").click()
    highlight = page.locator("#source-panel td.highlight")
    highlight.wait_for()
    assert highlight.inner_text() == row.locator(".value").inner_text()
    page.screenshot(path=str(SHOTS / "summary.png"), full_page=True)

    row.locator("details.fix summary").click()
    form = row.locator("form.correction")
    form.locator("textarea[name=value]").fill("wang.li@example.com")
    form.locator("input[name=reason]").fill("原件笔误")
    form.locator("button[value=stay]").click()
    page.wait_for_load_state()
    row = page.locator("tr", has=page.locator("th", has_text="邮箱")).first
    assert row.locator(".flag").count() == 0
    assert "已更正" in row.inner_text()
    audit = page.locator("#audit").inner_text()
    assert "wang.li@example.com" in audit and "原件笔误" in audit and "评审专家王" in audit

    page.check("input[name=status][value=reviewed]")
    page.fill("textarea[name=comment]", "材料齐全")
    page.click(".review-form button[value=stay]")
    page.wait_for_load_state()
    assert "已审" in page.locator(".verdict-line").inner_text()
    assert "材料齐全" in page.locator("#audit").inner_text()
    page.screenshot(path=str(SHOTS / "summary-corrected.png"), full_page=True)

    # Keyboard: Ctrl+Enter in the review form saves and opens the next of the queue.
    page.goto(f"{live.url}/queue?list=技术经理人先锋榜&sort=newest")
    page.locator("table.queue tbody a").first.click()
    page.wait_for_load_state()
    next_href = page.locator("#next-link").get_attribute("href")
    assert next_href
    page.check("input[name=status][value=returned]")
    page.locator("textarea[name=comment]").press("Control+Enter")
    page.wait_for_url(f"**{next_href.split('?')[0]}?*")

    page.goto(f"{live.url}/queue?review=returned")
    assert page.locator("#total").inner_text() == "1"
    page.context.close()


def test_the_source_of_a_pdf_value_is_the_page_with_the_box_highlighted(
    browser: Any, live: Live
) -> None:
    page = _logged_in(browser, live, "reviewer")
    page.goto(f"{live.url}/submissions/{live.ids['pdf']}")
    row = page.locator("tr", has=page.locator("th", has_text="法定代表人")).first
    row.locator("a.source-link").click()
    image = page.locator("#source-panel svg.page image")
    image.wait_for()
    page.wait_for_function(
        "() => { const i = document.querySelector('#source-panel svg.page image');"
        " return i && i.getBBox().width > 0; }"
    )
    box = page.locator("#source-panel rect.highlight").bounding_box()
    frame = page.locator("#source-panel svg.page").bounding_box()
    assert box and frame and box["width"] > 10 and box["height"] > 5
    assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"]
    status = page.evaluate(
        "async () => (await fetch(document.querySelector('#source-panel image')"
        ".getAttribute('href'))).status"
    )
    assert status == 200
    page.locator("#source-panel").screenshot(path=str(SHOTS / "source-pdf.png"))
    page.context.close()


def test_the_queue_exports_to_xlsx_that_reads_back(
    browser: Any, live: Live, tmp_path: Path
) -> None:
    page = _logged_in(browser, live, "reviewer")
    page.goto(f"{live.url}/queue?list=技术经理人先锋榜")
    with page.expect_download() as waiting:
        page.click("a[href^='/queue/export'][href*='format=xlsx']")
    saved = tmp_path / "export.xlsx"
    waiting.value.save_as(saved)
    book = openpyxl.load_workbook(saved, read_only=True)
    rows = list(book["申报"].iter_rows(values_only=True))
    assert len(rows) == 3 and rows[0][0] == "申报编号" and "邮箱" in rows[0]
    assert {row[1] for row in rows[1:]} == {"技术经理人先锋榜"}
    assert [line[0] for line in book["审核记录"].iter_rows(min_row=2, values_only=True)] != []
    page.context.close()


def test_an_applicant_uploads_sees_the_result_and_cannot_open_another_units(
    browser: Any, live: Live
) -> None:
    page = _logged_in(browser, live, "applicant")
    assert page.url.endswith("/apply")
    page.set_input_files("input[name=file]", str(TECH_MANAGER))
    page.select_option("select[name=form]", "技术经理人先锋榜")
    page.click(".upload button[type=submit]")
    page.wait_for_selector("#verdict", timeout=60_000)
    assert "邮箱格式有误" in page.locator("#problems").inner_text()
    assert page.locator("form.correction").count() == 0
    page.screenshot(path=str(SHOTS / "applicant.png"), full_page=True)
    page.goto(f"{live.url}/apply")
    assert page.locator("table.queue tbody tr").count() == 1

    answer = page.goto(f"{live.url}/submissions/{live.ids['other']}")
    assert answer is not None and answer.status == 404
    assert "没有此申报" in page.inner_text("main")
    page.context.close()
