"""Job titles -> role, level and specialization, by reviewed rule tables.

The rules are data: ``rules/title_roles.csv``, ``rules/title_levels.csv`` and
``rules/title_specializations.csv``. Each row holds a regular expression, the
value it gives, an ``example`` title the row must decide (the tests check that
every row is the first to match its example) and a ``note`` saying why.

How a title is matched:

* Patterns run on a *match key*: the title case-folded, ``&`` read as "and",
  every other non-alphanumeric run turned into one space, misspelled words
  read as the word meant (``spellings.py``). So ``SR. DATA ENINGEER`` and
  ``Developer, back-end`` are matched as ``sr data engineer`` and ``developer
  back end``; patterns are written in that form.
* A pattern matches on word boundaries only (``sr`` never matches inside
  ``srinivas``).
* Order of rows is priority: the first row that matches decides. That is how
  "Senior Executive" is executive rather than senior, and "Data Science
  Manager" a manager rather than a data scientist.
* Nothing matched: role ``other``, level ``None``, specialization ``None``. A
  title that says nothing about level gets no level; we never guess.

Some titles cannot be read alone. A bare "Manager", "Director", "Vice
President" or "CEO" names no function: in a file of all occupations (the
FY2013 LCA filings) it is a consulting rank, a restaurant's manager or a
trading firm's CEO, so it is ``other``; in a survey of AI and data jobs
(aijobs) everyone works in that field, so it is a data manager. The caller
says which with ``context``: ``general`` (the default: the title is all we
know) or ``tech`` (every row of the source is a tech or data job). Role rows
whose ``context`` column says ``tech`` apply only there.

Level words are read the same way: many mean a level only on an engineering
or science ladder. A school's principal, a staff assistant, a principal
consultant or an associate attorney are not principal, staff or entry
engineers. So each level row has a ``scope``: ``any`` (the word is a level in
every job: senior, junior, intern, mid-level) or ``tech`` (principal, staff,
fellow, lead, associate and the executive words count only when the title's
role is a tech role, i.e. not ``other``). A bare "Vice President" or
"Director" of a file of all occupations is then no level at all: in banks and
consultancies it is a rank, not a job we can place. The word that decides is
still the first one matched, so a "Senior Vice President" or "Senior Staff
Accountant" gets no level either (the senior belongs to the rank). Grades
("II", "3") count in any job.

Specialization rows have a ``scope`` too: a ``tech`` row's words (speech, voice, vision,
imaging, a bare robotics) name an ML field only in a tech role's title (a speech-language
pathologist is no speech job); an ``any`` row names the field as such (computer vision, a
robotics engineer) and counts in every title.

Levels also come from a trailing grade ("Data Analyst 3", "Applied Scientist
II", "Research Scientist I, Biology"): rows of kind ``numeral`` in
``title_levels.csv`` name the grades, checked only when no level word matched.
Grades above IV/4 map to nothing: ladders diverge too much there to say. A grade
after a word of ``title_own_grades.csv`` ("MTS 1", Fiserv's "Advisor I") is a step of
the employer's own ladder and gives no level.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Final

from paygrade.normalize.rule_tables import read_rules
from paygrade.normalize.spellings import respell
from paygrade.records import LEVELS, ROLES, SPECIALIZATIONS

# What the source says about every row's job, when a title names no function.
TITLE_CONTEXTS: Final = ("general", "tech")


@dataclass(frozen=True)
class TitleInfo:
    """What a job title says: role, level and specialization (vocabularies of records.py)."""

    role: str
    level: str | None
    specialization: str | None


@dataclass(frozen=True)
class Rule:
    """One row of a title rule table, its pattern compiled."""

    kind: str
    pattern: re.Pattern[str]
    value: str
    example: str
    # Role rows: the source context the row needs ("" for any). Level rows: "tech"
    # when the word is a level only in the title of a tech role, else "any".
    context: str = ""
    scope: str = "any"


def _compile_word(pattern: str) -> re.Pattern[str]:
    # Boundaries are added here so the CSV patterns stay readable.
    return re.compile(_bounded(pattern))


def _bounded(pattern: str) -> str:
    return rf"(?<!\w)(?:{pattern})(?!\w)"


def _compile_numeral(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{pattern})")


def load_rules(filename: str, column: str, vocabulary: tuple[str, ...]) -> tuple[Rule, ...]:
    """Read a rule table, refusing any value outside ``vocabulary``."""
    rules: list[Rule] = []
    for row in read_rules(filename):
        if row[column] not in vocabulary:
            raise ValueError(f"{filename}: {row[column]!r} is not one of {vocabulary}")
        kind = row.get("kind") or "word"
        context, scope = row.get("context") or "", row.get("scope") or "any"
        if context not in ("", *TITLE_CONTEXTS) or scope not in ("any", "tech"):
            raise ValueError(f"{filename}: bad context {context!r} or scope {scope!r}")
        compile_ = _compile_numeral if kind == "numeral" else _compile_word
        pattern = compile_(row["pattern"])
        if pattern.groups:
            # first_match names each row's group in one combined pattern; a row's own
            # capturing group would shift those names.
            raise ValueError(f"{filename}: {row['pattern']!r} captures; write (?:...)")
        rules.append(Rule(kind, pattern, row[column], row["example"], context, scope))
    return tuple(rules)


ROLE_RULES: Final = load_rules("title_roles.csv", "role", ROLES)
LEVEL_RULES: Final = load_rules("title_levels.csv", "level", LEVELS)
SPECIALIZATION_RULES: Final = load_rules(
    "title_specializations.csv", "specialization", SPECIALIZATIONS
)

_NON_WORD = re.compile(r"[\W_]+")
# A grade closes a segment of the title: before a comma, parenthesis, slash or
# spaced dash ("Research Scientist I, Biology", "Engineer II - Search"), or is
# a segment of its own after the first ("Systems Manager - II").
_SEGMENT_END = re.compile(r"[,;:/|()\[\]]|\s[-\u2013\u2014]+\s")


def clean_title(title: str) -> str:
    """The title with whitespace collapsed and stripped, control characters taken as
    spaces (a BEL or an escape sequence's ESC reached CSV output and terminals), and out
    of a spreadsheet's text formula (``="..."``, written to keep a cell as text: two
    H-1B filings' titles came so); case is kept.

    Example:
        >>> clean_title("  SENIOR   DATA\\tSCIENTIST ")
        'SENIOR DATA SCIENTIST'
        >>> clean_title("ML\\x1b[31m Engineer\\x07")
        'ML [31m Engineer'
        >>> clean_title('="Early Learning Center ("ELC") Fellow"')
        'Early Learning Center ("ELC") Fellow'
    """
    cleaned = " ".join(title.translate(_CONTROLS).split())
    if formula := _TEXT_FORMULA.fullmatch(cleaned):
        return formula.group(1).strip()
    return cleaned


_TEXT_FORMULA = re.compile(r'="(.*)"')


# Unicode's control characters (Cc: C0, DEL, C1) as spaces; other format characters
# (a zero-width joiner in a script's spelling) are letters' business and stay.
_CONTROLS = dict.fromkeys([*range(0x20), *range(0x7F, 0xA0)], " ")


def match_key(title: str) -> str:
    """The form rule patterns are matched against.

    Example:
        >>> match_key("SR. Data Engineer (R&D)")
        'sr data engineer r and d'
        >>> match_key("MACHINE LEARNING ENINGEER")
        'machine learning engineer'
    """
    words = _NON_WORD.sub(" ", title.casefold().replace("&", " and ")).split()
    return " ".join(respell(word) for word in words)


def first_match(rules: tuple[Rule, ...], key: str, context: str = "general") -> Rule | None:
    """The first word rule whose pattern occurs in ``key`` and that applies in ``context``.

    The table's order decides, not the word's place in the title:

    Example:
        >>> first_match(LEVEL_RULES, "senior staff engineer").value
        'staff'
    """
    combined, applicable = _combined(rules, context)
    if not applicable:
        return None
    best: int | None = None
    start = 0
    # At each position the alternation takes the first row that matches there; the
    # first row overall is the least of those over every position a match starts at.
    while (found := combined.search(key, start)) is not None:
        index = int(str(found.lastgroup)[1:])
        if best is None or index < best:
            best = index
            if best == 0:
                break
        start = found.start() + 1
    return None if best is None else applicable[best]


# (id of a rule table, context) -> the table and its combined pattern (see _combined).
_COMBINED: dict[tuple[int, str], tuple[tuple[Rule, ...], re.Pattern[str], tuple[Rule, ...]]] = {}


def _combined(rules: tuple[Rule, ...], context: str) -> tuple[re.Pattern[str], tuple[Rule, ...]]:
    """One pattern for the word rules of ``rules`` that apply in ``context``, row i as group ri.

    Why: a title is matched against every row, and one search with the word
    boundaries checked once is several times faster than a search per row
    (each row's own pattern starts with a lookbehind, so ``re`` tries it at
    every character); the rows' order is kept by ``first_match``.
    """
    cached = _COMBINED.get((id(rules), context))
    if cached is not None and cached[0] is rules:
        return cached[1], cached[2]
    applicable = tuple(r for r in rules if r.kind == "word" and r.context in ("", context))
    # Each compiled pattern is _bounded(row); take the row back out to bound the whole once.
    prefix, suffix = _bounded("|").split("|")
    rows = [r.pattern.pattern.removeprefix(prefix).removesuffix(suffix) for r in applicable]
    inner = "|".join(f"(?P<r{i}>{row})" for i, row in enumerate(rows))
    combined = re.compile(_bounded(inner))
    _COMBINED[(id(rules), context)] = (rules, combined, applicable)
    return combined, applicable


def _grade(title: str) -> str | None:
    """Level from a grade ending a segment of the title ("Data Analyst 2").

    Example:
        >>> _grade("Data Analyst 2"), _grade("SCIENTIST, II"), _grade("Academic Advisor, III")
        ('mid', 'mid', None)
    """
    before: list[str] = []  # the words up to the segment's, so a grade alone has a word before
    for index, segment in enumerate(_SEGMENT_END.split(title)):
        words = segment.split()
        before += words
        if not words or (index == 0 and len(words) < 2):
            continue  # a title that is just "2" or "II" grades nothing
        level = _grade_word(words[-1])
        if level is not None and not _owns_grade(before):
            return level
    return None


def _owns_grade(words: list[str]) -> bool:
    """Whether the word before a grade (the last of ``words``) makes it the employer's own
    step ("MTS 1": eBay's grade, not an entry level; ``title_own_grades.csv``), also across
    a comma ("Academic Advisor, III" as "Academic Advisor III")."""
    return len(words) > 1 and _own_grade_words().fullmatch(words[-2].casefold()) is not None


@functools.cache
def _own_grade_words() -> re.Pattern[str]:
    """The words of ``title_own_grades.csv``, as one pattern."""
    rows = read_rules("title_own_grades.csv")
    return re.compile("|".join(f"(?:{row['pattern']})" for row in rows))


# The grade rows, in table order: _grade_word reads them for most titles without a level word.
_NUMERAL_RULES: Final = tuple(r for r in LEVEL_RULES if r.kind == "numeral")


def _grade_word(word: str) -> str | None:
    """The level a grade word names ("II", "3."), or None."""
    last = word.rstrip(".").casefold()
    return next((r.value for r in _NUMERAL_RULES if r.pattern.fullmatch(last)), None)


def core_key(title: str) -> str:
    """The title's match key without its level words and grade: what is left names the
    job ("Senior Machine Learning Engineer" and "MACHINE LEARNING ENGINEER II" are both
    "machine learning engineer").

    Example:
        >>> core_key("Sr. Machine Learning Engineer"), core_key("DATA SCIENTIST III")
        ('machine learning engineer', 'data scientist')
        >>> core_key("Sr. ML Engineer")
        'machine learning engineer'
    """
    key = match_key(title)
    for rule in LEVEL_RULES:
        if rule.kind == "word":
            key = rule.pattern.sub(" ", key)
    words = key.split()
    if len(words) > 1 and _grade_word(words[-1]) is not None:
        words = words[:-1]
    spelled = _abbreviations()
    return " ".join(spelled.get(word, word) for word in words)


# Training reads each fold's titles again (eight passes over ~10,000 spellings): a third of
# its time had been this function on titles it had read before.
@functools.lru_cache(maxsize=65536)
def title_form(title: str) -> str:
    """One spelling for every way of writing a title: its job (``core_key``) after the
    level its first level word names, in any job (a title of level words alone, "Director",
    as its match key). What the estimator learns a title as.

    Example:
        >>> title_form("Sr. ML Engineer"), title_form("SENIOR MACHINE LEARNING ENGINEER")
        ('senior machine learning engineer', 'senior machine learning engineer')
        >>> title_form("Senior Program Manager"), title_form("PROGRAM MANAGER II")
        ('senior program manager', 'program manager')
        >>> title_form("DIRECTOR")
        'director'
    """
    core = core_key(title)
    if not core:
        return match_key(title)
    rule = first_match(LEVEL_RULES, match_key(title))
    return core if rule is None else f"{rule.value} {core}"


@functools.cache
def _abbreviations() -> dict[str, str]:
    """Short -> long forms of title words (``rules/title_abbreviations.csv``)."""
    return {row["short"]: row["long"] for row in read_rules("title_abbreviations.csv")}


def _level(title: str, key: str, role: str) -> str | None:
    """The first level word's level when it counts for ``role``; without a level word, a
    grade, except a manager's: a manager's band ("MGR 1", "Manager 2") is no step of the
    engineers' ladder (Apple's "MGR 1" managers had been entry, above the mid ones)."""
    rule = first_match(LEVEL_RULES, key)
    if rule is None:
        return None if role == "manager" else _grade(title)
    return rule.value if rule.scope == "any" or role != "other" else None


@functools.lru_cache(maxsize=65536)
def classify_title(
    title: str, context: str = "general", occupation: str | None = None
) -> TitleInfo:
    """Role, level and specialization of a job title as filed or answered.

    ``context`` is what the source says about every row (``TITLE_CONTEXTS``):
    ``tech`` when all its rows are tech or data jobs. ``occupation`` is the row's SOC
    code where the file names one: a role whose words other trades share is that role
    only in its occupations (``role_occupations.csv``), else ``other``.

    Example:
        >>> classify_title("SENIOR DATA SCIENTIST")
        TitleInfo(role='data_scientist', level='senior', specialization=None)
        >>> classify_title("Applied Scientist II")
        TitleInfo(role='research_scientist', level='mid', specialization=None)
        >>> classify_title("Computer Vision Engineer")
        TitleInfo(role='ml_engineer', level=None, specialization='computer_vision')
        >>> classify_title("DIRECTOR")
        TitleInfo(role='other', level=None, specialization=None)
        >>> classify_title("DIRECTOR", context="tech")
        TitleInfo(role='manager', level='executive', specialization=None)
        >>> classify_title("Vice President, Software Engineer")
        TitleInfo(role='software_engineer', level='senior', specialization=None)
        >>> classify_title("Staff Scientist", occupation="19-1029")
        TitleInfo(role='other', level=None, specialization=None)
        >>> classify_title("Staff Scientist", occupation="15-1221")
        TitleInfo(role='research_scientist', level='staff', specialization=None)
        >>> classify_title("Staff Engineer", occupation="15-1252")
        TitleInfo(role='software_engineer', level='staff', specialization=None)
    """
    if context not in TITLE_CONTEXTS:
        raise ValueError(f"unknown title context {context!r}; known: {TITLE_CONTEXTS}")
    cleaned = clean_title(title)
    if ranked := _ranked_job(cleaned, occupation):
        job, rank_level = ranked
        info = classify_title(job, context, occupation)
        if info.level is None and info.role != "other":
            return TitleInfo(info.role, rank_level, info.specialization)
        return info
    key = match_key(cleaned)
    rule = first_match(ROLE_RULES, key, context)
    role = rule.value if rule else "other"
    if not in_occupation(role, occupation):
        role = "other"
    if role == "other" and occupation:
        role = occupation_role(cleaned, occupation, key) or role
    return TitleInfo(role, _level(cleaned, key, role), _specialization(key, role))


# The specialization rows that count in a title of any role (scope "any"), as one table.
_ANY_SPECIALIZATION_RULES: Final = tuple(r for r in SPECIALIZATION_RULES if r.scope == "any")


def _specialization(key: str, role: str) -> str | None:
    """The first specialization row matching ``key`` that counts for ``role``: a row of
    scope ``tech`` (words other trades share: speech, voice, vision, imaging) only in a
    tech role's title, so a speech-language pathologist is no speech job.

    Example:
        >>> _specialization("speech language pathologist", "other")
        >>> _specialization("data scientist speech and language", "data_scientist")
        'speech'
    """
    rules = _ANY_SPECIALIZATION_RULES if role == "other" else SPECIALIZATION_RULES
    found = first_match(rules, key)
    return found.value if found else None


@dataclass(frozen=True)
class _Rank:
    """A row of ``title_ranks.csv``: the rank and separator as one anchored pattern (the
    job after them its ``job`` group), the level the rank gives, and the SOC prefixes of
    occupations where a function after the rank is a job."""

    pattern: re.Pattern[str]
    level: str | None
    function_occupations: tuple[str, ...]


@functools.cache
def _ranks() -> tuple[_Rank, ...]:
    """The ranks before a job: ``title_ranks.csv``."""
    found = []
    for row in read_rules("title_ranks.csv"):
        if row["level"] and row["level"] not in LEVELS:
            raise ValueError(f"title_ranks.csv: {row['level']!r} is not one of {LEVELS}")
        pattern = rf"(?:{row['pattern']})\s*(?:{row['separator']})\s*(?P<job>\S.*)"
        prefixes = tuple(p.strip() for p in row["function_occupations"].split(";") if p.strip())
        found.append(_Rank(re.compile(pattern, re.IGNORECASE), row["level"] or None, prefixes))
    return tuple(found)


@functools.cache
def _rank_separators() -> re.Pattern[str]:
    """Any separator of ``title_ranks.csv``: a title holding none has no rank before a job."""
    separators = {row["separator"] for row in read_rules("title_ranks.csv")}
    return re.compile("|".join(f"(?:{separator})" for separator in separators), re.IGNORECASE)


# What a job names that a function does not: "Vice President, Software Engineer" is a
# bank's rank and a job, "VP, Data Science" may be the head of data science (read whole).
_PERSON = re.compile(
    r"(?<!\w)(?:(?:engineer|developer|programmer|scientist|researcher|analyst|architect|manager"
    r"|lead|specialist|consultant|administrator|designer|tester|sre|swe|sde)s?"
    r"(?: (?:[ivx]+|[1-9]))?$"
    # "Vice President, Sr Manager of Software Engineering" (a person of a function)
    r"|(?:manager|lead)s? (?:of|for) )"
)


def _names_a_person(job: str) -> bool:
    """Whether a job after a rank names a person, whole or before a dash and the function
    it serves ("Feature Lead - Technology").

    Example:
        >>> _names_a_person("Feature Lead - Technology"), _names_a_person("Data Science")
        (True, False)
    """
    return any(_PERSON.search(match_key(part)) for part in (job, job.split(" - ")[0]))


def _ranked_job(cleaned: str, occupation: str | None = None) -> tuple[str, str | None] | None:
    """(the job, the rank's level) of a title written as a rank, a comma and a job that
    names a person (an engineer, an analyst, a lead: ``_PERSON`` ends it), or, filed in an
    occupation of the rank's ``function_occupations``, a software function.

    Example:
        >>> _ranked_job("Vice President; Software Engineer III")
        ('Software Engineer III', 'senior')
        >>> _ranked_job("Vice President of Engineering"), _ranked_job("VP, Data Science")
        (None, None)
        >>> _ranked_job("Associate, Software Engineering", "15-1252")
        ('Software Engineering', 'mid')
    """
    if not _rank_separators().search(cleaned):
        return None  # every rank pattern needs its separator: most titles have none
    for rank in _ranks():
        found = rank.pattern.fullmatch(cleaned)
        if found is None:
            continue
        if _names_a_person(found["job"]) or (
            _filed_in(occupation, rank.function_occupations) and _is_function(found["job"])
        ):
            return found["job"], rank.level
    return None


@functools.lru_cache(maxsize=65536)  # pure; asked of every (title, occupation) pair
def ranks_a_function(title: str) -> bool:
    """Whether a title is a rank before a software function, which the occupation filed
    may make a job (``_ranked_job``): a caller reading titles without their occupation
    first must read these again with it.

    Example:
        >>> ranks_a_function("Vice President, Software Engineering")
        True
        >>> ranks_a_function("Vice President, Software Engineer"), ranks_a_function("Director")
        (False, False)
    """
    cleaned = clean_title(title)
    if not _rank_separators().search(cleaned):
        return False
    for rank in _ranks():
        found = rank.pattern.fullmatch(cleaned)
        if found and rank.function_occupations and not _names_a_person(found["job"]):
            return _is_function(found["job"])
    return False


def _filed_in(occupation: str | None, prefixes: tuple[str, ...]) -> bool:
    code = (occupation or "").strip()
    return bool(code and prefixes) and code.startswith(prefixes)


# A function of engineering or development ("Software Engineering", "Data Engineering").
_FUNCTION = re.compile(r"(?:\w+ ){0,2}(?:engineering|development)")


def _is_function(job: str) -> bool:
    """Whether a job after a rank is a function of engineering or development that reads
    as a tech role, not a manager's ("Software Engineering" yes, "Business Development",
    "Infrastructure Engineering" or "Engineering" no: they name no role we place)."""
    key = match_key(job)
    if not _FUNCTION.fullmatch(key):
        return False
    rule = first_match(ROLE_RULES, key)
    return rule is not None and rule.value not in ("other", "manager")


@functools.cache
def _occupation_roles() -> dict[str, tuple[tuple[str, ...], str]]:
    """A title's core -> (SOC code prefixes, the role a title of that core is in them)."""
    table = {}
    for row in read_rules("occupation_roles.csv"):
        if row["role"] not in ROLES:
            raise ValueError(f"occupation_roles.csv: {row['role']!r} is not one of {ROLES}")
        table[row["job"]] = (tuple(p.strip() for p in row["soc_prefixes"].split(";")), row["role"])
    return table


def occupation_role(title: str, occupation: str | None, key: str | None = None) -> str | None:
    """The role of the occupation filed for a title that names no job beside its level
    words (``occupation_roles.csv``), or None. ``key``: the title's ``match_key``, when
    the caller has it.

    Example:
        >>> occupation_role("Senior Engineer", "15-1252.00"), occupation_role("Engineer", "17-2141")
        ('software_engineer', None)
    """
    if not occupation or not occupation.strip():
        return None
    folded = title.casefold()
    if not any(job in folded for job in _occupation_roles()):  # most titles: said at once
        return None
    words = set((key or match_key(title)).split())
    if not words & _occupation_roles().keys():  # most titles: no core_key to work out
        return None
    ranked = _ranked_job(clean_title(title))  # "Vice President; Principal Engineer"
    found = _occupation_roles().get(core_key(ranked[0] if ranked else title))
    if found is None:
        return None
    prefixes, role = found
    return role if occupation.strip().startswith(prefixes) else None


@functools.cache
def role_occupations() -> dict[str, tuple[str, ...]]:
    """Role -> the SOC code prefixes it is held to where a file names the occupation."""
    table: dict[str, tuple[str, ...]] = {}
    for row in read_rules("role_occupations.csv"):
        if row["role"] not in ROLES:
            raise ValueError(f"role_occupations.csv: {row['role']!r} is not one of {ROLES}")
        table[row["role"]] = tuple(p.strip() for p in row["soc_prefixes"].split(";"))
    return table


def in_occupation(role: str, occupation: str | None) -> bool:
    """Whether a title's ``role`` stands in a row of SOC code ``occupation`` (None or
    blank: the file names none, the title decides).

    Example:
        >>> in_occupation("research_scientist", "19-1042"), in_occupation("ml_engineer", "29-1")
        (False, True)
        >>> in_occupation("research_scientist", " 15-1221.00 ")
        True
        >>> in_occupation("research_scientist", "")  # no occupation named
        True
    """
    prefixes = role_occupations().get(role)
    code = (occupation or "").strip()
    return not (prefixes and code) or code.startswith(prefixes)
