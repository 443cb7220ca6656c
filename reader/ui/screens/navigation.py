"""The reading screen's ways around an article: the outline, links (followed into the library
or handed to the browser), back and forward, the original view, and the reading position.

A mixin of `MainScreen`, apart so that each file holds one idea; the logic is in
`reader.core.navigation`, and the screens it opens are `outline.py` and `links.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.content import Content

from reader.core.navigation import outline
from reader.core.navigation.history import History, Place
from reader.core.navigation.links import links_in, resolve, shown
from reader.core.navigation.original import opens_uncleaned
from reader.core.navigation.position import anchor, locate, percent

if TYPE_CHECKING:
    from reader.core.library.articles import LoadedArticle
    from reader.core.session import AddReport
    from reader.ui.screens.links import LinkChoice

NO_LINK_HERE = "No link in this passage (l lists the article's links)."


class Navigation:
    """Actions and helpers of the main screen (`self` is the `MainScreen`: its `current`,
    `view`, `sidebar`, `session`, `keeping` and `settings`, `open_article`, `set_articles`)."""

    history: History

    # ----------------------------------------------------------------- where reading is
    def here(self) -> Place | None:
        if self.current is None:
            return None
        return Place(self.current.key, self.view.cleaned_cursor)

    def jump(self, key: str, section: int, *, record: bool = True) -> None:
        """Go to an article's section, remembering where reading was for `back`: what links,
        search results, bookmarks and the outline all do."""
        here = self.here()
        if record and here is not None:
            self.history.jumped(here)
        if self.current is None or self.current.key != key:
            self.open_article(key, cursor=section)
        else:
            self.view.move_to_article_section(section, center=True)
        self.view.focus()
        self.refresh_bindings()

    def restore_position(self, loaded: LoadedArticle) -> tuple[int, int]:
        """Where the reader left this article: (section, offset into it), found by the
        stored quote (so another width or a re-extraction does not lose it)."""
        if self.keeping is None:
            return 0, 0
        return locate(loaded.article, self.keeping.position(loaded.key))

    def opened_view(self, loaded: LoadedArticle) -> None:
        """After an article is shown: uncleaned if its source's settings say so."""
        if opens_uncleaned(self.settings.sources, loaded.article, loaded.document.path):
            self.view.set_original(True)
        self.update_border()

    def position_moved(self) -> None:
        """The reading cursor moved: store the position and show the progress."""
        loaded = self.current
        if loaded is None:
            return
        section = self.view.cleaned_cursor
        offset = self.view.top_offset() if self.view.original is None else 0
        done = percent(loaded.article, section)
        if self.keeping is not None:
            self.keeping.moved(loaded.key, anchor(loaded.article, section, offset), done)
        self.sidebar.show_progress(loaded.key, done)
        self.update_border()

    def update_border(self) -> None:
        """The article pane's border: the title above; the section and progress below."""
        pane = self.query_one("#article-pane")
        loaded = self.current
        if loaded is None:
            pane.border_subtitle = ""
            return
        article = loaded.article
        section = self.view.cleaned_cursor
        headings = outline.outline(article)
        index = outline.current(headings, section)
        parts: list[Content | str] = []
        if self.view.original is not None:
            parts.append(Content.styled("original ", "$text-warning"))
        if index is not None:
            parts += [Content(shown(headings[index].text, 60)), " · "]
        parts.append(f"{percent(article, section)}%")
        pane.border_subtitle = Content.assemble(*parts)

    # ----------------------------------------------------------------- outline
    def action_outline(self) -> None:
        from reader.ui.screens.outline import OutlineScreen

        if self.current is None:
            return
        headings = outline.outline(self.current.article)
        current = outline.current(headings, self.view.cleaned_cursor)
        key = self.current.key

        def chosen(section: int | None) -> None:
            if section is not None:
                self.jump(key, section)

        self.app.push_screen(OutlineScreen(self.current.title, headings, current), chosen)

    # ----------------------------------------------------------------- back and forward
    def action_back(self) -> None:
        here = self.here()
        place = self.history.back(here) if here is not None else None
        self._go(place, "Nothing to go back to.")

    def action_forward(self) -> None:
        here = self.here()
        place = self.history.forward(here) if here is not None else None
        self._go(place, "Nothing to go forward to.")

    def _go(self, place: Place | None, nothing: str) -> None:
        if place is None:
            self.notify(nothing)
            return
        if self.session.get(place.key) is None:
            self.history.forget(place.key)
            self.notify("That article is no longer in the library.", severity="warning")
            return
        self.jump(place.key, place.section, record=False)

    # ----------------------------------------------------------------- links
    def action_links(self) -> None:
        from reader.ui.screens.links import LinksScreen, Numbered

        if self.current is None:
            return
        article = self.current.article
        screen = LinksScreen(self.current.title, article.text, Numbered(article.links), article.url)
        self.app.push_screen(screen, self._link_chosen)

    def action_follow_link(self) -> None:
        self._passage_link("follow")

    def action_open_in_browser(self) -> None:
        self._passage_link("browser")

    def _passage_link(self, action: str) -> None:
        """The link of the passage under the cursor; several: the list of them."""
        from reader.ui.screens.links import LinkChoice, LinksScreen

        section = self.view.current_section
        if self.current is None or section is None:
            return
        article = self.current.article
        here = links_in(article, section)
        if not here:
            self.notify(NO_LINK_HERE)
        elif len(here) == 1:
            self._link_chosen(LinkChoice(action, here[0][0]))  # type: ignore[arg-type]
        else:
            screen = LinksScreen(self.current.title, article.text, here, article.url,
                                 heading="Links in this passage of ")  # fmt: skip
            self.app.push_screen(screen, self._link_chosen)

    def _link_chosen(self, choice: LinkChoice | None) -> None:
        if choice is None or self.current is None:
            return
        article = self.current.article
        link = article.links[choice.number]
        target = resolve(link.target, article.url)
        if not target.followable:
            self.notify(f"Not followed: {target.why}.", severity="warning", markup=False)
            return
        if choice.action == "browser":
            self._open_in_browser(target.url)
            return
        self.notify(f"Opening {shown(target.url, 100)} …", markup=False)
        self._follow(target.url, self.here())

    @work(thread=True, exclusive=True, group="follow", description="following a link")
    def _follow(self, url: str, here: Place | None) -> None:
        from reader.core.storage.store import StoreError

        try:
            report = self.session.follow(url)
        except StoreError as error:
            self.app.call_from_thread(self._followed, url, None, str(error), here)
            return
        self.app.call_from_thread(self._followed, url, report, "", here)

    def _followed(self, url: str, report: AddReport | None, error: str, here: Place | None) -> None:
        if report is None:
            self.notify(error, title="Reader database", severity="error", markup=False)
            return
        for problem in report.problems:
            self.notify(problem.message, severity="warning", timeout=8, markup=False)
        if not report.opened:
            if not report.problems:
                self.notify(f"Nothing to read at {shown(url, 100)}.", markup=False)
            return
        if report.added:
            self.set_articles(self.session.articles)
        if here is not None:
            self.history.jumped(here)
        self.jump(report.opened[0].key, 0, record=False)

    @work(thread=True, group="browser", description="opening the browser")
    def _open_in_browser(self, url: str) -> None:
        import webbrowser

        try:
            browser = webbrowser.get()
        except webbrowser.Error:
            browser = None
        # A text-mode browser (lynx, w3m) would draw over the reader: refused like none.
        text_mode = isinstance(browser, webbrowser.GenericBrowser) and not isinstance(
            browser, webbrowser.BackgroundBrowser
        )
        if browser is None or text_mode:
            message = "No graphical web browser here to open the link in; enter opens it in reader."
            self.app.call_from_thread(self.notify, message, severity="warning", markup=False)
            return
        opened = browser.open(url)
        message = "Opened in the browser." if opened else "The browser did not open the link."
        self.app.call_from_thread(self.notify, message, markup=False)

    # ----------------------------------------------------------------- the original view
    def action_toggle_original(self) -> None:
        if self.current is None:
            return
        on = self.view.original is None
        self.view.set_original(on)
        self._show_bookmarks()
        self.update_border()
        if on:
            removed = len(self.current.article.removed)
            self.notify(
                f"The text as read: {removed} removed line{'s' * (removed != 1)} dimmed, with "
                "the reason (v: the cleaned article)."
                if removed
                else "Nothing was removed from this article (v: back).",
                timeout=3,
            )
