"""Settings, built at the edge (CLI, tests, the web app), never at import.

A plain dataclass rather than pydantic-settings: every ``paygrade`` process
builds one, and pydantic costs a tenth of a second to import (the CLI's whole
budget for a ``stats`` answer is a few tenths). Each field not given is read
from ``PAYGRADE_<NAME>`` in the environment, else its default; every value is
checked, and a bad one is a :class:`BadSetting` naming the setting.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

from paygrade.paths import expanded
from paygrade.records import PaygradeError

# This workspace keeps the mirrored data beside the project's root.
DEFAULT_DATA_DIR = Path("../shared/data")
ENV_PREFIX = "PAYGRADE_"
T = TypeVar("T")


class BadSetting(PaygradeError):
    """A setting (argument or environment variable) has a value paygrade cannot use."""


class Secret:
    """A value that never shows in a repr, a log line or a traceback.

    Example:
        >>> Secret("hunter2hunter2hunter2hunter2")
        Secret('**********')
    """

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def default_db() -> Path:
    """The store in the user's data folder, so that it does not depend on where one stands.

    Example:
        >>> default_db().name
        'paygrade.duckdb'
    """
    from platformdirs import user_data_path

    return user_data_path("paygrade", appauthor=False) / "paygrade.duckdb"


def _from_env(name: str, parse: Callable[[str], T], default: Callable[[], T]) -> Callable[[], T]:
    def read() -> T:
        text = os.environ.get(ENV_PREFIX + name.upper())
        if text is None or text == "":
            return default()
        try:
            return parse(text)
        except ValueError as exc:
            raise BadSetting(f"bad setting {name}: {exc}") from None

    return read


def _number(kind: type[T]) -> Callable[[str], T]:
    """A number setting read as the CLI's number options and the API's query numbers read
    one (``offers.plain_number``; ``plain_whole`` for a whole one), refused in their words.
    Python's int and float had read it: ``PAYGRADE_PORT=1_8909`` served on 18909 where
    ``--port 1_8909`` is refused, ``18,909`` was refused where ``--port 18,909`` is taken,
    and ``PAYGRADE_BUSY_TIMEOUT=nan`` was "must be between 0 and 3600".

    Example:
        >>> _number(int)("18,909"), _number(float)(" 2.5 ")
        (18909, 2.5)
        >>> _number(int)("1_8909")
        Traceback (most recent call last):
        ValueError: '1_8909' is not a number (write 1200, 1,200 or 12.5; a dot marks decimals)
        >>> _number(float)("nan")
        Traceback (most recent call last):
        ValueError: 'nan' is not a finite number
        >>> _number(int)("2.5")
        Traceback (most recent call last):
        ValueError: must be a whole number, got 2.5
    """

    def parse(text: str) -> T:
        from paygrade.offers import plain_number, plain_whole  # a setting given: rare

        number = int(plain_whole(text)) if kind is int else plain_number(text)
        return kind(number)  # type: ignore[call-arg]

    return parse


def _path(text: str) -> Path:
    """A path setting: blank (spaces) is refused, as ``--data-dir "  "`` is; it had made a
    folder named with spaces where one stood.

    Example:
        >>> _path("data").name
        'data'
        >>> _path("   ")
        Traceback (most recent call last):
        ValueError: it is blank: give a path, or leave it unset
    """
    if not text.strip():
        raise ValueError("it is blank: give a path, or leave it unset")
    return Path(text)


def _none() -> None:
    return None


def _host_names(text: str) -> tuple[str, ...]:
    """Host names, comma-separated, as a Host header names them (no scheme, no port).

    Example:
        >>> _host_names("Paygrade.Example.org, *.example.net")
        ('paygrade.example.org', '*.example.net')
        >>> _host_names("https://paygrade.example.org")
        Traceback (most recent call last):
        ValueError: 'https://paygrade.example.org' is no host name: give names alone, \
comma-separated (paygrade.example.org), without a scheme, path or port
    """
    names = tuple(name.strip().lower().rstrip(".") for name in text.split(",") if name.strip())
    for name in names:
        if any(mark in name for mark in ":/ @"):
            raise ValueError(
                f"{name!r} is no host name: give names alone, comma-separated "
                "(paygrade.example.org), without a scheme, path or port"
            )
    return names


def _proxy_addresses(text: str) -> tuple[str, ...]:
    """Addresses or networks of reverse proxies, comma-separated, or ``*`` (any): uvicorn
    takes what is neither as a name no peer has, without a word.

    Example:
        >>> _proxy_addresses("10.0.0.5, 172.16.0.0/12, ::1")
        ('10.0.0.5', '172.16.0.0/12', '::1')
        >>> _proxy_addresses("proxy.lan")
        Traceback (most recent call last):
        ValueError: 'proxy.lan' is no IP address or network: give addresses (10.0.0.5) or \
