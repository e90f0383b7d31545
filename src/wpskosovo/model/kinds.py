"""The typed core records: one frozen Pydantic model per record kind.

A TOML file holds one array of tables per kind (`[[project]]`, `[[event]]`, ...); `data_file()`
validates a whole parsed file in one pass, so an error's location (kind, index, field, ...)
maps straight back to a table and a key, and so to a line.
"""


from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    Field,
    create_model,
    model_validator,
)

from wpskosovo.model.dates import PartialDate
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
    ReleaseNumber,
    Text,
    ref,
)
from wpskosovo.model.record import (
    KINDS,
    ONGOING_HELP,
    WINDOW_HELP,
    Count,
    Evidence,
    Evidenced,
    Participant,
    Record,
    Strict,
    Titled,
    _one_date_form,
)


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


def kind_names() -> dict[str, str]:
    """What users may type for a kind (`projects`, `project`, `orgs`), mapped to the kind: read
    from the kinds registered, so a new kind is typed, completed and listed as these are."""
    return {name: k for k, m in KINDS.items() for name in (m.plural, k, *m.also_called)}


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
