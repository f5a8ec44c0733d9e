"""The deployments' forms as an editor sees them in the Prefect UI: Swedish titles and help,
the server's paths bound and hidden, id, language and an intranet switch to add an episode."""

from __future__ import annotations

import json
from pathlib import Path

from flows.deployments import BOUND, deployments
from steps.config import load_config
from tests.shows import make_show


def _made(tmp_path: Path) -> dict[str, object]:
    config = load_config(make_show(tmp_path / "show"))
    return {d.name: d for d in deployments(config, tmp_path / "public", tmp_path / "data")}


def test_deployment_forms_hide_the_server_paths_and_speak_swedish(tmp_path: Path) -> None:
    for name, deployment in _made(tmp_path).items():
        schema = deployment._parameter_openapi_schema
        assert not set(BOUND) & set(schema.properties), name
        assert not set(BOUND) & set(schema.required), name
        assert deployment.parameters["config"].endswith("innocast.toml")
        assert deployment.parameters["data"] == str((tmp_path / "data").absolute())
        # No "Property is type None" toggles: an optional field is a plain field.
        assert '"null"' not in json.dumps(schema.model_dump()), name
        assert deployment.description and "the" not in deployment.description.split(), name


def test_add_episode_form_has_id_language_and_an_intranet_switch(tmp_path: Path) -> None:
    add = _made(tmp_path)["add-episode"]
    fields = add._parameter_openapi_schema.properties
    assert [fields[n]["title"] for n in ("audio_url", "title", "notes", "episode_id",
                                         "language", "allow_private")] == [
        "Ljudfil", "Titel", "Beskrivning", "Id", "Språk", "Intranät"]
    assert all(field.get("description") for field in fields.values())
    assert fields["allow_private"] == {**fields["allow_private"], "type": "boolean",
                                       "default": False}
    assert fields["episode_number"]["type"] == "integer"
    assert add._parameter_openapi_schema.required == ["audio_url", "title"]


def test_update_everything_waits_for_a_run_in_progress(tmp_path: Path) -> None:
    assert _made(tmp_path)["update-everything"].parameters["wait_for_lock"] == 600.0
