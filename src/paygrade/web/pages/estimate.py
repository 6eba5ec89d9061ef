"""GET /estimate: a profile form; with a profile, its median and 80% range as a chart, the
factors as bars and the similar records with a link to them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from paygrade.config import Settings
from paygrade.estimate.modelfile import NoModel, load_newest
from paygrade.estimate.profile import LONGEST, BadProfile, check_profile
from paygrade.estimate.service import (
    absent_said,
    copies_like_said,
    disagreements_said,
    level_below_said,
    measured_coverage_said,
    moving_factors,
    not_local_said,
    one_held_said,
    read_from,
    stale,
    too_few_like_said,
    unheld_like_said,
    value_said,
    year_outside_said,
    year_said,
)
from paygrade.estimate.service import estimate as answer
from paygrade.records import (
    PAY_COMPONENTS,
    REMOTE_RATIOS,
    REMOTE_SAID,
    VOCABULARIES,
    PaygradeError,
)
from paygrade.store.snapshot import Reader
from paygrade.web import links
from paygrade.web.again import field_named, sent, shows_again
from paygrade.web.answers import model_for
from paygrade.web.deps import ReaderDep, SettingsDep, too_long_said
from paygrade.web.render import respond, wants_json

router = APIRouter()
# Every field of a profile the CLI, the API and MCP take: without state and specialization
# the page could not ask what the others answer, nor take its own advice ("California is a
# US state, not a country: give state CA").
FIELDS = ("role", "level", "years_experience", "title", "company", "metro", "state", "country",
          "company_size", "industry", "education", "specialization", "remote", "year")  # fmt: skip
# Its length is checked in the route (``too_long``), so that the form comes back filled
# (``Query(max_length=...)`` had refused it before, with the bare error page).
Value = Annotated[str, Query()]
# Fields chosen from a closed list: the vocabularies, and the remote share with its words.
OPTIONS = {**VOCABULARIES, "remote": tuple(str(r) for r in REMOTE_RATIOS)}
OPTION_LABELS = {"remote": {str(r): f"{word} ({r}%)" for r, word in REMOTE_SAID.items()}}
WIDTH, LEFT = 600, 40  # the range chart's SVG user units (room for the end labels)
# User units between the centres of the range's end labels ("$306,300": about 100 units
# wide in the phone's larger type, style.css).
LABEL_GAP = 120


def form(values: dict[str, str], pay_component: str) -> dict[str, Any]:
    """The form's fields: a select for vocabularies, text otherwise, with the values given.

    Example:
        >>> form({"level": "senior"}, "total")["fields"][1]["value"]
        'senior'
    """
    fields = [
        {
            "name": name,
            "label": name.replace("_", " "),
            "value": values.get(name, ""),
            "options": list(OPTIONS.get(name, ())),
            "option_labels": OPTION_LABELS.get(name, {}),
        }
        for name in FIELDS
    ]
    return {"fields": fields, "pay_component": pay_component}


def range_chart(result: dict[str, Any]) -> dict[str, float]:
    """SVG geometry of the range bar (p10-p90) and the median tick on an axis from 0, and
    where the ends' labels go (apart by at least ``LABEL_GAP``, so that they never overlap).

    Example:
        >>> chart = range_chart({"p10": 50.0, "p50": 100.0, "p90": 150.0})
        >>> chart["median_x"], chart["low_label_x"], chart["high_label_x"]
        (317.3, 178.7, 456.0)
    """
    scale = (WIDTH - 2 * LEFT) / (result["p90"] * 1.25)
    low_x = round(LEFT + result["p10"] * scale, 1)
    high_x = round(LEFT + result["p90"] * scale, 1)
    middle, gap = (low_x + high_x) / 2, max(high_x - low_x, LABEL_GAP) / 2
    return {
        "width": WIDTH,
        "axis_x": LEFT,
        "low_x": low_x,
        "bar_width": round(high_x - low_x, 1),
        "median_x": round(LEFT + result["p50"] * scale, 1),
        "low_label_x": round(middle - gap, 1),
        "high_label_x": round(middle + gap, 1),
    }


def factor_bars(factors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each factor with a bar (SVG x and width, centred at 0%) scaled to the largest effect,
    and its effect as shown (``effect_said``).

    Example:
        >>> bar = factor_bars([{"field": "metro", "value": "X", "effect_pct": -10.0}])[0]
        >>> bar["x"], bar["effect_said"]
        (100.0, '-10.0%')
    """
    largest = max([abs(f["effect_pct"]) for f in factors] + [1.0])
    bars = []
    for f in factors:
        length = round(abs(f["effect_pct"]) / largest * 100, 1)
        x = 200.0 if f["effect_pct"] >= 0 else 200.0 - length
        up = f["effect_pct"] >= 0
        said = {"said": value_said(f), "effect_said": effect_said(f["effect_pct"])}
        bars.append({**f, **said, "x": x, "width": length, "up": up})
    return bars


