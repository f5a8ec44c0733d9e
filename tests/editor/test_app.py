"""The editor over real HTTP: every form needs its CSRF token, a login off loopback, and the
command refuses to start unsafely, in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from starlette.routing import Route

from editor import EditorSettings, create_app
from editor.auth import hash_password
from tests.editor.conftest import EditorData
from tests.editor.server import csrf_of, serving
from themes.taxonomy import default_taxonomy

INNOCAST = str(Path(sys.executable).with_name("innocast"))


def _settings(data: EditorData, **extra: object) -> EditorSettings:
    return EditorSettings(data_dir=data.data, taxonomy=default_taxonomy(), **extra)


def _post_paths(data: EditorData) -> list[str]:
    """Every POST route of the app, its parameters filled with the test episode."""
    app = create_app(_settings(data))
    paths = [r.path for r in app.routes if isinstance(r, Route) and "POST" in (r.methods or ())]
    return [p.replace("{ref}", data.episode).replace("{index:int}", "0") for p in paths]


def test_every_post_without_the_csrf_token_is_refused(editor_data: EditorData) -> None:
    paths = _post_paths(editor_data)
    assert len(paths) >= 7
    with serving(_settings(editor_data)) as url, httpx.Client(base_url=url) as client:
        # A session with a token, which the posts below do not send.
        csrf_of(client, f"/objekt/{editor_data.episode}")
        for path in paths:
            refused = client.post(path, data={"tema": "collaboration", "atgard": "bekrafta",
                                              "text": "Hej.", "csrf": "fel"})
            assert refused.status_code == 403, path
            assert "CSRF" in refused.text
        token = csrf_of(client, f"/objekt/{editor_data.episode}")
        done = client.post(f"/objekt/{editor_data.episode}/teman",
                           data={"tema": "collaboration", "atgard": "avvisa", "csrf": token})
        assert done.status_code == 303
        header = client.post(f"/objekt/{editor_data.episode}/segment/0",
                             data={"text": "Välkommen."},
                             headers={"X-CSRF-Token": token, "Accept": "application/json"})
        assert header.json() == {"message": "Sparat.", "text": "Välkommen.", "speaker": ""}
    # Without a session there is no token to match, even an empty one.
    with serving(_settings(editor_data)) as url, httpx.Client(base_url=url) as client:
        bare = client.post(f"/objekt/{editor_data.episode}/teman", data={"csrf": ""})
        assert bare.status_code == 403


def test_off_loopback_every_page_needs_a_login(editor_data: EditorData) -> None:
    users = {"anna": hash_password("rätt lösenord")}
    settings = _settings(editor_data, users=users, secret_key="test")
    with serving(settings, host="127.0.0.2") as url, httpx.Client(base_url=url) as client:
        for path in ("/", f"/objekt/{editor_data.episode}", "/publicera",
                     f"/objekt/{editor_data.episode}/ljud"):
            answer = client.get(path)
            assert answer.status_code == 303, path
            assert answer.headers["location"].startswith("/logga-in?nasta=")
        token = csrf_of(client, "/logga-in")
        wrong = client.post("/logga-in", data={"namn": "anna", "losenord": "fel", "csrf": token})
        assert wrong.status_code == 401 and "Fel namn eller lösenord." in wrong.text
        nobody = client.post("/logga-in", data={"namn": "bo", "losenord": "rätt lösenord",
                                                "csrf": token})
        assert nobody.status_code == 401
        right = client.post("/logga-in", data={"namn": "anna", "losenord": "rätt lösenord",
                                                "nasta": "//evil.example/", "csrf": token})
        assert right.status_code == 303 and right.headers["location"] == "/"
        cookie = right.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        assert client.get("/").status_code == 200
        # The token from before the login is no longer the session's.
        stale = client.post(f"/objekt/{editor_data.episode}/teman",
                            data={"tema": "collaboration", "atgard": "avvisa", "csrf": token})
        assert stale.status_code == 403


def test_session_cookie_is_secure_off_loopback(editor_data: EditorData) -> None:
    settings = _settings(editor_data, users={"anna": hash_password("x")}, secure_cookies=True)
    with serving(settings) as url, httpx.Client(base_url=url) as client:
        page = client.get("/logga-in")
    assert "secure" in page.headers["set-cookie"].lower()
    assert page.headers["content-security-policy"].startswith("default-src 'self'")


def _edit(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([INNOCAST, "edit", *args], capture_output=True, text=True,
                          timeout=120, env=env)


def test_edit_refuses_to_start_unsafely_in_one_line(tmp_path: Path) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k != "INNOCAST_EDITORS"}
    data = str(tmp_path / "data")
    no_users = _edit("--host", "0.0.0.0", "--data", data, env=env)
    assert no_users.returncode == 1
    assert no_users.stderr == (
        "Error: --host 0.0.0.0: not loopback, so editors must log in; name them with --users "
        "FILE or INNOCAST_EDITORS (hashes from `innocast edit --hash-password`)\n")
    users = tmp_path / "editors.txt"
    users.write_text("anna:" + hash_password("hemligt") + "\n", encoding="utf-8")
    plain = _edit("--host", "0.0.0.0", "--users", str(users), "--data", data, env=env)
    assert plain.returncode == 1
    assert plain.stderr.startswith("Error: --host 0.0.0.0: passwords and the session cookie")
    assert plain.stderr.count("\n") == 1
    users.write_text("anna:hemligt\n", encoding="utf-8")
    bad = _edit("--host", "0.0.0.0", "--users", str(users), "--data", data, env=env)
    assert bad.stderr == (f"Error: {users}: line 1: write name:hash with an Argon2 hash "
                          "(make one with `innocast edit --hash-password`)\n")


def test_hash_password_prints_a_hash_that_logs_in() -> None:
    from editor.auth import check_password

    made = subprocess.run([INNOCAST, "edit", "--hash-password"], input="hemligt\n",
                          capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    hashed = made.stdout.strip()
    assert hashed.startswith("$argon2id$")
    assert check_password({"anna": hashed}, "anna", "hemligt")
    assert not check_password({"anna": hashed}, "anna", "fel")


def test_edit_help_has_an_example() -> None:
    result = _edit("--help")
    assert result.returncode == 0
    assert "Example: innocast edit --data .innocast" in result.stdout


@pytest.mark.parametrize("line", ["anna", ":$argon2id$x", "anna:plain"])
def test_users_file_lines_must_be_name_and_argon2_hash(line: str) -> None:
    from editor.auth import parse_users
    from editor.errors import LoginSetupError

    with pytest.raises(LoginSetupError, match="editors.txt: line 2: write name:hash"):
        parse_users("# editors\n" + line, "editors.txt")
