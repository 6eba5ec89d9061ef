"""GET /explore: filter, group by one or two fields, see the percentiles; the URL is the state.

The URL speaks the API's language (``by=level&where=role:ml_engineer``). The
form on the page sends one parameter per field instead (``role=ml_engineer``);
such a request is redirected to the same question in the URL's language, so
links, bookmarks and the back button all hold the whole state.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, NamedTuple
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import QueryParams

from paygrade.filters import KnownValues, parse_clause, split_values
from paygrade.formats import counted
from paygrade.records import GROUPABLE_FIELDS, VOCABULARIES, PaygradeError
from paygrade.store.snapshot import Reader
from paygrade.web import links
from paygrade.web.again import reading, shows_again
from paygrade.web.answers import Refused, StatsQuery, StatsQueryOrProblemDep, cached
from paygrade.web.cache import AnswerCache
from paygrade.web.deps import CacheDep, ReaderDep, given_twice
from paygrade.web.pages.figures import figure, query_of
from paygrade.web.render import respond, wants_json

router = APIRouter()
# The form's filters, in the order shown, with their labels.
FILTERS = {
    "role": "Role",
    "level": "Experience level",
    "company": "Company",
    "metro": "Metro area",
    "country": "Country (ISO code)",
    "industry": "Industry",
    "company_size": "Company size",
    "education": "Education",
    "specialization": "Specialization",
    "remote": "Remote (% of time)",
    "year": "Year",
    "source": "Source",
    "pay_component": "Pay component",
}
TYPED = ("company", "metro")  # too many values for a list: typed, read like the CLI's
OPTIONS = ("distinct_rows", "real", "include_flagged", "local_prices", "min_n", "limit")
# The options the form has a checkbox for; every other option rides along in a hidden input,
# so pressing Show keeps it (min_n was dropped: the form carried only limit).
CHECKBOXES = ("real", "distinct_rows", "include_flagged", "local_prices")
DEFAULTS = {"min_n": 1}  # an option at its default is left out of the URL the form sends
# The options with no control of their own, each with its label for a refused form, which
# shows them as text to correct: kept hidden there, "Show" sent ``limit=0`` again and was
# refused again, Reset (every filter dropped) the only way out.
TYPED_OPTIONS = {
    "min_n": "Fewest records a group needs (min_n)",
    "limit": "Most groups shown (limit)",
}
DEFAULT_BY = ("level",)
SHOWN_GROUPS = 100  # rows of the table unless the URL asks for another limit
# Rows the HTML table shows at most, whatever the limit; its CSV and JSON hold every group:
# every company by metro (limit=100000) had been a table of 33,128 rows, 16.6 MB in 3.9 s.
TABLE_ROWS = 1000


def form_query(params: QueryParams) -> str:
    """The form's parameters (one per field) as the URL's ``by`` and ``where`` clauses.

    Every value sent is kept: a field's several values become its list, a parameter the
    form has not rides along (the page then says it did not read it); the last of each
    alone had been kept without a word.

    Example:
        >>> form_query(QueryParams("by=level&then_by=&role=ml_engineer&company=&real=true"))
        'by=level&where=role%3Aml_engineer&real=true'
        >>> form_query(QueryParams("by=level&then_by=&role=ml_engineer&role=data_scientist"))
        'by=level&where=role%3Aml_engineer%2Cdata_scientist'
    """
    pairs = [("by", ",".join(_by_sent(params)))]
    pairs += [("where", clause) for clause in sent_clauses(params)]
    pairs += [(name, value) for name in OPTIONS for value in params.getlist(name) if value.strip()]
    known = {"by", "then_by", "where", *FILTERS, *OPTIONS}
    pairs += [(name, value) for name, value in params.multi_items() if name not in known]
    return urlencode(pairs)


def _by_sent(params: QueryParams) -> list[str]:
    """A sent form's group-by fields, its first and then its others, each once."""
    by = [name for key in ("by", "then_by") for name in params.getlist(key) if name]
    return list(dict.fromkeys(by))


def sent_clauses(params: QueryParams) -> list[str]:
    """A sent form's filters as the URL's ``where`` clauses: its kept clauses, then one per
    field filled in (/records' form sends them as /explore's does).

    Example:
        >>> sent_clauses(QueryParams("role=ml_engineer&company=&where=year>=2024&where=role:x"))
        ['year>=2024', 'role:ml_engineer']
    """
    chosen = [
        f"{name}:{texts[0] if len(texts) == 1 else links.values_text(texts)}"
        for name in FILTERS
        if (texts := [t.strip() for t in params.getlist(name) if t.strip()])
    ]
    # A clause on a field the form fills in gives way to the field; any other is kept.
    filled = {clause.partition(":")[0] for clause in chosen}
    kept = [c for c in params.getlist("where") if _field_of(c) not in filled]  # year>=2024 too
    return [*kept, *chosen]


