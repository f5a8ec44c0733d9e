"""The editors' web app: review queue, an item's themes, the transcript editor, publishing.

A Starlette app rendered by Jinja2 (autoescaped), with a small vendored script and no build
step. Every form carries the session's CSRF token and every POST without it is refused (403);
on a bind other than loopback every page but the login needs a logged-in editor. The saves
call `steps.review`, each one catalog transaction that also re-tags the item.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from catalog import Catalog, Item
from catalog.errors import ItemNotFoundError
from editor.auth import check_password
from editor.errors import FormError, NotEditableError
from editor.publishing import Publisher, Publishing
from innocast.errors import InnocastError
from steps.records import read_article, read_episode
from steps.review import (
    correct_segment,
    decide_themes,
    page_url,
    revert_segment,
    revert_transcript,
    review_queue,
    theme_reviews,
)
from steps.transcription import current_transcript, uncorrected_transcript
from themes.taxonomy import Taxonomy
from website.timestamp import format_timestamp

HERE = Path(__file__).parent
SESSION_COOKIE = "innocast_editor"
SESSION_SECONDS = 8 * 3600
# A form body larger than this is refused: a segment's text and a few fields fit easily.
MAX_FORM_BYTES = 64 * 1024
# Each decision an editor can make on a theme, as the form names it.
ACTIONS: dict[str, bool | None] = {"bekrafta": True, "avvisa": False, "glom": None}

Handler = Callable[[Request, dict[str, str]], Awaitable[Response]]


@dataclass(frozen=True)
class EditorSettings:
    """What the app serves and how: the data folder, the themes, who may log in (None: no
    login, a loopback bind), the cookie's key and whether it needs HTTPS, how to publish, and
    where the public site is (to link to the published pages)."""

    data_dir: Path
    taxonomy: Taxonomy
    users: dict[str, str] | None = None
    secret_key: str = ""
    secure_cookies: bool = False
    publisher: Publisher | None = None
    site_url: str = ""
    semantic: bool = False


def create_app(settings: EditorSettings) -> Starlette:
    """The editors' web app for these settings."""
    app = _Editor(settings)
    return Starlette(
        routes=[
            Route("/", app.queue),
            Route("/logga-in", app.login_page),
            _post("/logga-in", app.login),
            _post("/logga-ut", app.logout),
            Route("/objekt/{ref}", app.item_page),
            _post("/objekt/{ref}/teman", app.decide),
            Route("/objekt/{ref}/transkription", app.transcript_page),
            _post("/objekt/{ref}/segment/{index:int}", app.save_segment),
            _post("/objekt/{ref}/segment/{index:int}/aterstall", app.revert_segment),
            _post("/objekt/{ref}/transkription/aterstall", app.revert_transcript),
            Route("/objekt/{ref}/ljud", app.audio),
            Route("/publicera", app.publish_page),
            _post("/publicera", app.publish),
            Route("/publicera/status", app.publish_status),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        middleware=[
            Middleware(
                SessionMiddleware,
                secret_key=settings.secret_key or secrets.token_urlsafe(32),
                session_cookie=SESSION_COOKIE,
                max_age=SESSION_SECONDS,
                same_site="strict",
                https_only=settings.secure_cookies,
            ),
        ],
        exception_handlers={InnocastError: app.input_error},
    )


def _post(path: str, handler: Handler) -> Route:
    """A POST route whose form is read, size-limited and CSRF-checked before `handler` runs
    (no POST route bypasses this: the check is the only way a form reaches a handler)."""

    async def endpoint(request: Request) -> Response:
        body = await request.body()
        if len(body) > MAX_FORM_BYTES:
            return PlainTextResponse("Formuläret är för stort.", status_code=413)
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        sent = form.get("csrf") or request.headers.get("x-csrf-token", "")
        expected = request.session.get("csrf", "")
        if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
            return PlainTextResponse(
                "Förbjudet: formuläret saknar giltig säkerhetstoken (CSRF). "
                "Ladda om sidan och försök igen.",
                status_code=403,
            )
        return await handler(request, form)

    return Route(path, endpoint, methods=["POST"])


class _Editor:
    """The pages and actions, over one catalog (a connection per thread)."""

    def __init__(self, settings: EditorSettings) -> None:
        self.settings = settings
        self.catalog = Catalog(settings.data_dir)
        self.publishing = Publishing(settings.publisher)
        self.templates = Jinja2Templates(directory=HERE / "templates")
        self.templates.env.filters["stamp"] = format_timestamp
        self.templates.env.filters["percent"] = lambda s: f"{round(s * 100)} %"

    # -- plumbing ---------------------------------------------------------------------------

    def _user(self, request: Request) -> str | None:
        """The logged-in editor; "" when no login is needed; None when one is missing."""
        if self.settings.users is None:
            return ""
        return request.session.get("user")

    def _render(
        self, request: Request, template: str, status: int = 200, **context: Any
    ) -> Response:
        if "csrf" not in request.session:
            request.session["csrf"] = secrets.token_urlsafe(32)
        response = self.templates.TemplateResponse(
            request, template, {"csrf": request.session["csrf"], "user": self._user(request),
                            "login": self.settings.users is not None,
                            "publishing": self.publishing, **context},
            status_code=status,
        )
        return _secured(response)

    def _guard(self, request: Request) -> Response | None:
        """A redirect to the login page (a 403 for a POST) when an editor must log in."""
        if self._user(request) is not None:
            return None
        if request.method == "POST":
            return PlainTextResponse("Logga in först.", status_code=403)
        return RedirectResponse(f"/logga-in?nasta={quote(request.url.path)}", status_code=303)

    async def input_error(self, request: Request, exc: Exception) -> Response:
        """An editor's input that cannot be used: the page says why in one line."""
        status = 404 if isinstance(exc, ItemNotFoundError) else 400
        message = " ".join(str(exc).split())
        if request.headers.get("accept", "").startswith("application/json"):
            return JSONResponse({"error": message}, status_code=status)
        return self._render(request, "error.html", status=status, message=message)

    def _item(self, ref: str) -> Item:
        return self.catalog.get_item(ref)

    # -- login ------------------------------------------------------------------------------

    async def login_page(self, request: Request) -> Response:
        """The login form (straight on to the queue where no login is needed)."""
        if self.settings.users is None:
            return RedirectResponse("/", status_code=303)
        return self._render(request, "login.html", next=_local(request.query_params.get("nasta")))

    async def login(self, request: Request, form: dict[str, str]) -> Response:
        """Check the name and password; on success start a fresh session."""
        users = self.settings.users or {}
        name, password = form.get("namn", ""), form.get("losenord", "")
        ok = await run_in_threadpool(check_password, users, name, password)
        if not ok:
            return self._render(request, "login.html", status=401, next=_local(form.get("nasta")),
                                failed=True, editor=name)
        # A new session on login: a token planted before it is worth nothing after.
        request.session.clear()
        request.session.update({"user": name, "csrf": secrets.token_urlsafe(32)})
        return RedirectResponse(_local(form.get("nasta")), status_code=303)

    async def logout(self, request: Request, form: dict[str, str]) -> Response:
        """End the session."""
        request.session.clear()
        return RedirectResponse("/logga-in" if self.settings.users else "/", status_code=303)

    # -- pages ------------------------------------------------------------------------------

    async def queue(self, request: Request) -> Response:
        """The review queue: items whose themes nobody reviewed, least certain first."""
        if (denied := self._guard(request)) is not None:
            return denied
        entries = await run_in_threadpool(review_queue, self.catalog, self.settings.taxonomy)
        reviewed = [item for item in self.catalog.items() if self.catalog.decisions(item.id)]
        return self._render(request, "queue.html", entries=entries, reviewed=reviewed)

    async def item_page(self, request: Request) -> Response:
        """An item's themes with their evidence; confirm, reject or add a theme."""
        if (denied := self._guard(request)) is not None:
            return denied
        item = self._item(request.path_params["ref"])
        themes = await run_in_threadpool(theme_reviews, self.catalog, item,
                                         self.settings.taxonomy)
        shown = {t.theme for t in themes}
        addable = [t for t in self.settings.taxonomy.themes if t.id not in shown]
        paragraphs: list[str] = []
        segments: list[Any] = []
        if item.kind == "news":
            paragraphs = [p.strip() for p in read_article(item).body.split("\n\n") if p.strip()]
        else:
            transcript = current_transcript(self.catalog, item)
            segments = transcript.segments if transcript else []
        return self._render(request, "item.html", item=item, themes=themes, addable=addable,
                            paragraphs=paragraphs, segments=segments,
                            public_url=self._public_url(item), saved=request.query_params
                            .get("sparat"))

    async def transcript_page(self, request: Request) -> Response:
        """The transcript editor beside the audio player."""
        if (denied := self._guard(request)) is not None:
            return denied
        item = self._item(request.path_params["ref"])
        transcript = current_transcript(self.catalog, item) if item.kind == "episode" else None
        if transcript is None:
            raise NotEditableError(f"{item.slug}: has no transcript to edit")
        machine = uncorrected_transcript(self.catalog, item)
        changed = {
            n for n, segment in enumerate(transcript.segments)
            if machine is None or n >= len(machine.segments)
            or (segment.text, segment.speaker) != (machine.segments[n].text,
                                                   machine.segments[n].speaker)
        }
        return self._render(request, "transcript.html", item=item, segments=transcript.segments,
                            changed=changed, corrected=self.catalog.get_override(item.id)
                            is not None, public_url=self._public_url(item))

    async def audio(self, request: Request) -> Response:
        """The episode's audio (the feed's MP3, else the original), with byte ranges."""
        if (denied := self._guard(request)) is not None:
            return denied
        item = self._item(request.path_params["ref"])
        if item.kind != "episode":
            raise NotEditableError(f"{item.slug}: a news item has no audio")
        record = read_episode(item)
        if record.enclosure is not None:
            path, mime = self.catalog.blob_path(record.enclosure.sha, ".mp3"), "audio/mpeg"
        else:
            path, mime = self.catalog.blob_path(record.audio_sha, record.audio_suffix), None
        if not path.exists():
            raise NotEditableError(f"{item.slug}: its audio is not stored here")
        return FileResponse(path, media_type=mime)

    async def publish_page(self, request: Request) -> Response:
        """How the latest publication went (the page waits for a running one)."""
        if (denied := self._guard(request)) is not None:
            return denied
        return self._render(request, "publish.html", state=self.publishing.current,
                            site_url=self.settings.site_url)

    async def publish_status(self, request: Request) -> Response:
        """The latest publication's state as JSON, for the waiting page's script."""
        if (denied := self._guard(request)) is not None:
            return denied
        return JSONResponse(self.publishing.current.to_dict())

    # -- actions ----------------------------------------------------------------------------

    async def decide(self, request: Request, form: dict[str, str]) -> Response:
        """Confirm, reject or forget a theme, or add one the tagger did not find."""
        if (denied := self._guard(request)) is not None:
            return denied
        ref, theme = request.path_params["ref"], form.get("tema", "")
        action = form.get("atgard", "")
        if action not in ACTIONS:
            raise FormError(f"atgard={action!r}: choose bekrafta, avvisa or glom")
        item = await run_in_threadpool(
            decide_themes, self.catalog, ref, {theme: ACTIONS[action]}, self.settings.taxonomy,
            semantic=self.settings.semantic,
        )
        return RedirectResponse(f"/objekt/{item.id}?sparat={quote(theme)}#teman",
                                status_code=303)

    async def save_segment(self, request: Request, form: dict[str, str]) -> Response:
        """Store one segment's corrected text and speaker (JSON for the script, else back)."""
        if (denied := self._guard(request)) is not None:
            return denied
        ref, index = request.path_params["ref"], request.path_params["index"]
        transcript = await run_in_threadpool(
            correct_segment, self.catalog, ref, index, form.get("text", ""),
            form.get("talare"), self.settings.taxonomy, semantic=self.settings.semantic,
        )
        return self._segment_saved(request, ref, index, transcript.segments[index], "Sparat.")

    async def revert_segment(self, request: Request, form: dict[str, str]) -> Response:
        """Put one segment back as the machine had it."""
        if (denied := self._guard(request)) is not None:
            return denied
        ref, index = request.path_params["ref"], request.path_params["index"]
        transcript = await run_in_threadpool(
            revert_segment, self.catalog, ref, index, self.settings.taxonomy,
            semantic=self.settings.semantic,
        )
        return self._segment_saved(request, ref, index, transcript.segments[index],
                                   "Återställt till maskinens text.")

    async def revert_transcript(self, request: Request, form: dict[str, str]) -> Response:
        """Drop every correction of the episode's transcript."""
        if (denied := self._guard(request)) is not None:
            return denied
        ref = request.path_params["ref"]
        await run_in_threadpool(revert_transcript, self.catalog, ref, self.settings.taxonomy,
                                semantic=self.settings.semantic)
        return RedirectResponse(f"/objekt/{quote(ref)}/transkription", status_code=303)

    async def publish(self, request: Request, form: dict[str, str]) -> Response:
        """Start the republish flow run (one at a time) and show how it goes."""
        if (denied := self._guard(request)) is not None:
            return denied
        if not self.publishing.available:
            raise FormError("this editor was started without a config to publish with")
        self.publishing.start()
        return RedirectResponse("/publicera", status_code=303)

    # -- helpers ----------------------------------------------------------------------------

    def _segment_saved(self, request: Request, ref: str, index: int, segment: Any,
                       message: str) -> Response:
        if request.headers.get("accept", "").startswith("application/json"):
            return JSONResponse({"message": message, "text": segment.text,
                                 "speaker": segment.speaker or ""})
        return RedirectResponse(f"/objekt/{quote(ref)}/transkription#seg-{index}",
                                status_code=303)

    def _public_url(self, item: Item) -> str:
        return page_url(self.settings.site_url, item) if self.settings.site_url else ""


def _local(target: str | None) -> str:
    """A path on this app to go on to after logging in; anything else goes to the queue.

    >>> _local("/objekt/x"), _local("//evil.example/"), _local("https://evil.example/")
    ('/objekt/x', '/', '/')
    """
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _secured(response: Response) -> Response:
    """Headers that keep the pages from being framed or running anything but our script."""
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; media-src 'self'; img-src 'self'; frame-ancestors 'none'; "
        "form-action 'self'; base-uri 'none'"
    )
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    return response
