"""The editors' web app as the command line starts it: settings checked, publishing as a
Prefect flow run, served by uvicorn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from editor.app import EditorSettings, create_app
from editor.auth import load_users, needs_login
from editor.errors import LoginSetupError
from editor.publishing import Publisher
from steps.config import load_config
from themes.taxonomy import default_taxonomy, load_taxonomy


def editor_settings(
    *,
    data_dir: Path,
    config_path: Path,
    config_named: bool,
    out_dir: Path,
    host: str,
    users_file: Path | None,
    https: bool,
    behind_https_proxy: bool,
    secret_key: str,
) -> EditorSettings:
    """The app's settings; a bind other than loopback without editors or HTTPS is refused.

    Without a config (none named, none in this folder) the app reviews with the default
    themes and cannot publish.
    """
    users = None
    if needs_login(host):
        users = load_users(users_file)
        if not users:
            raise LoginSetupError(
                f"--host {host}: not loopback, so editors must log in; name them with --users "
                "FILE or INNOCAST_EDITORS (hashes from `innocast edit --hash-password`)"
            )
        if not (https or behind_https_proxy):
            raise LoginSetupError(
                f"--host {host}: passwords and the session cookie would cross the network in "
                "the clear; give --tls-cert and --tls-key, or --behind-https-proxy"
            )
    if not config_named and not config_path.exists():
        return EditorSettings(data_dir=data_dir, taxonomy=default_taxonomy(), users=users,
                              secret_key=secret_key, secure_cookies=users is not None)
    config = load_config(config_path)
    return EditorSettings(
        data_dir=data_dir,
        taxonomy=load_taxonomy(config.taxonomy),
        users=users,
        secret_key=secret_key,
        secure_cookies=users is not None,
        publisher=flow_publisher(config_path, out_dir, data_dir),
        site_url=config.base_url,
        semantic=config.tagging_semantic,
    )


def flow_publisher(config_path: Path, out_dir: Path, data_dir: Path) -> Publisher:
    """Publishing as the republish deployment does it: a run of the `publish` flow, seen in
    the Prefect UI (PREFECT_API_URL's server, else a temporary one)."""

    def run() -> dict[str, Any]:
        from flows.pieces import publish

        return publish(str(config_path.absolute()), str(out_dir.absolute()),
                       str(data_dir.absolute()))

    return run


def serve_editor(
    settings: EditorSettings, host: str, port: int, tls_cert: Path | None, tls_key: Path | None
) -> None:
    """Serve the app until stopped (Ctrl-C)."""
    import uvicorn

    if bool(tls_cert) != bool(tls_key):
        raise LoginSetupError("--tls-cert and --tls-key: give both, or neither")
    scheme = "https" if tls_cert else "http"
    shown = f"[{host}]" if ":" in host else host
    login = "login required" if settings.users is not None else "no login (loopback)"
    click.echo(f"innocast editor at {scheme}://{shown}:{port}/ ({login}); Ctrl-C stops it.")
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        ssl_certfile=str(tls_cert) if tls_cert else None,
        ssl_keyfile=str(tls_key) if tls_key else None,
        log_level="warning",
        proxy_headers=False,
    )


def editor_in_background(config_path: Path, out_dir: Path, data_dir: Path, port: int) -> None:
    """Serve the app on 127.0.0.1 in a thread of this process (beside `innocast serve`)."""
    import threading

    import uvicorn

    settings = editor_settings(data_dir=data_dir, config_path=config_path, config_named=True,
                               out_dir=out_dir, host="127.0.0.1", users_file=None, https=False,
                               behind_https_proxy=False, secret_key="")
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, name="innocast-editor", daemon=True).start()
    click.echo(f"innocast editor at http://127.0.0.1:{port}/ (no login (loopback))")
