"""`innocast edit`: the editors' web app, served until stopped."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from click.core import ParameterSource

from flows.options import config_option, data_option, out_option

SECRET_ENV = "INNOCAST_EDITOR_SECRET"


@click.command("edit")
@data_option
@config_option
@out_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any but loopback requires a login.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@click.option("--users", "users_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Editors who may log in: one name:hash per line (else env INNOCAST_EDITORS).")
@click.option("--tls-cert", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Serve HTTPS with this certificate (PEM); needs --tls-key.")
@click.option("--tls-key", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="The private key (PEM) of --tls-cert.")
@click.option("--behind-https-proxy", is_flag=True,
              help="Plain HTTP here, but readers reach the app only through an HTTPS proxy.")
@click.option("--hash-password", is_flag=True,
              help="Read a password from standard input, print its hash for --users, and exit.")
def command(
    data_dir: Path,
    config_path: Path,
    out_dir: Path,
    host: str,
    port: int,
    users_file: Path | None,
    tls_cert: Path | None,
    tls_key: Path | None,
    behind_https_proxy: bool,
    hash_password: bool,
) -> None:
    """Serve the editors' web app: review themes, correct transcripts, publish (in Swedish).

    Bound to 127.0.0.1 it needs no login. On any other address every page needs a login by
    an editor of --users (or INNOCAST_EDITORS), and the app must be reached over HTTPS
    (--tls-cert and --tls-key, or --behind-https-proxy), so that its session cookie is
    secure. "Publicera" runs the `publish` flow (Prefect) into --out.

    Example: innocast edit --data .innocast --config innocast.toml --out public

    Example: innocast edit --hash-password < pw.txt   (then: echo "anna:HASH" > editors.txt;
    innocast edit --host 0.0.0.0 --users editors.txt --tls-cert cert.pem --tls-key key.pem)
    """
    from editor.auth import hash_password as make_hash

    if hash_password:
        click.echo(make_hash(sys.stdin.readline().rstrip("\n")))
        return
    from flows.editing import editor_settings, serve_editor

    named = click.get_current_context().get_parameter_source("config_path")
    settings = editor_settings(
        data_dir=data_dir,
        config_path=config_path,
        config_named=named is not ParameterSource.DEFAULT,
        out_dir=out_dir,
        host=host,
        users_file=users_file,
        https=bool(tls_cert and tls_key),
        behind_https_proxy=behind_https_proxy,
        secret_key=os.environ.get(SECRET_ENV, ""),
    )
    serve_editor(settings, host, port, tls_cert, tls_key)