def held_values(current: Reader, cache: AnswerCache) -> dict[str, list[Any]]:
    """The values each filter of the form can take in this data version (its pick lists).

    Example:
        >>> held_values(current, cache)["level"]  # doctest: +SKIP
        ['entry', 'mid', 'senior', 'staff', 'principal', 'executive']
    """

    def load() -> dict[str, list[Any]]:  # a query per field: once per data version
        known = KnownValues(current.store)
        return {name: _ordered(name, known) for name in FILTERS if name != "company"}

    found: dict[str, list[Any]] = cached(current, cache, ("held values",), load)
    return found


def _ordered(name: str, known: KnownValues) -> list[Any]:
    values = [value for variants in known.of(name).values() for value in variants]
    order = VOCABULARIES.get(name)
    if order:
        return sorted(values, key=lambda v: order.index(v) if v in order else len(order))
    return sorted(values, key=lambda v: (isinstance(v, str), v))


def _field(name: str, chosen: list[Any] | None, held: list[Any]) -> dict[str, Any]:
    # A blank value sent back (where=role:) is no choice: shown as one ('""'), the form
    # sent again was refused for it.
    chosen = [v for v in chosen or [] if str(v).strip()]
    text = links.values_text(chosen) if chosen else ""
    field: dict[str, Any] = {"name": name, "label": FILTERS[name], "value": text}
    field["kind"] = "text" if name in TYPED else "select"
    options = [{"value": links.values_text([v]), "label": str(v)} for v in held]
    if text and text not in {o["value"] for o in options}:
        options.append({"value": text, "label": ", ".join(map(str, chosen or []))})
    field["options"] = [{**o, "selected": o["value"] == text} for o in options]
    return field


def form_state(asked: StatsQuery, held: dict[str, list[Any]]) -> dict[str, Any]:
    """The form as the question fills it: every filter, the group-by fields, the options.

    Example:
        >>> from paygrade.web.pages.figures import question
        >>> state = form_state(question(("level",), {"role": ["ml_engineer"]}),
        ...                    {"role": ["ml_engineer", "data_scientist"]})
        >>> state["by"], [o["selected"] for o in state["fields"][0]["options"]]
        ('level', [True, False])
    """
    filters = asked.filters
    kept = kept_fields(asked)
    return {
        "fields": [
            _field(name, None if name in kept else filters.get(name), held.get(name, []))
            for name in FILTERS
        ],
        # Filters on fields the form has no control for, kept as they are, in sight.
        "kept_where": kept_clauses(asked),
        "by_fields": list(GROUPABLE_FIELDS),
        "by": asked.by[0] if asked.by else "",
        "then_by": asked.by[1] if len(asked.by) > 1 else "",
        # Group-by fields past the form's two selects, kept as checked boxes: pressing Show
        # had dropped a third field without a word (by=level,metro,company -> level,metro).
        "kept_by": list(asked.by[2:]),
        "options": {name: getattr(asked, name) for name in OPTIONS},
        "hidden_options": _hidden_options(asked),
    }


def kept_clauses(asked: StatsQuery) -> list[str]:
    """The filters on fields the form has no control for, or by a comparison
    (``kept_fields``), each clause as it was written
    (``years_experience>=5``): read, it is the 47 values it stands for, shown as one word
    (``years_experience:5,6,...,51``) no phone could wrap. A question with no clauses as
    written (one made in code) gives its values.

    Example:
        >>> from paygrade.web.answers import frozen
        >>> asked = StatsQuery(where=frozen({"role": ["ml_engineer"], "years_experience":
        ...     [5, 6, 7]}), clauses=("role:ml_engineer", "years_experience>=5"))
        >>> kept_clauses(asked), kept_clauses(replace(asked, clauses=()))
        (['years_experience>=5'], ['years_experience:5,6,7'])
    """
    kept = kept_fields(asked)
    others = {name: values for name, values in asked.filters.items() if name in kept}
    written = [clause for clause in asked.clauses if _field_of(clause) in others]
    if {_field_of(clause) for clause in written} == set(others):
        return written
    return links.clauses(others)


