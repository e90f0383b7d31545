"""Mentions that are not links: `wps validate --mentions`.

A record's description and quotes may name a place (in any of its languages), an organization
(by name or acronym) or a person the dataset knows, while the record has no link to it: the
fact then lives only in prose, where no filter, network or count reaches it. Each such mention
is reported, unless the record says why it is not a link (`unlinked = {id = "reason"}`).

A mention counts as linked when the record links to the named record or the named record links
to it, or through what a link implies: a place within the place named (a record in Prishtinë is
in Kosovo), a unit of the organization named or the body a named unit belongs to, an
organization a linked person holds a role in, or a person holding a role in a linked one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from wpskosovo.load.dataset import Dataset, Located
from wpskosovo.model.kinds import Record
from wpskosovo.model.words import fold

NAMED = ("place", "organization", "person")  # the kinds whose names a text may mention
MIN_NAME = 4  # shorter names are matched only as acronyms, letter case and all


def _names(record: Record) -> list[tuple[str, bool]]:
    """(name, exact): the names a text may call the record by; `exact` for acronyms, matched
    as written (KP, UN), the rest folded (Shtërpcë, Shterpce, SHTËRPCË)."""
    out = [(a, True) for a in record.get("acronyms", ())]
    for name in (record.get("name"), *record.get("names", {}).values(), *record.get("aliases", ())):
        if name and len(name) >= MIN_NAME:
            out.append((name, name.isupper()))
    return out


class Matcher:
    """Finds the known names in a text, as whole words, longest first (so "Kosovo Police"
    is one mention, not also "Kosovo")."""

    def __init__(self, data: Dataset):
        exact: dict[str, set[str]] = defaultdict(set)
        folded: dict[str, set[str]] = defaultdict(set)
        for kind in NAMED:
            for r in data.by_kind[kind]:
                for name, is_exact in _names(r):
                    (exact[name] if is_exact else folded[fold(name)]).add(r.id)
        self.exact, self.folded = exact, folded

        def pattern(names) -> re.Pattern | None:
            alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
            return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if alternatives else None

        self._exact, self._folded = pattern(exact), pattern(folded)

    def __call__(self, text: str) -> set[str]:
        found: set[str] = set()
        if self._exact:
            found.update(i for m in self._exact.finditer(text) for i in self.exact[m[0]])
        if self._folded:
            found.update(i for m in self._folded.finditer(fold(text)) for i in self.folded[m[0]])
        return found


ORIGINS = ("project", "parent", "follows", "based_on")  # what a record belongs to or comes out of
ACTING = ("implementing", "funding", "donor")


def _neighbourhood(data: Dataset) -> dict[str, set[str]]:
    """For each record, the ids its mentions may name without a finding: what it links to or
    is linked from; what the records it belongs to or comes out of link to, and the records
    linking to it; for an actor (a place, an organization, a person), what the records it, its
    units, its people or its places take part in link to. Each widened by what a link implies:
    the places a place is within, an organization's units and body, its people and its place,
    a person's organizations. An activity's places are only its own (and a flow's project's):
    those `--place` finds it by."""
    linked: dict[str, set[str]] = defaultdict(set)
    incoming: dict[str, set[str]] = defaultdict(set)
    origins: dict[str, set[str]] = defaultdict(set)
    acting: dict[str, set[str]] = defaultdict(set)  # who implements or funds a record
    comes_from: dict[str, set[str]] = defaultdict(set)
    places: dict[str, set[str]] = defaultdict(set)  # a place's folded names → the places
    for p in data.by_kind["place"]:
        for name, _ in _names(p):
            places[fold(name)].add(p.id)
    for r in data:
        for link in r.links():
            linked[r.id].add(link.target)
            linked[link.target].add(r.id)
            incoming[link.target].add(r.id)
            if link.path[0] in ORIGINS:
                origins[r.id].add(link.target)
            if link.path[0] in ("follows", "based_on"):
                comes_from[r.id].add(link.target)
            if link.role in ACTING:
                acting[r.id].add(link.target)
        # The places it names as text: an organization's `country`, a project's `countries`.
        for named in (r.get("country"), *r.get("countries", ())):
            for place in places.get(fold(named), ()) if named else ():
                linked[r.id].add(place)
                linked[place].add(r.id)
    up: dict[str, str] = {}  # place → the place it is within; unit → its body
    for r in data:
        for field in ("within", "parent"):
            if isinstance(r.get(field), str) and r.kind in ("place", "organization"):
                up[r.id] = r.get(field)
    down: dict[str, set[str]] = defaultdict(set)
    for child, parent in up.items():
        down[parent].add(child)
    people: dict[str, set[str]] = defaultdict(set)  # organization → its people
    for person in data.by_kind["person"]:
        for role in person.get("roles", ()):
            if role.org:
                people[role.org].add(person.id)

    def kind(rid: str) -> str:
        return data.by_id[rid].kind if rid in data.by_id else ""

    def ancestors(rid: str) -> Iterator[str]:
        seen = {rid}
        while rid in up and up[rid] not in seen:
            rid = up[rid]
            seen.add(rid)
            yield rid

    out: dict[str, set[str]] = {}
    for r in data:
        anchors = {r.id}
        if r.kind in NAMED:
            anchors |= down[r.id] | people[r.id] | {x for x in linked[r.id] if kind(x) == "place"}
            related = {a for x in anchors for a in linked[x] if kind(a) not in NAMED}
        else:
            related = origins[r.id] | {a for a in incoming[r.id] if kind(a) not in NAMED}
        near = set(anchors)
        for x in anchors | related:
            # What a record belongs to lends it only its implementers and funders, as --org
            # reaches it through them; what it comes out of or what links to it, all it links.
            near |= acting[x] if x in origins[r.id] and x not in comes_from[r.id] else linked[x]
        for rid in list(near):
            near.update(ancestors(rid))
            near.update(down[rid])
            near.update(people[rid])
            if kind(rid) == "person":
                near.update(role.org for role in data.by_id[rid].get("roles", ()) if role.org)
            elif kind(rid) == "organization":
                near.update(x for x in linked[rid] if kind(x) == "place")
        if r.kind not in NAMED:  # an activity is at a place only by its own links, as --place finds it
            own = {x for x in linked[r.id] if kind(x) == "place"}
            if r.kind == "funding" and r.get("project") in data.by_id:  # a flow is where its project is
                own |= {x for x in linked[r.get("project")] if kind(x) == "place"}
            near = {x for x in near if kind(x) != "place"} | own
        for rid in list(near):
            near.update(ancestors(rid))
        out[r.id] = near
    return out


def unlinked(data: Dataset) -> Iterator[tuple[Located, tuple, str]]:
    """(record, field, message) for each known name a record's description or quotes mention
    while it has no link to the named record, and for each `unlinked` entry that no longer
    names a record, or a record the texts do not mention."""
    match = Matcher(data)
    near = _neighbourhood(data)
    for at in data.located():
        r = at.record
        if r.kind == "source":
            continue
        texts: list[tuple[tuple, str]] = [(("description",), r.get("description") or "")]
        texts += [(("sources", i, "quote"), e.quote) for i, e in enumerate(r.get("sources", ()))]
        dismissed = r.get("unlinked", {})
        mentioned: set[str] = set()
        for field, text in texts:
            found = match(text) - near[r.id] - mentioned  # each name once, where it is first
            mentioned |= found
            for rid in sorted(found - set(dismissed)):
                target = data.by_id[rid]
                yield at, field, (f"mentions {target.kind} {rid!r} ({data.label(target)}) but has no link to it: "
                                  f"link it, or say why not in unlinked = {{{rid} = \"reason\"}}")
        for rid in dismissed:
            if rid not in data.by_id:
                yield at, ("unlinked", rid), f"unknown id {rid!r}"
            elif rid not in mentioned:
                yield at, ("unlinked", rid), f"{rid!r} is not mentioned without a link here: drop this entry"
