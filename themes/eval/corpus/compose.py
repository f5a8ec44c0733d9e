"""Compose the labelled corpus from the hand-written sentence banks (run once; output committed).

Each text is first given a kind (news item, event page, episode description, transcript), a
split (train/dev/test, stratified by kind and by whether it has a theme) and its themes; its
sentences are then drawn only from that split's share of the banks, so no statement, headline
or off-theme subject of a test text occurs in a train or dev text. The labels are the themes
of the statements a text was built from. Usage (from the repository root):

    python themes/eval/corpus/compose.py
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from bank_other import CHATTER, NEUTRAL  # noqa: E402
from bank_themes import HEADLINES, THEMES  # noqa: E402

SEED = 20261201
SPLITS = ("train", "dev", "test")
# Off-theme subjects per split, so that the test split's no-theme texts are on subjects
# no train text is about.
SUBJECTS = {
    "train": ("snow", "school-meals", "library-culture", "politics-admin", "housing-planning"),
    "dev": ("waste", "sports-leisure"),
    "test": ("budget", "roadworks", "health-notices", "staffing"),
}
NEUTRAL_HEADLINES = {
    "budget": ["Budgeten klubbad", "Underskott i socialnämnden", "Skatten lämnas oförändrad"],
    "snow": ["Snöovädret drog in", "Så plogas gatorna i vinter", "Flytta bilen inför plogningen"],
    "school-meals": [
        "Veckans skolmat",
        "Skolköket stängs för renovering",
        "Fiskgratäng vann omröstningen",
    ],
    "roadworks": [
        "Storgatan stängs i sommar",
        "Nya gatlampor längs strandpromenaden",
        "Bron rustas",
    ],
    "waste": [
        "Ändrade hämtdagar i påsk",
        "Sommaröppet på återvinningscentralen",
        "Avfallstaxan höjs",
    ],
    "library-culture": [
        "Kulturnatten är tillbaka",
        "Sommarläsning för barn",
        "Ny utställning i konsthallen",
    ],
    "sports-leisure": [
        "Badhuset stänger för underhåll",
        "Ny belysning i elljusspåret",
        "Simskolan öppnar",
    ],
    "politics-admin": [
        "Nämndens ordförande avgår",
        "Röstmottagare sökes",
        "Ärendet om vindkraft bordlades",
    ],
    "health-notices": [
        "Dags för influensavaccin",
        "Kokningsrådet hävs",
        "Kontrollera brandvarnaren",
    ],
    "housing-planning": [
        "Fyrtio nya hyresrätter",
        "Bygglov för huset vid stationen",
        "Mejeriet rivs",
    ],
    "staffing": [
        "Lönerna höjs för undersköterskor",
        "Ny ekonomichef klar",
        "Sjukfrånvaron minskar",
    ],
}
ORGS = [
    "Härnösands kommun",
    "Region Värmland",
    "Lunds kommun",
    "Region Jämtland Härjedalen",
    "Skellefteå kommun",
    "Försäkringskassan",
    "Länsstyrelsen i Kalmar län",
    "Borås stad",
    "Region Örebro län",
    "Kiruna kommun",
    "Sundsvalls kommun",
    "Arbetsförmedlingen",
    "Uppsala kommun",
    "Region Skåne",
    "Ale kommun",
    "Östersunds kommun",
    "Västerås stad",
    "Region Gävleborg",
    "Tranås kommun",
    "Lantmäteriet",
    "Falu kommun",
    "Region Kronoberg",
    "Ystads kommun",
    "Botkyrka kommun",
    "Pensionsmyndigheten",
    "Växjö kommun",
    "Region Västerbotten",
    "Kristianstads kommun",
    "Trollhättans stad",
    "Luleå kommun",
    "Skatteverket",
    "Mölndals stad",
    "Region Dalarna",
    "Karlstads kommun",
    "Nacka kommun",
]
PLACES = [
    "Härnösand",
    "Karlstad",
    "Lund",
    "Östersund",
    "Skellefteå",
    "Kalmar",
    "Borås",
    "Örebro",
    "Kiruna",
    "Sundsvall",
    "Uppsala",
    "Malmö",
    "Nödinge",
    "Västerås",
    "Gävle",
    "Tranås",
    "Gävle",
    "Falun",
    "Växjö",
    "Ystad",
    "Tumba",
    "Umeå",
    "Kristianstad",
    "Trollhättan",
    "Luleå",
    "Mölndal",
    "Mora",
    "Nacka",
    "Jönköping",
    "Visby",
]
PEOPLE = [
    ("Anna Lindqvist", "utvecklingsledare"),
    ("Mikael Berg", "förvaltningschef"),
    ("Fatima Haddad", "verksamhetsutvecklare"),
    ("Johan Nyström", "IT-strateg"),
    ("Lena Sjöberg", "enhetschef i hemtjänsten"),
    ("Erik Holm", "kommundirektör"),
    ("Sara Öberg", "projektledare"),
    ("Ahmed Yusuf", "socialsekreterare"),
    ("Karin Engström", "skolchef"),
    ("Per Sandberg", "säkerhetschef"),
    ("Maria Eklund", "HR-chef"),
    ("Olof Lundgren", "miljöstrateg"),
    ("Emma Forsberg", "bibliotekarie"),
    ("Jonas Wikström", "ekonom"),
    ("Hanna Björk", "kommunikatör"),
    ("Daniel Åkesson", "regionråd"),
    ("Linnea Persson", "tillgänglighetssamordnare"),
    ("Ali Rahimi", "controller"),
    ("Ingrid Nordin", "undersköterska"),
    ("Tobias Hedlund", "arkitekt"),
    ("Elin Strand", "näringslivschef"),
    ("Marcus Dahl", "lärare"),
    ("Sofia Carlsson", "chef för kontaktcentret"),
    ("Kristina Ahlberg", "äldreomsorgschef"),
    ("Viktor Lindberg", "kommunstyrelsens ordförande"),
    ("Amira Saleh", "jurist"),
]
HOSTS = ["Klara Ström", "Nils Bergman", "Petra Wallin", "Oskar Lund"]
SPOKEN_OPENERS = [
    "",
    "",
    "Ja, ",
    "Alltså, ",
    "Men ",
    "Och ",
    "Eh, ",
    "Ja, alltså ",
    "Så att ",
    "Nej men ",
]
FILLERS = ["eh", "liksom", "alltså", "typ", "ju", "eh, alltså", "på något sätt"]
JOINS = [", och då ", ", så att ", " och sen ", ", och det är ju så att ", ", men "]
VENUES = ["Stadshuset", "Folkets hus", "Biblioteket", "Digitalt via länk"]
MONTHS = ["januari", "februari", "mars", "april", "maj", "september", "oktober", "november"]
# Texts per kind; the themes below go round so that every theme gets its share.
KINDS = {"news": 105, "event": 65, "episode": 65, "transcript": 75}
NO_THEME_SHARE = 0.24


def pool(items: list, split: str) -> list:
    """The share of a bank that belongs to a split (30 % test, 20 % dev, 50 % train).

    >>> [len(pool(list(range(10)), s)) for s in SPLITS]
    [5, 2, 3]
    """
    wanted = {"test": (0, 3, 6), "dev": (1, 8), "train": (2, 4, 5, 7, 9)}
    return [item for index, item in enumerate(items) if index % 10 in wanted[split]]


def specs(rng: random.Random) -> list[dict]:
    """Kind, split and themes of every text: splits stratified by kind and themed/no theme."""
    themes = list(THEMES)
    cycle = 0
    result = []
    for kind, count in KINDS.items():
        no_theme = round(count * NO_THEME_SHARE)
        group = {"themed": [], "none": []}
        for index in range(count):
            if index < no_theme:
                group["none"].append({"kind": kind, "themes": []})
                continue
            size = rng.choices((1, 2, 3), weights=(4, 4, 2))[0]
            chosen = []
            while len(chosen) < size:
                theme = themes[cycle % len(themes)]
                cycle += 1
                if theme not in chosen:
                    chosen.append(theme)
            group["themed"].append({"kind": kind, "themes": chosen})
        for members in group.values():
            rng.shuffle(members)
            for position, spec in enumerate(members):
                # 10 texts in a row: 5 train, 2 dev, 3 test (order shuffled above).
                spec["split"] = (
                    "train",
                    "dev",
                    "train",
                    "test",
                    "train",
                    "test",
                    "train",
                    "dev",
                    "train",
                    "test",
                )[position % 10]
                result.append(spec)
    return result


def fill(sentence: str, slots: dict[str, str]) -> str:
    """Fill the {org}, {place} and {person} slots of a bank sentence."""
    return sentence.format(**slots)


def spoken(sentence: str, rng: random.Random) -> str:
    """Say a written sentence: a lower-case start after an opener, a filler or two inside."""
    opener = rng.choice(SPOKEN_OPENERS)
    first = sentence.split(" ", 1)[0]
    if opener and not _proper(first):
        sentence = sentence[0].lower() + sentence[1:]
    words = sentence.split(" ")
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        if len(words) > 5:
            at = rng.randrange(2, len(words) - 2)
            words.insert(at, rng.choice(FILLERS))
    return opener + " ".join(words)


def _proper(word: str) -> bool:
    """Whether a sentence's first word is a name (kept upper case when spoken)."""
    return word[:1].isupper() and (
        word.rstrip(",:s") in {org.split()[0] for org in ORGS} | {p[0].split()[0] for p in PEOPLE}
        or word.isupper()
        or word in {"Skatteverket", "Polisen", "Arvsfonden", "Klimatklivet", "Göteborgs", "FN:s"}
    )