def kept_fields(asked: StatsQuery) -> set[str]:
    """The filtered fields kept as their clauses were written, not in the form's controls:
    those it has no control for, and any filtered by a comparison (``year>=2024`` in the
    year select had become the years held, 2024 and 2025, and a link shared then left
    2026's records out once they came).

    Example:
        >>> from paygrade.web.answers import frozen
        >>> kept_fields(StatsQuery(where=frozen({"year": [2024, 2025], "role": ["x"]}),
        ...     clauses=("year>=2024", "role:x")))
        {'year'}
    """
    compared = {field for clause in asked.clauses if (field := _compared_field(clause))}
    return {name for name in asked.filters if name not in FILTERS or name in compared}


def _compared_field(clause: str) -> str | None:
    """The field a comparison clause filters (``year>=2024``); None for any other, such as
    a value that begins with a sign (``metro:<x>``).

    Example:
        >>> _compared_field("year>=2024"), _compared_field("metro:<x>"), _compared_field("?")
        ('year', None, None)
    """
    try:
        name, _ = parse_clause(clause, ":")
    except PaygradeError:
        return None
    after = clause.strip()[len(name) :].lstrip()  # the sign right after the field's name
    return name if after[:1] in ("<", ">") else None


def _field_of(clause: str) -> str | None:
    """The field a ``where`` clause filters (None for one that cannot be read)."""
    try:
        return parse_clause(clause, ":")[0]
    except PaygradeError:
        return None


def _hidden_options(asked: StatsQuery) -> dict[str, Any]:
    """The options with no checkbox, each not at its default: the form's hidden inputs.

    Example:
        >>> from paygrade.web.pages.figures import question
        >>> _hidden_options(replace(question(("level",), {}), min_n=50, limit=100))
        {'min_n': 50, 'limit': 100}
    """
    values = {name: getattr(asked, name) for name in OPTIONS if name not in CHECKBOXES}
    # As text: an option sent at its default ("1", shown again as sent) is left out too.
    return {k: v for k, v in values.items() if v is not None and str(v) != str(DEFAULTS.get(k))}


def suggestions(asked: StatsQuery, no_match: dict[str, Any]) -> list[dict[str, Any]]:
    """For each value no record holds, the Explore views with a nearest held value instead
    (of it alone: the field's other values kept); for filters that match only apart, the
    views without each filter whose removal lets records match (``each_left_out``).

    Example:
        >>> from paygrade.web.pages.figures import question
        >>> typo = {"unmatched": [{"field": "company", "value": "Gogle",
        ...                        "suggestions": ["Google"]}]}
        >>> suggestions(question(("level",), {"company": ["Gogle"]}), typo)[0]["url"]
        '/explore?by=level&where=company%3AGoogle'
        >>> suggestions(question(("level",), {"company": ["Meta", "gogle"]}), typo)[0]["url"]
        '/explore?by=level&where=company%3AMeta%2CGoogle'
        >>> apart = {"each_left_out": {"company": 8569, "role": 0}}
        >>> both = {"company": ["Amazon"], "role": ["ml_engineer"]}
        >>> dropped = suggestions(question((), both), apart)
        >>> [(s["field"], s["value"], s["url"]) for s in dropped]
        [('without company', '8,569 records', '/explore?where=role%3Aml_engineer')]
    """
    found = []
    for unmatched in no_match.get("unmatched", []):
        field, wrong = unmatched["field"], str(unmatched["value"]).casefold()
        written = list(asked.filters.get(field, []))
        for value in unmatched["suggestions"]:
            # As written, the value no record holds replaced (not found as written: all).
            kept = [value if str(v).casefold() == wrong else v for v in written]
            replaced = any(str(v).casefold() == wrong for v in written)
            where = {**asked.filters, field: list(dict.fromkeys(kept)) if replaced else [value]}
            url = f"/explore?{query_of(asked, where)}"
            found.append({"field": field, "value": value, "url": url})
    for field, n in no_match.get("each_left_out", {}).items():
        if n:
            where = {f: v for f, v in asked.filters.items() if f != field}
            url = f"/explore?{query_of(asked, where)}"
            found.append({"field": f"without {field}", "value": counted(n, "record"), "url": url})
    return found


