"""The deployments editors trigger from the Prefect UI or `prefect deployment run`."""

from __future__ import annotations

import os
from pathlib import Path

from prefect import serve
from prefect.client.orchestration import get_client
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.exceptions import ObjectNotFound
from prefect.utilities.callables import ParameterSchema

from flows.pieces import (
    add_episode,
    ingest_episodes_flow,
    ingest_news_flow,
    news_update,
    publish,
    tag_flow,
    transcribe_flow,
)
from flows.pipeline import pipeline
from steps.config import Config
from steps.errors import ConfigError

TAGS = ["innocast"]
# Runs load their flow by module name: a file path would depend on the working directory.
MODULE = EntrypointType.MODULE_PATH


# Each deployment: its flow, its name, whether it publishes (and so needs the output folder),
# and what an editor reads about it. Every flow enters the configured task runner itself
# (flows.work), so a served run and a work pool's run use the same one.
DEPLOYMENTS = (
    (pipeline, "update-everything", True,
     "Hämta alla avsnitt och nyhetskällor i konfigurationen, transkribera, tagga och publicera "
     "det som ändrats."),
    (add_episode, "add-episode", True,
     "Klistra in ljudets adress, en titel och beskrivningen: avsnittet transkriberas, taggas "
     "och publiceras."),
    (news_update, "fetch-news", True,
     "Hämta nyhetskällorna i konfigurationen, tagga nya nyheter och publicera."),
    (ingest_episodes_flow, "ingest-episodes", False,
     "Hämta avsnitten och poddflödena i konfigurationen (utan att publicera)."),
    (ingest_news_flow, "ingest-news", False,
     "Hämta nyhetskällorna i konfigurationen (utan att publicera)."),
    (transcribe_flow, "transcribe", False,
     "Transkribera varje avsnitt som saknar transkription med den här modellen."),
    (tag_flow, "tag", False, "Tagga varje objekt vars text eller teman har ändrats."),
    (publish, "republish", True,
     "Publicera katalogen igen (efter redaktörernas ändringar)."),
)
# The server's own paths and settings, bound in every deployment and never shown in its form.
BOUND = ("config", "out", "data", "wait_for_lock")
# What the form shows of each parameter an editor fills in: a Swedish title and help.
FORM = {
    "audio_url": ("Ljudfil", "Adressen (https://...) till avsnittets ljud, eller en sökväg på "
                  "servern."),
    "title": ("Titel", "Avsnittets titel, som den visas i podden och på webbplatsen."),
    "notes": ("Beskrivning", "Avsnittets beskrivning (shownotes); tomma rader skiljer stycken."),
    "published": ("Publiceringsdatum", "När avsnittet publicerades; tomt betyder nu."),
    "episode_number": ("Avsnittsnummer", "Avsnittets nummer i podden (valfritt)."),
    "season": ("Säsong", "Säsongens nummer (valfritt)."),
    "episode_id": ("Id", "Ett eget id för avsnittet, t.ex. avsnitt-5 (valfritt): samma id igen "
                   "uppdaterar avsnittet i stället för att lägga till ett nytt."),
    "language": ("Språk", "Språkkod för tal och transkription, t.ex. sv eller en; tomt betyder "
                 "poddens språk."),
    "allow_private": ("Intranät", "Tillåt att ljudet hämtas från en privat adress "
                      "(intranät) i just den här körningen. Det loggas."),
}
# How long a run of update-everything waits for a run in progress, in seconds.
LOCK_WAIT = 600.0


def deployments(config: Config, out_dir: Path, data_dir: Path) -> list[RunnerDeployment]:
    """The editors' deployments, bound to one config, output and data directory."""
    steps = {"config": str(config.path), "data": str(data_dir.absolute())}
    made = []
    for flow, name, publishes, description in DEPLOYMENTS:
        schedule = config.news_schedule if name == "fetch-news" else None
        bound = {**steps, "out": str(out_dir.absolute())} if publishes else dict(steps)
        if name == "update-everything":
            bound["wait_for_lock"] = LOCK_WAIT
        deployment = flow.to_deployment(
            name=name,
            entrypoint_type=MODULE,
            parameters=bound,
            cron=schedule,
            description=description + (f" Schemalagd: {schedule}." if schedule else ""),
            tags=TAGS,
        )
        editors_form(deployment._parameter_openapi_schema)
        made.append(deployment)
    return made


def editors_form(schema: ParameterSchema) -> None:
    """Shape a deployment's parameter form for editors: the bound server parameters hidden,
    Swedish titles and help, and an optional number or date a plain field (not a toggle
    between a value and None)."""
    for name in BOUND:
        schema.properties.pop(name, None)
    schema.required = [name for name in schema.required if name not in BOUND]
    for name, field in schema.properties.items():
        title, help_text = FORM.get(name, (name, ""))
        field["title"] = title
        if help_text:
            field["description"] = help_text
        choices = field.get("anyOf")
        if choices and {"type": "null"} in choices and len(choices) == 2:
            field.pop("anyOf")
            field.update(next(choice for choice in choices if choice != {"type": "null"}))
            if field.get("default", ...) is None:
                field.pop("default")


def serve_deployments(config: Config, out_dir: Path, data_dir: Path) -> None:
    """Register the deployments with the Prefect API and run their flows until stopped."""
    serve(*deployments(config, out_dir, data_dir), print_starting_message=True)


def deploy_to_pool(config: Config, out_dir: Path, data_dir: Path, pool: str) -> list[str]:
    """Register the deployments on a Prefect work pool (which must exist); return their names."""
    if not os.environ.get("PREFECT_API_URL"):
        raise ConfigError(f"work pool {pool}: deploying needs a Prefect server (PREFECT_API_URL)")
    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(pool)
        except ObjectNotFound:
            raise ConfigError(
                f"work pool {pool}: no such pool; create it with "
                f"`prefect work-pool create {pool} --type process`"
            ) from None
    made = deployments(config, out_dir, data_dir)
    for deployment in made:
        deployment.apply(work_pool_name=pool)
    return [f"{deployment.flow_name}/{deployment.name}" for deployment in made]