def run_on(sentences: list[str], rng: random.Random) -> list[str]:
    """Join some neighbouring sentences into one long spoken one, as people talk."""
    result: list[str] = []
    for sentence in sentences:
        if result and rng.random() < 0.35 and not result[-1].endswith("?"):
            result[-1] = (
                result[-1].rstrip(".") + rng.choice(JOINS) + sentence[0].lower() + sentence[1:]
            )
        else:
            result.append(sentence)
    return result


class Composer:
    """Draws a split's sentences without repeating any within one text."""

    def __init__(self, split: str, rng: random.Random) -> None:
        self.split = split
        self.rng = rng
        self.statements = {theme: pool(items, split) for theme, items in THEMES.items()}
        self.headlines = {theme: pool(items, split) for theme, items in HEADLINES.items()}
        self.subjects = SUBJECTS[split]

    def statements_for(
        self, themes: list[str], per_theme: tuple[int, int]
    ) -> tuple[list[str], set[str]]:
        """Statements for the themes (per_theme: fewest and most each) and all themes they carry."""
        chosen: list[tuple[tuple[str, ...], str]] = []
        for index, theme in enumerate(themes):
            low, high = per_theme
            count = (
                self.rng.randint(low, high) if index == 0 else self.rng.randint(1, max(1, high - 1))
            )
            candidates = [s for s in self.statements[theme] if s not in chosen]
            chosen += self.rng.sample(candidates, min(count, len(candidates)))
        labels = set(themes)
        for extra, _ in chosen:
            labels |= set(extra)
        return [text for _, text in chosen], labels

    def neutral(self, count: int, subject: str | None = None) -> list[str]:
        """Off-theme sentences on one subject of the split."""
        subject = subject or self.rng.choice(self.subjects)
        sentences = NEUTRAL[subject]
        return self.rng.sample(sentences, min(count, len(sentences)))

    def headline(self, themes: list[str], subject: str) -> str:
        """A headline: the first theme's, or the off-theme subject's."""
        if themes:
            return self.rng.choice(self.headlines[themes[0]])
        return self.rng.choice(NEUTRAL_HEADLINES[subject])