networks (10.0.0.0/8), comma-separated, or * for any
    """
    found = tuple(part.strip() for part in text.split(",") if part.strip())
    if found == ("*",):
        return found
    for part in found:
        try:
            ipaddress.ip_network(part)
        except ValueError:
            raise ValueError(
                f"{part!r} is no IP address or network: give addresses (10.0.0.5) or "
                "networks (10.0.0.0/8), comma-separated, or * for any"
            ) from None
    return found


@dataclass
class Settings:
    """Where the store and the data live, and the web app's limits. Environment:
    ``PAYGRADE_DB``, ``PAYGRADE_DATA_DIR``, ``PAYGRADE_MODELS``,
    ``PAYGRADE_REFERENCE_YEAR``, ``PAYGRADE_BUSY_TIMEOUT`` (seconds),
    ``PAYGRADE_ADMIN_TOKEN``, ``PAYGRADE_SUBMISSIONS_PER_HOUR``, ``PAYGRADE_CLAIMS_PER_MINUTE``,
    ``PAYGRADE_CLAIMS_AT_ONCE``, ``PAYGRADE_QUESTIONS_AT_ONCE``, ``PAYGRADE_COSTLY_AT_ONCE``,
    ``PAYGRADE_COSTLY_WAIT`` (seconds), ``PAYGRADE_CACHE_SIZE``, ``PAYGRADE_SPARK_MASTER`` (e.g.
    ``local[*]``, ``spark://host:7077``) or ``PAYGRADE_SPARK_REMOTE`` (a Spark Connect URL,
    ``sc://host:15002``), ``PAYGRADE_SPARK_TIMEOUT`` (seconds), ``PAYGRADE_HOST`` and
    ``PAYGRADE_PORT`` (where ``paygrade serve`` listens), ``PAYGRADE_ALLOWED_HOSTS``
    (the host names it answers to besides localhost and IP addresses, comma-separated) and
    ``PAYGRADE_FORWARDED_ALLOW_IPS`` (the reverse proxies whose X-Forwarded-For it reads)
    and ``PAYGRADE_CONNECTIONS_AT_ONCE`` (the connections it serves at once),
    ``PAYGRADE_HEADER_SECONDS`` and ``PAYGRADE_BODY_SECONDS`` (how slowly a request's head,
    and each 64 KiB of its body, may come before its connection is closed).

    Example:
        >>> Settings(db=Path("x.duckdb")).db.name
        'x.duckdb'
    """

    db: Path = field(default_factory=_from_env("db", _path, default_db))
    data_dir: Path = field(default_factory=_from_env("data_dir", _path, lambda: DEFAULT_DATA_DIR))
    # How long a reading command waits for a writer (an ingest) to finish.
    busy_timeout: float = field(
        default_factory=_from_env("busy_timeout", _number(float), lambda: 30.0)
    )
    # The web app: admin endpoints need this token (none set: they are off).
    admin_token: Secret | None = field(default_factory=_from_env("admin_token", Secret, _none))
    # Submissions a client may make per hour (429 beyond).
    submissions_per_hour: int = field(
        default_factory=_from_env("submissions_per_hour", _number(int), lambda: 20)
    )
    # Claims checks a client may ask of the web app per minute (429 beyond): each costs
    # up to seconds of CPU (``web.limits``).
    claims_per_minute: int = field(
        default_factory=_from_env("claims_per_minute", _number(int), lambda: 30)
    )
    # Claims checks the web app runs at the same moment, whoever asks (503 beyond): one
    # client's checks of a minute sent together had held every core for seconds.
    claims_at_once: int = field(
        default_factory=_from_env("claims_at_once", _number(int), lambda: 2)
    )
    # Questions (API, pages, charts) one client may have running at once (429 beyond):
    # one client's costliest questions sent together had held both cores for seconds.
    # The heaviest page, a company's, is itself still being sent as its 5 charts are
    # asked for: 6 at once, and 2 to spare (a reload while the last charts are drawn).
    questions_at_once: int = field(
        default_factory=_from_env("questions_at_once", _number(int), lambda: 8)
    )
    # Costly questions (``web.costly``: grouped by title, company or city over all records,
    # 1-16 s each) the web app computes at once, whoever asks: 8 of them had made another
    # client's 0.2-0.5 s question take 8.8 s. The next to compute (a cached answer waits
    # for none) waits up to costly_wait seconds for one to end, then is 503; other
    # questions never wait for them.
    costly_at_once: int = field(
        default_factory=_from_env("costly_at_once", _number(int), lambda: 1)
    )
    costly_wait: float = field(
        default_factory=_from_env("costly_wait", _number(float), lambda: 10.0)
    )
    # Answers kept per data version (the web app's cache).
    cache_size: int = field(default_factory=_from_env("cache_size", _number(int), lambda: 1024))
    # Where `paygrade train` saves model files (default: a "models" folder beside the store).
    models: Path | None = field(default_factory=_from_env("models", _path, _none))
    # Dollars of this year in amount_usd_real (CPI-U); the latest full CPI year.
    reference_year: int = field(
        default_factory=_from_env("reference_year", _number(int), lambda: 2024)
    )
    # `--engine spark`: a cluster master URL, or a Spark Connect URL (remote wins).
    spark_master: str = field(default_factory=_from_env("spark_master", str, lambda: "local[*]"))
    spark_remote: str | None = field(default_factory=_from_env("spark_remote", str, _none))
    # How long reaching Spark may take before it is reported unreachable.
    spark_timeout: float = field(
        default_factory=_from_env("spark_timeout", _number(float), lambda: 60.0)
    )

    # `paygrade serve`: the interface and port it listens on.
    host: str = field(default_factory=_from_env("host", str, lambda: "127.0.0.1"))
    port: int = field(default_factory=_from_env("port", _number(int), lambda: 8000))
    # The names it answers to besides localhost and IP addresses (a reverse proxy's public
    # name; "*" any): a page of another site whose name was pointed at this machine (DNS
    # rebinding) had read the API through the visitor's browser (``web.security.KnownHosts``).
    allowed_hosts: tuple[str, ...] = field(
        default_factory=_from_env("allowed_hosts", _host_names, lambda: ())
    )
    # The reverse proxies whose X-Forwarded-For names the client (uvicorn's
    # forwarded_allow_ips; None: its default, loopback): behind a proxy on another address,
    # every client had been the proxy, one rate-limit window for all.
    forwarded_allow_ips: tuple[str, ...] | None = field(
        default_factory=_from_env("forwarded_allow_ips", _proxy_addresses, _none)
    )
    # The connections it serves at once (a request on one more is 503): uncapped, a client
    # had opened as many as the process could (an audit's 320 took every one, at 300 files).
    # A browser opens up to 6, each closed 5 s after its last answer.
    connections_at_once: int = field(
        default_factory=_from_env("connections_at_once", _number(int), lambda: 200)
    )
    # How long a request's line and headers may take to come, and each 64 KiB of its body
    # (``web.serving``): a client trickling them had held its connection for ever.
    header_seconds: float = field(
        default_factory=_from_env("header_seconds", _number(float), lambda: 10.0)
    )
    body_seconds: float = field(
        default_factory=_from_env("body_seconds", _number(float), lambda: 10.0)
    )

    def __post_init__(self) -> None:
        if isinstance(self.admin_token, str):
            self.admin_token = Secret(self.admin_token)
        for name in ("db", "data_dir", "models"):
            value = getattr(self, name)
            if value is not None:
                try:
                    setattr(self, name, expanded(Path(value)))
                except ValueError as exc:
                    raise BadSetting(f"bad setting {name}: {exc}") from None
        for check in _CHECKS:
            check(self)

    def models_dir(self) -> Path:
        """The folder of model files.

        Example:
            >>> Settings(db=Path("/data/paygrade.duckdb")).models_dir()
            PosixPath('/data/models')
        """
        return self.models if self.models is not None else self.db.parent / "models"

    def replace(self, **changes: Any) -> Settings:
        """A copy with some settings changed (and checked)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return Settings(**{**values, **changes})


def _within(name: str, low: float, high: float) -> Callable[[Settings], None]:
    def check(settings: Settings) -> None:
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise BadSetting(f"bad setting {name}: must be a number, not {value!r}")
        if not low <= value <= high:
            raise BadSetting(
                f"bad setting {name}: must be between {_bound(low)} and {_bound(high)}"
            )

    return check


# Whole numbers from here up are said grouped; below it a year (2100) or a port (65535)
# reads as it is written.
GROUPED_FROM = 100_000


def _bound(number: float) -> str:
    """A setting's bound as a person reads it: a large whole number grouped by thousands
    ("1e+06" had been said of the cache's 1,000,000); a year or a port as written.

    Example:
        >>> _bound(1_000_000), _bound(65535), _bound(2100), _bound(0.5)
        ('1,000,000', '65535', '2100', '0.5')
    """
    if float(number).is_integer() and abs(number) >= GROUPED_FROM:
        return f"{int(number):,}"
    return f"{number:g}"


def _strong_token(settings: Settings) -> None:
    # A guessable admin token is worse than none: refuse it rather than serve with it.
    token = settings.admin_token
    if token is None:
        return
    value = token.get_secret_value()
    if len(value) < 24:
        raise BadSetting("bad setting admin_token: the admin token must be at least 24 characters")
    # One no request can send: HTTP strips a header's spaces at its ends, and reads its
    # bytes as Latin-1 (a padded or "pässwörd" token was 401 or 403 whatever was sent).
    if not value.isascii() or not value.isprintable() or value != value.strip():
        raise BadSetting(
            "bad setting admin_token: the admin token must be printable ASCII, without "
            "spaces at its ends (an HTTP header cannot carry it otherwise)"
        )


_CHECKS: tuple[Callable[[Settings], None], ...] = (
    _within("busy_timeout", 0, 3600),
    _within("submissions_per_hour", 1, 10_000),
    _within("claims_per_minute", 1, 100_000),
    _within("claims_at_once", 1, 1000),
    _within("questions_at_once", 1, 1000),
    _within("costly_at_once", 1, 1000),
    _within("costly_wait", 0, 600),
    _within("connections_at_once", 1, 100_000),
    _within("header_seconds", 1, 3600),
    _within("body_seconds", 1, 3600),
    _within("cache_size", 0, 1_000_000),
    _within("reference_year", 1980, 2100),
    _within("spark_timeout", 1, 3600),
    _within("port", 1, 65535),
    _strong_token,
)
