"""Filtered event queries, and a guarded read-only SQL escape hatch.

Values always travel as query parameters; only fixed SQL fragments are ever concatenated.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import InputError
from . import sql_limits
from .sql_limits import SQL_MEMORY_LIMIT, SQL_TIMEOUT_SECONDS, limited_config

MAX_LIMIT = 10_000
ROLES = ("source", "target", "either")
# Events that happened as far as the text says: neither denied nor hypothetical.
FACTUAL = "NOT coalesce(negated, false) AND NOT coalesce(hypothetical, false)"
FREQS = ("day", "week", "month", "quarter", "year")


# ---- shared helpers ------------------------------------------------------------------------
def connection(store: Any) -> Any:
    """The DuckDB connection of an EventStore, or the connection itself."""
    return getattr(store, "con", store)


def parse_day(value: str | date | None, what: str = "date",
              field: str | None = None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"bad {what} {value!r}: use YYYY-MM-DD", field=field) from None


def date_range(since: str | date | None, until: str | date | None
               ) -> tuple[date | None, date | None]:
    lo = parse_day(since, "first day (since)", "since")
    hi = parse_day(until, "last day (until)", "until")
    if lo and hi and lo > hi:
        raise InputError(f"the first day (since) {lo} is after the last day (until) {hi}",
                         field="until")
    return lo, hi


def check_freq(freq: str) -> str:
    if freq not in FREQS:
        raise InputError(f"unknown frequency {freq!r}; choose one of {', '.join(FREQS)}",
                         field="freq")
    return freq


def range_sql(since: date | None, until: date | None, params: list) -> str:
    """' AND date >= ? AND date <= ?' for the bounds given, appending their values."""
    sql = ""
    if since:
        sql += " AND date >= ?"
        params.append(since)
    if until:
        sql += " AND date <= ?"
        params.append(until)
    return sql


def as_of(con: Any, until: date | None) -> date:
    """The end of the period looked at: --until, else the last event date, else today."""
    if until:
        return until
    last = con.execute("SELECT max(date) FROM events").fetchone()[0]
    return last or date.today()


def resolve_actor(text: str, con: Any = None, on: date | None = None,
                  field: str = "actor") -> str:
    """An actor code from a code ('HUN') or a name ('Hungary', 'the Kremlin', 'NATO').
    `field`: the parameter the text came from, named by the error when it is unknown."""
    from ..knowledge import default_knowledge

    kb = default_knowledge()
    raw = (text or "").strip()
    if not raw:
        raise InputError("empty actor", field=field)
    up = raw.upper()
    if up in kb.countries:
        return kb.countries[up].actor_code
    if up in kb.igos:
        return up
    if con is not None and raw == up and con.execute(
            "SELECT 1 FROM events WHERE source_code = ? OR target_code = ? LIMIT 1",
            [up, up]).fetchone():
        return up  # a code the knowledge base lacks but the data has (a group code, say)
    forms = kb.surface_forms()
    key = raw[4:].strip() if raw.lower().startswith("the ") else raw
    entries = forms.get(key) or forms.get(raw)
    if not entries:  # names are stored as written; fall back to a case-insensitive match
        folded = {k.lower(): v for k, v in forms.items()}
        entries = folded.get(key.lower()) or folded.get(raw.lower())
    if not entries:
        raise InputError(f"unknown actor {text!r}: not a country or IGO code, and not a name "
                         "in the knowledge base", field=field)
    codes = []
    for entry in entries:
        code = kb.actor_for(entry, raw, on or date.today()).code
        if code not in codes:
            codes.append(code)
    if len(codes) > 1:
        raise InputError(f"actor {text!r} is ambiguous: {', '.join(codes)}; give the code",
                         field=field)
    return codes[0]


# ---- filtered queries ----------------------------------------------------------------------
@dataclass
class EventQuery:
    actor: str | None = None  # code or name
    role: str = "either"  # source | target | either
    type: str | None = None
    mode: str | None = None
    context: str | None = None
    since: str | date | None = None
    until: str | date | None = None
    outlet: str | None = None
    # an ownership or label of the outlet or of a mirror's originating outlet (outlets.yaml)
    outlet_label: str | None = None
    outlets: Any = None  # the OutletRegistry to label with (None: the configured one)
    include_flagged: bool = False
    dedup: bool = False  # count an event once per story cluster (events_dedup)
    limit: int = 100
    offset: int = 0


def build_sql(con: Any, q: EventQuery) -> tuple[str, list]:
    """Validate `q` and return (SQL, parameters): the page of matching events, in order."""
    if q.limit is None or q.limit < 1:
        raise InputError("limit must be at least 1", field="limit")
    if q.offset < 0:
        raise InputError("offset must not be negative", field="offset")
    sql, params = _matching(con, q)
    sql = "SELECT *" + sql + " ORDER BY date, article_id, trigger_start, id LIMIT ? OFFSET ?"
    return sql, [*params, min(int(q.limit), MAX_LIMIT), int(q.offset)]


def count_sql(con: Any, q: EventQuery) -> tuple[str, list]:
    """(SQL, parameters) counting every event matching `q`, all pages (limit and offset are
    not used)."""
    sql, params = _matching(con, q)
    return "SELECT count(*)" + sql, params


def count_events(store: Any, q: EventQuery) -> int:
    """How many events match `q`, over all pages."""
    con = connection(store)
    sql, params = count_sql(con, q)
    return int(con.execute(sql, params).fetchone()[0])


def matching_sql(con: Any, q: EventQuery) -> tuple[str, list]:
    """(' FROM ... WHERE ...', parameters) for every event `q` selects, with no order or page:
    the base of aggregates (map, timeline) filtered exactly like the event table."""
    return _matching(con, q)


def _matching(con: Any, q: EventQuery) -> tuple[str, list]:
    """' FROM ... WHERE ...' selecting the events `q` asks for, and its parameters."""
    from ..ontology import load_ontology

    onto = load_ontology()
    since, until = date_range(q.since, q.until)
    if q.role not in ROLES:
        raise InputError(f"unknown role {q.role!r}; choose one of {', '.join(ROLES)}",
                         field="role")
    params: list = []
    sql = f" FROM {'events_dedup' if q.dedup else 'events'} WHERE true"
    if q.actor:
        code = resolve_actor(q.actor, con, until)
        if q.role == "either":
            sql += " AND (source_code = ? OR target_code = ?)"
            params += [code, code]
        else:
            sql += f" AND {q.role}_code = ?"  # role is one of ROLES, checked above
            params.append(code)
    etype = None
    if q.type:
        etype = q.type.strip().upper()
        if etype not in onto.types:
            raise InputError(f"unknown PLOVER type {q.type!r}; valid types: "
                             f"{', '.join(onto.types)}", field="type")
        sql += " AND type = ?"
        params.append(etype)
    if q.mode:
        mode = q.mode.strip().lower().replace("_", "-")
        valid = (onto.types[etype].modes if etype
                 else {m for t in onto.types.values() for m in t.modes})
        if mode not in valid:
            raise InputError(f"unknown mode {q.mode!r}" + (f" for {etype}" if etype else "")
                             + f"; valid modes: {', '.join(sorted(valid)) or 'none'}",
                             field="mode")
        sql += " AND mode = ?"
        params.append(mode)
    if q.context:
        ctx = q.context.strip().lower()
        if not onto.is_valid_context(ctx):
            raise InputError(f"unknown PLOVER context {q.context!r}; valid contexts: "
                             f"{', '.join(onto.contexts)}", field="context")
        sql += " AND list_contains(contexts, ?)"
        params.append(ctx)
    sql += range_sql(since, until, params)
    if q.outlet:
        sql += " AND lower(outlet) = lower(?)"
        params.append(q.outlet)
    if q.outlet_label:
        from ..knowledge.outlets import default_registry
        from ..store.outlet_tags import labelled_articles_sql

        sub, sub_params = labelled_articles_sql(con, q.outlets or default_registry(),
                                                q.outlet_label)
        sql += f" AND article_id IN ({sub})"
        params += sub_params
    if not q.include_flagged:
        sql += f" AND {FACTUAL}"
    return sql, params


def query_events(store: Any, q: EventQuery) -> list[dict]:
    """Events matching `q`, as dicts of the `events` columns (amounts decoded from JSON)."""
    con = connection(store)
    sql, params = build_sql(con, q)
    cur = con.execute(sql, params)
    cols = [d[0] for d in cur.description]
    rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    for r in rows:
        r["amounts"] = json.loads(r["amounts"]) if r.get("amounts") else []
    return rows


# ---- the read-only SQL escape hatch --------------------------------------------------------
@dataclass
class SqlResult:
    columns: list[str]
    rows: list[tuple]
    truncated: bool  # more rows than the limit


ALLOWED_STATEMENTS = {"SELECT", "EXPLAIN"}  # DESCRIBE, SHOW and SUMMARIZE parse as SELECT
FORBIDDEN_WORDS = {
    "attach", "detach", "copy", "install", "load", "pragma", "set", "reset", "export",
    "import", "call", "create", "insert", "update", "delete", "drop", "alter", "use",
    "checkpoint", "vacuum", "begin", "commit", "rollback", "merge",
}
# Table functions that read files or run SQL given as a string, and scalar ones that leak
# the environment.
FORBIDDEN_FUNCTIONS = {
    "read_csv", "read_csv_auto", "read_parquet", "parquet_scan", "read_json", "read_json_auto",
    "read_json_objects", "read_json_objects_auto", "read_ndjson", "read_ndjson_auto",
    "read_ndjson_objects", "read_text", "read_blob", "glob", "csv_scan", "sqlite_scan",
    "sqlite_attach", "postgres_scan", "postgres_attach", "mysql_scan", "query", "query_table",
    "iceberg_scan", "delta_scan", "read_xlsx", "st_read", "getenv", "parquet_metadata",
    "parquet_schema", "parquet_file_metadata", "parquet_kv_metadata", "read_avro",
}
ALLOWED_TABLE_FUNCTIONS = {"range", "generate_series", "unnest"}
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_STRINGS = re.compile(r"'(?:[^']|'')*'|\$([A-Za-z_]*)\$.*?\$\1\$|--[^\n]*|/\*.*?\*/", re.S)


def _refuse(why: str) -> InputError:
    return InputError(f"refused: {why} (only one read-only SELECT/WITH/DESCRIBE/SHOW/EXPLAIN "
                      "statement over the event tables is allowed)")


def _token_check(sql: str) -> None:
    # string literals and comments are dropped first so a LIKE '%delete%' stays allowed;
    # double quotes are dropped so "read_csv"(...) is seen as read_csv(...)
    bare = _STRINGS.sub(" ", sql).replace('"', "").lower()
    words = set(re.findall(r"[a-z_][a-z0-9_]*", bare))
    bad = sorted(words & FORBIDDEN_WORDS)
    if bad:
        raise _refuse(f"{bad[0].upper()} is not allowed")
    for name in re.findall(r"([a-z_][a-z0-9_]*)\s*\(", bare):
        if name in FORBIDDEN_FUNCTIONS or name.startswith("read_") or name.endswith("_scan"):
            raise _refuse(f"the function {name}() is not allowed")
    if ";" in bare.strip().rstrip(";"):
        raise _refuse("several statements")


def _walk(node: Any) -> Any:
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)


def _ast_check(con: Any, sql: str) -> None:
    """Check every table reference and function in DuckDB's own parse tree."""
    raw = con.execute("SELECT json_serialize_sql(?)", [sql]).fetchone()[0]
    tree = json.loads(raw)
    if tree.get("error"):
        raise _refuse(f"cannot check this statement ({tree.get('error_message', 'unparsed')})")
    for node in _walk(tree):
        kind = node.get("type")
        if kind == "TABLE_FUNCTION":
            name = str((node.get("function") or {}).get("function_name", "")).lower()
            if name not in ALLOWED_TABLE_FUNCTIONS:
                raise _refuse(f"the table function {name}() is not allowed")
        elif kind == "BASE_TABLE":
            name = str(node.get("table_name", ""))
            if not _IDENT.match(name) or node.get("catalog_name") not in ("", None):
                raise _refuse(f"the table {name!r} is not a table of this database")
        fname = node.get("function_name")
        if isinstance(fname, str) and fname.lower() in FORBIDDEN_FUNCTIONS:
            raise _refuse(f"the function {fname}() is not allowed")


