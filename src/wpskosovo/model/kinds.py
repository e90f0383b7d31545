"""The typed core records: one frozen Pydantic model per record kind.

A TOML file holds one array of tables per kind (`[[project]]`, `[[event]]`, ...); `data_file()`
validates a whole parsed file in one pass, so an error's location (kind, index, field, ...)
maps straight back to a table and a key, and so to a line.
"""


import typing
from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal, NamedTuple

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    create_model,
    model_validator,
)

from wpskosovo.model.dates import PartialDate, Timing
from wpskosovo.model.fields import (
    Amount,
    Currency,
    Day,
    DocType,
    Gender,
    IatiRole,
    Id,
    Lang,
    Names,
    OrgType,
    Pillar,
    Ref,
    ReleaseNumber,
    Text,
    digits,
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


def kind_names() -> dict[str, str]:
    """What users may type for a kind (`projects`, `project`, `orgs`), mapped to the kind: read
    from the kinds registered, so a new kind is typed, completed and listed as these are."""
    return {name: k for k, m in KINDS.items() for name in (m.plural, k, *m.also_called)}


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
                info.annotation is PartialDate or PartialDate in typing.get_args(info.annotation)))
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
        inferred = self.get("inferred", {})
        return link.path[0] in inferred or ".".join(map(str, link.path[:2])) in inferred

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
        inferred = self.get("inferred", {})
        start = any(f in inferred for f in self.span_fields() if f != "end" and self.get(f) is not None)
        return start, "end" in inferred or (self.get("ongoing") is not None and "ongoing" in inferred)

    def other_names(self) -> list[str]:
        """Its other names, each once (Belgrade is Beograd in Albanian and Serbian alike)."""
        names = [*self.get("names", {}).values(), *self.get("acronyms", ()), *self.get("aliases", ())]
        return list(dict.fromkeys(names))

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


class Source(Record):
    kind = "source"
    plural = "sources"
    columns = ("date", "title", "type", "language", "file")
    marker = "□"
    title: Text
    names: Names = Field(default_factory=dict)
    translated: bool = False
    type: DocType | None = None
    publisher: Annotated[tuple[Id, ...], ref("organization", role="publisher")] = ()
    language: Lang
    file: Text
    date: PartialDate | None = None
    url: str | None = None
    inferred: dict[str, Text] = Field(default_factory=dict)

    def sort_name(self) -> str:
        return self.file  # "000_….txt": the documents' own numbering, as --source 003 names them


class Place(Record):
    """A place the records name, with every form users may type (English, Albanian, Serbian).

    The forms are reference data, not claims of the documents: `names` and `aliases` are marked
    so in `inferred`; evidence, where given, quotes a document's own spelling of the place.
    """

    kind = "place"
    plural = "places"
    columns = ("name", "other names", "type", "within")
    name: Text
    names: Names = Field(default_factory=dict)
    aliases: tuple[Text, ...] = ()
    type: Literal["country", "territory", "region", "municipality", "city", "other"] | None = None
    within: Annotated[Id | None, ref("place", role="within")] = None
    sources: tuple[Evidence, ...] = ()
    inferred: dict[str, Text] = Field(default_factory=dict)


class Organization(Evidenced):
    kind = "organization"
    plural = "organizations"
    also_called = ("orgs", "org")
    columns = ("founded", "name", "acronyms", "type", "country")
    happened = "founded"
    marker = "●"
    style = "blue"
    name: Text
    names: Names = Field(default_factory=dict)
    translated: bool = False
    acronyms: tuple[Text, ...] = ()
    aliases: tuple[Text, ...] = ()
    type: OrgType | None = None
    country: str | None = None
    place: Annotated[Id | None, ref("place", role="place")] = None
    founded: PartialDate | None = None
    parent: Annotated[Id | None, ref("organization", role="parent")] = None
    member_of: Annotated[tuple[Id, ...], ref("organization", role="member")] = ()
    founders: Annotated[tuple[Id, ...], ref("organization", role="founder")] = ()
    # The words in which a document calls it a women's organization, network or group (or its
    # members women: "women MPs"), as written in one of the record's quotes.
    women: Text | None = None
    members_count: Count | None = None  # how many organizations it counts as members
    stations: Count | None = None  # how many (police) stations it is present in
    description: str | None = None


