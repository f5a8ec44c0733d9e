"""The root of every error innocast raises on bad input or a failed step.

Each package has one base of its own that derives from it (`catalog.CatalogError`,
`fetching.FetchError`, `news.NewsError`, `podcast.PodcastError`, `steps.StepError`,
`themes.ThemeError`, `transcripts.TranscriptError`, `website.SiteError`), so the command line
catches this one class and prints its message as one line; anything else is a bug.
"""


class InnocastError(Exception):
    """An error a user can cause and fix; its message is one line naming the input."""
