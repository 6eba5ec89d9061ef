"""The model file: both pay components' estimators, their metrics, the data they learned from.

Files are named ``estimator-<version>.pkl`` (version: UTC time of training), so
training again never overwrites a model in use; the newest file is loaded.
Pickles run code when loaded: load only files ``paygrade train`` wrote.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from paygrade.paths import NO_ROOM, REFUSED
from paygrade.records import CannotWrite, PaygradeError
from paygrade.store import Store

if TYPE_CHECKING:  # a model file's facts are read without LightGBM (``paygrade info``)
    from paygrade.estimate.model import SalaryEstimator

FORMAT = 6  # 2: estimators carry the reference mix of their factors; 3: tail leaf settings;
# 4: cross-fitted interval ends (calibration_folds); 5: titles learned folded (spellings_);
# 6: values never seen answered as the records' mix (seen_, combinations_)


class NoModel(PaygradeError):
    """No model file was found, or it cannot be read. ``public``: the same without the
    server's paths and process ids, for a web page or API answer."""

    def __init__(self, message: str, public: str | None = None, why: str | None = None) -> None:
        super().__init__(message)
        self.public = public or message
        # Why the file cannot be read, in a few words (``info`` says it after the model's
        # name); None where no file was read.
        self.why = why


# How each ``public`` sentence of a model missing or unusable opens (``newest``, ``load``):
# by them an error page is titled "No estimate yet", not "The data is not available" and
# "change the question" (``web.render``): the server lacks the model, the question is fine.
@dataclass
class ModelFile:
    """What ``paygrade train`` saves."""

    version: str
    trained_on: str  # data version of the store (``data_version``)
    models: dict[str, SalaryEstimator] = field(default_factory=dict)
    metrics: dict[str, dict[str, Any]] = field(default_factory=dict)
    newest_year: dict[str, int] = field(default_factory=dict)
    format: int = FORMAT
    # The file it was read from (``load``; None for one just trained): a warning that it
    # learned from older data says a newer one is being trained into its folder, if one is.
    # No new FORMAT: a model pickled without it reads this default.
    loaded_from: Path | None = field(default=None, compare=False, repr=False)


def new_version() -> str:
    """A version string from the current UTC time.

    Example:
        >>> len(new_version())
        16
    """
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def save(model: ModelFile, folder: Path) -> Path:
    """Write the model file (atomically) and return its path."""
    _made(folder)
    path = folder / f"estimator-{model.version}.pkl"
    # Its facts beside it, readable without unpickling (``model_state``); written first, so
    # that a model file never appears without them.
    pickled = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
    facts = {
        "version": model.version,
        "trained_on": model.trained_on,
        "format": model.format,
        "bytes": len(pickled),  # a file cut short or written over is told by its size,
        # and one changed in place by its digest: bytes flipped inside an array unpickle
        # fine, and the range of every estimate moved without a word.
        "sha256": hashlib.sha256(pickled).hexdigest(),
    }
    told, partial = path.with_suffix(".json"), path.with_suffix(".partial")
    try:
        told.write_text(json.dumps(facts))
        partial.write_bytes(pickled)
        partial.replace(path)
    except OSError as exc:  # a full disk: neither the bytes written nor the facts stay
        partial.unlink(missing_ok=True)
        told.unlink(missing_ok=True)
        raise _not_saved(path, exc) from None
    return path


