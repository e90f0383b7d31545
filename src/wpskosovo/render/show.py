"""`wps show`: one record for people, in sections (what and when, its relations, evidence,
coding, notes), and whole for machines."""

from __future__ import annotations

from typing import Any, Protocol

from wpskosovo.model.kinds import Count, Funding, Record
from wpskosovo.query.select import Relation
from wpskosovo.render.output import Money, Several
from wpskosovo.render.reports import record_json, role_text, when


class Records(Protocol):
    """What show reads of the store it is given (render imports no store): a record by its id,
    for what a record shows of those it names, and what to call a record on screen."""

    by_id: Any

    def label(self, record: Record) -> str: ...

# What `show` prints otherwise than as a plain field: its name and dates (first), its
# references (as relations, places by name), its evidence, notes and inferences (last).
_SHOWN_APART = {"id", "sources", "notes", "inferred", "roles", "title", "name", "when", "amount", "currency", "pillars",
                "window", "ongoing", "description"}


def _plain_fields(record: Record) -> set[str]:
    return set(type(record).model_fields) - _SHOWN_APART - set(record.date_fields()) - \
        {f for f, _, _ in type(record).references()}


def show_sections(store: Records, record: Record, rels: list[Relation]) -> list[tuple[str, list[tuple[str, str]]]]:
    """A record for people: what it is and when, what it says, what it is linked to, its
    evidence (each source once), and last the notes and what is inferred."""
    fields = [("title" if record.get("title") else "name", store.label(record)), ("id", record.id)]
    dated = when(record)
    if dated:
        fields.append(("date", dated))
    people = participation(store, record)
    if people:
        fields.append(("people", people))
    dump = record.model_dump(mode="json", exclude_defaults=True)
    plain = _plain_fields(record)
    fields += [(key, str(record.get(key)) if isinstance(record.get(key), Count) else _flat(value))
               for key, value in dump.items() if key in plain]
    for field in ("place", "places", "within"):
        if record.get(field):
            ids = record.get(field)
            fields.append((field, str(Several(_short(store, i) for i in ([ids] if isinstance(ids, str) else ids)))))
    if isinstance(record, Funding):
        fields.append(("amount", Money(record.amount, record.currency).render("table")))
    fields += [("role", _role_line(store, role)) for role in record.get("roles", ())]
    if record.get("description"):
        fields.append(("description", str(record.get("description"))))
    evidence: list[tuple[str, str]] = []
    for source in dict.fromkeys(e.source for e in record.get("sources", ())):
        src = store.by_id.get(source)
        evidence.append((source, src.label if src else ""))
        evidence += [("", f"“{e.quote}”") for e in record.get("sources", ()) if e.source == source]
    coding = [("pillar", f"{c.pillar}: {c.reason}") for c in record.get("pillars", ())]
    last = ([("notes", record.notes)] if record.notes else []) + \
        [("inferred", f"{_inferred_entry(store, record, k)}: {v}") for k, v in record.get("inferred", {}).items()]
    return [("record", fields), ("evidence", evidence), ("coding", coding), ("notes", last)]


def participation(store: Records, record: Record) -> str:
    """Who of a record's named participants (and authors) is a woman or a man, as the documents
    state it, and the groups of women it names: "5 named people: 5 men", "1 named person: 1 man;
    groups of women: Women from the community of Hani i Elezit"."""
    ids = dict.fromkeys([p.person for p in record.get("participants", ()) if getattr(p, "person", None)]
                        + list(record.get("authors", ())))
    groups = [g for g in (store.by_id.get(p.org) for p in record.get("participants", ()) if getattr(p, "org", None))
              if g is not None and g.get("type") == "group" and g.get("women")]
    said_groups = f"groups of women: {', '.join(dict.fromkeys(g.label for g in groups))}" if groups else ""
    if not ids:
        return said_groups
    people = [store.by_id.get(i) for i in ids]
    said = [(sum((p is not None and p.get("gender") == g) for p in people), g, plural)
            for g, plural in (("woman", "women"), ("man", "men"))]
    unknown = len(people) - sum(n for n, _, _ in said)
    parts = [f"{n} {one if n == 1 else plural}" for n, one, plural in said if n]
    parts += [f"{unknown} gender not stated"] if unknown else []
    named = f"{len(people)} named {'person' if len(people) == 1 else 'people'}: {', '.join(parts)}"
    return "; ".join(filter(None, (named, said_groups)))


def _inferred_entry(store: Records, record: Record, key: str) -> str:
    """What an `inferred` key names, for people: a field ("start"), or one entry of a list by
    what it is ("participants (Ministry of Justice)" for "participants.8")."""
    field, _, index = key.partition(".")
    entries = record.get(field) or ()
    if not index.isdigit() or int(index) >= len(entries):
        return field
    entry = entries[int(index)]
    target = entry if isinstance(entry, str) else (getattr(entry, "org", None) or getattr(entry, "person", None))
    found = store.by_id.get(target) if isinstance(target, str) else None
    return f"{field} ({store.label(found)})" if found is not None else f"{field} {int(index) + 1}"


def _role_line(store: Records, role) -> str:
    span = f" ({role.start or '…'} – {role.end or '…'})" if role.start or role.end else ""
    return role_text(role.title, _short(store, role.org) if role.org else "") + span


def _short(store: Records, rid: str) -> str:
    found = store.by_id.get(rid)
    return found.short_name if found is not None else rid


def relation_pairs(store: Records, rels: list[Relation], stacked: bool = False) -> list[tuple[str, Any]]:
    """Relations as (direction and kind, target) pairs. Piped, the target is one line: id,
    title, date, role. On a terminal (`stacked`) it is the title and date, then the id and the
    role, as a stacked table row; nothing is cut (`show` shows a record whole)."""
    out: list[tuple[str, Any]] = []
    for r in rels:
        date = when(r.record) if r.record.timing() else ""
        title = store.label(r.record) + (f" ({date})" if date else "")
        role = r.role
        role += " (inferred)" if r.inferred else ""
        role += f", through project {r.through}" if r.through else ""
        key = f"{'→' if r.direction == 'out' else '←'} {r.record.kind}"
        out.append((key, (title, f"{r.record.id} · {role}") if stacked else f"{r.record.id}: {title} · {role}"))
    return out


def _flat(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_flat(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_flat(v) for v in value)
    return str(value)


def show_json(store: Records, record: Record, rels: list[Relation]) -> dict[str, Any]:
    return {**record_json(record),
            "relations": [{"direction": r.direction, "role": r.role, "inferred": r.inferred, "through": r.through,
                           "kind": r.record.kind, "id": r.record.id, "title": store.label(r.record)} for r in rels]}