def effect_said(pct: float) -> str:
    """An effect to one decimal, signed; one that rounds to nothing is +0.0% ("-0.0%" read
    as a fall).

    Example:
        >>> effect_said(8.46), effect_said(-0.04), effect_said(-2.0)
        ('+8.5%', '+0.0%', '-2.0%')
    """
    shown = round(pct, 1) or 0.0  # -0.0 is falsy: the sign goes with it
    return f"{shown:+.1f}%"


def estimate_page(
    current: Reader, settings: Settings, values: dict[str, str], pay_component: str
) -> dict[str, Any]:
    """The page's data: the form, and for a profile the estimate with its chart and links.

    Example:
        >>> estimate_page(current, settings, {"role": "ml_engineer"}, "total")  # doctest: +SKIP
    """
    given = {k: v for k, v in values.items() if v.strip()}
    data: dict[str, Any] = {"title": "Estimate", "form": form(values, pay_component)}
    if not given:
        return {**data, "result": None, "no_model": _no_model(settings)}
    model = model_for(settings)
    result = answer(current.store, model, given, pay_component, explain=True)
    return {
        **data,
        "result": result,
        "warning": stale(current.store, model, public=True),
        "year": year_said(result),
        "chart": range_chart(result),
        "bars": factor_bars(moving_factors(result)),
        "read_from": read_from(result),
        "absent": absent_said(result),
        "disagree": disagreements_said(result),
        "one_held": one_held_said(result, "choose {} pay above"),
        # Years no record like the profile holds do not move it: 0 and 1 gave one figure.
        "unheld_like": unheld_like_said(result),
        "year_outside": (
            year_outside_said(pay_component, result["year_outside"])
            if result.get("year_outside")
            else None
        ),
        "not_local": _said(not_local_said, pay_component, result.get("not_local")),
        "level_below": _said(level_below_said, pay_component, result.get("level_below")),
        "measured_coverage": measured_coverage_said(result),
        "too_few_like": _noted(too_few_like_said, result.get("too_few_like")),
        "copies_like": _noted(copies_like_said, result.get("copies_like")),
        "records_url": links.records_url(result["similar_where"]),
    }


def _said(say: Any, pay_component: str, found: Mapping[str, Any] | None) -> str | None:
    """A note of the answer as a person says it, None when it has nothing to say."""
    return say(pay_component, found) if found else None


def _noted(say: Any, found: Mapping[str, Any] | None) -> str | None:
    """A note of the like records as a person says it, None when it has nothing to say."""
    return say(found) if found else None


class BadPay(PaygradeError):
    """The pay asked for is neither total nor base."""


# How a place given with a wider place none of its records is in is refused
# (``places_held.with_wider_places``; the estimate raises it again without its field):
# the wider place's field is at fault, as /submit marks it.
PLACES_APART = re.compile(r" is in (state|country) \S+, not .+: give one place$")