def _made(folder: Path) -> None:
    """The models folder made, or why it cannot be, as every command says it: a file in its
    place had been "cannot use ...: File exists", a read-only one status 1, not 74."""
    if folder.exists() and not folder.is_dir():
        raise PaygradeError(
            f"the models folder {folder} is a file, not a folder: set PAYGRADE_MODELS to a folder"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _not_saved(folder, exc) from None


def _not_saved(path: Path, exc: OSError) -> OSError | CannotWrite:
    """A write the system refused (no room, a folder it may not write) as ``CannotWrite``
    (status 74); any other error as it was."""
    if exc.errno in NO_ROOM or exc.errno in REFUSED:
        return CannotWrite(str(path), exc.strerror or str(exc), "no model was saved")
    return exc


def model_state(folder: Path, current: str) -> dict[str, Any]:
    """The models folder as ``paygrade info`` tells it: the newest model, whether it was
    trained on the data as it is now (``current``: ``data_version``) by a paygrade whose
    models this one reads (``FORMAT``: else `paygrade train --if-stale` kept a model that
    `serve` then refused), a training under way.

    Example:
        >>> model_state(Path("/nonexistent"), "b8732bf93992")["newest"] is None
        True
    """
    state: dict[str, Any] = {
        "folder": str(folder),
        "newest": None,
        "trained_on": None,
        "current": None,
        "damaged": False,
        # A file where the folder should be: "none ... run train" sent one to a train that failed.
        "not_a_folder": folder.exists() and not folder.is_dir(),
    }
    serving = False  # a model estimates answer from at once, whatever is being trained
    with contextlib.suppress(NoModel):
        path = newest(folder)
        facts = _facts(path)
        readable = facts.get("format") == FORMAT
        # Not the bytes it was saved as: cut short or written over, no estimate can read it.
        # A file that is no model at all says so in its own words (``_facts``).
        why = facts.get("damaged") or (None if _as_saved(path, facts) else NOT_AS_SAVED)
        current_facts = {"current": facts["trained_on"] == current and readable and not why}
        state |= {"newest": facts["version"], "trained_on": facts["trained_on"]} | current_facts
        state |= {"readable": readable, "damaged": why is not None}
        state |= {"unreadable_why": why} if why else {}
        serving = readable and why is None
    # Beside a model that answers, a training makes a newer one: "estimates answer once it
    # is saved" and "stopped without saving a model" had been said beside a current one.
    state |= {
        "training": training_now(folder, newer=serving),
        "training_stopped": training_stopped(folder, newer=serving),
    }
    return state


def _as_saved(path: Path, facts: dict[str, Any], data: bytes | None = None) -> bool:
    """Whether ``path`` (or its ``data``, read already) holds the bytes its facts say were
    saved: their size, and their digest where the facts have one."""
    if facts.get("bytes") not in (None, len(data) if data is not None else _size(path)):
        return False
    if (digest := facts.get("sha256")) is None:
        return True
    if data is not None:
        return bool(hashlib.sha256(data).hexdigest() == digest)
    try:
        stat = path.stat()
    except OSError:
        return False
    return bool(_digest(path, stat.st_size, stat.st_mtime_ns) == digest)


@lru_cache(maxsize=8)
def _digest(path: Path, _size: int, _mtime: int) -> str | None:
    """A model file's SHA-256, read once per version of the file: ``/healthz`` and `info`
    ask ``model_state`` each time, and hashing the whole model on every health check was
    56 ms a check for a 42 MB model, 0.07 ms once read (a file changed in place gets a new
    time, and so is read again)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _saved_facts(path: Path) -> dict[str, Any]:
    """The facts saved beside a model, or none (a model saved before they were)."""
    try:
        found = json.loads(path.with_suffix(".json").read_text())
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


# What a model's facts file must hold to be read: else it is damaged (``[]`` or ``{}`` had
# stopped `info`, `train --if-stale` and /healthz with an internal error).
_FACTS = ("version", "trained_on")


def _facts(path: Path) -> dict[str, Any]:
    """A model's facts: its facts file's, or (saved before models had one, or the file is
    not such facts) the model's own; a model that cannot be read either is damaged (it had
    been said as no model at all, its file there)."""
    try:
        facts: Any = json.loads(path.with_suffix(".json").read_text())
    except (OSError, ValueError):
        facts = None
    if isinstance(facts, dict) and all(key in facts for key in _FACTS):
        return facts
    try:
        model = load(path)
    except NoModel as exc:  # "damaged": why, in load's words (info had said other ones);
        # None for a model of another version, which ``info`` says as such.
        return {"version": path.stem.removeprefix("estimator-"), "trained_on": None,
                "format": None, "damaged": exc.why}  # fmt: skip
    return {"version": model.version, "trained_on": model.trained_on, "format": model.format}


_VERSIONED = re.compile(r"estimator-\d{8}T\d{6}Z\.pkl")


def newest(folder: Path) -> Path:
    """The newest model file in ``folder``.

    Example:
        >>> newest(Path("/nonexistent"))
        Traceback (most recent call last):
        ...
        paygrade.estimate.modelfile.NoModel: no model in /nonexistent: run `paygrade train` first
    """
    if folder.exists() and not folder.is_dir():  # "run `paygrade train`", which then failed
        raise NoModel(
            f"the models folder {folder} is a file, not a folder: set PAYGRADE_MODELS to a folder",
            "no model yet: the models folder is not a folder",
        )
    # Only files named by a version, which sort by time: a copy kept as
    # "estimator-backup.pkl" sorted after every version and shadowed each later training.
    found = (
        sorted(p for p in folder.glob("estimator-*.pkl") if _VERSIONED.fullmatch(p.name))
        if folder.is_dir()
        else []
    )
    if not found:
        if (training := training_now(folder)) is not None:
            public = f"no model yet: {training_now(folder, public=True)}"
            raise NoModel(f"no model in {folder} yet: {training}", public)
        if (stopped := training_stopped(folder)) is not None:
            public = f"no model yet: {training_stopped(folder, public=True)}"
            raise NoModel(f"no model in {folder}: {stopped}", public)
        raise NoModel(f"no model in {folder}: run `paygrade train` first", UNTRAINED)
    return found[-1]


# Models ``paygrade train`` keeps, the new one counted: the one before it too, since a
# running server may have picked it an instant before the new one landed and not yet read
# it. Each is ~42 MB on the full store; a training after every data change had kept all.
KEEP_MODELS = 2


def older_models(folder: Path, keep: int = KEEP_MODELS) -> list[Path]:
    """The model files of ``folder`` older than its newest ``keep`` (at least 2), oldest
    first: only files named by a version, as ``newest`` picks from.

    Example:
        >>> older_models(Path("/nonexistent"))
        []
    """
    found = sorted(p for p in folder.glob("estimator-*.pkl") if _VERSIONED.fullmatch(p.name))
    return found[: -max(keep, KEEP_MODELS)]


class Pruned(NamedTuple):
    """What ``remove_older_models`` did: the files removed, their bytes, and why any could
    not be removed (it stays: nothing depends on it)."""

    removed: list[Path]
    freed: int
    failed: list[str]


def remove_older_models(folder: Path, keep: int = KEEP_MODELS) -> Pruned:
    """Remove the model files older than the newest ``keep`` (``older_models``), each with
    its facts beside it."""
    pruned = Pruned([], 0, [])
    for path in older_models(folder, keep):
        try:
            size = path.stat().st_size
            path.unlink()
        except OSError as exc:
            pruned.failed.append(f"cannot remove {path}: {exc.strerror or exc}")
            continue
        with contextlib.suppress(OSError):
            path.with_suffix(".json").unlink()
        pruned.removed.append(path)
        pruned = pruned._replace(freed=pruned.freed + size)
    return pruned


# A model never trained, as a site's visitor reads it (the page had told them to run
# `paygrade train`), the command kept for the operator, who reads the page too.
UNTRAINED = (
    "no model yet: this site's operator has not trained one (operator: run `paygrade train`)"
)
# The same to a visitor of a model that stopped, cannot be read or is of another version:
# each had ended "run `paygrade train`", an order to a visitor who cannot.
NOT_RETRAINED = "this site's operator has not trained a new one (operator: run `paygrade train`)"


# While ``paygrade train`` runs, this file in the models folder names its process and start,
# so that a server started beside it (``scripts/start.sh``) says a model is coming.
MARKER = "training.json"


@contextlib.contextmanager
def training(folder: Path) -> Iterator[None]:
    """Mark ``folder`` as receiving a model from this process until the block ends."""
    _made(folder)
    marker = folder / MARKER
    started = datetime.now(UTC).strftime("%H:%M UTC")
    facts: dict[str, Any] = {"pid": os.getpid(), "started": started}
    # When this process began (Linux): a later process given the same pid is not this one.
    if (began := _process_start(os.getpid())) is not None:
        facts["process_start"] = began
    try:
        marker.write_text(json.dumps(facts))
    except OSError as exc:  # a folder it may not write: said before minutes of training
        raise _not_saved(marker, exc) from None
    try:
        yield
    finally:
        # A marker that cannot go (a folder made read-only meanwhile) must not hide why the
        # training stopped (the model not saved had been said as "cannot use training.json").
        # Left, it is a dead process's, which training_stopped says.
        with contextlib.suppress(OSError):
            marker.unlink(missing_ok=True)


def training_now(folder: Path, public: bool = False, newer: bool = False) -> str | None:
    """A sentence saying a model is being trained into ``folder``, or None: no marker, or
    its process has ended (killed before it could remove the marker). ``public``: without
    the process id (for a web page); ``newer``: beside a model that answers meanwhile.

    Example:
        >>> training_now(Path("/nonexistent")) is None
        True
    """
    marked = _marker(folder)
    if marked is None or not _alive(marked):
        return None
    process = "" if public else f", process {marked['pid']}"
    since = f"(since {marked.get('started', '?')}{process})"
    if newer:
        return f"a newer model is being trained {since}; this one answers until it is saved"
    return f"a model is being trained {since}; estimates answer once it is saved, in a few minutes"


def training_stopped(folder: Path, public: bool = False, newer: bool = False) -> str | None:
    """A sentence saying a training into ``folder`` ended without saving its model (its
    process was killed before removing the marker), or None; ``public``: without the
    process id; ``newer``: beside a model that answers, which no training is needed for.

    Example:
        >>> training_stopped(Path("/nonexistent")) is None
        True
    """
    marked = _marker(folder)
    if marked is None or _alive(marked):
        return None
    process = "" if public else f" (process {marked['pid']})"
    started = f"the training started at {marked.get('started', '?')}{process}"
    if newer:
        return f"{started} stopped without saving a newer model"
    return f"{started} stopped without saving a model: " + (
        NOT_RETRAINED if public else "run `paygrade train`"
    )


def _marker(folder: Path) -> dict[str, Any] | None:
    try:
        marked = json.loads((folder / MARKER).read_text())
        marked["pid"] = int(marked["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return marked if isinstance(marked, dict) else None


def _alive(marked: dict[str, Any]) -> bool:
    """Whether the marker's process still runs: it exists (signal 0), is no zombie (killed,
    not yet reaped), and began when the marker says (its pid not since given to another)."""
    try:
        os.kill(marked["pid"], 0)
    except PermissionError:
        pass  # alive, another user's (a server and a trainer under different accounts)
    except (OSError, OverflowError):
        return False
    began = _process_start(marked["pid"])
    if began == "zombie":
        return False
    return "process_start" not in marked or began in (None, marked["process_start"])


def _process_start(pid: int) -> str | None:
    """When ``pid`` began (clock ticks since boot, from /proc), "zombie" for a process that
    has ended but not been reaped, None where /proc does not say (not Linux).

    Example:
        >>> _process_start(os.getpid()) in (None, _process_start(os.getpid()))
        True
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The fields after the command (which may hold spaces and brackets): state, ..., starttime.
    fields = stat[stat.rindex(")") + 2 :].split()
    if fields[0] in ("Z", "X"):
        return "zombie"
    return fields[19]