def compose(spec: dict, number: int, rng: random.Random) -> tuple[str, set[str]]:
    """Write one text of the spec; return it and its labels."""
    composer = Composer(spec["split"], rng)
    person, role = rng.choice(PEOPLE)
    slots = {"org": rng.choice(ORGS), "place": rng.choice(PLACES), "person": person}
    subject = rng.choice(composer.subjects)
    themes = spec["themes"]
    kind = spec["kind"]
    headline = composer.headline(themes, subject)
    if kind == "transcript":
        return _transcript(composer, themes, subject, slots, role, rng)
    if themes:
        statements, labels = composer.statements_for(themes, (1, 3))
        context = composer.neutral(rng.randint(0, 2), subject)
    else:
        statements, labels = [], set()
        context = composer.neutral(rng.randint(3, 6), subject)
    body = [fill(s, slots) for s in statements + context]
    if kind == "news":
        lead = f"{slots['place'].upper()} {rng.randint(1, 28)} {rng.choice(MONTHS)}."
        text = f"{headline}\n\n{lead} " + " ".join(body) + "\n"
    elif kind == "event":
        day = f"{rng.randint(1, 28)} {rng.choice(MONTHS)}"
        text = (
            f"{headline}\n\nTid: {day}, klockan {rng.choice(['9.00', '13.00', '18.30'])}\n"
            f"Plats: {rng.choice(VENUES)}"
            f", {slots['place']}\nArrangör: {slots['org']}\n\n"
            + " ".join(body)
            + f"\n\nAnmäl dig senast {rng.randint(1, 28)} {rng.choice(MONTHS)}. Fri entré.\n"
        )
    else:
        host = rng.choice(HOSTS)
        text = (
            f"Avsnitt {number % 90 + 10}: {headline}\n\nI veckans avsnitt pratar {host} med "
            f"{person}, {role} i {slots['org']}. "
            + " ".join(body)
            + f"\n\nLängd: {rng.randint(24, 58)} minuter.\n"
        )
    return text, labels


