"""The record every kind is: what it is called, when it was, what it refers to and what search
reads of it, declared once on its model (its fields and their `ref(...)` declarations), so
that a new kind is one class (see kinds.py).
"""

import typing
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal, NamedTuple

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from wpskosovo.model.dates import PartialDate, Timing
from wpskosovo.model.fields import (
    Id,
    Names,
    Pillar,
    Ref,
    Text,
    digits,
    members,
    ref,
)


def _refs(model: type[BaseModel]) -> list[tuple[str, Ref | None, type[BaseModel] | None]]:
    """A model's reference fields: (field, its Ref, or the model of its list items that hold
    references of their own), in the order the fields are declared."""
    found: list[tuple[str, Ref | None, type[BaseModel] | None]] = []
    for name, info in model.model_fields.items():
        declared = next((m for m in info.metadata if isinstance(m, Ref)), None)
        if declared is not None:
            found.append((name, declared, None))
            continue
        for arg in typing.get_args(info.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel) and _refs(arg):
                found.append((name, None, arg))
    return found


# How much a word found in each place counts in a search.
NAME_WEIGHT, TEXT_WEIGHT, EVIDENCE_WEIGHT, LINK_WEIGHT = 10, 4, 2, 1


class Link(NamedTuple):
    """A reference from one record to another: where it sits, what it points at, what it means."""

    path: tuple  # location of the reference inside the record, e.g. ("participants", 0, "org")
    target: str
    kinds: tuple[str, ...]  # the kinds the target may be
    role: str  # how the target takes part, e.g. "implementing", "organizer", "donor"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Count(Strict):
    """A number as a document states it: "more than 85" is {value = 85, qualifier = "more than"}."""

    value: Annotated[int, Field(ge=0)]
    qualifier: Literal["exactly", "more than", "at least", "about", "up to"] = "exactly"

    def __str__(self) -> str:
        return str(self.value) if self.qualifier == "exactly" else f"{self.qualifier} {self.value}"


class Evidence(Strict):
    source: Id
    quote: Annotated[str, StringConstraints(min_length=1, max_length=300)]


# The registry of kinds: every class below that names its `kind` registers itself here, in
# the order of declaration. Everything per kind (tables, links, columns, filters, the database
# schema) is read from the classes.
KINDS: dict[str, type["Record"]] = {}