def load_newest(folder: Path) -> ModelFile:
    """The newest model in ``folder``, read once per file (the web server and MCP reuse it)."""
    path = newest(folder)
    return _cached(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _cached(path: Path, _mtime: int) -> ModelFile:
    return load(path)


def load(path: Path) -> ModelFile:
    """Read a model file this version of paygrade can use."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, _said(exc)) from None
    if not _as_saved(path, _saved_facts(path), data):
        raise _unreadable(path, "its bytes are not those saved (another size or sha256)")
    try:
        model = pickle.loads(data)  # our own file (see the module docstring)
    except Exception:  # damaged bytes fail unpickling in any exception type
        # Why: an empty file raised EOFError (the CLI said "interrupted"), text ValueError
        # (the server answered 500 "internal error"); and the exception's own words
        # ("invalid literal for int() with base 10: 'arbage\n'", "Ran out of input") said
        # nothing a person can act on: a damaged file is no model.
        raise _unreadable(path, NOT_SAVED) from None
    if not isinstance(model, ModelFile) or model.format != FORMAT:
        raise NoModel(
            f"{path} is not a model this paygrade reads: {remedy(path.parent)}",
            "the model was saved by another version of paygrade: "
            + remedy(path.parent, public=True),
        )
    model.loaded_from = path
    return model


# Why a file unpickling fails, whatever the exception: ``paygrade info``'s words for it.
NOT_SAVED = "its file is not a model paygrade saved (damaged or cut short)"
# Why a file whose facts say other bytes is not read (``_as_saved``): cut short, written over.
NOT_AS_SAVED = "its file is not the bytes it was saved as"


def _unreadable(path: Path, why: str) -> NoModel:
    """A model file that cannot be read, and why (the server's answer without either).

    Example:
        >>> print(_unreadable(Path("/m/estimator-X.pkl"), NOT_SAVED))  # doctest: +ELLIPSIS
        cannot read the model /m/estimator-X.pkl: its file is not a model paygrade saved ...
    """
    return NoModel(
        f"cannot read the model {path}: {why}; {remedy(path.parent)}",
        f"the model cannot be read: {remedy(path.parent, public=True)}",
        why,
    )


def remedy(folder: Path, public: bool = False) -> str:
    """What to do about a model in ``folder`` that cannot serve (unreadable, of another
    version, or learned from older data): wait for the one being trained (``training_now``),
    else train one.

    Why: while `paygrade train --if-stale` replaced such a model (``scripts/start.sh``),
    estimates said "run `paygrade train`", which was under way already.

    Example:
        >>> remedy(Path("/nonexistent"))
        'run `paygrade train`'
        >>> remedy(Path("/nonexistent"), public=True)  # a visitor's: the operator trains
        "this site's operator has not trained a new one (operator: run `paygrade train`)"
    """
    return training_now(folder, public) or (NOT_RETRAINED if public else "run `paygrade train`")


def loads(folder: Path) -> bool:
    """Whether the newest model in ``folder`` can be read.

    Why: ``model_state`` reads a model's facts beside it, not the model (loading it takes
    seconds); the facts of a model file cut short (a full disk, a copy stopped halfway)
    said it was current, so `paygrade train --if-stale` kept a model no estimate could use.

    Example:
        >>> loads(Path("/nonexistent"))
        False
    """
    try:
        load(newest(folder))
    except NoModel:
        return False
    return True


def _said(exc: OSError) -> str:
    """Why a model file could not be read, in a few words (its path is said already).

    Example:
        >>> _said(PermissionError(13, "Permission denied", "/m/x.pkl")), _said(OSError())
        ('Permission denied', 'OSError')
    """
    return exc.strerror or " ".join(str(exc).split()) or type(exc).__name__


# The record sources each model learns from (``estimate.data``), here where ``info`` can
# read them without loading pandas. The filings a user loads from DOL (``lca``) are H-1B
# filings too: left out, a newer quarter was never learned, though loading it said to
# train again.
SOURCES = {"total": ("aijobs", "so_survey"), "base": ("h1b", "h1b_2013", "h1b_2024", "lca")}


def data_version(store: Store) -> str:
    """A fingerprint of the record files training reads (``estimate.data.SOURCES``) and
    the rule tables each was normalized with (changes when such a file is added, or
    rebuilt under changed rules).

    Example:
        >>> len(data_version(Store.open(":memory:")))
        12
    """
    # Of a read-only store, found once while it is open (``Store.memo``): a server had
    # asked at each estimate whether its model was stale.
    if store.read_only and "data version" in store.memo:
        return str(store.memo["data version"])
    # The files of the sources it learns from: an approved submission or a user's own CSV,
    # which training never reads, had said every estimate was of older data.
    learned = sorted({source for sources in SOURCES.values() for source in sources})
    rows = store.con.execute(
        """SELECT source, sha256, rows_accepted, rules FROM ingest_log
        WHERE kind = 'records' AND status = 'ok' AND list_contains(?, source) ORDER BY 1, 2""",
        [learned],
    ).fetchall()
    # Files logged before the rules were recorded keep the version they had.
    text = "\n".join("|".join(map(str, row if row[3] else row[:3])) for row in rows)
    version = hashlib.sha256(text.encode()).hexdigest()[:12]
    if store.read_only:
        store.memo["data version"] = version
    return version