def _transcript(composer, themes, subject, slots, role, rng) -> tuple[str, set[str]]:
    """A recorded conversation of 300-700 words: chatter, the subject, fillers and run-ons."""
    host = rng.choice(HOSTS)
    target = rng.randint(320, 700)
    if themes:
        statements, labels = composer.statements_for(themes, (2, 4))
    else:
        statements, labels = [], set()
    off_topic = composer.neutral(rng.randint(2, 5) if themes else 8, subject)
    chatter = rng.sample(CHATTER, len(CHATTER))
    middle = [fill(s, slots) for s in statements + off_topic]
    rng.shuffle(middle)
    lines = [
        f"Hej och välkomna, jag heter {host} och idag har jag med mig "
        f"{slots['person']} som är {role} i {slots['org']}.",
    ]
    words = len(lines[0].split())
    turn: list[str] = []
    while (middle or words < target) and (middle or chatter):
        source = middle if middle and (rng.random() < 0.5 or not chatter) else chatter
        sentence = spoken(fill(source.pop(), slots), rng)
        turn.append(sentence)
        words += len(sentence.split())
        if rng.random() < 0.4:
            lines.append(" ".join(run_on(turn, rng)))
            turn = []
    if turn:
        lines.append(" ".join(run_on(turn, rng)))
    lines.append(f"Tack {slots['person'].split()[0]}, och tack till er som lyssnat.")
    text = "\n\n".join(_tidy(line) for line in lines) + "\n"
    return text, labels


def _tidy(line: str) -> str:
    """Spaces and commas as a transcriber would write them.

    >>> _tidy("ja ,  så  att")
    'ja, så att'
    """
    return re.sub(r"\s+,", ",", re.sub(r"\s{2,}", " ", line))


def main() -> None:
    """Write every split's texts and labels.json under this folder."""
    rng = random.Random(SEED)
    prefixes = {"news": "nyhet", "event": "evenemang", "episode": "avsnitt", "transcript": "samtal"}
    labels: dict[str, dict] = {split: {} for split in SPLITS}
    for split in SPLITS:
        folder = HERE / split
        folder.mkdir(exist_ok=True)
        for old in folder.glob("*.txt"):
            old.unlink()
    for number, spec in enumerate(specs(rng)):
        text, themes = compose(spec, number, rng)
        name = f"{prefixes[spec['kind']]}-{number:03d}.txt"
        (HERE / spec["split"] / name).write_text(text, encoding="utf-8")
        ordered = [theme for theme in THEMES if theme in themes]
        labels[spec["split"]][name] = {"kind": spec["kind"], "themes": ordered}
    for split, entries in labels.items():
        (HERE / split / "labels.json").write_text(
            json.dumps(entries, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        print(split, len(entries))


if __name__ == "__main__":
    main()