class Record(Strict):
    kind: ClassVar[str]
    plural: ClassVar[str]
    also_called: ClassVar[tuple[str, ...]] = ()  # other words users type for the kind (`orgs`)
    # What the record is to the reports: the columns of its list after `id` (see
    # reports.cell), the column a row is about when it is not its title or name, what its date
    # means on a timeline, its marker and colour on a chart; an activity (a project, an event,
    # ...) is listed as undated on a timeline when it has no date. A kind whose records are
    # acted on together says how in `shared`: the organizations linked to one of its records are
    # then partners in the network, but for the link roles in `bystanders` (a project's
    # beneficiary takes no part in implementing it). A policy names who shapes, monitors or
    # implements it, which is no partnership between them.
    columns: ClassVar[tuple[str, ...]] = ()
    about: ClassVar[str | None] = None
    happened: ClassVar[str] = "dated"
    marker: ClassVar[str] = "◆"
    style: ClassVar[str] = ""
    activity: ClassVar[bool] = False
    shared: ClassVar[str] = ""
    bystanders: ClassVar[frozenset[str]] = frozenset()
    # The fields naming who did it: a record that names its own is not rolled up to the other
    # implementers and funders of the project it belongs to.
    actors: ClassVar[tuple[str, ...]] = ()
    id: Id
    notes: str | None = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "kind" in cls.__dict__:
            KINDS[cls.kind] = cls

    def what(self) -> str:
        """What the record's date means on a timeline ("founded", "held", ...)."""
        return self.happened

    @classmethod
    def date_fields(cls) -> tuple[str, ...]:
        """The fields that may hold the record's date or period: every date it declares but
        `ongoing` (a date it is known to go on at, not one of its own), in declaration order."""
        if cls not in _DATE_FIELDS:
            _DATE_FIELDS[cls] = tuple(f for f, info in cls.model_fields.items() if f != "ongoing" and (
                PartialDate in members(info.annotation)))
        return _DATE_FIELDS[cls]

    def span_fields(self) -> tuple[str, ...]:
        """The fields its `span` is read from (whose inferences mark the date): its one date (a
        date field other than `start` and `end`: `date`, `founded`, `adopted`, ...) when given,
        else its `start` and `end`."""
        fields = self.date_fields()
        point = next((f for f in fields if f not in ("start", "end") and self.get(f) is not None), None)
        return (point,) if point else tuple(f for f in fields if f in ("start", "end"))

    def get(self, field: str, default=None):
        """A field any kind may lack, read directly: getattr on a missing field is slow in Pydantic."""
        return self.__dict__.get(field, default)

    def sort_name(self) -> str:
        """What a listing orders it by after its date: its name or title."""
        return self.label

    @property
    def label(self) -> str:
        return self.__dict__.get("name") or self.__dict__.get("title") or self.id

    @property
    def short_name(self) -> str:
        """What a table calls it where it is named among others (a project's funders): its first
        acronym, a government by its country ("Government of Canada": Canada), else its label."""
        acronyms = self.get("acronyms")
        if acronyms:
            return acronyms[0]
        if self.get("type") == "government" and self.get("country"):
            return str(self.get("country"))
        return self.label

    @classmethod
    def references(cls) -> list[tuple[str, Ref | None, type[BaseModel] | None]]:
        """The kind's reference fields: (field, its declaration, or the model of its list items
        that hold references of their own)."""
        return _references(cls)

    @classmethod
    def refers_to(cls) -> set[str]:
        """The kinds its references (its list items' too) may name."""
        found: set[str] = set()
        for _, declared, item in cls.references():
            refs = [declared] if declared is not None else [r for _, r, _ in _references(item) if r] if item else []
            for target in refs:
                if target is not None:
                    found.update(target.kinds)
        return found

    @classmethod
    def not_text(cls) -> frozenset[str]:
        """What search does not read as text: names (matched as names), evidence (weighed on
        its own), bookkeeping, and every reference field (the ids of other records), its list
        items' too."""
        if cls not in _NOT_TEXT:
            refs = set()
            for field, declared, item in cls.references():
                if declared is not None:
                    refs.add(field)
                elif item is not None:  # a participant's `org`, a role's `org`
                    refs.update(sub for sub, sub_ref, _ in _references(item) if sub_ref is not None)
            _NOT_TEXT[cls] = frozenset({"id", "names", "acronyms", "aliases", "sources", "inferred",
                                        "translated"} | refs)
        return _NOT_TEXT[cls]

    def links(self) -> Iterator[Link]:
        """Every reference this record makes, as its fields declare them (`ref(...)`)."""
        for field, declared, item_model in _references(type(self)):
            value = self.__dict__.get(field)
            if not value:
                continue
            if declared is not None:
                if isinstance(value, str):
                    yield Link((field,), value, declared.kinds, declared.role)
                else:
                    for i, target in enumerate(value):
                        yield Link((field, i), target, declared.kinds, declared.role)
                continue
            for i, item in enumerate(value if item_model is not None else ()):
                for sub, sub_ref, _ in _references(item_model):  # type: ignore[arg-type]  # not None here
                    target = item.__dict__.get(sub)
                    if target and sub_ref is not None:
                        role = (item.__dict__.get(sub_ref.role_from) if sub_ref.role_from else None) or sub_ref.role
                        yield Link((field, i, sub), target, sub_ref.kinds, role)

    def is_inferred(self, link: Link) -> bool:
        """Whether the sources imply a link without stating it: its whole field is marked in
        `inferred`, or its one entry of a list ("participants.2")."""
        inferred = self.get("inferred")
        return bool(inferred) and (link.path[0] in inferred or ".".join(map(str, link.path[:2])) in inferred)

    def span(self) -> tuple[PartialDate | None, PartialDate | None]:
        """The record's date or period, for sorting and filtering; (None, None) when undated."""
        fields = self.span_fields()
        if len(fields) == 1 and fields[0] not in ("start", "end"):
            return self.get(fields[0]), self.get(fields[0])
        return self.get("start"), self.get("end")

    def timing(self) -> Timing | None:
        """Its dates as the documents give them (a period, a window, an open end); None when
        undated."""
        start, end = self.span()
        ongoing = self.get("ongoing")
        if start is None and end is None and ongoing is None:
            return None
        return Timing(start, end, ongoing, bool(self.get("window")))

    def span_inferred(self) -> tuple[bool, bool]:
        """Whether the sources only imply its start (or only date), and its end."""
        inferred = self.get("inferred")
        if not inferred:  # most records infer nothing
            return False, False
        start = any(f in inferred for f in self.span_fields() if f != "end" and self.get(f) is not None)
        return start, "end" in inferred or (self.get("ongoing") is not None and "ongoing" in inferred)

    def other_names(self) -> list[str]:
        return other_names(self.__dict__)

    def all_names(self) -> list[str]:
        """Every name the record is known by, its id first (a funding flow has only its id)."""
        own = self.__dict__.get("name") or self.__dict__.get("title")
        return [self.id, *([own] if own else []), *self.other_names()]

    def texts(self) -> list[tuple[str, str, int]]:
        """(where, text, weight) for every text the record holds, its names first, evidence
        last: what search matches. References are not text (they match through the names of
        what they point at), and names are matched as names."""
        out = [("name", name, NAME_WEIGHT) for name in self.all_names()]
        not_text = self.not_text()
        for key, value in self.__dict__.items():
            if key in not_text or value is None:
                continue
            if isinstance(value, str):
                out.append((key, value, TEXT_WEIGHT))
            elif isinstance(value, Decimal):  # an amount, as written and as people group it
                written = dict.fromkeys((digits(value), digits(value, grouped=True)))
                out += [(key, text, TEXT_WEIGHT) for text in written]
            elif isinstance(value, tuple):
                for item in value:
                    if isinstance(item, str):
                        out.append((key, item, TEXT_WEIGHT))
                    elif isinstance(item, BaseModel):  # a role, a participant
                        out += [(f"{key}.{k}", v, TEXT_WEIGHT) for k, v in item.__dict__.items()
                                if isinstance(v, str) and k not in not_text]
                        out += [(f"{key}.names", v, TEXT_WEIGHT) for v in item.__dict__.get("names", {}).values()]
        out += [("evidence", e.quote, EVIDENCE_WEIGHT) for e in self.__dict__.get("sources", ())]
        return out


