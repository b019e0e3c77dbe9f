"""Checking without a file over HTTP: a JSON record, and batch rules over stored forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.conftest import CHECKED_IN, MakeToken, bearer


def test_a_flat_record_is_checked_with_every_condition_and_its_notice_sentence(
    api: Any, make_token: MakeToken
) -> None:
    token, _ = make_token("reviewer")
    record = {
        "form": "新锐企业榜",
        "edition": 2022,
        "values": {"申报企业名称": "某某科技有限公司", "企业工商登记日期": "2010-03-01"},
    }
    answer = api.post("/api/v1/check", json=record, headers=bearer(token))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["verdict"] == "ineligible"
    age = {c["id"]: c for c in body["checks"]}["age"]
    assert age["result"] == "fail"
    assert age["observed"] == {"企业工商登记日期": "2010-03-01"}
    assert "2022" in age["reference"]


def test_a_record_of_no_known_form_is_422_naming_what_is_wrong(
    api: Any, make_token: MakeToken
) -> None:
    token, _ = make_token("admin")
    answer = api.post(
        "/api/v1/check", json={"form": "没有的榜", "edition": 2022, "values": {}}, headers=bearer(token)
    )
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "invalid" and "没有的榜" in error["message"]
    wrong_type = api.post(
        "/api/v1/check",
        json={"form": "新锐企业榜", "edition": 2022, "values": {"企业工商登记日期": 5}},
        headers=bearer(token),
    )
    assert wrong_type.status_code == 422
    assert "企业工商登记日期" in wrong_type.json()["error"]["message"]


def test_a_2021_record_is_refused_naming_the_edition(api: Any, make_token: MakeToken) -> None:
    token, _ = make_token("admin")
    answer = api.post(
        "/api/v1/check",
        json={"form": "新锐企业榜", "edition": 2021, "values": {}},
        headers=bearer(token),
    )
    assert answer.status_code == 422
    assert "2021" in answer.json()["error"]["message"]


def test_batch_finds_a_duplicate_applicant_among_stored_submissions(
    api: Any, make_token: MakeToken, run_jobs: Callable[[], int]
) -> None:
    token, _ = make_token("admin")
    form = CHECKED_IN / "001-2022-rising_company-faithful.docx"
    for unit in ("中国电子学会", "中国化学会"):
        with form.open("rb") as handle:
            sent = api.post(
                "/api/v1/submissions",
                headers=bearer(token),
                files={"file": (form.name, handle)},
                data={"unit": unit},
            )
        assert sent.status_code == 202, sent.text
    run_jobs()
    answer = api.post(
        "/api/v1/batch", json={"list": "新锐企业榜", "edition": 2022}, headers=bearer(token)
    )
    assert answer.status_code == 200, answer.text
    duplicates = answer.json()["duplicates"]
    assert len(duplicates) == 1
    assert sorted(duplicates[0]["units"]) == ["中国化学会", "中国电子学会"]
    applicant = make_token("applicant", unit="中国化学会")[0]
    refused = api.post(
        "/api/v1/batch", json={"list": "新锐企业榜", "edition": 2022}, headers=bearer(applicant)
    )
    assert refused.status_code == 403