class Role(Strict):
    org: Annotated[Id | None, ref("organization", role="role", role_from="title")] = None
    title: Text
    names: Names = Field(default_factory=dict)
    translated: bool = False
    start: PartialDate | None = None
    end: PartialDate | None = None


class Person(Evidenced):
    kind = "person"
    plural = "people"
    also_called = ("persons",)
    columns = ("name", "gender", "roles")
    marker = "○"
    name: Text
    names: Names = Field(default_factory=dict)
    aliases: tuple[Text, ...] = ()
    # As a document states it (an honorific, a pronoun, a noun), never guessed from a name:
    # `gender_basis` is the word as written in one of the record's quotes ("Z.", "Mr.").
    gender: Gender | None = None
    gender_basis: Text | None = None
    roles: tuple[Role, ...] = ()
    description: str | None = None

    @model_validator(mode="after")
    def _gender_has_its_basis(self):
        if (self.gender is None) != (self.gender_basis is None):
            raise ValueError("gender and gender_basis go together: the gender a document states, and its word")
        return self


class ProjectParticipant(Strict):
    org: Annotated[Id, ref("organization", role="participant", role_from="role")]
    role: IatiRole


class Project(Titled):
    kind = "project"
    plural = "projects"
    columns = ("date", "end", "title", "implementing", "funding")
    happened = "period"
    style = "cyan"
    activity = True
    shared = "projects they take part in together"
    bystanders = frozenset({"beneficiary", "established"})
    acronyms: tuple[Text, ...] = ()
    aliases: tuple[Text, ...] = ()
    type: Literal["programme", "project", "phase", "campaign"] | None = None
    parent: Annotated[Id | None, ref("project", role="parent")] = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    window: bool = Field(False, description=WINDOW_HELP)
    ongoing: PartialDate | None = Field(None, description=ONGOING_HELP)
    when: str | None = None
    status: str | None = None
    countries: tuple[Text, ...] = ()
    places: Annotated[tuple[Id, ...], ref("place", role="place")] = ()
    participants: tuple[ProjectParticipant, ...] = ()
    # organizations the work created or helped create
    established: Annotated[tuple[Id, ...], ref("organization", role="established")] = ()
    description: str | None = None

    @model_validator(mode="after")
    def _dates(self):
        return _one_date_form(self)


class Event(Titled):
    kind = "event"
    plural = "events"
    columns = ("date", "end", "title", "place")
    happened = "held"
    marker = "◆"
    style = "yellow"
    activity = True
    shared = "events they both took part in"
    actors = ("organizers",)
    type: Literal["meeting", "panel", "conference", "workshop", "training", "launch", "campaign",
                  "visit", "ceremony", "survey", "advocacy", "other"] | None = None
    date: PartialDate | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    window: bool = Field(False, description=WINDOW_HELP)
    ongoing: PartialDate | None = Field(None, description=ONGOING_HELP)
    when: str | None = None
    place: Annotated[Id | None, ref("place", role="place")] = None
    project: Annotated[Id | None, ref("project", role="project")] = None
    organizers: Annotated[tuple[Id, ...], ref("organization", role="organizer")] = ()
    participants: tuple[Participant, ...] = ()
    description: str | None = None

    @model_validator(mode="after")
    def _date_or_period(self):
        return _one_date_form(self)


class Publication(Titled):
    kind = "publication"
    plural = "publications"
    columns = ("date", "title", "publishers", "edition")
    happened = "published"
    marker = "■"
    style = "green"
    activity = True
    shared = "publications they share"
    actors = ("publishers", "authors")
    type: Literal["report", "book", "study", "article", "other"] | None = None
    publishers: Annotated[tuple[Id, ...], ref("organization", role="publisher")] = ()
    authors: Annotated[tuple[Id, ...], ref("person", role="author")] = ()
    places: Annotated[tuple[Id, ...], ref("place", role="place")] = ()  # what it covers
    date: PartialDate | None = None
    edition: str | None = None
    project: Annotated[Id | None, ref("project", role="project")] = None
    participants: tuple[Participant, ...] = ()  # who else took part, e.g. supported its preparation
    description: str | None = None