def explore_page(current: Reader, cache: AnswerCache, asked: StatsQuery) -> dict[str, Any]:
    """The Explore page's data: the question, its form, its figure, and suggestions when
    nothing matched.

    Example:
        >>> explore_page(current, cache, question(("level",), {}))["figure"]["id"]  # doctest: +SKIP
        'explore'
    """
    by = " and ".join(asked.by) or "all records"
    shown = figure(current, cache, asked, title=f"Pay by {by}", figure_id="explore")
    no_match = shown["summary"].get("no_match")
    return {
        "title": "Explore",
        "question": {"by": list(asked.by), "where": asked.filters},
        "form": form_state(asked, held_values(current, cache)),
        "figure": shown,
        "suggestions": suggestions(asked, no_match) if no_match else [],
    }


@router.get("/explore", include_in_schema=False)
def explore(
    request: Request, current: ReaderDep, cache: CacheDep, question: StatsQueryOrProblemDep
) -> Response:
    """A stats question from the URL (``by``, ``where``); a sent form is redirected to one.
    A question it cannot answer comes back as the form as sent, the problem beside it (422:
    it was a bare error page, every filter to choose again)."""
    if "then_by" in request.query_params:  # the form was sent: say it in the URL's language
        return RedirectResponse(f"/explore?{form_query(request.query_params)}", status_code=303)
    try:
        _one_each(request.query_params)
        if isinstance(question, Refused):
            raise question.error
        asked = question
        if "by" not in request.query_params:
            asked = replace(asked, by=DEFAULT_BY)
        if asked.limit is None:
            asked = replace(asked, limit=SHOWN_GROUPS)
        page = explore_page(current, cache, asked)
    except PaygradeError as exc:
        if wants_json(request):  # programs get {"detail"}, as from every page
            raise
        return respond(request, "explore.html", _refused(current, cache, question, exc), 422)
    return respond(request, "explore.html", page, table_rows=TABLE_ROWS)


def explore_again(request: Request, said: str) -> Response:
    """The form as sent, ``said`` beside it (422), for a question refused before the page
    read it: a ``by`` past its length, ``where`` given past its count, an option FastAPI
    could not read (``min_n=abc``)."""
    params = request.query_params
    if "then_by" in params and _option_cleared(params):
        # A typed option of a refused form cleared (``options_to_correct``): not given, as a
        # filter left at "any" ("limit: '' is not a number" had been said).
        return RedirectResponse(f"/explore?{form_query(params)}", status_code=303)
    by, where = params.get("by", ""), params.getlist("where")
    if "then_by" in params:  # the form, refused before its redirect (limit=0): its fields
        by, where = ",".join(_by_sent(params)), sent_clauses(params)
    with reading(request) as (current, cache):
        form = form_as_sent(current, cache, by, where, _options_as_sent(params))
    data = {"title": "Explore", "form": form, "figure": None, "error": said}
    return respond(request, "explore.html", data, 422)


def _option_cleared(params: QueryParams) -> bool:
    """Whether an option with no checkbox was sent blank (its text input cleared).

    Example:
        >>> _option_cleared(QueryParams("by=level&limit=")), _option_cleared(QueryParams("limit=5"))
        (True, False)
    """
    return any(not value.strip() for name in TYPED_OPTIONS for value in params.getlist(name))


# A checkbox's value read as not ticked, as FastAPI reads a false boolean.
NOT_TICKED = ("", "0", "false", "f", "n", "no", "off")


def _options_as_sent(params: QueryParams) -> dict[str, Any]:
    """The options as sent: a checkbox ticked unless its value reads false, every other
    option its text (``min_n=abc`` comes back so, beside the error saying why).

    Example:
        >>> _options_as_sent(QueryParams("real=maybe&min_n=abc"))["real"]
        True
        >>> _options_as_sent(QueryParams("real=maybe&min_n=abc"))["min_n"]
        'abc'
    """
    ticked = {name: ticked_in(params, name) for name in CHECKBOXES}
    typed = {name: params.get(name, DEFAULTS.get(name)) for name in OPTIONS}
    return {**typed, **ticked}


def ticked_in(params: QueryParams, name: str) -> bool:
    """Whether a checkbox ``name`` was sent ticked (any value but a false one)."""
    return params.get(name, "false").strip().lower() not in NOT_TICKED


def _form_fields(params: QueryParams) -> tuple[str, ...]:
    """The fields a sent form (``then_by`` among them) holds, which the page reads into its
    redirect: a form refused before it (an option twice) had been said not to read them."""
    return ("then_by", *FILTERS) if "then_by" in params else ()


