"""The desk's gate: secret in the first URL then a cookie, CSRF on POST, upload limit, temp folder."""

from __future__ import annotations

import io

from click.testing import CliRunner

from vbhc.desk.app import MAX_UPLOAD_BYTES, create_app


def make(tmp_path):
    app = create_app(settings_path=tmp_path / "cai-dat.json", secret="bi-mat", work=tmp_path / "phien")
    return app, app.test_client()


def test_a_request_without_the_secret_is_refused(tmp_path):
    _, client = make(tmp_path)
    for url in ("/", "/soan/", "/so/", "/cai-dat/xuat", "/static/htmx.min.js"):
        answer = client.get(url)
        assert answer.status_code == 403 and "khoa" in answer.get_data(as_text=True)
    assert client.get("/?khoa=sai").status_code == 403


def test_the_first_url_gives_a_strict_httponly_cookie(tmp_path):
    _, client = make(tmp_path)
    answer = client.get("/soan/?khoa=bi-mat")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/soan/")
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert client.get("/soan/").status_code == 200


def test_a_post_without_the_csrf_token_is_refused(tmp_path):
    app, client = make(tmp_path)
    client.get("/?khoa=bi-mat")
    assert client.post("/so/lay-so-truoc", data={"nam_lay": "2026"}).status_code == 400
    assert client.post("/so/lay-so-truoc", data={"csrf": "x" * 64}).status_code == 400
    assert not (tmp_path / "so-van-ban.db").exists()
    token = app.extensions["vbhc_desk"].csrf
    assert (
        client.post("/so/lay-so-truoc", data={"nam_lay": "2026"}, headers={"X-CSRF-Token": token}).status_code
        == 200
    )


def test_the_csrf_token_depends_on_the_secret(tmp_path):
    one = create_app(settings_path=tmp_path / "a.json", work=tmp_path / "a").extensions["vbhc_desk"]
    two = create_app(settings_path=tmp_path / "b.json", work=tmp_path / "b").extensions["vbhc_desk"]
    assert one.secret != two.secret and one.csrf != two.csrf


def test_an_upload_over_the_limit_is_refused_in_vietnamese(tmp_path):
    app, client = make(tmp_path)
    client.get("/?khoa=bi-mat")
    big = io.BytesIO(b"0" * (MAX_UPLOAD_BYTES + 1))
    answer = client.post(
        "/kiem-tra/",
        data={"csrf": app.extensions["vbhc_desk"].csrf, "tep": (big, "to.docx")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 413 and "Tệp tải lên quá lớn" in answer.get_data(as_text=True)


def test_the_session_folder_is_removed_on_close(tmp_path):
    app, _ = make(tmp_path)
    state = app.extensions["vbhc_desk"]
    state.keep(b"x", "a.docx")
    assert any(state.work.iterdir())
    state.close()
    assert not state.work.exists()


def test_a_download_is_by_the_desks_own_name_only(tmp_path):
    _, client = make(tmp_path)
    client.get("/?khoa=bi-mat")
    (tmp_path / "bi-mat.txt").write_text("x")
    assert client.get("/tai/..%2Fbi-mat.txt").status_code == 404
    assert client.get("/tai/cai-dat.json").status_code == 404


def test_serve_binds_localhost_and_warns_for_another_host(monkeypatch, tmp_path):
    import waitress

    calls = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: calls.append(kw))
    monkeypatch.setenv("VBHC_DESK_SETTINGS", str(tmp_path / "cai-dat.json"))
    from vbhc.cli import cli

    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 0, result.output
    assert calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 8000
    assert "http://127.0.0.1:8000/?khoa=" in result.output and "Cảnh báo" not in result.output
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "8123"])
    assert calls[-1]["host"] == "0.0.0.0" and "Cảnh báo" in result.output
