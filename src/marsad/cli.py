"""marsad's command line: each command is a few lines calling the library."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from marsad.errors import MarsadError
from marsad.read import ReadOptions
from marsad.settings import load_settings

app = typer.Typer(
    help="marsad (مرصد): Arabic news in, a structured cross-outlet picture out.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err = Console(stderr=True)

DbOpt = Annotated[str, typer.Option("--db", help="SQLite file or postgresql:// URL of the store.")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="YAML settings file.")]

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR, EXIT_BELOW_FLOOR = 0, 1, 2, 3


def _fail(exc: MarsadError) -> typer.Exit:
    err.print(f"[red]{exc}[/red]")
    return typer.Exit(EXIT_ERROR)


@app.command()
def analyze(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders ('-' for stdin).")
    ] = None,
    sample: Annotated[
        bool, typer.Option("--sample", help="Analyze the shipped sample articles.")
    ] = False,
    db: DbOpt = "marsad.db",
    config: ConfigOpt = None,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write an HTML report here.")
    ] = None,
    text_col: Annotated[str | None, typer.Option(help="JSONL/CSV column holding the text.")] = None,
    title_col: Annotated[str | None, typer.Option(help="Column holding the title.")] = None,
    url_col: Annotated[str | None, typer.Option(help="Column holding the URL.")] = None,
    date_col: Annotated[str | None, typer.Option(help="Column holding the date.")] = None,
    outlet_col: Annotated[str | None, typer.Option(help="Column holding the outlet.")] = None,
    encoding: Annotated[str | None, typer.Option(help="Force the encoding of text files.")] = None,
    engine: Annotated[
        str, typer.Option("--engine", help="local (one process) or dask (a Dask cluster).")
    ] = "local",
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask scheduler address (host:port).")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", help="Processes of a local Dask cluster (no --scheduler)."),
    ] = None,
) -> None:
    """Read, clean, date and annotate articles, and store them (idempotent)."""
    from marsad.ingest import analyze as run_analyze
    from marsad.ingest import sample_dir

    if engine not in ("local", "dask"):
        err.print(f"unknown engine {engine!r}: use local or dask")
        raise typer.Exit(EXIT_ERROR)

    settings = load_settings(config, db=db)
    options = ReadOptions(
        text_col=text_col,
        title_col=title_col,
        url_col=url_col,
        date_col=date_col,
        outlet_col=outlet_col,
        encoding=encoding,
    )
    targets = list(paths or [])
    if sample:
        targets.append(sample_dir())
    if not targets:
        err.print("Nothing to read: give files or folders, '-' for stdin, or --sample.")
        raise typer.Exit(EXIT_ERROR)
    stdin = sys.stdin.buffer.read() if [str(p) for p in targets] == ["-"] else None
    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task("articles", total=None)
            if engine == "dask" and stdin is None:
                from marsad.distributed import analyze_dask, dask_client

                with dask_client(scheduler, workers) as client:
                    summary = analyze_dask(
                        targets, settings, client, options, progress=lambda n: bar.advance(task, n)
                    )
            else:
                summary = run_analyze(
                    targets, settings, options, stdin=stdin, progress=lambda n: bar.advance(task, n)
                )
    except MarsadError as exc:
        raise _fail(exc) from exc
    table = Table(title=f"marsad analyze → {settings.db}")
    for col in ("files", "records", "articles", "inserted", "updated", "unchanged", "skipped"):
        table.add_column(col, justify="right")
    table.add_row(
        *map(
            str,
            (
                len(summary.files),
                summary.records,
                summary.articles,
                summary.inserted,
                summary.updated,
                summary.unchanged,
                len(summary.problems),
            ),
        )
    )
    console.print(table)
    for problem in summary.problems:
        err.print(f"[yellow]{problem}[/yellow]")
    if report:
        from marsad.report import write_report

        write_report(settings.db, report)
        console.print(f"report: {report}")
    raise typer.Exit(EXIT_PROBLEMS if summary.problems else EXIT_OK)


@app.command()
def export(
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="Output file (default: stdout).")
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", help="jsonl, csv, events-csv, or (with -o) parquet, gexf, graphml."
        ),
    ] = "jsonl",
    db: DbOpt = "marsad.db",
) -> None:
    """Write the stored articles as FORMAT.md system output (JSONL) or CSV, their events as an
    ACLED-like CSV, the articles as Parquet, or the actor network as GEXF/GraphML."""
    from marsad.export import write_csv, write_jsonl
    from marsad.exports import write_events_csv
    from marsad.store import open_store

    writers = {"jsonl": write_jsonl, "csv": write_csv, "events-csv": write_events_csv}
    to_file = ("parquet", "gexf", "graphml")
    if fmt not in writers and fmt not in to_file:
        err.print(f"unknown format {fmt!r}: use {', '.join([*writers, *to_file])}")
        raise typer.Exit(EXIT_ERROR)
    if fmt in to_file:
        if out is None:
            err.print(f"--format {fmt} writes a binary or XML file: give -o FILE")
            raise typer.Exit(EXIT_ERROR)
        from marsad.exports import export_file

        try:
            with open_store(db) as store:
                export_file(store, fmt, out)
        except MarsadError as exc:
            raise _fail(exc) from exc
        return
    from marsad.export import export_store

    def write(store, fh) -> None:  # type: ignore[no-untyped-def]
        if fmt == "jsonl":  # with each article's `story` and `duplicate_of` (FORMAT.md)
            export_store(store, fh, "jsonl")
        else:
            writers[fmt](store.iter_articles(), fh)

    try:
        with open_store(db) as store:
            if out is None:
                write(store, sys.stdout)
            else:
                with out.open("w", encoding="utf-8", newline="") as fh:
                    write(store, fh)
    except MarsadError as exc:
        raise _fail(exc) from exc


@app.command("eval")
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold *.json files (FORMAT.md).")],
    corpus_dir: Annotated[
        Path | None, typer.Argument(help="Corpus to run the pipeline on.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", help="Score this system-output JSONL instead.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print figures as JSON.")] = False,
    floors: Annotated[
        Path | None, typer.Option("--floors", help="JSON of minimum figures; exit 3 below.")
    ] = None,
    details: Annotated[
        bool, typer.Option("--details", help="Print what each article missed.")
    ] = False,
    config: ConfigOpt = None,
) -> None:
    """Score marsad against gold annotations, as FORMAT.md defines the figures."""
    from marsad.eval.run import below_floors, system_output
    from marsad.eval.scorer import load_gold, load_output, score, scores_table_rows, scores_to_json

    try:
        gold = load_gold(gold_dir)
        if output is not None:
            system = load_output(output)
        elif corpus_dir is not None:
            system = system_output(corpus_dir, load_settings(config))
        else:
            err.print("Give CORPUS_DIR or --output OUT.jsonl.")
            raise typer.Exit(EXIT_ERROR)
    except MarsadError as exc:
        raise _fail(exc) from exc
    scores = score(gold, system)
    if as_json:
        console.print_json(json.dumps(scores_to_json(scores), ensure_ascii=False))
    else:
        table = Table(title=f"marsad eval: {len(gold)} gold articles")
        for col in ("figure", "value", "detail"):
            table.add_column(col, justify="right" if col != "figure" else "left")
        for row in scores_table_rows(scores):
            table.add_row(*row)
        console.print(table)
    if details:
        console.print_json(json.dumps(scores.per_article, ensure_ascii=False, default=str))
    if floors:
        failing = below_floors(scores.figures, floors)
        for name, value, floor in failing:
            err.print(f"[red]{name} = {value} is below its floor {floor}[/red]")
        if failing:
            raise typer.Exit(EXIT_BELOW_FLOOR)


@app.command()
def stats(db: DbOpt = "marsad.db") -> None:
    """Count what the store holds."""
    from marsad.store import open_store

    try:
        with open_store(db) as store:
            counts = store.count()
    except MarsadError as exc:
        raise _fail(exc) from exc
    table = Table(title=f"store {db}")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, n in counts.items():
        table.add_row(name, str(n))
    console.print(table)


@app.command()
def report(
    out: Annotated[Path, typer.Option("-o", "--out", help="HTML file to write.")] = Path(
        "report.html"
    ),
    db: DbOpt = "marsad.db",
) -> None:
    """Write a self-contained HTML report of the store (no server, no network)."""
    from marsad.report import write_report

    try:
        write_report(db, out)
    except MarsadError as exc:
        raise _fail(exc) from exc
    console.print(f"report: {out}")


@app.command()
def serve(
    db: DbOpt = "marsad.db",
    host: Annotated[
        str, typer.Option("--host", help="Address to bind (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="MARSAD_TOKEN",
            help="Bearer token that enables the write endpoints (off without one).",
        ),
    ] = None,
) -> None:
    """Serve the web dashboard and the HTTP JSON API (OpenAPI at /openapi.json) over the store."""
    import uvicorn

    from marsad.web import create_app

    try:
        web = create_app(db, token=token)
    except MarsadError as exc:
        raise _fail(exc) from exc
    console.print(f"marsad: http://{host}:{port}/  (API: http://{host}:{port}/openapi.json)")
    uvicorn.run(web, host=host, port=port, log_level="info")


if __name__ == "__main__":
    app()