class Evidenced(Record):
    sources: tuple[Evidence, ...] = Field(min_length=1)
    inferred: dict[str, Text] = Field(default_factory=dict)
    # A place, organization or person its texts mention and it does not link to, on purpose:
    # id = why (`wps validate --mentions` reports the other mentions).
    unlinked: dict[Id, Text] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _inferred_fields_exist(self):
        for key in self.inferred:
            if key.split(".")[0] not in type(self).model_fields:
                raise ValueError(f"inferred names {key!r}, which is not a field of a {self.kind}")
        return self


class Coding(Strict):
    """The dataset's own coding of a record, not a statement of the documents: a category and
    the reason it applies, in the record's own words (docs/codebook.md)."""

    pillar: Pillar
    reason: Text


class Titled(Evidenced):
    """The kinds known by a title: in English, `translated` when the title is ours."""

    title: Text
    names: Names = Field(default_factory=dict)
    translated: bool = False
    # What a record is about: a law, strategy or resolution; an institution it examines.
    concerns: Annotated[tuple[Id, ...], ref("policy", "organization", role="concerns")] = ()
    # What a record comes out of: a follow-up (`follows`), or what it was built on (`based_on`).
    follows: Annotated[tuple[Id, ...], ref("project", "event", "publication", "policy", role="follows")] = ()
    based_on: Annotated[tuple[Id, ...], ref("project", "event", "publication", "policy", role="based on")] = ()
    # Which of UNSCR 1325's pillars an activity serves: coding, each with its reason.
    pillars: tuple[Coding, ...] = ()


def other_names(fields: Mapping[str, Any]) -> list[str]:
    """A record's other names (of its fields, or of its JSON as stored), each once: Belgrade
    is Beograd in Albanian and Serbian alike."""
    names = [*(fields.get("names") or {}).values(), *(fields.get("acronyms") or ()), *(fields.get("aliases") or ())]
    return list(dict.fromkeys(names))


class Participant(Strict):
    person: Annotated[Id | None, ref("person", role="participant", role_from="role")] = None
    org: Annotated[Id | None, ref("organization", role="participant", role_from="role")] = None
    role: str | None = None

    @model_validator(mode="after")
    def _one_of(self):
        if (self.person is None) == (self.org is None):
            raise ValueError("a participant names either a person or an org, not both or neither")
        return self


def _one_date_form(record):
    if record.get("date") and (record.start or record.end):
        raise ValueError("give either date or start/end, not both")
    if record.window and not (record.start and record.end):
        raise ValueError("window = true needs a start and an end: the span in which it happened")
    if record.ongoing is not None:
        if record.end or record.window:
            raise ValueError("ongoing is the date an open end is known to reach: give it with no end")
        if record.start and record.ongoing.upper < record.start.lower:
            raise ValueError(f"ongoing ({record.ongoing}) is before start ({record.start})")
    return record


# The two fields that say what a record's start and end mean when they are not a plain period.
WINDOW_HELP = "start and end bound when it happened, once, not known when (not a period)"
ONGOING_HELP = "with no end: a date the documents show it still going on; after it, unknown"


_NOT_TEXT: dict[type, frozenset[str]] = {}
_DATE_FIELDS: dict[type, tuple[str, ...]] = {}
_REFS: dict[type, list[tuple[str, Ref | None, type[BaseModel] | None]]] = {}


def _references(model: type[BaseModel]) -> list[tuple[str, Ref | None, type[BaseModel] | None]]:
    """A model's reference fields, read once from its declarations."""
    if model not in _REFS:
        _REFS[model] = _refs(model)
    return _REFS[model]