class Policy(Titled):
    kind = "policy"
    plural = "policies"
    columns = ("date", "end", "title", "type", "status")
    marker = "▲"
    style = "magenta"
    activity = True
    acronyms: tuple[Text, ...] = ()
    aliases: tuple[Text, ...] = ()
    type: Literal["law", "strategy", "action-plan", "resolution", "convention", "constitution",
                  "programme", "regulation", "manual", "other"] | None = None
    status: str | None = None
    places: Annotated[tuple[Id, ...], ref("place", role="place")] = ()  # where it applies, or what it is about
    adopted: PartialDate | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    window: bool = Field(False, description=WINDOW_HELP)
    ongoing: PartialDate | None = Field(None, description=ONGOING_HELP)
    responsible: Annotated[tuple[Id, ...], ref("organization", role="responsible")] = ()
    participants: tuple[Participant, ...] = ()
    project: Annotated[Id | None, ref("project", role="project")] = None
    description: str | None = None

    @model_validator(mode="after")
    def _dates(self):
        if self.adopted and (self.window or self.ongoing):
            raise ValueError("window and ongoing qualify a start and end, not adopted")
        return _one_date_form(self)

    def what(self) -> str:
        return "adopted" if self.adopted else "period"


class Funding(Evidenced):
    kind = "funding"
    plural = "funding"
    also_called = ("fundings",)
    columns = ("date", "end", "donors", "recipient", "project", "intermediary", "amount")
    about = "donors"  # a flow is about who gave
    happened = "given"  # on a timeline: "funding given"
    marker = "$"
    style = "red"
    activity = True
    shared = "funding between them"
    donors: Annotated[tuple[Id, ...], ref("organization", role="donor"), Field(min_length=1)]
    recipient: Annotated[Id | None, ref("organization", role="recipient")] = None
    project: Annotated[Id | None, ref("project", role="funded project")] = None
    amount: Amount | None = None
    currency: Currency | None = None
    date: PartialDate | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    window: bool = Field(False, description=WINDOW_HELP)
    ongoing: PartialDate | None = Field(None, description=ONGOING_HELP)
    intermediary: Annotated[Id | None, ref("organization", "project", role="intermediary")] = None
    type: Literal["commitment", "disbursement", "budget", "expenditure"] | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _amount_has_currency(self):
        if self.amount is not None and self.currency is None:
            raise ValueError("an amount needs a currency")
        return _one_date_form(self)


_NOT_TEXT: dict[type, frozenset[str]] = {}
_DATE_FIELDS: dict[type, tuple[str, ...]] = {}
_REFS: dict[type, list[tuple[str, Ref | None, type[BaseModel] | None]]] = {}


def _references(model: type[BaseModel]) -> list[tuple[str, Ref | None, type[BaseModel] | None]]:
    """A model's reference fields, read once from its declarations."""
    if model not in _REFS:
        _REFS[model] = _refs(model)
    return _REFS[model]


class Release(Strict):
    """The dataset's own version, declared once in `[dataset]`: every citation, export and
    `wps --version` names it, so that a finding can be checked against the same release."""

    title: Text
    release: ReleaseNumber
    date: Day


_FILES: dict[tuple, type[BaseModel]] = {}


def data_file() -> type[BaseModel]:
    """The model of one parsed TOML file: its `[dataset]` release (in one file of the data) and
    an array of tables per kind of the registry."""
    key = tuple(KINDS.items())
    if key not in _FILES:
        fields: dict[str, Any] = {"dataset": (Release | None, None)}
        fields |= {kind: (tuple[model, ...], ()) for kind, model in KINDS.items()}  # type: ignore[valid-type]
        _FILES[key] = create_model("DataFile", __base__=Strict,
                                   __doc__="One parsed TOML file: an array of tables per kind.", **fields)
    return _FILES[key]


def json_schema() -> dict[str, Any]:
    """A JSON Schema of one data file, from the models: what an editor with a TOML language
    server checks and completes records against (`#:schema` in data/records.toml)."""
    schema = data_file().model_json_schema()
    schema["properties"]["dataset"] = {"$ref": "#/$defs/Release"}  # TOML has no null
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "wpskosovo data file",
            "description": "One TOML file of the wpskosovo dataset: an array of tables per kind of record, and "
                           "in one file the dataset's release. See docs/data-format.md.",
            **{k: v for k, v in schema.items() if k not in ("title", "description")}}
