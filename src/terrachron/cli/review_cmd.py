"""``terrachron review``: the review page of a draft, on loopback only."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from terrachron.cli.common import console, handles_errors
from terrachron.extras import require


@handles_errors
def review(
    draft: Annotated[Path, typer.Argument(help="A draft written by `terrachron extract -o`.")],
    into: Annotated[Path, typer.Option("--into", "-i", help="The ledger folder to write into.")],
    article: Annotated[
        Path | None,
        typer.Option(help="The article, when the draft's `draft.source` does not find it."),
    ] = None,
    host: Annotated[
        str, typer.Option(help="Listening address: 127.0.0.1 only (the page writes files).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8765,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Do not open the page in a browser.")
    ] = False,
    log_level: Annotated[str, typer.Option(help="uvicorn's log level.")] = "warning",
) -> None:
    """Review a draft in the browser: the article with its evidence highlighted, each drafted
    record with its status against the ledger (new / agrees / contradicts), accept / edit /
    reject by keyboard, then write the accepted records into the ledger folder, all or nothing,
    through the same code path as `terrachron accept`.

    Decisions are saved next to the draft (DRAFT.review.json): start the command again to
    resume. The server listens on 127.0.0.1 only, since the page writes into the ledger.
    """
    if host != "127.0.0.1":
        raise typer.BadParameter(
            f"the review server listens on 127.0.0.1 only (it writes into {into}); got {host!r}",
            param_hint="--host",
        )
    require("serve", "terrachron review")
    require("extract", "terrachron review")
    import uvicorn

    from terrachron.api.review_app import create_review_app
    from terrachron.api.review_state import ReviewSession

    session = ReviewSession(draft, into, article)
    app = create_review_app(session)
    url = f"http://127.0.0.1:{port}/"
    counts = session.counts()
    console.print(
        f"reviewing {draft} into {into}: {len(session.items)} record(s), "
        f"{counts['pending']} pending; open {url} (Ctrl-C stops)",
        markup=False,
    )
    if not no_browser:
        import webbrowser

        webbrowser.open(url)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level=log_level, server_header=False)