def field_at_fault(exc: PaygradeError, values: Mapping[str, Any]) -> str | None:
    """The form field an error is about, to mark it (a profile's errors name none): the
    wider of two places given apart, else the field whose value alone is refused with the
    same message; None when no one field is. ``values`` as the check read them: the form's
    text, or the API's JSON values (``"remote": {}`` is refused alone as it was at first).

    Example:
        >>> field_at_fault(PaygradeError("years of experience: 'abc' is not a number (write "
        ...                "1200, 1,200 or 12.5; a dot marks decimals)"),
        ...                {"role": "ml_engineer", "years_experience": "abc"})
        'years_experience'
        >>> field_at_fault(PaygradeError("Seattle-Tacoma-Bellevue, WA is in country US, "
        ...                "not DE: give one place"), {"metro": "Seattle", "country": "DE"})
        'country'
    """
    if apart := PLACES_APART.search(str(exc)):
        return apart.group(1)
    if isinstance(exc, BadProfile) and exc.field is not None:
        return exc.field
    # The level last: a company's own levels ("L5") are read with its company, whose own
    # error is then found on the company first.
    given = sorted((n for n, v in values.items() if str(v).strip()), key=lambda n: n == "level")
    return next((name for name in given if _refused_alone(name, values) == str(exc)), None)


def _refused_alone(name: str, values: Mapping[str, Any]) -> str | None:
    """What the profile's check says of one field's value alone (a level with its company)."""
    alone = {name: values[name]}
    if name == "level":
        alone["company"] = values.get("company", "")
    try:
        check_profile(alone)
    except PaygradeError as exc:
        return str(exc)
    return None


def _form_again(
    request: Request, values: dict[str, str], pay_component: str, error: str, field: str | None
) -> Response:
    """The form as sent, the problem beside it and its field marked (it was a bare error
    page, and everything had to be typed again)."""
    refused = {"title": "Estimate", "form": form(values, pay_component), "result": None}
    return respond(request, "estimate.html", {**refused, "error": error, "error_field": field}, 422)


def _no_model(settings: Settings) -> str | None:
    """Why the form cannot answer yet, said before anyone fills it in: a model being
    trained (``scripts/start.sh`` serves at once and trains beside), or none at all."""
    try:
        load_newest(settings.models_dir())
    except NoModel as exc:
        return exc.public
    return None


@router.get("/estimate", include_in_schema=False)
def estimate(
    request: Request,
    current: ReaderDep,
    settings: SettingsDep,
    role: Value = "",
    level: Value = "",
    years_experience: Value = "",
    title: Value = "",
    company: Value = "",
    metro: Value = "",
    state: Value = "",
    country: Value = "",
    company_size: Value = "",
    industry: Value = "",
    education: Value = "",
    specialization: Value = "",
    remote: Value = "",
    year: Value = "",
    pay_component: Value = "total",
) -> Response:
    values = {k: v for k, v in locals().items() if k in FIELDS}
    if found := too_long_said(request, {**values, "pay_component": pay_component}, LONGEST):
        field, words = found  # "title is 5,000 characters long: at most 200", as the CLI
        return _form_again(request, values, pay_component, f"{field} {words}", field)
    try:
        if pay_component not in PAY_COMPONENTS:  # a regex was the message ("^(total|base)$")
            pay_component, asked = "total", pay_component
            raise BadPay(f"Pay is total or base, not {asked!r}.")
        data = estimate_page(current, settings, values, pay_component)
    except PaygradeError as exc:
        if isinstance(exc, NoModel) or wants_json(request):  # programs: {"detail"}
            raise
        at_fault = "pay_component" if isinstance(exc, BadPay) else field_at_fault(exc, values)
        return _form_again(request, values, pay_component, str(exc), at_fault)
    if data["result"] is None and request.query_params:
        data["error"] = "Give at least one field of the profile: a role, a title or a level."
    return respond(request, "estimate.html", data)


def estimate_again(request: Request, said: str) -> Response:
    """The form as sent, ``said`` beside it and its field marked (422): a field given twice
    (``role=a&role=b``), refused before the route read the form (the bare error page)."""
    values = sent(request, FIELDS)
    pay_component = request.query_params.get("pay_component", "total")
    if pay_component not in PAY_COMPONENTS:  # the form offers no other; the error is said
        pay_component = "total"
    field = field_named(said, [*FIELDS, "pay_component"])
    return _form_again(request, values, pay_component, said, field)


shows_again(estimate, estimate_again)
