"""GET /charts/*.svg: the pages' charts as SVG images, drawn on the server.

Pages embed them with ``<img>``: no script, no inline style and no CDN ever
reaches the page. Each image is drawn once per (data version, question).
"""

from __future__ import annotations

from typing import Annotated, Any

import vl_convert
from fastapi import APIRouter, Query
from fastapi.responses import Response

from paygrade.charts import WIDTH, compare_chart, stats_chart
from paygrade.filters import MAX_VALUE_LENGTH
from paygrade.web.answers import StatsQueryDep, cached, compare_answer, warned_stats_answer
from paygrade.web.deps import CacheDep, DocumentedParametersDep, ReaderDep
from paygrade.web.numbers import Typed
from paygrade.web.render import warn

router = APIRouter(prefix="/charts", tags=["charts"], dependencies=[DocumentedParametersDep])
SVG = "image/svg+xml"
SVG_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {SVG: {}}, "description": "The chart as an SVG image."}
}
Text = Annotated[str | None, Query(max_length=MAX_VALUE_LENGTH)]
Width = Annotated[
    int,
    Query(ge=200, le=1600, description="Plot width in pixels; below 400 a phone's layout."),
    Typed(),
]


def svg(spec: dict[str, Any]) -> str:
    """A Vega-Lite spec drawn as SVG (vl-convert escapes every text it draws).

    Example:
        >>> svg({"data": {"values": [{"x": 1}]}, "mark": "point",
        ...      "encoding": {"x": {"field": "x", "type": "quantitative"}}})[:4]
        '<svg'
    """
    drawn: str = vl_convert.vegalite_to_svg(spec)
    return drawn


def _image(drawn: str) -> Response:
    return Response(drawn, media_type=SVG, headers={"Cache-Control": "no-cache"})


@router.get("/stats.svg", response_class=Response, responses=SVG_RESPONSE)
def stats_svg(
    current: ReaderDep, cache: CacheDep, question: StatsQueryDep, width: Width = WIDTH
) -> Response:
    """The percentile band chart of ``/api/v1/stats`` with the same parameters, and the
    same ``X-Paygrade-Warning`` headers (a chart in real dollars had left out 2026's
    records without a word).

    Example: ``GET /charts/stats.svg?by=level&where=role:ml_engineer&width=230``
    """
    answer, warnings = warned_stats_answer(current, cache, question)
    image = _image(
        cached(
            current,
            cache,
            ("stats.svg", question, width),
            lambda: svg(stats_chart(answer, width=width)),
        )
    )
    warn(image, warnings)
    return image


@router.get("/compare.svg", response_class=Response, responses=SVG_RESPONSE)
def compare_svg(
    current: ReaderDep,
    cache: CacheDep,
    role: Annotated[str, Query(max_length=MAX_VALUE_LENGTH)],
    metro: Text = None,
    country: Text = None,
    level: Text = None,
    width: Width = WIDTH,
) -> Response:
    """The sources side by side of ``/api/v1/compare`` with the same parameters.

    Example: ``GET /charts/compare.svg?role=ml_engineer&metro=Boston-Cambridge-Newton, MA-NH``
    """

    def draw() -> str:  # the comparison, cached on its own, drawn
        answer = compare_answer(
            current, cache, role=role, metro=metro, country=country, level=level
        )
        return svg(compare_chart(answer, width=width))

    key = ("compare.svg", role, metro, country, level, width)
    return _image(cached(current, cache, key, draw))