def check_readonly_sql(con: Any, sql: str) -> str:
    """The single statement in `sql` if it passes every check, else InputError."""
    import duckdb

    text = (sql or "").strip()
    if not text:
        raise InputError("empty SQL")
    try:
        statements = duckdb.extract_statements(text)
    except duckdb.Error as exc:
        raise InputError(f"SQL does not parse: {exc}") from None
    if len(statements) != 1:
        raise _refuse("several statements" if statements else "no statement")
    kind = statements[0].type.name
    if kind not in ALLOWED_STATEMENTS:
        raise _refuse(f"{kind} statements are not allowed")
    _token_check(text)
    inner = re.sub(r"^\s*explain\s+(analyze\s+)?", "", text.rstrip().rstrip(";"), flags=re.I)
    _ast_check(con, inner)
    return text.rstrip().rstrip(";")


def run_readonly_sql(db_path: str | Path, sql: str, limit: int = 1000,
                     timeout: float | None = SQL_TIMEOUT_SECONDS,
                     memory_limit: str = SQL_MEMORY_LIMIT) -> SqlResult:
    """Run one read-only query on `db_path`, opened read-only with file access switched off,
    stopped after `timeout` seconds (None: never) or when it needs more than `memory_limit`
    (a DuckDB size: 512MB, 2GB); either stop is an InputError saying which."""
    import duckdb

    if not Path(db_path).is_file():
        raise InputError(f"{db_path}: no such database")
    limit = max(1, min(int(limit), MAX_LIMIT))
    # external access off and locked: even a statement that slipped past the checks cannot
    # read or write files, load extensions, or switch this back on
    config = limited_config(memory_limit)
    try:
        con = duckdb.connect(str(db_path), read_only=True, config=config)
        sql_limits.lock(con)
    except duckdb.Error as exc:
        raise InputError(f"cannot open the event database: {exc}", path=str(db_path)) from None
    try:
        stmt = check_readonly_sql(con, sql)
        with sql_limits.deadline(con, timeout) as fired:
            try:
                cur = con.execute(stmt)
                columns = [d[0] for d in cur.description] if cur.description else []
                rows = cur.fetchmany(limit + 1) if columns else []
            except duckdb.Error as exc:
                raise sql_limits.failure(exc, fired[0], timeout, memory_limit) from None
        return SqlResult(columns, [tuple(r) for r in rows[:limit]], len(rows) > limit)
    finally:
        con.close()