explore.reads_also = _form_fields  # type: ignore[attr-defined]  # render.unread_parameters
shows_again(explore, explore_again)


def _one_each(params: QueryParams) -> None:
    """Refuse ``by`` or an option given twice, as /api/v1/stats does: the page kept the
    last (``by=level&by=metro`` answered by metro alone, without a word)."""
    if (said := given_twice("/explore", params, ("by", *OPTIONS))) is not None:
        raise PaygradeError(said)


def _refused(
    current: Reader, cache: AnswerCache, question: StatsQuery | Refused, exc: PaygradeError
) -> dict[str, Any]:
    """The page for a question it cannot answer: the form as sent, the problem beside it."""
    if isinstance(question, Refused):
        by, where, options = question.by, question.where, question.options
    else:  # read, but not answerable: shown as read
        by, where = ",".join(question.by), list(question.clauses)
        options = {name: getattr(question, name) for name in OPTIONS}
    form = form_as_sent(current, cache, by, where, options)
    return {"title": "Explore", "form": form, "figure": None, "error": str(exc)}


def form_as_sent(
    current: Reader, cache: AnswerCache, by: str, where: list[str], options: dict[str, Any]
) -> dict[str, Any]:
    """A refused question's form as it was sent (``by`` and ``where`` unread): each clause
    in its control, or kept as written (``_where_as_sent``); /records' form too."""
    sent = _where_as_sent(where)
    as_sent = StatsQuery(by=_fields_as_sent(by), where=tuple(sent.values.items()), **options)
    form = form_state(as_sent, held_values(current, cache))
    form["kept_where"] = sent.kept
    form["typed_options"] = options_to_correct(form["hidden_options"])
    for control in form["fields"]:  # a typed field shows what was typed, unquoted
        if control["kind"] == "text" and control["name"] in sent.texts:
            control["value"] = sent.texts[control["name"]]
    return form


def options_to_correct(hidden: dict[str, Any]) -> list[dict[str, Any]]:
    """The hidden options of a refused form as labelled text inputs (``TYPED_OPTIONS``),
    so that the one at fault can be put right there.

    Example:
        >>> options_to_correct({"limit": 0})
        [{'name': 'limit', 'label': 'Most groups shown (limit)', 'value': 0}]
    """
    return [{"name": k, "label": TYPED_OPTIONS[k], "value": v} for k, v in hidden.items()]


def _fields_as_sent(by: str) -> tuple[str, ...]:
    """The group-by fields of ``by`` as sent, one that is none too (its select shows it
    chosen, beside the error: dropped, "Show" had asked again with no grouping, unsaid)."""
    return tuple(f for f in (part.strip() for part in by.split(",")) if f)


class AsSent(NamedTuple):
    """A refused question's clauses as its form shows them back (``_where_as_sent``)."""

    values: dict[str, tuple[str, ...]]  # per field with a control: its values, read
    texts: dict[str, str]  # the same, as written (a typed field shows it so)
    kept: list[str]  # every other clause, as written


def _where_as_sent(clauses: list[str]) -> AsSent:
    """The clauses of a refused question, as the form shows them back: each the form has
    a control for, in it, its values split as the filter reads them; every other clause
    (a comparison, a field's second clause, a field with no control) as written, kept
    in a box the user may clear. The form had dropped them, and a list came back as one
    quoted value: sent again, the question asked more than the user had
    (``year>=2024`` gone) or something else (``role:"ml_engineer,data_scientist"``).

    Example:
        >>> sent = _where_as_sent(
        ...     ["role:ml_engineer,data_scientist", "year>=2024", "company:A", "company:B"])
        >>> sent.values, sent.kept
        ({'role': ('ml_engineer', 'data_scientist')}, ['year>=2024', 'company:A', 'company:B'])
    """
    names = [clause.partition(":")[0].strip() for clause in clauses]
    sent = AsSent({}, {}, [])
    for clause, name in zip(clauses, names, strict=True):
        _, colon, text = clause.partition(":")
        if colon and name in FILTERS and names.count(name) == 1:
            sent.values[name] = _read(text.strip())
            sent.texts[name] = text.strip()
        elif clause.strip():
            sent.kept.append(clause)
    return sent


def _read(text: str) -> tuple[str, ...]:
    """A clause's values as the filter reads them; unreadable as a list, the text whole
    (the error beside the form says why)."""
    try:
        return tuple(value for value in split_values(text) if value.strip())
    except PaygradeError:
        return (text,)
