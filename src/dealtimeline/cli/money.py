"""The commands of money and capacity: deals, totals."""

from __future__ import annotations

from typing import Annotated

import typer

from dealtimeline.cli.app import app, emit, open_store
from dealtimeline.cli.command_options import ExplainOption, TotalsChartOption
from dealtimeline.cli.options import (
    Lens,
    Output,
    option_groups,
)
from dealtimeline.cli.values import period

AsOfOption = Annotated[
    str,
    typer.Option("--as-of", metavar="PERIOD", help="At the end of PERIOD (default: today)."),
]


@app.command("deals")
@option_groups
def deals_command(
    ctx: typer.Context, as_of: AsOfOption = "today", *, lens: Lens, output: Output
) -> None:
    """Every deal: its parties, dates, latest figures and status.

    Formats: rich, json, csv, markdown, yaml.

    Example: dealtimeline deals --as-of 2025-12-31
    """
    from dealtimeline.core.totals import deal_summaries
    from dealtimeline.views.money import DealsView

    at = period(as_of, "--as-of").end
    options, loaded = open_store(ctx, output)
    loaded = lens.narrow(loaded)
    emit(DealsView(loaded, deal_summaries(loaded, at)), output, options)


@app.command("totals")
@option_groups
def totals_command(
    ctx: typer.Context,
    as_of: AsOfOption = "today",
    explain: ExplainOption = False,
    chart: TotalsChartOption = False,
    *,
    lens: Lens,
    output: Output,
) -> None:
    """Money and capacity by parties, each deal counted once.

    Money invested in OpenAI, OpenAI's purchase commitments, capacity in GW: each deal at
    its latest figures, reported figures apart, measures and currencies never summed
    together, a joint venture's budget on its own line.

    Formats: rich, json, csv, markdown, yaml.

    --chart draws each line of money committed (compute purchases, capacity builds) and of
    capacity as it grew, year by year up to --as-of.

    Examples: dealtimeline totals --as-of 2025-12-31 --explain

    dealtimeline totals --chart --as-of 2025-12-31
    """
    from dealtimeline.core.chart_span import chart_axis
    from dealtimeline.core.totals import series, series_span, totals
    from dealtimeline.render.console import terminal_width
    from dealtimeline.views.money import TotalsChartView, TotalsView

    at = period(as_of, "--as-of").end
    options, loaded = open_store(ctx, output)
    loaded = lens.narrow(loaded)
    if chart:
        lines = series(loaded, at)
        span = series_span(lines, at)
        axis = chart_axis(*span, [step.day for line in lines for step in line.steps])
        view = TotalsChartView(loaded, lines, at, span, terminal_width() or 100, axis)
        emit(view, output, options)
        return
    emit(TotalsView(loaded, totals(loaded, at), explain), output, options)
