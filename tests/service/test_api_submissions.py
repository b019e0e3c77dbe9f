"""Uploading forms over HTTP, following their jobs, and reading what was found."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.conftest import CHECKED_IN, MakeToken, bearer

FORM = CHECKED_IN / "001-2022-rising_company-faithful.docx"


def _upload(api: Any, token: str, path: Any = FORM, **fields: str) -> Any:
    with path.open("rb") as handle:
        return api.post(
            "/api/v1/submissions",
            headers=bearer(token),
            files={"file": (path.name, handle, "application/octet-stream")},
            data=fields,
        )


def test_upload_answers_202_with_location_and_the_job_reads_the_form(
    api: Any, make_token: MakeToken, run_jobs: Callable[[], int]
) -> None:
    token, _ = make_token("admin")
    answer = _upload(api, token)
    assert answer.status_code == 202, answer.text
    body = answer.json()
    assert answer.headers["Location"] == f"/api/v1/submissions/{body['submission']['id']}"
    assert answer.headers["Retry-After"]
    assert body["job"]["state"] == "queued" and body["duplicate"] is False
    assert run_jobs() == 1
    read = api.get(answer.headers["Location"], headers=bearer(token)).json()
    assert read["state"] == "succeeded"
    assert read["form"] == "新锐企业榜" and read["edition"] == 2022
    assert read["flat"]["values"]["申报企业名称"] == read["applicant"]
    assert read["evaluation"]["verdict"] == read["verdict"]
    assert read["job"]["extractor_version"]
    provenance = read["record"]["values"]["申报企业名称"]["provenance"]
    assert provenance["file"] == FORM.name


def test_the_same_file_twice_is_one_submission_and_the_answer_says_so(
    api: Any, make_token: MakeToken
) -> None:
    token, _ = make_token("admin")
    first = _upload(api, token).json()
    again = _upload(api, token)
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert again.json()["submission"]["id"] == first["submission"]["id"]
    listed = api.get("/api/v1/submissions", headers=bearer(token)).json()
    assert listed["total"] == 1


def test_a_file_that_is_no_form_format_is_refused_with_415(
    api: Any, make_token: MakeToken
) -> None:
    token, _ = make_token("admin")
    answer = api.post(
        "/api/v1/submissions",
        headers=bearer(token),
        files={"file": ("form.docx", b"just some text, not a document", "text/plain")},
    )
    assert answer.status_code == 415
    assert answer.json()["error"]["code"] == "unsupported_type"
    assert api.get("/api/v1/submissions", headers=bearer(token)).json()["total"] == 0


def test_an_unreadable_form_ends_its_job_failed_with_the_readers_reason(
    api: Any, make_token: MakeToken, run_jobs: Callable[[], int], tmp_path: Any
) -> None:
    token, _ = make_token("admin")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(FORM.read_bytes()[:5000])
    answer = _upload(api, token, broken)
    assert answer.status_code == 202
    run_jobs()
    read = api.get(answer.headers["Location"], headers=bearer(token)).json()
    assert read["state"] == "failed"
    assert read["job"]["error_code"] == "unreadable"
    assert read["error_message"]


def test_an_applicant_sees_only_its_own_units_submissions(
    api: Any, make_token: MakeToken
) -> None:
    mine, _ = make_token("applicant", unit="中国电子学会")
    theirs, _ = make_token("applicant", unit="中国化学会")
    uploaded = _upload(api, theirs).json()["submission"]
    assert uploaded["unit"] == "中国化学会"
    location = f"/api/v1/submissions/{uploaded['id']}"
    assert api.get(location, headers=bearer(mine)).status_code == 404
    assert api.get(f"{location}/original", headers=bearer(mine)).status_code == 404
    assert api.post(f"{location}/rerun", headers=bearer(mine)).status_code == 404
    assert api.get("/api/v1/submissions", headers=bearer(mine)).json()["total"] == 0
    assert api.get(location, headers=bearer(theirs)).status_code == 200


def test_the_original_downloads_byte_for_byte(api: Any, make_token: MakeToken) -> None:
    token, _ = make_token("admin")
    location = _upload(api, token).headers["Location"]
    original = api.get(f"{location}/original", headers=bearer(token))
    assert original.status_code == 200
    assert original.content == FORM.read_bytes()


def test_a_queued_job_is_canceled_and_a_finished_one_cannot_be(
    api: Any, make_token: MakeToken, run_jobs: Callable[[], int]
) -> None:
    token, _ = make_token("admin")
    job = _upload(api, token).json()["job"]
    canceled = api.post(f"/api/v1/jobs/{job['id']}/cancel", headers=bearer(token))
    assert canceled.status_code == 200 and canceled.json()["state"] == "canceled"
    assert run_jobs() == 0
    again = api.post(f"/api/v1/jobs/{job['id']}/cancel", headers=bearer(token))
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"


def test_a_rerun_queues_a_new_job_and_check_rechecks_the_stored_record(
    api: Any, make_token: MakeToken, run_jobs: Callable[[], int]
) -> None:
    token, _ = make_token("reviewer")
    location = _upload(api, token).headers["Location"]
    run_jobs()
    rerun = api.post(f"{location}/rerun", params={"action": "check"}, headers=bearer(token))
    assert rerun.status_code == 202 and rerun.json()["action"] == "check"
    busy = api.post(f"{location}/rerun", headers=bearer(token))
    assert busy.status_code == 409
    run_jobs()
    read = api.get(location, headers=bearer(token)).json()
    assert read["job"]["id"] == rerun.json()["id"] and read["job"]["state"] == "succeeded"


def test_requests_without_a_valid_token_are_refused_with_the_error_body(
    api: Any, make_token: MakeToken
) -> None:
    token, principal = make_token("reviewer")
    assert api.get("/api/v1/submissions").status_code == 401
    wrong = api.get("/api/v1/submissions", headers=bearer("kczg_wrong"))
    assert wrong.status_code == 401
    assert wrong.json()["error"]["code"] == "unauthorized"
    assert "kczg_wrong" not in wrong.text
    api.delete(f"/api/v1/tokens/{principal.token_id}", headers=bearer(make_token("admin")[0]))
    assert api.get("/api/v1/submissions", headers=bearer(token)).status_code == 401
    assert api.get("/api/v1/tokens", headers=bearer(make_token("reviewer")[0])).status_code == 403


def test_filters_narrow_the_list(
    api: Any, make_token: MakeToken, run_jobs: Callable[[], int]
) -> None:
    token, _ = make_token("admin")
    for name in ("001-2022-rising_company-faithful.docx", "002-2022-innovation_org-faithful.docx"):
        _upload(api, token, CHECKED_IN / name)
    run_jobs()
    every = api.get("/api/v1/submissions", headers=bearer(token)).json()
    assert every["total"] == 2
    rising = api.get("/api/v1/submissions", params={"list": "新锐企业榜"}, headers=bearer(token))
    assert [s["form"] for s in rising.json()["items"]] == ["新锐企业榜"]
    applicant = rising.json()["items"][0]["applicant"]
    found = api.get("/api/v1/submissions", params={"q": applicant[:4]}, headers=bearer(token))
    assert found.json()["total"] == 1
    page = api.get("/api/v1/submissions", params={"limit": 1, "offset": 1}, headers=bearer(token))
    assert len(page.json()["items"]) == 1 and page.json()["total"] == 2


def test_health_and_readiness_need_no_token(api: Any) -> None:
    assert api.get("/healthz").json() == {"status": "ok"}
    assert api.get("/readyz").json() == {"status": "ready"}
    assert api.get("/no/such/route").json()["error"]["code"] == "not_found"


def test_a_pdf_over_the_page_limit_fails_its_job_before_it_is_read(
    api: Any, services: Any, make_token: MakeToken, run_jobs: Callable[[], int], tmp_path: Any
) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "long.pdf"
    pdf = canvas.Canvas(str(path))
    for number in range(3):
        pdf.drawString(72, 720, f"page {number}")
        pdf.showPage()
    pdf.save()
    services.settings.max_pages = 2
    token, _ = make_token("admin")
    answer = _upload(api, token, path)
    assert answer.status_code == 202
    run_jobs()
    read = api.get(answer.headers["Location"], headers=bearer(token)).json()
    assert read["state"] == "failed"
    assert read["job"]["error_code"] == "unsafe"
    assert "3 pages (limit 2)" in read["error_message"]


def test_an_upload_over_the_size_limit_is_refused_while_it_streams(
    services: Any, make_token: MakeToken
) -> None:
    from fastapi.testclient import TestClient

    from service.api import create_app

    services.settings.max_upload_mb = 0.1
    token, _ = make_token("admin")
    big = b"%PDF-1.4\n" + b"0" * 400_000

    def chunks() -> Any:
        boundary = b"--kczgboundary"
        yield boundary + b'\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n\r\n'
        for start in range(0, len(big), 8192):
            yield big[start : start + 8192]
        yield b"\r\n" + boundary + b"--\r\n"

    with TestClient(create_app(services)) as client:
        answer = client.post(
            "/api/v1/submissions",
            headers={**bearer(token), "Content-Type": "multipart/form-data; boundary=kczgboundary"},
            content=chunks(),
        )
        assert answer.status_code == 413
        assert answer.json()["error"]["code"] == "too_large"
        assert client.get("/api/v1/submissions", headers=bearer(token)).json()["total"] == 0
